// CSV text in, segments out: what `segmint fit` does, composed from the library's stages with no
// file access, so a web app (or a worker) gets the CLI's model, names, charts and labelled CSV.
// Browser-safe: no Node built-ins; its one package is papaparse (through src/data).
import type { KSelection } from '../charts/elbow.js';
import type { ChartSpec } from '../charts/types.js';
import { numberSegments, segmentColumnName } from '../cli/segments.js';
import { type CollectedTable, ColumnCollector, type ColumnKind, columnKind } from '../data/collect.js';
import { autoSelectColumns, resolveColumns } from '../data/columns.js';
import { ColumnAppender, type CsvReadOptions, lineBreakOf, streamCsvText } from '../data/csv.js';
import { applyPreparation, type EncodeMethod, fitPreparation, type ImputeMethod, type PreparedData, type Preparation, type ScaleMethod, toOriginalUnits } from '../data/prepare.js';
import { DEFAULT_MISSING } from '../data/values.js';
import { invalidArgument, isSegmintError } from '../errors.js';
import { kmeans } from '../kmeans/kmeans.js';
import { DEFAULTS, type KMeansResult } from '../kmeans/types.js';
import { MODEL_FORMAT, MODEL_VERSION, type ModelSegment, type SegmentModel } from '../model.js';
import { type Segmentation, segmentCharts } from '../report/charts.js';
import type { DataSummary, ReportInput } from '../report/html.js';
import { kSelectionOf } from '../report/k-selection.js';
import { nameSegments } from '../report/names.js';
import { profileSegments, type SegmentProfiles } from '../report/profile.js';
import { applySegmentNames } from '../report/rename.js';
import { type KScan, scanK } from '../select/scan.js';
import { silhouette, type SilhouetteResult } from '../select/silhouette.js';
import { VERSION } from '../version.js';

/** A stage of segmentCsv, for progress reports. */
export type SegmentPhase = 'read' | 'prepare' | 'scan' | 'fit' | 'silhouette' | 'charts' | 'write';

/** Progress of one phase: `done` of `total` units (rows read, fits made, ...). */
export interface PhaseProgress {
  phase: SegmentPhase;
  done: number;
  total: number;
}

export type PhaseProgressCallback = (progress: PhaseProgress) => void;

/** The options of `segmint fit`, as values rather than command-line text; the same defaults. */
export interface SegmentCsvOptions {
  /** Feature columns: names (any case) or 1-based indices. Default: every numeric column but identifiers. */
  features?: readonly string[];
  /** Columns to treat as categories (added to the features). */
  categorical?: readonly string[];
  /** Field texts read as missing. Default DEFAULT_MISSING. */
  missing?: readonly string[];
  /** Default: median for numbers, mode for categories. */
  impute?: ImputeMethod;
  /** Default 'onehot'. */
  encode?: EncodeMethod;
  /** Default 'standard'. */
  scale?: ScaleMethod;
  /** Winsorising quantile. Default 0. */
  clip?: number;
  /** A number of segments, or 'auto' (default) to choose it by the k-selection rule. */
  k?: number | 'auto';
  /** The ks scanned when k is 'auto'. Default 2..min(10, rows - 1). */
  kRange?: readonly [number, number];
  /** The gap statistic votes in the k scan. Default true, as in the CLI. */
  gap?: boolean;
  seed?: number;
  nInit?: number;
  maxIter?: number;
  tol?: number;
  /** Segment names to use instead of the generated ones: {"1": "Premium", ...} (as names.json). */
  names?: unknown;
}

/** One column of a CSV file as read: what it holds and how much is missing. */
export interface ColumnSummary {
  /** 0-based position. */
  index: number;
  name: string;
  kind: ColumnKind;
  missing: number;
  /** Numeric fields. */
  numbers: number;
  /** Non-numeric, non-missing fields. */
  texts: number;
  /** Distinct texts (categories), or undefined when more than MAX_CATEGORIES. */
  categories: number | undefined;
  /** Smallest and largest number, when the column has numbers. */
  min: number | undefined;
  max: number | undefined;
  /** Chosen by automatic feature selection. */
  auto: boolean;
  /** Why automatic selection left it out. */
  skipped: string | undefined;
}

