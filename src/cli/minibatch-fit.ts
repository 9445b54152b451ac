// `segmint fit --algorithm minibatch`: mini-batch k-means over a CSV file streamed from disk, in
// memory that does not grow with the file (but for one byte per row of segment labels).
//
// Passes over the file:
//   1. statistics for the preparation (exact where they can be: counts, means, standard
//      deviations, minima, maxima, categories) and a seeded reservoir sample of rows, on which
//      medians and quantiles are estimated, k is chosen (-k auto) and the start is found (nInit
//      k-means runs, the best kept);
//   2. epochs of mini-batch steps (scikit-learn's update rule), until early stopping or --max-iter;
//   3. the final assignment: each row's segment, the true inertia, sizes and profile means;
//   4. segments.csv written (the input's records byte for byte plus the segment), with
//      model.json, report.html and the charts, all renamed into place only when all succeeded.
import { statSync } from 'node:fs';
import { HeaderRow } from '../data/collect.js';
import { identifierWarnings } from '../data/columns.js';
import type { RecordSink } from '../data/csv.js';
import { RecordFields } from '../data/fields.js';
import { applyPreparation, type ColumnReport, toOriginalUnits, unclippedColumns } from '../data/prepare.js';
import { autoSelectStreamed, fitStreamedPreparation, RowPreparer, StreamStats, streamedIdentifierReason } from '../data/stream-prepare.js';
import { SegmintError } from '../errors.js';
import { kmeans } from '../kmeans/kmeans.js';
import { meanFeatureVariance, MINIBATCH_DEFAULTS, MiniBatchKMeans, RowShuffler } from '../kmeans/minibatch.js';
import { Random } from '../kmeans/random.js';
import type { Algorithm, KMeansOptions } from '../kmeans/types.js';
import { MODEL_FORMAT, modelVersion, type SegmentModel } from '../model.js';
import { checkSegmentCount, commandLine, kRangeFor, numberSegments, segmentColumnName, segmentColumnNote } from '../pipeline/segment.js';
import { segmentCharts } from '../report/charts.js';
import type { ReportInput } from '../report/html.js';
import { kSelectionOf } from '../report/k-selection.js';
import { nameSegments, setRfmCells } from '../report/names.js';
import { profiledValues, profileSegments, type SegmentProfiles, smallSegmentsWarning } from '../report/profile.js';
import { applySegmentNames } from '../report/rename.js';
import { scanK } from '../select/scan.js';
import { silhouette } from '../select/silhouette.js';
import { VERSION } from '../version.js';
import { appendColumnContent, type CsvFile, inspectCsvFile, streamCsvFile } from './csv-file.js';
import { autoSelectionText, chosenColumns, reportPreparation, reportReading } from './data-options.js';
import type { FitOptions, FitOutcome } from './fit.js';
import type { CliIo, OutputFile } from './io.js';
import { fitScanNotes, scanSettings } from './k.js';
import { describeFiles, modelPath, segmentsPath, writeOutputFolder } from './output-folder.js';
import { progressBar } from './progress.js';
import { readNamesFile, reportFiles } from './report.js';
import { formatInertia, segmentTable, totalSumOfSquares } from './segments.js';

/** Rows in the reservoir sample (or 3 batches, when larger). */
export const SAMPLE_ROWS = 100_000;

/** Test hooks: called after each pass (1: statistics, 2..: epochs, then the final pass). */
export interface MiniBatchHooks {
  afterPass?(pass: number): void;
}

interface FileStamp {
  size: number;
  mtimeMs: number;
}

function stamp(path: string): FileStamp {
  const { size, mtimeMs } = statSync(path);
  return { size, mtimeMs };
}

function checkUnchanged(path: string, before: FileStamp, pass: string): void {
  let now: FileStamp;
  try {
    now = stamp(path);
  } catch {
    throw new SegmintError('ERR_FILE', `cannot read "${path}" again for ${pass}: it is gone`);
  }
  if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) {
    throw new SegmintError('ERR_INVALID_DATA', `${path} changed while it was being read (before ${pass}: ${before.size} bytes, now ${now.size}); a streamed fit reads the file several times, so it must not change; run again`);
  }
}

/** The data rows of a file, one prepared row at a time, with the header and blank lines skipped. */
class PreparedRows implements RecordSink {
  private header: HeaderRow | undefined;
  row = -1;
  readonly values: Float64Array;
  private readonly record = new RecordFields();

