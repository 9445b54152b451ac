// Data preparation for files that are streamed, never held: one pass collects what each column
// needs (counts, exact moments, minima and maxima, category counts) and a seeded reservoir
// sample of rows; the preparation is learnt from those; RowPreparer then prepares one record at
// a time, in later passes, exactly as applyPreparation prepares a table. Browser-safe.
import { SegmintError } from '../errors.js';
import { Random } from '../kmeans/random.js';
import { categoryCode, checkNumericColumn, type CollectedTable, HeaderRow, type RawColumn } from './collect.js';
import { type AutoSelection, autoSelectColumns, identifierReason } from './columns.js';
import type { RecordSink } from './csv.js';
import { RecordFields } from './fields.js';
import { applyPreparation, checkPreparationArguments, checkRowsLeft, checkScaling, checkUsable, type ColumnReport, type ImputeMethod, type InputPreparation, numericConstant, categoryWarnings, type Preparation, type PrepareOptions, rowsKeptByDrop, usableClip } from './prepare.js';
import { mean, modeSorted, quantileSorted, sortedPresent, standardDeviation } from './stats.js';
import { type DecimalMark, isMonthYear, missingSpanTest, parseNumberAt, PointEvidence, readsCommaGroups, readsDecimalComma, UnitEvidence } from './values.js';

function dataError(message: string): SegmintError {
  return new SegmintError('ERR_INVALID_DATA', message);
}

interface ColumnStats {
  column: RawColumn;
  /** Kept with its texts (category counts), not only as a possible numeric column. */
  whole: boolean;
  /** Exact moments of the numeric fields (Welford). */
  count: number;
  /** Plain running sum (the mean fitPreparation computes, to the last bit, when nothing is missing). */
  sum: number;
  mean: number;
  m2: number;
  min: number;
  max: number;
  integers: boolean;
  /** Category code -> rows (whole columns), while <= MAX_CATEGORIES distinct. */
  dictionary: Map<string, number> | undefined;
  categoryCounts: number[];
  /** The reservoir sample's values: numbers (NaN missing or text) and codes (-1 missing). */
  sampleNumbers: Float64Array;
  sampleCodes: Int32Array | undefined;
  /** What the column's numbers say about its points, in a file read with decimal commas. */
  points: PointEvidence | undefined;
  units: UnitEvidence;
}

export interface StreamStatsOptions {
  missing?: readonly string[];
  /** Given the header: the columns to keep whole (0-based); others are followed as possible numeric features only when keepNumeric. */
  keep?: (header: string[]) => readonly number[];
  keepNumeric?: boolean;
  /** Rows in the reservoir sample. */
  sampleSize: number;
  seed: number;
  /** The file's decimal mark, when given (see readsDecimalComma); else its delimiter's. */
  decimal?: DecimalMark;
}

/**
 * Pass 1 of a streamed fit (a RecordSink): per column, the counts ColumnCollector keeps, exact
 * moments, minimum and maximum of the numbers, category counts, and a seeded reservoir sample
 * of rows (Vitter's algorithm R), in memory independent of the number of rows.
 */
export class StreamStats implements RecordSink {
  private headerRow: HeaderRow | undefined;
  nRows = 0;
  private states: ColumnStats[] = [];
  private tracked: ColumnStats[] = [];
  private readonly isMissing: (text: string, start: number, end: number) => boolean;
  private readonly random: Random;
  private readonly record = new RecordFields();
  private readonly sampleLines: Int32Array;
  private readonly decimalComma: boolean;
  private readonly commaGroups: boolean;

  constructor(
    readonly source: string,
    readonly delimiter: string,
    private readonly options: StreamStatsOptions,
  ) {
    this.isMissing = missingSpanTest(options.missing);
    this.decimalComma = readsDecimalComma(delimiter, options.decimal);
    this.commaGroups = readsCommaGroups(options.decimal);
    this.random = new Random(options.seed);
    this.sampleLines = new Int32Array(options.sampleSize);
  }

  add(fields: string[], line: number): void {
    this.addFields(this.record.ofList(fields), line);
  }

