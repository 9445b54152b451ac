// CSV text in, segments out: what `segmint fit` does, composed from the library's stages with no
// file access, so a web app (or a worker) gets the CLI's model, names, charts and labelled CSV.
// Browser-safe: no Node built-ins. Charts are chart.js configurations, rendered by the caller.
import type { KSelection } from '../charts/elbow.js';
import type { ChartSpec } from '../charts/types.js';
import { type CollectedTable, ColumnCollector, type ColumnKind, columnKind, readingNotes } from '../data/collect.js';
import { autoSelectColumns, joinColumnList, namedColumns } from '../data/columns.js';
import { checkDelimiter, chooseDelimiter, ColumnAppender, type CsvReadOptions, lineBreakOf, streamCsvText } from '../data/csv.js';
import { applyPreparation, checkPreparationMethods, type EncodeMethod, fitPreparation, type ImputeMethod, type ScaleMethod, unclippedColumns } from '../data/prepare.js';
import { checkDecimalMark, type DecimalMark, DEFAULT_MISSING, readsCommaGroups, withoutBom } from '../data/values.js';
import { describeGiven, invalidArgument, isSegmintError } from '../errors.js';
import { DEFAULTS, type Precision } from '../kmeans/types.js';
import { checkPrecision } from '../kmeans/validate.js';
import type { SegmentModel } from '../model.js';
import { checkKnownOptions } from '../options.js';
import type { ReportInput } from '../report/html.js';
import type { SegmentProfiles } from '../report/profile.js';
import { SEGMENT_CSV_OPTIONS } from './segment-csv-options.js';
import { commandLine, type PhaseProgressCallback, segmentColumnName, segmentColumnNote, segmentField, segmentPrepared } from './segment.js';

export type { PhaseProgress, PhaseProgressCallback, SegmentPhase } from './segment.js';

