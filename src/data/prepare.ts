import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { checkSquaredRange } from '../kmeans/validate.js';
import { checkNumericColumn, type CollectedTable, columnKind, MAX_CATEGORIES, type RawColumn } from './collect.js';
import { mean, modeSorted, quantilesPresent, sortedEnds, sortedPresent, standardDeviation } from './stats.js';
import { decimalCommaHint } from './values.js';

export type ScaleMethod = 'standard' | 'minmax' | 'robust' | 'none';
export type EncodeMethod = 'onehot' | 'ordinal' | 'drop';
/** How missing cells are handled: rows dropped, or filled by a statistic or a constant. */
export type ImputeMethod = 'drop' | 'mean' | 'median' | 'mode' | { constant: string };

export const SCALE_METHODS: readonly ScaleMethod[] = ['standard', 'minmax', 'robust', 'none'];
export const ENCODE_METHODS: readonly EncodeMethod[] = ['onehot', 'ordinal', 'drop'];
/** The impute methods named by a word; a constant fill is given as { constant }. */
export const IMPUTE_METHODS: readonly Exclude<ImputeMethod, object>[] = ['drop', 'mean', 'median', 'mode'];
/** clip is a quantile q below this: the bounds q and 1 - q would otherwise meet or cross. */
export const CLIP_LIMIT = 0.5;
/**
 * One-hot encoding a column with more categories than this earns a warning. Each category
 * becomes a feature weighing as much as a numeric column, so past a score of them one column
 * outweighs the handful of numeric ones segmentations usually have, and most categories are so
 * rare that k-means spends segments on their few rows (a date column: "All 11-02-2014"). A
 * fixed count rather than a share of the rows: the weight problem does not shrink with more rows.
 */
export const MANY_CATEGORIES = 20;

/** The warning for one-hot encoding a column of more than MANY_CATEGORIES categories; undefined for others. */
function manyCategoriesWarning(name: string, encode: EncodeMethod, nCategories: number): string | undefined {
  if (encode !== 'onehot' || nCategories <= MANY_CATEGORIES) return undefined;
  return `column "${name}" has ${nCategories} categories: one-hot encoding makes ${nCategories} features of it, which outweigh the other columns and give rare categories segments of their own; consider --encode ordinal or leaving the column out`;
}

/**
 * The warnings for a column encoded as categories, in fitPreparation and the streamed
 * preparation alike: too many of them for one-hot encoding, or texts that would be numbers
 * written with a decimal comma.
 */
export function categoryWarnings(table: CollectedTable, column: RawColumn, encode: EncodeMethod, nCategories: number): string[] {
  const many = manyCategoriesWarning(column.name, encode, nCategories);
  const hint = column.firstText ? decimalCommaHint(column.firstText.value, table.decimalComma, table.delimiter) : '';
  return [...(many === undefined ? [] : [many]), ...(hint === '' ? [] : [`column "${column.name}" is encoded as categories${hint}`])];
}

export interface PrepareOptions {
  /** Default 'standard'. */
  scale?: ScaleMethod;
  /** For categorical columns. Default 'onehot'. */
  encode?: EncodeMethod;
  /** Default: median for numbers, mode for categories. */
  impute?: ImputeMethod;
  /** Winsorise numeric columns at the q and 1 - q quantiles (0 <= q < 0.5); 0 or undefined: no clipping. */
  clip?: number;
  /** Columns (0-based) to treat as categories whatever they look like, e.g. numeric region codes. */
  categorical?: readonly number[];
}

/** The option names of PrepareOptions. */
const PREPARE_OPTIONS = ['scale', 'encode', 'impute', 'clip', 'categorical'] as const;

/**
 * Checks the values of the preparation methods (what the CLI's --scale, --encode, --impute and
 * --clip accept); callers check their options' names. An unknown method would otherwise fall
 * through to a default or fail later with a message about something else.
 */