  constructor(
    private readonly preparer: RowPreparer,
    private readonly file: CsvFile,
    private readonly onRow: (row: number, values: Float64Array | undefined) => void,
  ) {
    this.values = new Float64Array(preparer.nFeatures);
  }

  add(fields: string[], line: number): void {
    this.addFields(this.record.ofList(fields), line);
  }

  /** add() for fields where they are (RecordSink.addFields): numbers are read in place. */
  addFields(record: RecordFields, line: number): void {
    if (record.isBlank()) return;
    if (this.header === undefined) {
      this.header = new HeaderRow(record.fields(), this.file.path, line, this.file.delimiter);
      return;
    }
    this.header.checkRecord(record, line);
    this.row++;
    this.onRow(this.row, this.preparer.prepare(record, line, this.values, 0) ? this.values : undefined);
  }
}

/** Labels of every row, 1 byte each while k < 255 (NONE: dropped for a missing value). */
function labelStore(n: number, k: number): { labels: Uint8Array | Uint16Array | Int32Array; none: number } {
  if (k < 255) return { labels: new Uint8Array(n).fill(255), none: 255 };
  if (k < 65535) return { labels: new Uint16Array(n).fill(65535), none: 65535 };
  return { labels: new Int32Array(n).fill(-1), none: -1 };
}