export interface CsvInspection {
  source: string;
  rows: number;
  delimiter: string;
  columns: ColumnSummary[];
  /** Names of the columns automatic feature selection picks (empty when none is numeric). */
  autoFeatures: string[];
}

/** A segmentation of a CSV file: everything `segmint fit` writes or prints, as values. */
export interface CsvSegmentation {
  source: string;
  /** Data rows in the file. */
  rows: number;
  /** Rows clustered (rows minus those dropped for missing values). */
  usedRows: number;
  /** The input columns used as features, in order. */
  featureColumns: string[];
  /** model.json as an object; `modelJson` is the file's exact text. */
  model: SegmentModel;
  modelJson: string;
  /** Segment names, in segment order (segment 1 first). */
  names: string[];
  profiles: SegmentProfiles;
  /** The charts the CLI draws (sizes, profiles, scatter, silhouette, elbow when k was chosen). */
  charts: ChartSpec[];
  /** The k scan as the elbow chart shows it, when k was chosen automatically. */
  kSelection: KSelection | undefined;
  /** Mean silhouette of the chosen segmentation (on a sample above 20,000 rows). */
  silhouette: number | undefined;
  /** Each data row's segment (1-based; 0 for a row dropped for missing values). */
  segmentOfRow: Int32Array;
  /** The input's records unchanged plus a segment column: segments.csv. */
  labelledCsv: string;
  /** The report's inputs but its charts (report.html needs their PNGs: reportHtml({ ...report, charts })). */
  report: Omit<ReportInput, 'charts'>;
  /** The command line that makes the same segments. */
  command: string;
  /** Preparation and fit warnings. */
  warnings: string[];
}

const ALL_COLUMNS = (header: string[]) => header.map((_, index) => index);

/** Lines in the text (an estimate of records, for progress). */
function countLines(text: string): number {
  let lines = 1;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines++;
  return lines;
}

/**
 * Reads CSV text into columns as readCsvText does, keeping every column whole (numbers and
 * categories), reporting progress every `every` lines.
 */
export function readCsvTable(
  text: string,
  source: string,
  options: Pick<CsvReadOptions, 'missing' | 'delimiter'> = {},
  onProgress?: PhaseProgressCallback,
): CollectedTable {
  const total = onProgress ? countLines(text) : 0;
  const every = Math.max(1000, Math.floor(total / 50));
  let next = every;
  let collector: ColumnCollector | undefined;
  onProgress?.({ phase: 'read', done: 0, total });
  streamCsvText(
    text,
    source,
    (delimiter) => {
      collector = new ColumnCollector(source, delimiter, { missing: options.missing ?? DEFAULT_MISSING, keep: ALL_COLUMNS });
      const sink = collector;
      return {
        add(fields, line) {
          sink.add(fields, line);
          if (onProgress && line >= next) {
            next = line + every;
            onProgress({ phase: 'read', done: line, total });
          }
        },
      };
    },
    options.delimiter,
  );
  const table = collector!.finish();
  onProgress?.({ phase: 'read', done: total, total });
  return table;
}

function rangeOf(values: Float64Array | undefined): [number, number] | undefined {
  if (values === undefined) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? [min, max] : undefined;
}