export function checkPreparationMethods(options: Pick<PrepareOptions, 'scale' | 'encode' | 'impute' | 'clip'>): void {
  const { scale, encode, impute, clip } = options;
  if (scale !== undefined && !SCALE_METHODS.includes(scale)) {
    throw invalidArgument(`unknown scale ${describeGiven(scale)}; expected one of ${SCALE_METHODS.join(', ')}`);
  }
  if (encode !== undefined && !ENCODE_METHODS.includes(encode)) {
    throw invalidArgument(`unknown encode ${describeGiven(encode)}; expected one of ${ENCODE_METHODS.join(', ')}`);
  }
  if (impute !== undefined && !(IMPUTE_METHODS as readonly unknown[]).includes(impute)) {
    const isObject = impute !== null && typeof impute === 'object';
    if (!isObject) throw invalidArgument(`unknown impute ${describeGiven(impute)}; expected one of ${IMPUTE_METHODS.join(', ')} or { constant: <value> }`);
    const keys = Object.keys(impute);
    if (keys.length !== 1 || keys[0] !== 'constant' || typeof impute.constant !== 'string') {
      throw invalidArgument(`impute as an object must be { constant: <value> } with the value as a string; got ${JSON.stringify(impute)}`);
    }
  }
  if (clip !== undefined && !(typeof clip === 'number' && clip >= 0 && clip < CLIP_LIMIT)) {
    throw invalidArgument(`clip=${describeGiven(clip)} must be a quantile in [0, ${CLIP_LIMIT}), e.g. 0.01`);
  }
}

/** Checks 0-based column indices into the table. */
function checkColumnIndices(name: string, indices: unknown, table: CollectedTable): void {
  const last = table.columns.length - 1;
  if (!Array.isArray(indices)) {
    throw invalidArgument(`${name} must be an array of 0-based column indices; got ${describeGiven(indices)}`);
  }
  indices.forEach((index: unknown, i) => {
    if (!(typeof index === 'number' && Number.isInteger(index) && index >= 0 && index <= last)) {
      throw invalidArgument(`${name}[${i}]=${describeGiven(index)} is not a column of ${table.source}: expected a 0-based index in [0, ${last}]`);
    }
  });
}

/** Checks the arguments of a preparation fit (fitPreparation, fitStreamedPreparation); `where` names it. */
export function checkPreparationArguments(table: CollectedTable, columns: readonly number[], options: PrepareOptions, where: string): void {
  checkKnownOptions(options, PREPARE_OPTIONS, where);
  checkPreparationMethods(options);
  checkColumnIndices('columns', columns, table);
  if (options.categorical !== undefined) checkColumnIndices('categorical', options.categorical, table);
}

/** How one input column becomes matrix columns; recorded in model.json. */
export type InputPreparation =
  | {
      name: string;
      kind: 'numeric';
      /** The value missing cells get; null when rows with missing cells are dropped. */
      fill: number | null;
      /** Winsorising bounds, or null. */
      clip: [number, number] | null;
    }
  | {
      name: string;
      kind: 'categorical';
      encoding: 'onehot' | 'ordinal';
      /** Known categories, sorted by code unit; ordinal codes are their positions. */
      categories: string[];
      fill: string | null;
    };

/** Everything needed to turn a file's columns into the matrix k-means saw. */
export interface Preparation {
  inputs: InputPreparation[];
  /** Matrix columns: numeric inputs keep their names; one-hot columns are "name=category". */
  outputs: string[];
  scale: ScaleMethod;
  /** Per output column: value = (x - center) / scaleBy. */
  center: number[];
  scaleBy: number[];
}

export interface ColumnReport {
  name: string;
  kind: 'numeric' | 'categorical';
  missing: number;
  /** Cells filled, and with what (0 when rows were dropped instead). */
  filled: number;
  fill: number | string | null;
  /** Values outside the training categories, treated as missing (predict only). */
  unseen: number;
  /** Values moved to the clipping bounds. */
  clipped: number;
}

export interface PreparedData {
  /** Row-major nSamples × outputs.length, scaled. */
  matrix: Float64Array;
  nSamples: number;
  nFeatures: number;
  /** For each matrix row, the data row (0-based) it came from. */
  rows: Int32Array;
  report: { columns: ColumnReport[]; droppedRows: number; warnings: string[] };
}