/** The options of `segmint fit`, as values rather than command-line text; the same defaults. */
export interface SegmentCsvOptions {
  /** Feature columns: names (any case) or 1-based indices. Default: every numeric column but identifiers. */
  features?: readonly string[];
  /** Columns to treat as categories (added to the features). */
  categorical?: readonly string[];
  /** Field texts read as missing. Default DEFAULT_MISSING. */
  missing?: readonly string[];
  /** The decimal mark of the text's numbers. Default: 'comma' in semicolon-separated text, else 'point'. */
  decimal?: DecimalMark;
  /**
   * The text's delimiter (one character), as `segmint fit --delimiter` takes it. Default: its
   * sep= first line's, else detected among comma, tab, semicolon and pipe.
   */
  delimiter?: string;
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
  /** The ks scanned when k is 'auto' (beside a number k it is unused, and warnings say so). Default 2..min(10, rows - 1). */
  kRange?: readonly [number, number];
  /** The gap statistic votes in the k scan (as kRange, for k 'auto' only). Default true, as in the CLI. */
  gap?: boolean;
  seed?: number;
  nInit?: number;
  maxIter?: number;
  tol?: number;
  /** How the fits store the features: 'f64' (default) or 'f32' (see KMeansOptions.precision). */
  precision?: Precision;
  /** Segment names to use instead of the generated ones: {"1": "Premium", ...} (as names.json). */
  names?: unknown;
  /**
   * Threads for the k-means fits (see KMeansOptions.threads): in a browser, Web Workers, used
   * when the page is cross-origin isolated and this runs in a Web Worker. The same results.
   */
  threads?: number;
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
  /** The clip automatic selection asks for with them (segmint rfm's table: RFM_CLIP), if any. */
  autoClip?: number;
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
  options: Pick<CsvReadOptions, 'missing' | 'delimiter' | 'decimal'> = {},
  onProgress?: PhaseProgressCallback,
): CollectedTable {
  checkKnownOptions(options, ['missing', 'delimiter', 'decimal'], 'readCsvTable');
  const total = onProgress ? countLines(text) : 0;
  const every = Math.max(1000, Math.floor(total / 50));
  let next = every;
  let collector: ColumnCollector | undefined;
  onProgress?.({ phase: 'read', done: 0, total });
  streamCsvText(
    text,
    source,
    (delimiter) => {
      collector = new ColumnCollector(source, delimiter, { missing: options.missing ?? DEFAULT_MISSING, keep: ALL_COLUMNS, decimal: options.decimal });
      const sink = collector;
      const report = (line: number) => {
        if (onProgress && line >= next) {
          next = line + every;
          onProgress({ phase: 'read', done: line, total });
        }
      };
      return {
        add(fields, line) {
          sink.add(fields, line);
          report(line);
        },
        addFields(record, line) {
          sink.addFields(record, line);
          report(line);
        },
      };
    },
    options.delimiter,
    options.decimal,
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
  let autoClip: number | undefined;
  let skipped = new Map<number, string>();
  try {
    const selection = autoSelectColumns(table);
    auto = selection.columns;
    autoClip = selection.clip;
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
  return { source: table.source, rows: table.nRows, delimiter: table.delimiter, columns, autoFeatures: auto.map((c) => table.header[c]!), ...(autoClip !== undefined && { autoClip }) };
}

/** Reads CSV text and describes its columns (for choosing features). */
export function inspectCsv(text: string, source: string, options: { missing?: readonly string[]; decimal?: DecimalMark } = {}, onProgress?: PhaseProgressCallback): CsvInspection {
  checkKnownOptions(options, ['missing', 'decimal'], 'inspectCsv');
  return inspectTable(readCsvTable(text, source, options, onProgress));
}

interface ResolvedSegmentOptions {
  features: readonly string[] | undefined;
  categorical: readonly string[];
  missing: readonly string[];
  decimal: DecimalMark | undefined;
  delimiter: string | undefined;
  impute: ImputeMethod | undefined;
  encode: EncodeMethod;
  scale: ScaleMethod;
  /** Undefined when not given: 0, or what automatic selection asks for (AutoSelection.clip). */
  clip: number | undefined;
  k: number | 'auto';
  kRange: readonly [number, number] | undefined;
  gap: boolean;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  precision: Precision;
}

/** A list option of texts (column references, missing tokens): a lone string is a likely mistake for [string]. */
function checkTexts(name: string, value: unknown, example: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    const given = Array.isArray(value) ? `${describeGiven(value.find((item) => typeof item !== 'string'))} in the array` : describeGiven(value);
    throw invalidArgument(`${name} must be an array of strings, e.g. ${example}; got ${given}`);
  }
}

/** Validates segmentCsv's options (before the text is read) and fills in defaults; `where` names the function. */
function resolveOptions(options: SegmentCsvOptions, where: string): ResolvedSegmentOptions {
  checkKnownOptions(options, SEGMENT_CSV_OPTIONS, where);
  checkPreparationMethods(options);
  checkTexts('features', options.features, '["Age", "3"] (names or 1-based indices)');
  checkTexts('categorical', options.categorical, '["Region"]');
  checkTexts('missing', options.missing, '["", "NA"]');
  const k = options.k ?? 'auto';
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1)) throw invalidArgument(`k=${String(k)} must be a positive integer or 'auto'`);
  return {
    features: options.features && options.features.length > 0 ? options.features : undefined,
    categorical: options.categorical ?? [],
    missing: options.missing ?? DEFAULT_MISSING,
    decimal: checkDecimalMark(options.decimal),
    delimiter: options.delimiter === undefined ? undefined : (checkDelimiter(options.delimiter), options.delimiter),
    impute: options.impute,
    encode: options.encode ?? 'onehot',
    scale: options.scale ?? 'standard',
    clip: options.clip,
    k,
    kRange: options.kRange,
    gap: options.gap ?? true,
    seed: options.seed ?? DEFAULTS.seed,
    nInit: options.nInit ?? DEFAULTS.nInit,
    maxIter: options.maxIter ?? DEFAULTS.maxIter,
    tol: options.tol ?? DEFAULTS.tol,
    precision: checkPrecision(options.precision),
  };
}