/** The columns of a table: kinds, missing counts, ranges, and what automatic selection makes of them. */
export function inspectTable(table: CollectedTable): CsvInspection {
  let auto: number[] = [];
  let skipped = new Map<number, string>();
  try {
    const selection = autoSelectColumns(table);
    auto = selection.columns;
    skipped = new Map(selection.skipped.map((skip) => [table.header.indexOf(skip.name), skip.reason.replace(/ \(use --features to encode it\)$/, '')]));
  } catch (error) {
    if (!isSegmintError(error)) throw error;
  }
  const columns = table.columns.map((column): ColumnSummary => {
    const kind = columnKind(column);
    const range = kind === 'numeric' || kind === 'mixed' ? rangeOf(column.numbers) : undefined;
    return {
      index: column.index,
      name: column.name,
      kind,
      missing: column.nMissing,
      numbers: column.nNumeric,
      texts: column.nText,
      categories: column.codes === undefined ? undefined : column.categories.length,
      min: range?.[0],
      max: range?.[1],
      auto: auto.includes(column.index),
      skipped: skipped.get(column.index),
    };
  });
  return { source: table.source, rows: table.nRows, delimiter: table.delimiter, columns, autoFeatures: auto.map((c) => table.header[c]!) };
}

/** Reads CSV text and describes its columns (for choosing features). */
export function inspectCsv(text: string, source: string, options: { missing?: readonly string[] } = {}, onProgress?: PhaseProgressCallback): CsvInspection {
  return inspectTable(readCsvTable(text, source, options, onProgress));
}

interface ResolvedSegmentOptions {
  features: readonly string[] | undefined;
  categorical: readonly string[];
  missing: readonly string[];
  impute: ImputeMethod | undefined;
  encode: EncodeMethod;
  scale: ScaleMethod;
  clip: number;
  k: number | 'auto';
  kRange: readonly [number, number] | undefined;
  gap: boolean;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
}

function resolveOptions(options: SegmentCsvOptions): ResolvedSegmentOptions {
  const k = options.k ?? 'auto';
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1)) throw invalidArgument(`k=${String(k)} must be a positive integer or 'auto'`);
  return {
    features: options.features && options.features.length > 0 ? options.features : undefined,
    categorical: options.categorical ?? [],
    missing: options.missing ?? DEFAULT_MISSING,
    impute: options.impute,
    encode: options.encode ?? 'onehot',
    scale: options.scale ?? 'standard',
    clip: options.clip ?? 0,
    k,
    kRange: options.kRange,
    gap: options.gap ?? true,
    seed: options.seed ?? DEFAULTS.seed,
    nInit: options.nInit ?? DEFAULTS.nInit,
    maxIter: options.maxIter ?? DEFAULTS.maxIter,
    tol: options.tol ?? DEFAULTS.tol,
  };
}

/** The feature columns, as `segmint fit` picks them: the named ones plus categorical, or automatic. */
function featureColumns(table: CollectedTable, options: ResolvedSegmentOptions): { columns: number[]; categorical: number[] } {
  const categorical = options.categorical.length > 0 ? resolveColumns(options.categorical, table.header, table.source) : [];
  if (options.features) {
    const named = resolveColumns(options.features, table.header, table.source);
    return { columns: [...named, ...categorical.filter((c) => !named.includes(c))], categorical };
  }
  return { columns: autoSelectColumns(table, categorical).columns, categorical };
}