  /** add() for fields where they are (RecordSink.addFields): numbers are read in place. */
  addFields(record: RecordFields, line: number): void {
    if (record.isBlank()) return;
    if (this.headerRow === undefined) {
      this.setHeader(record.fields(), line);
      return;
    }
    this.headerRow.checkRecord(record, line);
    const i = this.nRows++;
    const size = this.options.sampleSize;
    const slot = i < size ? i : i < 4294967296 ? this.random.nextInt(i + 1) : Math.floor(this.random.nextFloat() * (i + 1));
    const sampled = slot < size;
    if (sampled) this.sampleLines[slot] = line;
    const decimalComma = this.decimalComma;
    for (const state of this.tracked) {
      const column = state.column;
      const text = record.text(column.index);
      const start = record.start(column.index);
      const end = record.end(column.index);
      if (this.isMissing(text, start, end)) {
        column.nMissing++;
        if (sampled) {
          state.sampleNumbers[slot] = NaN;
          if (state.sampleCodes) state.sampleCodes[slot] = -1;
        }
        continue;
      }
      const value = parseNumberAt(text, start, end, decimalComma, this.commaGroups);
      if (value !== undefined) {
        column.nNumeric++;
        const delta = value - state.mean;
        state.count++;
        state.sum += value;
        state.mean += delta / state.count;
        state.m2 += delta * (value - state.mean);
        if (value < state.min) state.min = value;
        if (value > state.max) state.max = value;
        if (state.integers && !Number.isInteger(value)) state.integers = false;
        state.points?.observe(text, start, end, line);
        state.units.observe(text, start, end, line);
        if (column.monthYears !== false) column.monthYears = isMonthYear(text, start, end);
      } else {
        column.nText++;
        column.firstText ??= { line, value: text.slice(start, end) };
      }
      if (sampled) state.sampleNumbers[slot] = value ?? NaN;
      if (state.dictionary) {
        const code = categoryCode(state.dictionary, column.categories, text.slice(start, end));
        if (code < 0) {
          state.dictionary = undefined;
          state.sampleCodes = undefined;
          column.categories = [];
          continue;
        }
        if (code === state.categoryCounts.length) state.categoryCounts.push(0);
        state.categoryCounts[code]!++;
        if (sampled) state.sampleCodes![slot] = code;
      }
    }
  }

  private setHeader(fields: string[], line: number): void {
    this.headerRow = new HeaderRow(fields, this.source, line, this.delimiter);
    const header = this.headerRow.names;
    const keep = new Set(this.options.keep?.(header) ?? []);
    const keepNumeric = this.options.keepNumeric ?? this.options.keep === undefined;
    const size = this.options.sampleSize;
    this.states = header.map((name, index) => {
      const whole = keep.has(index);
      return {
        column: { name, index, numbers: undefined, codes: undefined, categories: [], nMissing: 0, nNumeric: 0, nText: 0, firstText: undefined },
        whole,
        count: 0, sum: 0, mean: 0, m2: 0, min: Infinity, max: -Infinity, integers: true,
        dictionary: whole ? new Map() : undefined,
        categoryCounts: [],
        sampleNumbers: whole || keepNumeric ? new Float64Array(size) : new Float64Array(0),
        sampleCodes: whole ? new Int32Array(size) : undefined,
        points: this.decimalComma ? new PointEvidence() : undefined,
        units: new UnitEvidence(),
      };
    });
    this.tracked = this.states.filter((state) => state.whole || keepNumeric);
  }

  /**
   * The reservoir sample as a CollectedTable: each column's counts (nMissing, nNumeric, nText,
   * firstText, categories) are those of the whole file; its numbers and codes are the sample's.
   */
  sampleTable(): CollectedTable {
    if (this.headerRow === undefined) throw dataError(`${this.source}: the file is empty; expected a header row and data rows`);
    if (this.nRows === 0) throw dataError(`${this.source}: the header is the only row; expected data rows after it`);
    const n = Math.min(this.nRows, this.options.sampleSize);
    const columns = this.states.map((state) => ({
      ...state.column,
      numbers: this.tracked.includes(state) ? state.sampleNumbers.subarray(0, n) : undefined,
      codes: state.sampleCodes?.subarray(0, n),
      pointVerdict: state.points?.verdict(state.column.name),
      unitWarning: state.units.warning(state.column.name),
    }));
    return {
      source: this.source, header: this.headerRow.names, columns, nRows: n, lines: this.sampleLines.subarray(0, n), delimiter: this.delimiter, decimalComma: this.decimalComma,
      ...(this.options.decimal !== undefined && { decimal: this.options.decimal }),
      emptyLastColumn: this.headerRow.emptyLastColumn,
    };
  }

