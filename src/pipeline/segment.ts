// The one segmentation pipeline after the data is prepared: choose k (or take it), fit, number
// and name the segments, draw the charts, build model.json and the report's inputs. `segmint fit`
// (reading a file) and segmentCsv (CSV text in a browser or worker) both run it, so they cannot
// drift apart. Browser-safe: no Node built-ins, no packages.
import type { KSelection } from '../charts/elbow.js';
import type { ChartSpec } from '../charts/types.js';
import type { CollectedTable } from '../data/collect.js';
import { DELIMITER_NAMES } from '../data/csv.js';
import { type PreparedData, type Preparation, toOriginalUnits } from '../data/prepare.js';
import type { DecimalMark } from '../data/values.js';
import { SegmintError, invalidArgument } from '../errors.js';
import { countDistinctRows, kmeans, largestUsefulK } from '../kmeans/kmeans.js';
import type { Algorithm, KMeansResult, Precision } from '../kmeans/types.js';
import { checkF32Range } from '../kmeans/validate.js';
import { MODEL_FORMAT, type ModelSegment, modelVersion, type SegmentModel } from '../model.js';
import { type Segmentation, segmentCharts } from '../report/charts.js';
import type { ReportInput } from '../report/html.js';
import { kSelectionOf } from '../report/k-selection.js';
import { nameSegments, setRfmCells } from '../report/names.js';
import { profiledValues, profileSegments, type SegmentProfiles, smallSegmentsWarning } from '../report/profile.js';
import { applySegmentNames } from '../report/rename.js';
import { type KScan, scanK, type ScanOptions } from '../select/scan.js';
import { silhouette, type SilhouetteResult } from '../select/silhouette.js';
import { VERSION } from '../version.js';

/** A table read and prepared: what the pipeline starts from. */
export interface PreparedTable {
  table: CollectedTable;
  preparation: Preparation;
  data: PreparedData;
  /** Preparation warnings (a constant column left out, unseen categories, ...). */
  warnings: string[];
  /** The field texts read as missing (recorded in model.json for predict). */
  missing: readonly string[];
  /** The decimal mark the file was read with, when given (recorded in model.json for predict). */
  decimal?: DecimalMark;
  /** The delimiter the file was read with, when given (recorded in model.json for predict). */
  delimiter?: string;
  /**
   * The clipped columns' values as given, for the profiles (unclippedColumns): taken before the
   * table's values may be let go of (releaseColumnValues).
   */
  unclipped: readonly (Float64Array | undefined)[];
}

/** A stage of the pipeline, for progress reports. */
export type SegmentPhase = 'read' | 'prepare' | 'scan' | 'fit' | 'silhouette' | 'charts' | 'write';

/** Progress of one phase: `done` of `total` units (rows read, fits made, ...). */
export interface PhaseProgress {
  phase: SegmentPhase;
  done: number;
  total: number;
}

export type PhaseProgressCallback = (progress: PhaseProgress) => void;

export interface SegmentOptions {
  /** A number of segments, or 'auto' to choose it by scanK's rule. */
  k: number | 'auto';
  /** The k-means options of every fit. */
  fit: { seed: number; nInit: number; maxIter: number; tol: number; precision?: Precision };
  /** How the fits run (the scan's too): the same results whatever the threads and algorithm. */
  engine?: { threads?: number; algorithm?: Algorithm };
  /** With k 'auto': the scan's own options (range, gap, stability, knee sensitivity, silhouette sampling). */
  scan?: Omit<ScanOptions, 'nFeatures' | 'onProgress' | 'seed' | 'nInit' | 'maxIter' | 'tol'>;
  /** Segment names to use instead of the generated ones, as names.json holds them: {"1": "Premium"}. */
  names?: unknown;
  /** How messages name the names (e.g. the names.json path). */
  namesSource?: string;
  /** The command line that makes this run, for the report. */
  command: string;
  /**
   * Whether to draw the charts and compute what only the report and the charts show (the
   * silhouette, unless the k scan has it already); default true. `segmint fit --no-report
   * --no-charts` turns it off: `charts` is then empty and `silhouette` undefined.
   */
  charts?: boolean;
  onProgress?: PhaseProgressCallback;
}