export async function runMiniBatchFit(path: string, options: FitOptions, io: CliIo, hooks: MiniBatchHooks = {}): Promise<FitOutcome> {
  const names = options.names === undefined ? undefined : readNamesFile(options.names);
  const batchSize = options.batchSize ?? MINIBATCH_DEFAULTS.batchSize;
  const say = (text: string) => void (options.quiet || io.stderr(text));
  const file = inspectCsvFile(path, options.delimiter, options.decimal);
  const before = stamp(path);

  // Pass 1: statistics and the reservoir sample.
  const choice = chosenColumns(path, options);
  const sampleSize = Math.max(SAMPLE_ROWS, 3 * batchSize);
  const stats = new StreamStats(path, file.delimiter, { missing: options.missing, keep: (header) => choice.resolve(header).named, keepNumeric: !choice.named, sampleSize, seed: options.seed, decimal: file.decimal });
  await streamCsvFile(file, stats, progressBar(io, options.quiet));
  const table = stats.sampleTable();
  reportReading(table, io, options.quiet);
  const { categorical, named } = choice.resolve(table.header);
  let columns = named;
  let autoClip: number | undefined;
  const featureWarnings = choice.named ? identifierWarnings(table, named, categorical, (column) => streamedIdentifierReason(stats, column)) : [];
  if (!choice.named) {
    const auto = autoSelectStreamed(stats, table, categorical);
    say(autoSelectionText(table, auto, options.clip));
    columns = auto.columns;
    autoClip = auto.clip;
  }
  const fitted = fitStreamedPreparation(stats, table, columns, {
    scale: options.scale, encode: options.encode, impute: options.impute, clip: options.clip ?? autoClip ?? 0, categorical,
  });
  const { preparation, sampled } = fitted;
  const prepWarnings = [...featureWarnings, ...fitted.warnings];
  const sample = applyPreparation(preparation, table);
  for (const warning of prepWarnings) io.stderr(`warning: ${warning}\n`);
  const sampleNote = sample.nSamples < stats.nRows || table.nRows < stats.nRows ? `a seeded sample of ${sample.nSamples} of the ${stats.nRows} rows` : `all ${sample.nSamples} rows`;
  if (sampled.length > 0) say(`estimated on ${sampleNote}: ${sampled.join(', ')}\n`);
  hooks.afterPass?.(1);
  const d = preparation.outputs.length;

  // k and the start, on the sample.
  const fitOptions = { seed: options.seed, nInit: options.nInit, maxIter: options.maxIter, tol: options.tol };
  let scan: Awaited<ReturnType<typeof scanK>> | undefined;
  let k: number;
  const progress = progressBar(io, options.quiet);
  let initial: Float64Array;
  let initialCounts: number[];
  try {
    if (options.k === 'auto') {
      say(`choosing k on ${sampleNote} (${sample.nSamples} × ${d} features, scaling: ${preparation.scale})\n`);
      const settings = scanSettings(options);
      scan = await scanK(sample.matrix, {
        ...settings,
        ...kRangeFor(sample, path, settings),
        ...fitOptions,
        nFeatures: d,
        onProgress: (done, total) => progress.update('trying k', done / total),
      });
      k = scan.recommendation.k;
      say(`k = ${k}: ${scan.recommendation.reasons[0]!.replace(/^k = \d+: /, '')} (on the sample)\n`);
      say(fitScanNotes(sample, scan));
      const fit = scan.entries.find((entry) => entry.k === k)!.fit;
      initial = Float64Array.from(fit.centroids.flat());
      initialCounts = fit.sizes;
    } else {
      k = options.k;
      checkSegmentCount(sample, path, k);
      const start = await kmeans(sample.matrix, k, { nFeatures: d, ...fitOptions, threads: options.threads } as KMeansOptions);
      for (const warning of start.warnings) io.stderr(`warning: ${warning}\n`);
      initial = Float64Array.from(start.centroids.flat());
      initialCounts = start.sizes;
    }
  } finally {
    progress.done();
  }
  say(`mini-batch k-means, k=${k}, batches of ${batchSize} rows, ${stats.nRows} rows × ${d} features (scaling: ${preparation.scale}), start from ${options.nInit} run(s) on ${sampleNote}, seed ${options.seed}\n`);

  // Pass 2: epochs.
  const model = await MiniBatchKMeans.create(initial, {
    nFeatures: d,
    batchSize,
    nSamples: stats.nRows,
    tolerance: options.tol * meanFeatureVariance(sample.matrix, d),
    seed: options.seed,
    // The start is the means of the sample's clusters: the centres begin with their sizes as counts.
    initialCounts,
  });
  const shuffle = new Random(options.seed + 1);
  const stop = new Error('stop');
  let epochs = 0;
  for (let epoch = 0; epoch < options.maxIter && !model.converged; epoch++) {
    checkUnchanged(path, before, `epoch ${epoch + 1}`);
    epochs++;
    const preparer = new RowPreparer(preparation, table.header, options.missing, path, file.delimiter, file.decimal);
    const shuffler = new RowShuffler(d, batchSize, MINIBATCH_DEFAULTS.shuffleBatches, shuffle, (batch) => {
      if (model.step(batch).converged) throw stop;
    });
    const rows = new PreparedRows(preparer, file, (_, values) => values && shuffler.add(values));
    const bar = progressBar(io, options.quiet);
    try {
      await streamCsvFile(file, rows, { update: (_, fraction) => bar.update(`epoch ${epoch + 1}`, fraction), done: () => bar.done() });
      shuffler.flush();
    } catch (error) {
      if (error !== stop) throw error;
    }
    hooks.afterPass?.(2 + epoch);
  }
  say(`${epochs} epoch(s), ${model.steps} steps${model.converged ? `, stopped early (${model.stoppedBy === 'tol' ? 'centres moved less than --tol' : 'the smoothed batch inertia stopped improving'})` : ' (not converged: --max-iter epochs)'}${model.reassignedTotal > 0 ? `, ${model.reassignedTotal} tiny cluster(s) reassigned` : ''}\n`);

  // Pass 3: the final assignment, sizes, inertia and profile sums.
  checkUnchanged(path, before, 'the final pass');
  const { labels, none } = labelStore(stats.nRows, k);
  const sizes = new Array<number>(k).fill(0);
  // The profiles' sums: of the rows' values as given (RowPreparer.givenValues) per cluster, and of
  // the values as fitted for their spread.
  const profileSums: ProfileSums = { sums: new Float64Array(k * d), fittedSums: new Float64Array(d), fittedSquares: new Float64Array(d) };
  let inertia = 0;
  const batch = new Float64Array(batchSize * d);
  const givenBatch = new Float64Array(batchSize * d);
  const batchRows = new Int32Array(batchSize);
  let filled = 0;
  const flush = () => {
    if (filled === 0) return;
    const labelled = model.label(batch.subarray(0, filled * d));
    inertia += labelled.inertia;
    const { sums, fittedSums, fittedSquares } = profileSums;
    for (let i = 0; i < filled; i++) {
      const label = labelled.labels[i]!;
      labels[batchRows[i]!] = label;
      sizes[label]!++;
      for (let f = 0; f < d; f++) {
        sums[label * d + f]! += givenBatch[i * d + f]!;
        const v = batch[i * d + f]!;
        fittedSums[f]! += v;
        fittedSquares[f]! += v * v;
      }
    }
    filled = 0;
  };
  const finalPreparer = new RowPreparer(preparation, table.header, options.missing, path, file.delimiter, file.decimal);
  const finalRows = new PreparedRows(finalPreparer, file, (row, values) => {
    if (row >= stats.nRows) throw new SegmintError('ERR_INVALID_DATA', `${path} changed while it was being read: more than the ${stats.nRows} rows of the first pass`);
    if (!values) return;
    batch.set(values, filled * d);
    finalPreparer.givenValues(values, givenBatch.subarray(filled * d, filled * d + d));
    batchRows[filled++] = row;
    if (filled === batchSize) flush();
  });
  const bar = progressBar(io, options.quiet);
  await streamCsvFile(file, finalRows, { update: (_, fraction) => bar.update('assigning', fraction), done: () => bar.done() });
  flush();
  if (finalRows.row + 1 !== stats.nRows) throw new SegmintError('ERR_INVALID_DATA', `${path} changed while it was being read: ${finalRows.row + 1} rows now, ${stats.nRows} in the first pass`);
  const usedRows = stats.nRows - finalPreparer.droppedRows;
  if (usedRows < k) throw new SegmintError('ERR_INVALID_ARGUMENT', `k=${k} must be <= nSamples=${usedRows}`);
  hooks.afterPass?.(2 + epochs);
  const reports: ColumnReport[] = finalPreparer.reports;
  reportPreparation({ matrix: new Float64Array(0), nSamples: usedRows, nFeatures: d, rows: new Int32Array(0), report: { columns: reports, droppedRows: finalPreparer.droppedRows, warnings: [] } }, [], io, options.quiet);

  // Segments numbered by their true sizes; centres as the model assigns with them.
  const centres = Array.from({ length: k }, (_, j) => Array.from(model.centroids.subarray(j * d, j * d + d)));
  const { segments, segmentOfLabel } = numberSegments({ centroids: centres, sizes }, toOriginalUnits(preparation, centres));
  const sampleLabels = Int32Array.from(model.label(sample.matrix).labels, (label) => segmentOfLabel[label]! - 1);
  const segmentation = { matrix: sample.matrix, nFeatures: d, labels: sampleLabels, k, preparation, centroids: segments.map((s) => s.scaledCentroid) };
  const sampleInput = { ...segmentation, unclipped: unclippedColumns(preparation, table, sample.rows) };
  const sampleProfiles = profileSegments(sampleInput);
  const profiles = exactProfiles(sampleProfiles, profileSums, preparation.scaleBy, sizes, segmentOfLabel, usedRows);
  // The RFM grid's names by the sample's rows (as the medians are).
  setRfmCells(profiles, (f) => profiledValues(sampleInput, sample.matrix, d, f), sampleLabels);
  let segmentNames = nameSegments(profiles);
  if (names !== undefined) segmentNames = applySegmentNames(segmentNames, names, options.names ?? 'segment names');
  segments.forEach((segment, i) => (segment.name = segmentNames[i]!));
  const distinct = new Set(sampleLabels).size;
  const scored = scan?.entries.find((entry) => entry.k === k)?.silhouette ?? (distinct >= 2 && distinct < sample.nSamples ? await silhouette(sample.matrix, sampleLabels, { nFeatures: d, seed: options.seed, threads: options.threads }) : undefined);
  const kSelection = scan ? kSelectionOf(scan, k) : undefined;
  const charts = segmentCharts({ segmentation, profiles, names: segmentNames, silhouette: scored, kSelection });

  const sampleWarning = `mini-batch k-means streamed the file (${epochs} epoch(s) of batches of ${batchSize} rows); sizes, means and inertia are from every row, while the scatter, the silhouette, the medians${scan ? ', the choice of k' : ''}${sampled.length > 0 ? ' and ' + sampled.join(', ') : ''} are from ${sampleNote}`;
  const modelJson: SegmentModel & { miniBatch: unknown } = {
    format: MODEL_FORMAT,
    version: modelVersion({ precision: 'f64' }),
    segmintVersion: VERSION,
    features: preparation.outputs,
    missing: [...options.missing],
    ...(options.decimal && { decimal: options.decimal }),
    ...(options.delimiter !== undefined && { delimiter: options.delimiter }),
    preparation,
    k,
    segments,
    inertia,
    iterations: epochs,
    converged: model.converged,
    options: { init: 'k-means++', algorithm: 'minibatch' as Exclude<Algorithm, 'auto'>, nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, seed: options.seed, precision: 'f64' },
    training: { file: path.split(/[\\/]/).at(-1)!, rows: stats.nRows, usedRows },
    ...(scan && { kSelection: { recommended: scan.recommendation.k, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons } }),
    miniBatch: {
      batchSize,
      epochs,
      steps: model.steps,
      stoppedBy: model.converged ? model.stoppedBy : 'max-iter',
      reassigned: model.reassignedTotal,
      sampleRows: sample.nSamples,
      fromSample: ['start (k-means on the sample)', ...(scan ? ['choice of k'] : []), ...sampled],
    },
  };
  const report: Omit<ReportInput, 'charts'> = {
    data: { source: modelJson.training.file, rows: stats.nRows, usedRows, columns: reports, scaling: preparation.scale, warnings: [...prepWarnings, sampleWarning] },
    profiles,
    names: segmentNames,
    quality: { inertia, ...(scored ? { silhouette: scored.mean } : {}), epochs, converged: model.converged },
    ...(kSelection ? { kSelection } : {}),
    reproduce: { command: commandLine(io.invocation ?? ['fit', path, '--algorithm', 'minibatch']), seed: options.seed, version: VERSION },
  };

  // Pass 4: segments.csv (the records streamed again), then everything else, all or nothing.
  checkUnchanged(path, before, 'writing segments.csv');
  const files: OutputFile[] = [
    {
      path: segmentsPath(options.output),
      content: appendColumnContent(file, segmentColumnName(table.header), (row) => {
        if (row >= stats.nRows) throw new SegmintError('ERR_INVALID_DATA', `${path} changed while it was being read: more than the ${stats.nRows} rows of the first pass`);
        const label = labels[row]!;
        return label === none ? '' : String(segmentOfLabel[label]);
      }, table.emptyLastColumn),
    },
    { path: modelPath(options.output), content: JSON.stringify(modelJson, null, 2) + '\n' },
    ...(await reportFiles({ charts, report }, { dir: options.output, charts: options.charts, report: options.report }, io)),
  ];
  await writeOutputFolder(options.output, files, { csv: path, names: options.names }, io);
  checkUnchanged(path, before, 'the end');

  const renamed = segmentColumnNote(table.header);
  if (renamed !== undefined) io.stderr(`warning: ${renamed}\n`);
  const small = smallSegmentsWarning(segments.map((segment) => segment.size), usedRows);
  if (small !== undefined) io.stderr(`warning: ${small}\n`);
  io.stdout(segmentTable(segments, preparation.outputs, usedRows, profiles));
  say(`inertia ${formatInertia(inertia, totalSumOfSquares(inertia, segments))} (every row, final centres)\nwrote ${describeFiles(files.map((f) => f.path), options.output)}\n`);
  return { model: modelJson, files: files.map((f) => f.path) };
}