function dataError(message: string): SegmintError {
  return new SegmintError('ERR_INVALID_DATA', message);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The error for text in a numeric column, at its first occurrence; `hint` says what to do (a
 * fitted preparation cannot be told the column holds categories).
 */
export function notANumber(table: CollectedTable, column: RawColumn, hint = 'if it holds categories, declare it categorical'): SegmintError {
  const first = column.firstText!;
  return dataError(
    `${table.source}, line ${first.line}, column "${column.name}" (${column.index + 1}): expected a number, got ${JSON.stringify(first.value)} (${column.nText} of ${column.nNumeric + column.nText} values in this column are not numbers; ${hint}${decimalCommaHint(first.value, table.decimalComma, table.delimiter)})`,
  );
}

/** Fails for columns that cannot be used as features, naming the file, line and column. */
export function checkUsable(table: CollectedTable, column: RawColumn, categorical = false): 'numeric' | 'categorical' {
  const read = columnKind(column);
  const kind = categorical && read !== 'empty' ? 'categorical' : read;
  const where = `${table.source}, column "${column.name}" (${column.index + 1})`;
  if (kind === 'empty') throw dataError(`${where}: every value is missing; choose other columns or fill it`);
  if (kind === 'mixed') throw notANumber(table, column);
  if (kind === 'categorical' && column.codes === undefined) {
    throw dataError(`${where}: text with more than ${MAX_CATEGORIES} distinct values; it is neither numeric nor a category to encode`);
  }
  return kind;
}

/** A constant fill for numeric column `name`: the constant read as a number (impute { constant }). */
export function numericConstant(impute: { constant: string }, name: string): number {
  const value = Number(impute.constant);
  if (impute.constant.trim() === '' || !Number.isFinite(value)) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `the constant ${JSON.stringify(impute.constant)} that fills missing values is not a number, but column "${name}" is numeric`);
  }
  return value;
}

/**
 * A numeric column's fill value and clipping bounds. Only mean and mode imputation read a sorted
 * copy of the present values (the mean is summed in ascending order); the median and the
 * clipping quantiles are selected, not sorted for.
 */
function numericStatistics(values: Float64Array, impute: ImputeMethod, clip: number, name: string): { fill: number | null; clip: [number, number] | null } {
  let fill: number | null = null;
  if (typeof impute === 'object') {
    fill = numericConstant(impute, name);
  } else if (impute === 'mean' || impute === 'mode') {
    const present = sortedPresent(values);
    fill = impute === 'mean' ? mean(present) : modeSorted(present);
  }
  const qs = [...(impute === 'median' ? [0.5] : []), ...(clip > 0 ? [clip, 1 - clip] : [])];
  const quantiles = qs.length > 0 ? quantilesPresent(values, qs) : [];
  if (impute === 'median') fill = quantiles.shift()!;
  return { fill, clip: clip > 0 ? [quantiles[0]!, quantiles[1]!] : null };
}

/**
 * Refuses a preparation under which --impute drop leaves fewer than 2 of `total` rows: every
 * column would then look constant, which is not what went wrong. `of` says whose rows ("its",
 * or "the sampled" for a streamed fit's sample).
 */
export function checkRowsLeft(source: string, kept: number, total: number, of: string): void {
  if (kept >= 2 || total < 2) return;
  throw dataError(`${source}: leaving out the rows with a missing value (--impute drop) leaves ${kept} of ${of} ${total} rows; expected at least 2: fill the missing values instead (another --impute) or choose columns with fewer of them`);
}

/**
 * A numeric column's clipping bounds, or null when clipping would leave every value the same
 * although the column's values differ (a 0/1 column whose 1s are rarer than the clip: all would
 * become 0, and the column would be left out as constant); `warnings` then says it is not clipped.
 */
export function usableClip(bounds: [number, number], constant: boolean, name: string, clip: number, warnings: string[]): [number, number] | null {
  if (bounds[0] < bounds[1] || constant) return bounds;
  warnings.push(`column "${name}" is not clipped: clipping ${+(clip * 100).toPrecision(6)}% at each end would make every value ${bounds[0]}`);
  return null;
}