/** Everything a segmentation produces, as values; the caller writes files from it. */
export interface SegmentedTable {
  result: KMeansResult;
  /** The k scan, when k was chosen automatically. */
  scan: KScan | undefined;
  kSelection: KSelection | undefined;
  /** Segments in the order they are numbered (largest first), named. */
  segments: ModelSegment[];
  names: string[];
  profiles: SegmentProfiles;
  /** The charts: sizes, profiles, scatter, silhouette, and the elbow when k was chosen. */
  charts: ChartSpec[];
  silhouette: SilhouetteResult | undefined;
  model: SegmentModel;
  /** Each data row's segment id (1-based; 0 for a row dropped for missing values). */
  segmentIdOfRow: Int32Array;
  /** The report's inputs but its charts (report.html embeds their PNGs). */
  report: Omit<ReportInput, 'charts'>;
  /** Preparation and fit warnings. */
  warnings: string[];
}

/**
 * Segments in the order they are numbered: largest first, ties by centroid. Run-to-run label
 * numbering is arbitrary; this order is stable for the same clustering. Returns the segments
 * (centroids in the features' units and as fitted) and, for each k-means label, its 1-based
 * segment number.
 */
export function numberSegments(
  result: Pick<KMeansResult, 'centroids' | 'sizes'>,
  centroidsInUnits: number[][],
): { segments: ModelSegment[]; segmentOfLabel: Int32Array } {
  const order = result.centroids.map((_, label) => label);
  order.sort((a, b) => {
    const bySize = result.sizes[b]! - result.sizes[a]!;
    if (bySize !== 0) return bySize;
    const ca = result.centroids[a]!;
    const cb = result.centroids[b]!;
    for (let f = 0; f < ca.length; f++) if (ca[f] !== cb[f]) return ca[f]! - cb[f]!;
    return a - b;
  });
  const segmentOfLabel = new Int32Array(order.length);
  const segments = order.map((label, index) => {
    segmentOfLabel[label] = index + 1;
    return { id: index + 1, name: '', size: result.sizes[label]!, centroid: centroidsInUnits[label]!, scaledCentroid: result.centroids[label]!.slice() };
  });
  return { segments, segmentOfLabel };
}

export { segmentColumnName, segmentColumnNote, segmentField } from '../data/columns.js';

/**
 * Shell-quotes a command line ("segmint fit 'my file.csv' -k 5"). A --delimiter goes by its name
 * where it has one: a tab in quotes cannot be seen, and a pipe or semicolon needs them.
 */