/** The feature columns, as `segmint fit` picks them: the named ones plus categorical, or automatic. */
function featureColumns(table: CollectedTable, options: ResolvedSegmentOptions): { columns: number[]; categorical: number[]; clip: number } {
  const choice = namedColumns(options.features, options.categorical, table.source);
  const { named, categorical } = choice.resolve(table.header);
  if (choice.named) return { columns: named, categorical, clip: options.clip ?? 0 };
  const auto = autoSelectColumns(table, categorical);
  return { columns: auto.columns, categorical, clip: options.clip ?? auto.clip ?? 0 };
}

/**
 * The `segmint fit` command line with these options (defaults left out); `delimiter`, the one
 * the file was read with when the command must give it (neither its sep= line's nor detected;
 * default options.delimiter).
 */
export function fitCommandLine(source: string, options: SegmentCsvOptions, delimiter?: string): string {
  const o = resolveOptions(options, 'fitCommandLine');
  const args = ['fit', source];
  const given = delimiter ?? o.delimiter;
  if (given !== undefined) args.push('--delimiter', given);
  if (o.features) args.push('--features', joinColumnList(o.features));
  if (o.categorical.length > 0) args.push('--categorical', joinColumnList(o.categorical));
  if (o.k !== 'auto') args.push('-k', String(o.k));
  if (o.k === 'auto' && o.kRange) args.push('--k-range', `${o.kRange[0]}..${o.kRange[1]}`);
  if (o.k === 'auto' && !o.gap) args.push('--no-gap');
  if (o.missing.join(',') !== DEFAULT_MISSING.join(',')) args.push('--missing', o.missing.filter((t) => t !== '').join(','));
  if (o.decimal !== undefined) args.push('--decimal', o.decimal);
  if (o.impute !== undefined) args.push('--impute', typeof o.impute === 'object' ? `constant=${o.impute.constant}` : o.impute);
  if (o.encode !== 'onehot') args.push('--encode', o.encode);
  if (o.scale !== 'standard') args.push('--scale', o.scale);
  if (o.clip !== undefined) args.push('--clip', String(o.clip));
  if (o.seed !== DEFAULTS.seed) args.push('--seed', String(o.seed));
  if (o.nInit !== DEFAULTS.nInit) args.push('--n-init', String(o.nInit));
  if (o.maxIter !== DEFAULTS.maxIter) args.push('--max-iter', String(o.maxIter));
  if (o.tol !== DEFAULTS.tol) args.push('--tol', String(o.tol));
  if (o.precision !== DEFAULTS.precision) args.push('--precision', o.precision);
  if (options.names !== undefined) args.push('--names', 'names.json');
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
  const o = resolveOptions(options, 'segmentCsv');
  const table = readCsvTable(text, source, { missing: o.missing, decimal: o.decimal, delimiter: o.delimiter }, onProgress);
  await tick();
  return segmentTable(table, text, options, onProgress);
}