  /** Whole-file statistics of a column (0-based). */
  stats(index: number): Readonly<ColumnStats> {
    return this.states[index]!;
  }
}

/**
 * Why a column looks like it identifies rows, as identifierReason says, with one difference:
 * "unique integers packed in a range under 10 × rows" is judged on the whole file's range and
 * integrality and on the sample's distinctness (all values are never held).
 */
export function streamedIdentifierReason(stats: StreamStats, column: RawColumn): string | undefined {
  return identifierReason(column, (c) => {
    const s = stats.stats(c.index);
    return s.integers && s.count >= 10 && s.max - s.min < 10 * s.count && new Set(c.numbers).size === c.numbers!.length;
  });
}

/** Features chosen when none are given: autoSelectColumns, identifiers by streamedIdentifierReason. */
export function autoSelectStreamed(stats: StreamStats, table: CollectedTable, categorical: readonly number[]): AutoSelection {
  return autoSelectColumns(table, categorical, (column) => streamedIdentifierReason(stats, column));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Values with multiplicities, sorted ascending: a categorical output column's exact distribution. */
type Distribution = { value: number; count: number }[];

function distributionQuantile(distribution: Distribution, total: number, q: number): number {
  const valueAt = (i: number): number => {
    let seen = 0;
    for (const { value, count } of distribution) if ((seen += count) > i) return value;
    return distribution.at(-1)!.value;
  };
  const position = q * (total - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, total - 1);
  return valueAt(lo) + (valueAt(hi) - valueAt(lo)) * (position - lo);
}

interface ColumnScaling {
  constant: boolean;
  center: number;
  scaleBy: number;
}

function scalingOfDistribution(distribution: Distribution, scale: Preparation['scale']): ColumnScaling {
  const present = distribution.filter((d) => d.count > 0);
  const total = present.reduce((n, d) => n + d.count, 0);
  const min = present[0]!.value;
  const max = present.at(-1)!.value;
  if (min === max) return { constant: true, center: 0, scaleBy: 1 };
  switch (scale) {
    case 'standard': {
      const m = present.reduce((s, d) => s + d.value * d.count, 0) / total;
      const variance = present.reduce((s, d) => s + d.count * (d.value - m) ** 2, 0) / total;
      return { constant: false, center: m, scaleBy: Math.sqrt(variance) };
    }
    case 'minmax':
      return { constant: false, center: min, scaleBy: max - min };
    case 'robust': {
      const iqr = distributionQuantile(present, total, 0.75) - distributionQuantile(present, total, 0.25);
      return { constant: false, center: distributionQuantile(present, total, 0.5), scaleBy: iqr > 0 ? iqr : 1 };
    }
    case 'none':
      return { constant: false, center: 0, scaleBy: 1 };
  }
}

function scalingOfSample(values: Float64Array, scale: Preparation['scale']): ColumnScaling {
  const sorted = values.slice().sort();
  if (sorted.length === 0 || sorted[0] === sorted[sorted.length - 1]) return { constant: true, center: 0, scaleBy: 1 };
  switch (scale) {
    case 'standard': {
      const m = mean(values);
      return { constant: false, center: m, scaleBy: standardDeviation(values, m) };
    }
    case 'minmax':
      return { constant: false, center: sorted[0]!, scaleBy: sorted[sorted.length - 1]! - sorted[0]! };
    case 'robust': {
      const iqr = quantileSorted(sorted, 0.75) - quantileSorted(sorted, 0.25);
      return { constant: false, center: quantileSorted(sorted, 0.5), scaleBy: iqr > 0 ? iqr : 1 };
    }
    case 'none':
      return { constant: false, center: 0, scaleBy: 1 };
  }
}

export interface StreamedPreparation {
  preparation: Preparation;
  warnings: string[];
  /** What was estimated on the reservoir sample rather than computed from every row ("median of income", ...). */
  sampled: string[];
}

function numericFill(stats: Readonly<ColumnStats>, sortedSample: Float64Array, impute: ImputeMethod, name: string, sampled: string[]): number {
  if (typeof impute === 'object') return numericConstant(impute, name);
  if (impute === 'mean') return stats.sum / stats.count;
  if (stats.column.nMissing > 0) sampled.push(`the ${impute === 'mode' ? 'mode' : 'median'} that fills "${name}"`);
  return impute === 'mode' ? modeSorted(sortedSample) : quantileSorted(sortedSample, 0.5);
}

/**
 * The preparation fitPreparation would learn from the whole file, learnt from pass-1 statistics:
 * exact where the statistic allows (means, standard deviations, minima, maxima, categories and
 * every statistic of a categorical column), from the reservoir sample where it needs every value
 * (medians, quantiles, the mode of a number, and scaling after clipping or after dropping rows).
 */
export function fitStreamedPreparation(stats: StreamStats, table: CollectedTable, columns: readonly number[], options: PrepareOptions = {}): StreamedPreparation {
  checkPreparationArguments(table, columns, options, 'fitStreamedPreparation');
  const scale = options.scale ?? 'standard';
  const encode = options.encode ?? 'onehot';
  const impute = options.impute ?? 'median';
  const clip = options.clip ?? 0;
  const warnings: string[] = [];
  const sampled: string[] = [];
  const inputs: InputPreparation[] = [];
  const sources: Readonly<ColumnStats>[] = [];
  const kinds = columns.map((index) => checkUsable(table, table.columns[index]!, options.categorical?.includes(index)));
  // The sample's rows the fit keeps, as fitPreparation learns its clip bounds from them.
  const kept = rowsKeptByDrop(table, columns, kinds, impute, encode);
  for (const [c, index] of columns.entries()) {
    const column = table.columns[index]!;
    const s = stats.stats(index);
    const kind = kinds[c]!;
    if (kind === 'numeric') {
      const sorted = sortedPresent(kept ? column.numbers!.filter((_, i) => kept[i] === 1) : column.numbers!);
      const fill = impute === 'drop' ? null : numericFill(s, sorted, impute, column.name, sampled);
      const clipBounds = clip > 0 ? usableClip([quantileSorted(sorted, clip), quantileSorted(sorted, 1 - clip)], s.min === s.max, column.name, clip, warnings) : null;
      if (clipBounds !== null) sampled.push(`the clipping bounds of "${column.name}"`);
      inputs.push({ name: column.name, kind, fill, clip: clipBounds });
      sources.push(s);
      checkNumericColumn(table.source, column, warnings);
      continue;
    }
    if (encode === 'drop') {
      warnings.push(`column "${column.name}" is categorical and --encode drop leaves it out`);
      continue;
    }
    const counts = new Map<string, number>();
    column.categories.forEach((category, code) => {
      if (s.categoryCounts[code]! > 0) counts.set(category, s.categoryCounts[code]!);
    });
    const categories = [...counts.keys()].sort(compareText);
    let fill: string | null = null;
    if (typeof impute === 'object') fill = impute.constant;
    else if (impute !== 'drop') fill = categories.reduce((best, c) => (counts.get(c)! > counts.get(best)! ? c : best), categories[0]!);
    if (fill !== null && !categories.includes(fill)) categories.push(fill), categories.sort(compareText);
    warnings.push(...categoryWarnings(table, column, encode, categories.length));
    inputs.push({ name: column.name, kind, encoding: encode, categories, fill });
    sources.push(s);
  }
  if (inputs.length === 0) throw new SegmintError('ERR_INVALID_ARGUMENT', `${table.source}: no feature columns left to cluster`);

  // Every output column, unscaled, over the sample's kept rows (for what is estimated on it).
  const all = outputNames(inputs);
  const raw = applyPreparation({ inputs, outputs: all, scale: 'none', center: all.map(() => 0), scaleBy: all.map(() => 1) }, table);
  checkRowsLeft(table.source, raw.nSamples, table.nRows, table.nRows < stats.nRows ? 'the sampled' : 'its');
  // Rows are dropped (--impute drop with missing cells): only the sample knows which stay.
  const rowsExact = inputs.every((input, i) => input.fill !== null || sources[i]!.column.nMissing === 0);
  const sampleColumn = (j: number): Float64Array => Float64Array.from({ length: raw.nSamples }, (_, r) => raw.matrix[r * all.length + j]!);

  const outputs: string[] = [];
  const center: number[] = [];
  const scaleBy: number[] = [];
  let j = 0;
  inputs.forEach((input, i) => {
    const s = sources[i]!;
    const n = stats.nRows;
    const take = (name: string, scaling: ColumnScaling) => {
      if (scaling.constant) warnings.push(`column "${name}" has the same value in every row (zero variance); it is left out`);
      else {
        checkScaling(stats.source, name, scale, scaling.center, scaling.scaleBy);
        outputs.push(name);
        center.push(scaling.center);
        scaleBy.push(scaling.scaleBy);
      }
    };
    if (input.kind === 'numeric') {
      const name = all[j]!;
      const exact = rowsExact && input.clip === null && scale !== 'robust';
      if (exact) {
        const missing = s.column.nMissing;
        const fill = input.fill ?? 0;
        const total = s.count + missing;
        const m = missing === 0 ? s.sum / total : (s.sum + missing * fill) / total;
        const m2 = s.m2 + s.count * (s.mean - m) ** 2 + missing * (fill - m) ** 2;
        const min = missing > 0 ? Math.min(s.min, fill) : s.min;
        const max = missing > 0 ? Math.max(s.max, fill) : s.max;
        take(name, min === max ? { constant: true, center: 0, scaleBy: 1 } : scale === 'standard' ? { constant: false, center: m, scaleBy: Math.sqrt(m2 / total) } : scale === 'minmax' ? { constant: false, center: min, scaleBy: max - min } : { constant: false, center: 0, scaleBy: 1 });
      } else {
        if (scale !== 'none') sampled.push(`the scaling of "${name}"`);
        take(name, scalingOfSample(sampleColumn(j), scale));
      }
      j++;
      return;
    }
    // Categorical: the exact distribution of codes, missing cells counted in the fill category.
    const codeCounts = input.categories.map((category) => {
      const code = s.column.categories.indexOf(category);
      return (code >= 0 ? s.categoryCounts[code]! : 0) + (category === input.fill ? s.column.nMissing : 0);
    });
    const total = rowsExact ? n : 0;
    if (input.encoding === 'ordinal') {
      const name = all[j]!;
      take(name, rowsExact ? scalingOfDistribution(codeCounts.map((count, value) => ({ value, count })), scale) : (sampled.push(`the scaling of "${name}"`), scalingOfSample(sampleColumn(j), scale)));
      j++;
      return;
    }
    input.categories.forEach((_, c) => {
      const name = all[j]!;
      take(name, rowsExact ? scalingOfDistribution([{ value: 0, count: total - codeCounts[c]! }, { value: 1, count: codeCounts[c]! }], scale) : (sampled.push(`the scaling of "${name}"`), scalingOfSample(sampleColumn(j), scale)));
      j++;
    });
  });
  if (outputs.length === 0) throw dataError(`${table.source}: every selected column is constant; nothing to cluster`);
  return { preparation: { inputs, outputs, scale, center, scaleBy }, warnings, sampled };
}

function outputNames(inputs: InputPreparation[]): string[] {
  return inputs.flatMap((input) => (input.kind === 'categorical' && input.encoding === 'onehot' ? input.categories.map((category) => `${input.name}=${category}`) : [input.name]));
}

/**
 * Prepares one record at a time as applyPreparation prepares a table: the same filling,
 * clipping, encoding and scaling, and the same per-column counts (the report). A text in a
 * numeric column or a category the preparation does not know is an error naming the file,
 * line and column: in a streamed fit, the first pass has seen every value, so either means the
 * file changed between passes.
 */
export class RowPreparer {
  readonly nFeatures: number;
  readonly reports: ColumnReport[];
  droppedRows = 0;
  private readonly columns: { index: number; input: InputPreparation; known: Map<string, number> | undefined; fillCode: number; slots: Int32Array }[];
  private readonly isMissing: (text: string, start: number, end: number) => boolean;
  private readonly decimalComma: boolean;
  private readonly commaGroups: boolean;
  private readonly values: Float64Array;

  constructor(
    private readonly preparation: Preparation,
    header: readonly string[],
    missing: readonly string[],
    private readonly source: string,
    delimiter: string,
    decimal?: DecimalMark,
  ) {
    this.nFeatures = preparation.outputs.length;
    this.isMissing = missingSpanTest(missing);
    this.decimalComma = readsDecimalComma(delimiter, decimal);
    this.commaGroups = readsCommaGroups(decimal);
    const all = outputNames(preparation.inputs);
    const slotOf = new Map(preparation.outputs.map((name, j) => [name, j]));
    let output = 0;
    this.columns = preparation.inputs.map((input) => {
      const index = header.indexOf(input.name) !== -1 ? header.indexOf(input.name) : header.findIndex((h) => h.toLowerCase() === input.name.toLowerCase());
      if (index === -1) throw dataError(`${source}: no column "${input.name}"`);
      const width = input.kind === 'categorical' && input.encoding === 'onehot' ? input.categories.length : 1;
      const slots = Int32Array.from({ length: width }, (_, w) => slotOf.get(all[output + w]!) ?? -1);
      output += width;
      if (input.kind === 'numeric') return { index, input, known: undefined, fillCode: -1, slots };
      return { index, input, known: new Map(input.categories.map((c, i) => [c, i])), fillCode: input.fill === null ? -1 : input.categories.indexOf(input.fill), slots };
    });
    this.reports = preparation.inputs.map((input) => ({ name: input.name, kind: input.kind, missing: 0, filled: 0, fill: input.fill, unseen: 0, clipped: 0 }));
    this.values = new Float64Array(preparation.inputs.length);
  }

  /**
   * The row prepare() last kept, `prepared` (its output), in the matrix columns' own units as
   * profiles take them (see unclippedColumns): a clipped column's value as given (a missing one
   * as its fill), the others unscaled. Writes out[0 .. nFeatures).
   */
  givenValues(prepared: ArrayLike<number>, out: Float64Array): void {
    const { center, scaleBy } = this.preparation;
    for (let j = 0; j < this.nFeatures; j++) out[j] = prepared[j]! * scaleBy[j]! + center[j]!;
    this.columns.forEach(({ input, slots }, i) => {
      const j = slots[0]!;
      if (input.kind !== 'numeric' || input.clip === null || j < 0) return;
      const value = this.values[i]!;
      out[j] = Number.isNaN(value) ? input.fill! : value;
    });
  }

  /** Writes the record's prepared row into out[at .. at + nFeatures); false when the row is dropped (a missing cell without a fill value). */
  prepare(record: RecordFields, line: number, out: Float64Array, at: number): boolean {
    const { columns, values, reports } = this;
    let dropped = false;
    for (let i = 0; i < columns.length; i++) {
      const { index, input, known } = columns[i]!;
      const text = record.text(index);
      const start = record.start(index);
      const end = record.end(index);
      const report = reports[i]!;
      if (this.isMissing(text, start, end)) {
        report.missing++;
        if (input.fill === null) dropped = true;
        else report.filled++;
        values[i] = NaN;
        continue;
      }
      if (input.kind === 'numeric') {
        const value = parseNumberAt(text, start, end, this.decimalComma, this.commaGroups);
        if (value === undefined) {
          throw dataError(`${this.source}, line ${line}, column "${input.name}" (${index + 1}): expected a number, got ${JSON.stringify(record.field(index))} (the first pass read no text in this column: did the file change while it was read?)`);
        }
        values[i] = value;
      } else {
        const field = record.field(index);
        const code = known!.get(field.trim());
        if (code === undefined) {
          throw dataError(`${this.source}, line ${line}, column "${input.name}" (${index + 1}): expected one of the ${input.categories.length} categories read in the first pass, got ${JSON.stringify(field)} (did the file change while it was read?)`);
        }
        values[i] = code;
      }
    }
    if (dropped) {
      this.droppedRows++;
      return false;
    }
    const { center, scaleBy } = this.preparation;
    for (let i = 0; i < columns.length; i++) {
      const { input, fillCode, slots } = columns[i]!;
      let value = values[i]!;
      if (input.kind === 'numeric') {
        if (Number.isNaN(value)) value = input.fill!;
        if (input.clip) {
          const clipped = Math.min(Math.max(value, input.clip[0]), input.clip[1]);
          if (clipped !== value) reports[i]!.clipped++;
          value = clipped;
        }
        const j = slots[0]!;
        if (j >= 0) out[at + j] = (value - center[j]!) / scaleBy[j]!;
        continue;
      }
      const code = Number.isNaN(value) ? fillCode : value;
      if (input.encoding === 'ordinal') {
        const j = slots[0]!;
        if (j >= 0) out[at + j] = (code - center[j]!) / scaleBy[j]!;
      } else {
        for (let c = 0; c < slots.length; c++) {
          const j = slots[c]!;
          if (j >= 0) out[at + j] = ((code === c ? 1 : 0) - center[j]!) / scaleBy[j]!;
        }
      }
    }
    return true;
  }
}