/**
 * Refuses a column whose scaling is not finite: values so large that their sum, spread or
 * variance overflows (the prepared values would be NaN, and the segments with them).
 */
export function checkScaling(source: string, name: string, scale: ScaleMethod, center: number, scaleBy: number): void {
  if (Number.isFinite(center) && Number.isFinite(scaleBy)) return;
  throw dataError(`${source}, column "${name}": its values are too large to scale (${scale} scaling overflows: center ${center}, scale ${scaleBy}); rescale the column, e.g. in other units`);
}

/**
 * Learns the preparation from training data: categories, fill values, clipping bounds and
 * scaling, dropping zero-variance columns with a warning. Apply it with applyPreparation.
 */
export function fitPreparation(table: CollectedTable, columns: readonly number[], options: PrepareOptions = {}): {
  preparation: Preparation;
  warnings: string[];
} {
  checkPreparationArguments(table, columns, options, 'fitPreparation');
  const scale = options.scale ?? 'standard';
  const encode = options.encode ?? 'onehot';
  const impute = options.impute ?? 'median';
  const clip = options.clip ?? 0;
  const warnings: string[] = [];
  const inputs: InputPreparation[] = [];
  const kinds = columns.map((index) => checkUsable(table, table.columns[index]!, options.categorical?.includes(index)));
  const clustered = rowsKeptByDrop(table, columns, kinds, impute, encode);
  for (const [c, index] of columns.entries()) {
    const column = table.columns[index]!;
    const kind = kinds[c]!;
    if (kind === 'numeric') {
      const values = clustered ? column.numbers!.filter((_, i) => clustered[i] === 1) : column.numbers!;
      const statistics = numericStatistics(values, impute, clip, column.name);
      const clipBounds = statistics.clip && usableClip(statistics.clip, isConstant(values), column.name, clip, warnings);
      inputs.push({ name: column.name, kind, fill: statistics.fill, clip: clipBounds });
      checkNumericColumn(table.source, column, warnings);
      continue;
    }
    if (encode === 'drop') {
      warnings.push(`column "${column.name}" is categorical and --encode drop leaves it out`);
      continue;
    }
    const counts = new Map<string, number>();
    column.codes!.forEach((code) => {
      if (code >= 0) counts.set(column.categories[code]!, (counts.get(column.categories[code]!) ?? 0) + 1);
    });
    const categories = [...counts.keys()].sort(compareText);
    let fill: string | null = null;
    if (typeof impute === 'object') fill = impute.constant;
    else if (impute !== 'drop') {
      // Mode for categories whatever the numeric strategy; ties to the first in sorted order.
      fill = categories.reduce((best, c) => (counts.get(c)! > counts.get(best)! ? c : best), categories[0]!);
    }
    if (fill !== null && !categories.includes(fill)) categories.push(fill), categories.sort(compareText);
    warnings.push(...categoryWarnings(table, column, encode, categories.length));
    inputs.push({ name: column.name, kind, encoding: encode, categories, fill });
  }
  if (inputs.length === 0) throw new SegmintError('ERR_INVALID_ARGUMENT', `${table.source}: no feature columns left to cluster`);

  // Scaling statistics come from the columns the preparation produces, one column at a time.
  const outputs = outputNames(inputs);
  const keep: number[] = [];
  const center: number[] = [];
  const scaleBy: number[] = [];
  const readers = openInputs(inputs, table);
  const { rows } = keptRows(readers, table.nRows);
  checkRowsLeft(table.source, rows.length, table.nRows, 'its');
  forEachOutput(readers, rows, (j, column) => {
    const name = outputs[j]!;
    // The first and last values of a sorted copy, and quantiles, without sorting the column.
    const [first, last] = sortedEnds(column);
    if (first === last) {
      warnings.push(`column "${name}" has the same value in every row (zero variance); it is left out`);
      return;
    }
    keep.push(j);
    switch (scale) {
      case 'standard': {
        const m = mean(column);
        center.push(m);
        scaleBy.push(standardDeviation(column, m));
        break;
      }
      case 'minmax':
        center.push(first);
        scaleBy.push(last - first);
        break;
      case 'robust': {
        const [q25, q50, q75] = quantilesPresent(column, [0.25, 0.5, 0.75]);
        const iqr = q75! - q25!;
        center.push(q50!);
        // As scikit-learn's RobustScaler: a zero interquartile range scales by 1.
        scaleBy.push(iqr > 0 ? iqr : 1);
        break;
      }
      case 'none':
        center.push(0);
        scaleBy.push(1);
    }
    checkScaling(table.source, name, scale, center.at(-1)!, scaleBy.at(-1)!);
  });
  if (keep.length === 0) throw dataError(`${table.source}: every selected column is constant; nothing to cluster`);
  const preparation: Preparation = {
    inputs,
    outputs: keep.map((j) => outputs[j]!),
    scale,
    center,
    scaleBy,
  };
  return { preparation, warnings };
}