/**
 * Per-cluster sums of every row's values as given, and over all rows the sums and squares of the
 * values as fitted (scaled): their spread is the one z-scores are taken in.
 */
interface ProfileSums {
  sums: Float64Array;
  fittedSums: Float64Array;
  fittedSquares: Float64Array;
}

/**
 * The sample's profiles with what every row gives exactly: sizes, shares, means, the
 * population's mean and standard deviation, and z-scores. Medians and their percentiles stay
 * the sample's.
 */
function exactProfiles(fromSample: SegmentProfiles, { sums, fittedSums, fittedSquares }: ProfileSums, scaleBy: readonly number[], sizes: number[], segmentOfLabel: Int32Array, n: number): SegmentProfiles {
  const k = sizes.length;
  const d = sums.length / k;
  const popMean = Array.from({ length: d }, (_, f) => {
    let s = 0;
    for (let j = 0; j < k; j++) s += sums[j * d + f]!;
    return s / n;
  });
  // In scaled units the values are about centred and of unit spread, so E[x²] - mean² loses little.
  const popStd = Array.from({ length: d }, (_, f) => {
    const m = fittedSums[f]! / n;
    return Math.sqrt(Math.max(0, fittedSquares[f]! / n - m * m)) * Math.abs(scaleBy[f]!);
  });
  const population = { ...fromSample.population, size: n, mean: popMean, standardDeviation: popStd };
  const segments = fromSample.segments.map((segment) => {
    const label = segmentOfLabel.indexOf(segment.index + 1);
    const size = sizes[label]!;
    const mean = size > 0 ? Array.from({ length: d }, (_, f) => sums[label * d + f]! / size) : segment.mean.map(() => NaN);
    return { ...segment, size, share: size / n, mean, zScores: mean.map((m, f) => (popStd[f]! > 0 ? (m - population.mean[f]!) / popStd[f]! : 0)) };
  });
  return { ...fromSample, population, segments };
}