/** Shell-quotes a command line (as the CLI's report does). */
function commandLine(args: readonly string[]): string {
  return ['segmint', ...args].map((arg) => (/^[\w./:=,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

/** The `segmint fit` command line with these options (defaults left out). */
export function fitCommandLine(source: string, options: SegmentCsvOptions): string {
  const o = resolveOptions(options);
  const args = ['fit', source];
  if (o.features) args.push('--features', o.features.join(','));
  if (o.categorical.length > 0) args.push('--categorical', o.categorical.join(','));
  if (o.k !== 'auto') args.push('-k', String(o.k));
  if (o.k === 'auto' && o.kRange) args.push('--k-range', `${o.kRange[0]}..${o.kRange[1]}`);
  if (o.k === 'auto' && !o.gap) args.push('--no-gap');
  if (o.missing.join(',') !== DEFAULT_MISSING.join(',')) args.push('--missing', o.missing.filter((t) => t !== '').join(','));
  if (o.impute !== undefined) args.push('--impute', typeof o.impute === 'object' ? `constant=${o.impute.constant}` : o.impute);
  if (o.encode !== 'onehot') args.push('--encode', o.encode);
  if (o.scale !== 'standard') args.push('--scale', o.scale);
  if (o.clip !== 0) args.push('--clip', String(o.clip));
  if (o.seed !== DEFAULTS.seed) args.push('--seed', String(o.seed));
  if (o.nInit !== DEFAULTS.nInit) args.push('--n-init', String(o.nInit));
  if (o.maxIter !== DEFAULTS.maxIter) args.push('--max-iter', String(o.maxIter));
  if (o.tol !== DEFAULTS.tol) args.push('--tol', String(o.tol));
  return commandLine(args);
}

/** Yields to the event loop, so progress messages go out between phases. */
const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Segments CSV text exactly as `segmint fit` segments a file with the same options: the same
 * features, preparation, k, centroids, labels and inertia (bit for bit), segment numbering,
 * names, chart configurations, model.json and segments.csv.
 */
export async function segmentCsv(text: string, source: string, options: SegmentCsvOptions = {}, onProgress?: PhaseProgressCallback): Promise<CsvSegmentation> {
  const o = resolveOptions(options);
  const table = readCsvTable(text, source, { missing: o.missing }, onProgress);
  await tick();
  return segmentTable(table, text, options, onProgress);
}

/** segmentCsv for a table already read with readCsvTable (its text is needed for segments.csv). */
export async function segmentTable(table: CollectedTable, text: string, options: SegmentCsvOptions = {}, onProgress?: PhaseProgressCallback): Promise<CsvSegmentation> {
  const o = resolveOptions(options);
  const source = table.source;
  onProgress?.({ phase: 'prepare', done: 0, total: 1 });
  const { columns, categorical } = featureColumns(table, o);
  const { preparation, warnings: preparationWarnings } = fitPreparation(table, columns, {
    scale: o.scale, encode: o.encode, impute: o.impute, clip: o.clip, categorical,
  });
  const data = applyPreparation(preparation, table);
  const warnings = [...preparationWarnings, ...data.report.warnings];
  onProgress?.({ phase: 'prepare', done: 1, total: 1 });
  await tick();

  const { result, scan } = await cluster(data, o, onProgress);
  const k = result.centroids.length;
  warnings.push(...result.warnings);

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
  const profiles = profileSegments(segmentation);
  let names = nameSegments(profiles);
  if (options.names !== undefined) names = applySegmentNames(names, options.names, 'names');
  segments.forEach((segment, i) => (segment.name = names[i]!));

  const scored = await silhouetteSamples(data, labels, scan, k, o.seed, onProgress);
  onProgress?.({ phase: 'charts', done: 0, total: 1 });
  const kSelection = scan ? kSelectionOf(scan, k) : undefined;
  const charts = segmentCharts({ segmentation, profiles, names, silhouette: scored, kSelection });
  onProgress?.({ phase: 'charts', done: 1, total: 1 });

  const model = modelOf(source, table, preparation, data, o, result, segments, scan);
  onProgress?.({ phase: 'write', done: 0, total: 1 });
  const segmentOfRow = new Int32Array(table.nRows);
  data.rows.forEach((row, i) => (segmentOfRow[row] = segmentOfLabel[result.labels[i]!]!));
  const labelledCsv = appendSegmentColumn(text, table, segmentOfRow);
  onProgress?.({ phase: 'write', done: 1, total: 1 });

  const command = fitCommandLine(source, options);
  const summary: DataSummary = {
    source,
    rows: table.nRows,
    usedRows: data.nSamples,
    columns: data.report.columns,
    scaling: preparation.scale,
    warnings: [...preparationWarnings, ...data.report.warnings],
  };
  return {
    source,
    rows: table.nRows,
    usedRows: data.nSamples,
    featureColumns: columns.map((c) => table.header[c]!),
    model,
    modelJson: JSON.stringify(model, null, 2) + '\n',
    names,
    profiles,
    charts,
    kSelection,
    silhouette: scored?.mean,
    segmentOfRow,
    labelledCsv,
    report: {
      data: summary,
      profiles,
      names,
      quality: {
        inertia: result.inertia,
        ...(scored ? { silhouette: scored.mean } : {}),
        iterations: result.iterations,
        converged: result.converged,
      },
      ...(kSelection ? { kSelection } : {}),
      reproduce: { command, seed: o.seed, version: VERSION },
    },
    command,
    warnings,
  };
}

/** The k scan and its fit at the recommended k (k auto), or one fit at the given k. */
async function cluster(data: PreparedData, o: ResolvedSegmentOptions, onProgress?: PhaseProgressCallback): Promise<{ result: KMeansResult; scan: KScan | undefined }> {
  const fit = { seed: o.seed, nInit: o.nInit, maxIter: o.maxIter, tol: o.tol };
  if (o.k === 'auto') {
    const [kMin, kMax] = o.kRange ?? [2, Math.min(10, data.nSamples - 1)];
    const scan = await scanK(data.matrix, {
      nFeatures: data.nFeatures,
      kMin,
      kMax: o.kRange ? kMax : Math.max(kMin, kMax),
      ...fit,
      gap: o.gap ? {} : false,
      stability: false,
      onProgress: (done, total) => onProgress?.({ phase: 'scan', done, total }),
    });
    // The scan's fit at k is the fit kmeans() gives for the same seed and options.
    return { result: scan.entries.find((entry) => entry.k === scan.recommendation.k)!.fit, scan };
  }
  onProgress?.({ phase: 'fit', done: 0, total: 1 });
  const result = await kmeans(data.matrix, o.k, { nFeatures: data.nFeatures, ...fit });
  onProgress?.({ phase: 'fit', done: 1, total: 1 });
  return { result, scan: undefined };
}

/** The silhouette of the chosen fit: from the scan when there was one, else computed now (as the CLI does). */
async function silhouetteSamples(
  data: PreparedData,
  labels: Int32Array,
  scan: KScan | undefined,
  k: number,
  seed: number,
  onProgress?: PhaseProgressCallback,
): Promise<SilhouetteResult | undefined> {
  const fromScan = scan?.entries.find((entry) => entry.k === k)?.silhouette;
  if (fromScan) return fromScan;
  const distinct = new Set(labels).size;
  if (distinct < 2 || distinct >= data.nSamples) return undefined;
  onProgress?.({ phase: 'silhouette', done: 0, total: 1 });
  const scored = await silhouette(data.matrix, labels, { nFeatures: data.nFeatures, seed });
  onProgress?.({ phase: 'silhouette', done: 1, total: 1 });
  return scored;
}

function modelOf(
  source: string,
  table: CollectedTable,
  preparation: Preparation,
  data: PreparedData,
  o: ResolvedSegmentOptions,
  result: KMeansResult,
  segments: ModelSegment[],
  scan: KScan | undefined,
): SegmentModel {
  const { weighted: _weighted, ...fitOptions } = result.options;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    segmintVersion: VERSION,
    features: preparation.outputs,
    missing: [...o.missing],
    preparation,
    k: result.centroids.length,
    segments,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    options: fitOptions,
    training: { file: source, rows: table.nRows, usedRows: data.nSamples },
    ...(scan && { kSelection: { recommended: scan.recommendation.k, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons } }),
  };
}

/** segments.csv: the records unchanged plus a segment column (empty for dropped rows). */
function appendSegmentColumn(text: string, table: CollectedTable, segmentOfRow: Int32Array): string {
  const appender = new ColumnAppender(
    segmentColumnName(table.header),
    (row) => (segmentOfRow[row] ? String(segmentOfRow[row]) : ''),
    table.delimiter,
    lineBreakOf(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text),
  );
  return appender.push(text) + appender.end();
}