function outputNames(inputs: InputPreparation[]): string[] {
  return inputs.flatMap((input) =>
    input.kind === 'categorical' && input.encoding === 'onehot'
      ? input.categories.map((category) => `${input.name}=${category}`)
      : [input.name],
  );
}

interface InputReader {
  input: InputPreparation;
  /** Numeric input: the file's values (NaN missing). */
  numbers: Float64Array | undefined;
  /** Categorical input: the file's codes (-1 missing) and their codes in the preparation (-2 unseen). */
  codes: Int32Array | undefined;
  remap: Int32Array | undefined;
  /** Categorical input: the file's categories (what its codes stand for). */
  fileCategories: readonly string[] | undefined;
  report: ColumnReport;
}

/**
 * The table's column for an input: its name, else the name in another case, or undefined. Built
 * once per table (a search per input was quadratic in wide files).
 */
function columnFinder(table: CollectedTable): (input: InputPreparation) => RawColumn | undefined {
  const exact = new Map<string, RawColumn>();
  const anyCase = new Map<string, RawColumn>();
  for (const column of table.columns) {
    if (!exact.has(column.name)) exact.set(column.name, column);
    if (!anyCase.has(column.name.toLowerCase())) anyCase.set(column.name.toLowerCase(), column);
  }
  return (input) => exact.get(input.name) ?? anyCase.get(input.name.toLowerCase());
}

/** Finds each input's column in the table (exact name, else another case) and checks it. */
function openInputs(inputs: InputPreparation[], table: CollectedTable): InputReader[] {
  const inputColumn = columnFinder(table);
  return inputs.map((input) => {
    const column = inputColumn(input);
    if (column === undefined) {
      throw dataError(`${table.source}: no column "${input.name}" (the model needs ${inputs.map((i) => `"${i.name}"`).join(', ')})`);
    }
    const report: ColumnReport = { name: input.name, kind: input.kind, missing: 0, filled: 0, fill: input.fill, unseen: 0, clipped: 0 };
    if (input.kind === 'numeric') {
      if (column.nText > 0) throw notANumber(table, column, 'the model was fitted with this column as numeric');
      return { input, numbers: column.numbers!, codes: undefined, remap: undefined, fileCategories: undefined, report };
    }
    if (column.codes === undefined) checkUsable(table, column, true);
    const known = new Map(input.categories.map((c, i) => [c, i]));
    return { input, numbers: undefined, codes: column.codes!, remap: Int32Array.from(column.categories, (c) => known.get(c) ?? -2), fileCategories: column.categories, report };
  });
}

/** The warning for a column's categories that training never saw, naming a few of them. */
function unseenWarning(reader: InputReader): string {
  const { report, remap, fileCategories } = reader;
  const unseen = fileCategories!.filter((_, code) => remap![code] === -2);
  const named = unseen.slice(0, 5).map((category) => JSON.stringify(category)).join(', ') + (unseen.length > 5 ? `, and ${unseen.length - 5} more` : '');
  const treated = reader.input.fill === null ? 'their rows left out as with a missing value' : `treated as missing (filled with ${JSON.stringify(reader.input.fill)})`;
  return `column "${report.name}": ${report.unseen} value(s) not seen in training (${named}), ${treated}`;
}

function isAbsent(reader: InputReader, row: number): boolean {
  if (reader.numbers) return Number.isNaN(reader.numbers[row]!);
  const code = reader.codes![row]!;
  return code < 0 || reader.remap![code]! < 0;
}