/** segmentCsv for a table already read with readCsvTable (its text is needed for segments.csv). */
export async function segmentTable(table: CollectedTable, text: string, options: SegmentCsvOptions = {}, onProgress?: PhaseProgressCallback): Promise<CsvSegmentation> {
  const o = resolveOptions(options, 'segmentTable');
  if (o.decimal !== undefined && (table.decimalComma !== (o.decimal === 'comma') || readsCommaGroups(table.decimal) !== readsCommaGroups(o.decimal))) {
    const read = table.decimal !== undefined ? `with decimal: '${table.decimal}'` : `with decimal ${table.decimalComma ? 'commas' : 'points'}, as its separator says`;
    throw invalidArgument(`decimal: '${o.decimal}', but ${table.source} was read ${read}; read it with readCsvTable's decimal: '${o.decimal}'`);
  }
  if (o.delimiter !== undefined && o.delimiter !== table.delimiter) {
    throw invalidArgument(`delimiter: ${JSON.stringify(o.delimiter)}, but ${table.source} was read with ${JSON.stringify(table.delimiter)}; read it with readCsvTable's delimiter: ${JSON.stringify(o.delimiter)}`);
  }
  // A mark the table was read with goes into the model and the command.
  const decimal: DecimalMark | undefined = o.decimal ?? table.decimal;
  onProgress?.({ phase: 'prepare', done: 0, total: 1 });
  const { columns, categorical, clip } = featureColumns(table, o);
  const { preparation, warnings } = fitPreparation(table, columns, { scale: o.scale, encode: o.encode, impute: o.impute, clip, categorical });
  const data = applyPreparation(preparation, table);
  onProgress?.({ phase: 'prepare', done: 1, total: 1 });
  await tick();

  // A table read with a delimiter its text would not give (readCsvTable's option) must say so.
  const given = chooseDelimiter(withoutBom(text), table.source, undefined, true, table.decimal === 'comma') === table.delimiter ? undefined : table.delimiter;
  const command = fitCommandLine(table.source, { ...options, ...(decimal && { decimal }) }, given);
  const segmented = await segmentPrepared(
    { table, preparation, data, warnings: [...readingNotes(table), ...warnings, ...data.report.warnings], missing: o.missing, decimal, delimiter: given, unclipped: unclippedColumns(preparation, table, data.rows) },
    {
      k: o.k,
      fit: { seed: o.seed, nInit: o.nInit, maxIter: o.maxIter, tol: o.tol, precision: o.precision },
      ...(options.threads === undefined ? {} : { engine: { threads: options.threads } }),
      scan: { ...(o.kRange ? { kMin: o.kRange[0], kMax: o.kRange[1] } : {}), gap: o.gap ? {} : false },
      names: options.names,
      command,
      onProgress,
    },
  );
  onProgress?.({ phase: 'write', done: 0, total: 1 });
  const labelledCsv = appendSegmentColumn(text, table, segmented.segmentIdOfRow);
  onProgress?.({ phase: 'write', done: 1, total: 1 });
  const renamed = segmentColumnNote(table.header);
  return {
    source: table.source,
    rows: table.nRows,
    usedRows: data.nSamples,
    featureColumns: columns.map((c) => table.header[c]!),
    model: segmented.model,
    modelJson: JSON.stringify(segmented.model, null, 2) + '\n',
    names: segmented.names,
    profiles: segmented.profiles,
    charts: segmented.charts,
    kSelection: segmented.kSelection,
    silhouette: segmented.silhouette?.mean,
    segmentOfRow: segmented.segmentIdOfRow,
    labelledCsv,
    report: segmented.report,
    command,
    warnings: [...unusedScanWarning(options), ...segmented.warnings, ...(renamed === undefined ? [] : [renamed])],
  };
}

/** The k-selection options given beside a fixed k, which go unused (as the CLI warns of its own). */
function unusedScanWarning(options: SegmentCsvOptions): string[] {
  if (options.k === undefined || options.k === 'auto') return [];
  const unused = (['kRange', 'gap'] as const).filter((key) => options[key] !== undefined);
  if (unused.length === 0) return [];
  const one = unused.length === 1;
  return [`${unused.join(' and ')} ${one ? 'is' : 'are'} for choosing k; k: ${options.k} was given, so ${one ? 'it is' : 'they are'} not used`];
}

/** segments.csv: the records unchanged plus a segment column (empty for dropped rows). */
function appendSegmentColumn(text: string, table: CollectedTable, segmentIdOfRow: Int32Array): string {
  const appender = new ColumnAppender(
    segmentColumnName(table.header),
    segmentField(segmentIdOfRow),
    table.delimiter,
    lineBreakOf(withoutBom(text)),
    table.emptyLastColumn,
    table.source,
  );
  return appender.push(text) + appender.end();
}