export function commandLine(args: readonly string[]): string {
  // Each delimiter by its first name (a tab by "tab", not "\t").
  const named = new Map([...DELIMITER_NAMES].reverse().map(([name, delimiter]) => [delimiter, name]));
  return ['segmint', ...args]
    .map((arg, i, all) => (all[i - 1] === '--delimiter' ? (named.get(arg) ?? arg) : arg))
    .map((arg) => (/^[\w./:=,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`))
    .join(' ');
}

/** The rows clustered: a prepared matrix, or a sample of one. */
export type ClusteredRows = Pick<PreparedData, 'matrix' | 'nSamples' | 'nFeatures'>;

/** Distinct rows of `data`, counted up to `limit` (it stops there). */
function distinctRows(data: ClusteredRows, limit: number): number {
  return countDistinctRows({ values: data.matrix, nSamples: data.nSamples, nFeatures: data.nFeatures }, limit);
}

/**
 * The ks to scan on `data` (rows read from `source`): the given range, or 2..10 capped below the
 * number of rows and at the number of distinct rows (more clusters than that share centres).
 * A given range that goes past either is an error, as is data with one distinct row.
 */
export function kRangeFor(data: ClusteredRows, source: string, given: { kMin?: number; kMax?: number } = {}): { kMin: number; kMax: number } {
  const kMin = given.kMin ?? 2;
  const distinct = distinctRows(data, Math.max(given.kMax ?? 10, 2) + 1);
  if (distinct < 2) throw new SegmintError('ERR_INVALID_DATA', `${source}: every row has the same feature values; there is nothing to segment`);
  // Choosing k needs at least 3 rows, and a k below their number (the silhouette needs fewer
  // segments than rows).
  const needed = Math.max(3, kMin + 1);
  if (data.nSamples < needed) {
    throw new SegmintError('ERR_INVALID_DATA', `${source}: choosing k from ${kMin} on needs at least ${needed} rows to cluster; it has ${data.nSamples}: give k (-k on the command line)`);
  }
  if (given.kMax === undefined) return { kMin, kMax: Math.max(kMin, Math.min(10, data.nSamples - 1, distinct)) };
  const range = `the k range ${kMin}..${given.kMax}`;
  if (given.kMax > data.nSamples - 1) throw invalidArgument(`${source}: ${range} goes past its ${data.nSamples} rows; k can be at most ${data.nSamples - 1}`);
  if (given.kMax > distinct) throw new SegmintError('ERR_INVALID_DATA', `${source}: ${range} goes past its ${distinct} distinct combinations of feature values; k can be at most ${distinct}`);
  return { kMin, kMax: given.kMax };
}

/**
 * The k range to scan next when a scan recommended the largest k it tried (the criteria may
 * prefer more segments): twice as far, as far as largestUsefulK allows. Undefined when the
 * recommended k is inside the range, when the range cannot grow, or when the gap statistic
 * found no groups (GapResult.oneGroup: every larger k scores "better", a wider range would only
 * cut finer).
 */
export function widerKRange(data: ClusteredRows, scan: Pick<KScan, 'entries' | 'recommendation' | 'gap'>): { kMin: number; kMax: number } | undefined {
  const kMin = scan.entries[0]!.k;
  const kMax = scan.entries.at(-1)!.k;
  if (kMax === kMin || scan.recommendation.k !== kMax || scan.gap?.oneGroup) return undefined;
  const limit = largestUsefulK({ values: data.matrix, nSamples: data.nSamples, nFeatures: data.nFeatures }, 2 * kMax);
  return limit > kMax ? { kMin, kMax: limit } : undefined;
}

/** Checks that `data` (rows read from `source`) has k distinct rows to make k segments of. */
export function checkSegmentCount(data: ClusteredRows, source: string, k: number): void {
  if (k > data.nSamples) throw invalidArgument(`${source}: k=${k} segments need at least ${k} rows; it has ${data.nSamples} to cluster`);
  const distinct = distinctRows(data, k);
  if (distinct < k) {
    throw new SegmintError('ERR_INVALID_DATA', `${source}: its ${data.nSamples} rows have only ${distinct} distinct combinations of feature values; k=${k} segments need at least ${k} (fewer segments, or more features)`);
  }
}

/** The k scan and its fit at the recommended k (k 'auto'), or one fit at the given k. */
async function cluster(data: PreparedData, source: string, options: SegmentOptions): Promise<{ result: KMeansResult; scan: KScan | undefined }> {
  const { onProgress } = options;
  if (options.k === 'auto') {
    const scan = await scanK(data.matrix, {
      ...options.scan,
      ...kRangeFor(data, source, options.scan),
      ...options.fit,
      ...options.engine,
      nFeatures: data.nFeatures,
      onProgress: (done, total) => onProgress?.({ phase: 'scan', done, total }),
    });
    // The scan's fit at k is the fit kmeans() gives for the same seed and options.
    return { result: scan.entries.find((entry) => entry.k === scan.recommendation.k)!.fit, scan };
  }
  checkSegmentCount(data, source, options.k);
  onProgress?.({ phase: 'fit', done: 0, total: 1 });
  const result = await kmeans(data.matrix, options.k, { nFeatures: data.nFeatures, ...options.fit, ...options.engine });
  onProgress?.({ phase: 'fit', done: 1, total: 1 });
  return { result, scan: undefined };
}

/** The silhouette of the chosen fit: from the scan when there was one, else computed now. */
async function silhouetteOfFit(data: PreparedData, labels: Int32Array, scan: KScan | undefined, k: number, options: SegmentOptions): Promise<SilhouetteResult | undefined> {
  const fromScan = scan?.entries.find((entry) => entry.k === k)?.silhouette;
  if (fromScan) return fromScan;
  if (options.charts === false) return undefined;
  const distinct = new Set(labels).size;
  if (distinct < 2 || distinct >= data.nSamples) return undefined;
  options.onProgress?.({ phase: 'silhouette', done: 0, total: 1 });
  const scored = await silhouette(data.matrix, labels, { nFeatures: data.nFeatures, seed: options.fit.seed, threads: options.engine?.threads });
  options.onProgress?.({ phase: 'silhouette', done: 1, total: 1 });
  return scored;
}

/**
 * checkF32Range on a file's prepared rows, naming the file, the line and the feature: the fit
 * would refuse the same value by its place in the matrix alone.
 */
export function checkF32Prepared(prepared: Pick<PreparedTable, 'table' | 'preparation' | 'data'>): void {
  const { table, preparation, data } = prepared;
  checkF32Range(
    { values: data.matrix, nSamples: data.nSamples, nFeatures: data.nFeatures },
    (row, column) => `${table.source}, line ${table.lines[data.rows[row]!]}, feature "${preparation.outputs[column]}" as prepared (${preparation.scale} scaling)`,
  );
}

/** Runs the pipeline on a prepared table (see the module comment). */
export async function segmentPrepared(prepared: PreparedTable, options: SegmentOptions): Promise<SegmentedTable> {
  const { table, preparation, data } = prepared;
  if (options.fit.precision === 'f32') checkF32Prepared(prepared);
  const { result, scan } = await cluster(data, table.source, options);
  const k = result.centroids.length;
  const warnings = [...prepared.warnings, ...result.warnings];

  const { segments, segmentOfLabel } = numberSegments(result, toOriginalUnits(preparation, result.centroids));
  const labels = Int32Array.from(result.labels, (label) => segmentOfLabel[label]! - 1);
  const segmentation: Segmentation = {
    matrix: data.matrix,
    nFeatures: data.nFeatures,
    labels,
    k,
    preparation,
    centroids: segments.map((segment) => segment.scaledCentroid),
  };
  const profiles = profileSegments({ ...segmentation, unclipped: prepared.unclipped });
  setRfmCells(profiles, (f) => profiledValues(prepared, data.matrix, data.nFeatures, f), labels);
  let names = nameSegments(profiles);
  if (options.names !== undefined) names = applySegmentNames(names, options.names, options.namesSource ?? 'segment names');
  segments.forEach((segment, i) => (segment.name = names[i]!));
  const small = smallSegmentsWarning(segments.map((segment) => segment.size), data.nSamples);
  if (small !== undefined) warnings.push(small);

  const scored = await silhouetteOfFit(data, labels, scan, k, options);
  options.onProgress?.({ phase: 'charts', done: 0, total: 1 });
  const kSelection = scan ? kSelectionOf(scan, k) : undefined;
  const charts = options.charts === false ? [] : segmentCharts({ segmentation, profiles, names, silhouette: scored, kSelection });
  options.onProgress?.({ phase: 'charts', done: 1, total: 1 });

  // Threads change how fast, never what: left out so the model does not depend on the machine.
  const { weighted: _weighted, threads: _threads, ...fitOptions } = result.options;
  const model: SegmentModel = {
    format: MODEL_FORMAT,
    version: modelVersion(fitOptions),
    segmintVersion: VERSION,
    features: preparation.outputs,
    missing: [...prepared.missing],
    ...(prepared.decimal && { decimal: prepared.decimal }),
    ...(prepared.delimiter !== undefined && { delimiter: prepared.delimiter }),
    preparation,
    k,
    segments,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    options: fitOptions,
    training: { file: table.source.split(/[\\/]/).at(-1)!, rows: table.nRows, usedRows: data.nSamples },
    ...(scan && { kSelection: { recommended: scan.recommendation.k, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons } }),
  };
  // Rows dropped for missing values keep their place in the output with an empty segment.
  const segmentIdOfRow = new Int32Array(table.nRows);
  data.rows.forEach((row, i) => (segmentIdOfRow[row] = segmentOfLabel[result.labels[i]!]!));

  return {
    result,
    scan,
    kSelection,
    segments,
    names,
    profiles,
    charts,
    silhouette: scored,
    model,
    segmentIdOfRow,
    warnings,
    report: {
      data: {
        source: model.training.file,
        rows: table.nRows,
        usedRows: data.nSamples,
        columns: data.report.columns,
        scaling: preparation.scale,
        warnings: prepared.warnings,
      },
      profiles,
      names,
      quality: {
        inertia: result.inertia,
        ...(scored ? { silhouette: scored.mean } : {}),
        iterations: result.iterations,
        converged: result.converged,
      },
      ...(kSelection ? { kSelection } : {}),
      reproduce: { command: options.command, seed: options.fit.seed, version: VERSION },
    },
  };
}