/**
 * Under --impute drop, 1 for each row of the table the fit keeps (a value in every column it
 * uses, read as `kinds` says), else 0; undefined without --impute drop (every row is kept).
 * Rows left out do not count in a numeric column's clipping bounds: they are learnt from the
 * rows clustered, as the scaling is. (Categories still come from every row: one seen only in
 * dropped rows is a category of the column, not a missing value.)
 */
export function rowsKeptByDrop(table: CollectedTable, columns: readonly number[], kinds: readonly ('numeric' | 'categorical')[], impute: ImputeMethod, encode: EncodeMethod): Uint8Array | undefined {
  if (impute !== 'drop') return undefined;
  const used = columns.flatMap((index, c) => (kinds[c] === 'numeric' || encode !== 'drop' ? [{ index, kind: kinds[c]! }] : []));
  const complete = new Uint8Array(table.nRows).fill(1);
  for (const { index, kind } of used) {
    const { numbers, codes } = table.columns[index]!;
    for (let i = 0; i < table.nRows; i++) {
      if (kind === 'numeric' ? Number.isNaN(numbers![i]!) : codes![i]! < 0) complete[i] = 0;
    }
  }
  return complete;
}

/** Whether every value present is the same one (missing values, NaN, aside). */
function isConstant(values: Float64Array): boolean {
  let first = NaN;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(first)) first = value;
    else if (value !== first) return false;
  }
  return true;
}

/**
 * The rows that stay: all of them, except rows with a missing cell in an input that has no fill
 * value (--impute drop). Such inputs report every missing cell, in dropped rows too.
 */
function keptRows(readers: InputReader[], n: number): { rows: Int32Array; droppedRows: number } {
  const dropping = readers.filter((reader) => reader.input.fill === null);
  if (dropping.length === 0) {
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = i;
    return { rows, droppedRows: 0 };
  }
  const dropped = new Uint8Array(n);
  let droppedRows = 0;
  for (const reader of dropping) {
    for (let i = 0; i < n; i++) {
      if (!isAbsent(reader, i)) continue;
      // A category training never saw leaves its row out as a missing value does: say which it was.
      if (reader.codes && reader.codes[i]! >= 0) reader.report.unseen++;
      reader.report.missing++;
      if (!dropped[i]) {
        dropped[i] = 1;
        droppedRows++;
      }
    }
  }
  const rows = new Int32Array(n - droppedRows);
  for (let i = 0, r = 0; i < n; i++) if (!dropped[i]) rows[r++] = i;
  return { rows, droppedRows };
}

/**
 * Hands each output column's values over the kept rows, before scaling, to `visit` (output
 * index, values), one column at a time in one reused buffer, so no unscaled matrix is built.
 * Filling, clipping and unseen categories are counted in the readers' reports.
 */
function forEachOutput(readers: InputReader[], rows: Int32Array, visit: (output: number, values: Float64Array) => void): void {
  const values = new Float64Array(rows.length);
  let output = 0;
  for (const reader of readers) {
    const { input, report } = reader;
    const countsMissing = input.fill !== null;
    if (input.kind === 'numeric') {
      for (let r = 0; r < rows.length; r++) {
        let value = reader.numbers![rows[r]!]!;
        if (Number.isNaN(value)) {
          report.missing++;
          report.filled++;
          value = input.fill!;
        }
        if (input.clip) {
          const clipped = Math.min(Math.max(value, input.clip[0]), input.clip[1]);
          if (clipped !== value) report.clipped++;
          value = clipped;
        }
        values[r] = value;
      }
      visit(output++, values);
      continue;
    }
    // Category codes in the preparation's numbering, missing and unseen ones filled.
    const codes = new Int32Array(rows.length);
    const fillCode = input.fill === null ? -1 : input.categories.indexOf(input.fill);
    for (let r = 0; r < rows.length; r++) {
      const fileCode = reader.codes![rows[r]!]!;
      let code = fileCode < 0 ? -1 : reader.remap![fileCode]!;
      if (code < 0) {
        if (code === -2) report.unseen++;
        if (countsMissing) report.missing++;
        report.filled++;
        code = fillCode;
      }
      codes[r] = code;
    }
    if (input.encoding === 'ordinal') {
      for (let r = 0; r < rows.length; r++) values[r] = codes[r]!;
      visit(output++, values);
    } else {
      for (let c = 0; c < input.categories.length; c++) {
        for (let r = 0; r < rows.length; r++) values[r] = codes[r] === c ? 1 : 0;
        visit(output++, values);
      }
    }
  }
}

/**
 * The scaled feature matrix of a table under a preparation (the same code for training rows and
 * new rows). Rows with missing cells are dropped when the preparation has no fill value.
 */
export function applyPreparation(preparation: Preparation, table: CollectedTable): PreparedData {
  const all = outputNames(preparation.inputs);
  const d = preparation.outputs.length;
  const slot = new Int32Array(all.length).fill(-1); // every output column -> matrix column (-1: left out)
  preparation.outputs.forEach((name, j) => {
    const at = all.indexOf(name);
    if (at === -1) throw new SegmintError('ERR_INVALID_MODEL', `the preparation has no input for output column "${name}"`);
    slot[at] = j;
  });
  const readers = openInputs(preparation.inputs, table);
  const { rows, droppedRows } = keptRows(readers, table.nRows);
  const matrix = new Float64Array(rows.length * d);
  forEachOutput(readers, rows, (output, values) => {
    const j = slot[output]!;
    if (j < 0) return;
    const center = preparation.center[j]!;
    const scaleBy = preparation.scaleBy[j]!;
    for (let r = 0; r < rows.length; r++) matrix[r * d + j] = (values[r]! - center) / scaleBy;
  });
  // Checked here as k-means would check it, but named by the file's line and column.
  let largest = 0;
  for (let t = 1; t < matrix.length; t++) if (Math.abs(matrix[t]!) > Math.abs(matrix[largest]!)) largest = t;
  const line = () => table.lines[rows[Math.floor(largest / d)]!];
  checkSquaredRange({ values: matrix, nSamples: rows.length, nFeatures: d }, () => `${table.source}, line ${line()}, column "${preparation.outputs[largest % d]}" (as prepared)`, matrix[largest] ?? 0);
  const reports = readers.map((reader) => reader.report);
  const warnings = readers.filter((reader) => reader.report.unseen > 0).map(unseenWarning);
  return { matrix, nSamples: rows.length, nFeatures: d, rows, report: { columns: reports, droppedRows, warnings } };
}

/**
 * The clipped columns' values as the table gives them, for the matrix's rows (`rows`:
 * PreparedData.rows), a missing cell as its fill value: per matrix column, an array for a
 * clipped numeric column, else undefined (the matrix holds those values as given, scaled).
 * Profiles describe segments by these: clipping moves values for the fit, not the customers.
 */
export function unclippedColumns(preparation: Preparation, table: CollectedTable, rows: Int32Array): (Float64Array | undefined)[] {
  const inputColumn = columnFinder(table);
  const inputs = new Map(preparation.inputs.map((input) => [input.name, input]));
  return preparation.outputs.map((name) => {
    const input = inputs.get(name);
    if (input?.kind !== 'numeric' || input.clip === null) return undefined;
    const numbers = inputColumn(input)?.numbers;
    if (numbers === undefined) throw dataError(`${table.source}: no numeric column "${input.name}"`);
    return Float64Array.from(rows, (row) => (Number.isNaN(numbers[row]!) ? input.fill! : numbers[row]!));
  });
}

/** Centroids (scaled, as k-means saw them) back in the units of the output columns. */
export function toOriginalUnits(preparation: Preparation, centroids: readonly (readonly number[])[]): number[][] {
  return centroids.map((centroid) =>
    centroid.map((v, j) => {
      const scaled = v * preparation.scaleBy[j]!;
      const value = scaled + preparation.center[j]!;
      // What is left of cancelling terms (a share of 0 coming back as -1e-16) is rounding, not data.
      return Math.abs(value) <= 1e-12 * Math.abs(scaled) ? 0 : value;
    }),
  );
}
