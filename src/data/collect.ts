import { SegmintError } from '../errors.js';
import { RecordFields } from './fields.js';
import { checkPointVerdict, type DecimalMark, isMonthYear, missingSpanTest, parseNumberAt, PointEvidence, type PointVerdict, readsCommaGroups, readsDecimalComma, UnitEvidence } from './values.js';

/** More distinct texts than this and a column is not treated as categorical. */
export const MAX_CATEGORIES = 1000;

/**
 * The code of a field's category (its trimmed text) in a column's dictionary, numbered in order
 * of first appearance and added to `categories` when new; -1 when a new one would pass
 * MAX_CATEGORIES.
 */
export function categoryCode(dictionary: Map<string, number>, categories: string[], field: string): number {
  const text = field.trim();
  let code = dictionary.get(text);
  if (code === undefined) {
    code = dictionary.size;
    if (code >= MAX_CATEGORIES) return -1;
    dictionary.set(text, code);
    categories.push(text);
  }
  return code;
}
/**
 * A column whose non-missing fields are mostly numbers is numeric, and its texts are errors
 * (unless the user declares it categorical).
 */
const NUMERIC_SHARE = 0.5;

export interface CollectOptions {
  /** Field texts that mean "missing" (see DEFAULT_MISSING). */
  missing?: readonly string[];
  /**
   * Given the header, the columns to keep whole (0-based): numbers and category texts, e.g.
   * the resolved --features.
   */
  keep?: (header: string[]) => readonly number[];
  /**
   * Also keep the numbers of every other column while it may be numeric, for automatic feature
   * selection; text columns are then only described, not stored.
   */
  keepNumeric?: boolean;
  /**
   * The file's decimal mark, when given (see readsDecimalComma); else its delimiter's. Not in
   * COLLECT_OPTIONS: it belongs to the file, given where its delimiter is.
   */
  decimal?: DecimalMark;
}

/** The option names of CollectOptions. */
export const COLLECT_OPTIONS = ['missing', 'keep', 'keepNumeric'] as const;

/** One column as read: its values (when kept) and what its fields looked like. */
export interface RawColumn {
  name: string;
  /** 0-based position in the file. */
  index: number;
  /** Values of numeric fields; NaN where missing or not a number. Absent when not kept. */
  numbers: Float64Array | undefined;
  /** Category codes (into `categories`), -1 where missing. Absent when not kept or too many distinct texts. */
  codes: Int32Array | undefined;
  /** Distinct non-missing texts in order of first appearance, while <= MAX_CATEGORIES. */
  categories: string[];
  nMissing: number;
  nNumeric: number;
  nText: number;
  /** The first non-numeric, non-missing field, for error messages. */
  firstText: { line: number; value: string } | undefined;
  /** Every number in it was written as a month, "07.2024" (see isMonthYear). */
  monthYears?: boolean;
  /** In a file read with decimal commas, what its points say: they may group thousands, or surely do (see PointEvidence). */
  pointVerdict?: PointVerdict;
  /** Percent signs on some of its numbers only, or more than one currency (see UnitEvidence). */
  unitWarning?: string;
}

/**
 * What a chosen numeric column's numbers say of how they were written, in every reader of a
 * table: its points (checkPointVerdict: an error or a warning) and its units (a warning).
 */
export function checkNumericColumn(source: string, column: RawColumn, warnings: string[]): void {
  checkPointVerdict(source, column.pointVerdict, warnings);
  if (column.unitWarning !== undefined) warnings.push(column.unitWarning);
}

/**
 * Lets go of a table's column values once the feature matrix is built from them, so a large file
 * is not held twice while k-means runs. The header, counts and line numbers stay.
 */
export function releaseColumnValues(table: CollectedTable): void {
  for (const column of table.columns) {
    column.numbers = undefined;
    column.codes = undefined;
  }
}

/** What a column holds, decided when all rows are read. */
export type ColumnKind = 'numeric' | 'categorical' | 'empty' | 'mixed';

export function columnKind(column: RawColumn): ColumnKind {
  const present = column.nNumeric + column.nText;
  if (present === 0) return 'empty';
  if (column.nText === 0) return 'numeric';
  if (column.nNumeric / present >= NUMERIC_SHARE) return 'mixed';
  return 'categorical';
}

/** A CSV file read into columns: no copy of its text, no object per row. */
export interface CollectedTable {
  source: string;
  header: string[];
  columns: RawColumn[];
  nRows: number;
  /** The 1-based line on which each data row starts. */
  lines: Int32Array;
  delimiter: string;
  /** Whether its numbers were read with a decimal comma. */
  decimalComma: boolean;
  /** The decimal mark the reader was given (undefined: the delimiter's); 'point' also reads "15,000" (readsCommaGroups). */
  decimal?: DecimalMark;
  /**
   * The file's last column had no name and no value in any row (a delimiter at the end of every
   * line, as Excel writes): it is not in header and columns (see HeaderRow).
   */
  emptyLastColumn?: boolean;
}

/** What reading left out of a table, for the user (segments.csv still holds every record). */
export function readingNotes(table: CollectedTable): string[] {
  return table.emptyLastColumn ? [`${table.source}: ignored an empty last column (a delimiter at the end of every line)`] : [];
}

function dataError(message: string): SegmintError {
  return new SegmintError('ERR_INVALID_DATA', message);
}

/**
 * A header row's column names, a leading byte-order mark dropped; every name must be non-blank
 * and unique. `source` and `line` place the error.
 */
function checkedHeader(fields: string[], source: string, line: number): string[] {
  const header = fields.map((name, index) => (index === 0 ? name.replace(/^\ufeff/, '') : name));
  const seen = new Map<string, number>();
  header.forEach((name, index) => {
    const column = index + 1;
    if (name.trim() === '') throw dataError(`${source}, line ${line}: column ${column} has no name in the header`);
    const previous = seen.get(name);
    if (previous !== undefined) {
      throw dataError(`${source}, line ${line}: column name "${name}" appears twice (columns ${previous} and ${column}); names must be unique`);
    }
    seen.set(name, column);
  });
  return header;
}

/**
 * A header row as every reader takes it: the column names (checkedHeader) and the number of
 * fields each record must have. A delimiter at the end of every line (as Excel writes) names no
 * column: that unnamed last column is left out of the names, and a record may put nothing in it.
 */
export class HeaderRow {
  readonly names: string[];
  /** Fields per record: the names', plus the unnamed last column when it is left out. */
  readonly width: number;

  constructor(
    fields: string[],
    private readonly source: string,
    private readonly line: number,
    private readonly delimiter: string,
  ) {
    const unnamedLast = fields.length > 1 && fields.at(-1)!.trim() === '';
    this.names = checkedHeader(unnamedLast ? fields.slice(0, -1) : fields, source, line);
    this.width = fields.length;
  }

  /** Whether an unnamed last column is left out. */
  get emptyLastColumn(): boolean {
    return this.width > this.names.length;
  }

  /** Fails, naming the line, for a record of another width or with a value in the unnamed last column. */
  checkRecord(record: RecordFields, line: number): void {
    record.expectWidth(this.width, this.source, line, this.delimiter);
    if (!this.emptyLastColumn) return;
    const c = this.names.length;
    if (record.start(c) === record.end(c)) return;
    const value = record.field(c);
    if (value.trim() === '') return;
    throw dataError(
      `${this.source}, line ${line}, column ${c + 1}: ${JSON.stringify(value)} in a column with no name in the header (line ${this.line}); expected a name for every column that holds values`,
    );
  }
}

class GrowableFloat64 {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  /** The values, without a copy (a copy would hold the column twice at the peak). */
  finish(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

class GrowableInt32 {
  private data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  finish(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

interface ColumnState {
  column: RawColumn;
  /** Kept with its texts (a chosen column), not only as a possible numeric feature. */
  whole: boolean;
  numbers: GrowableFloat64 | undefined;
  codes: GrowableInt32 | undefined;
  dictionary: Map<string, number>;
  /** What the column's numbers say about its points, in a file read with decimal commas. */
  points: PointEvidence | undefined;
  units: UnitEvidence;
}

/**
 * Receives a CSV file's records one at a time (from any reader: a string in a browser, a file
 * stream in Node) and keeps only what segmentation needs, in typed arrays.
 */
export class ColumnCollector {
  private header: HeaderRow | undefined;
  private states: ColumnState[] = [];
  private readonly lines = new GrowableInt32();
  private readonly isMissing: (text: string, start: number, end: number) => boolean;
  private nRows = 0;
  private readonly record = new RecordFields();

  constructor(
    private readonly source: string,
    private readonly delimiter: string,
    private readonly options: CollectOptions = {},
  ) {
    this.isMissing = missingSpanTest(options.missing);
    this.decimalComma = readsDecimalComma(delimiter, options.decimal);
    this.commaGroups = readsCommaGroups(options.decimal);
  }

  private readonly decimalComma: boolean;
  private readonly commaGroups: boolean;

  /** Whether a record is a blank line (skipped everywhere). */
  static isBlank(fields: readonly string[]): boolean {
    return new RecordFields().ofList(fields).isBlank();
  }

  /** Takes the header, or a data row; `line` is the 1-based line the record starts on. */
  add(fields: string[], line: number): void {
    this.addFields(this.record.ofList(fields), line);
  }

  /** add() for fields where they are (RecordSink.addFields): numbers are read in place. */
  addFields(record: RecordFields, line: number): void {
    if (record.isBlank()) return;
    if (this.header === undefined) {
      this.setHeader(record.fields(), line);
      return;
    }
    this.header.checkRecord(record, line);
    const width = this.header.names.length;
    this.lines.push(line);
    this.nRows++;
    const decimalComma = this.decimalComma;
    const states = this.states;
    for (let c = 0; c < width; c++) this.takeField(states[c]!, record.text(c), record.start(c), record.end(c), line, decimalComma);
  }

  /** One field, text[start, end), of the current row into its column. */
  private takeField(state: ColumnState, text: string, start: number, end: number, line: number, decimalComma: boolean): void {
    const column = state.column;
    if (this.isMissing(text, start, end)) {
      column.nMissing++;
      state.numbers?.push(NaN);
      state.codes?.push(-1);
      return;
    }
    const value = parseNumberAt(text, start, end, decimalComma, this.commaGroups);
    if (value !== undefined) {
      column.nNumeric++;
      state.numbers?.push(value);
      state.points?.observe(text, start, end, line);
      state.units.observe(text, start, end, line);
      if (column.monthYears !== false) column.monthYears = isMonthYear(text, start, end);
    } else {
      column.nText++;
      column.firstText ??= { line, value: text.slice(start, end) };
      state.numbers?.push(NaN);
      // Kept only as a possible numeric feature: a text column is not one, stop storing it.
      if (!state.whole && columnKind(column) === 'categorical') state.numbers = undefined;
    }
    if (state.codes) {
      const code = categoryCode(state.dictionary, column.categories, text.slice(start, end));
      if (code < 0) {
        state.codes = undefined;
        state.dictionary.clear();
        column.categories = [];
        return;
      }
      state.codes.push(code);
    }
  }

  private setHeader(fields: string[], line: number): void {
    this.header = new HeaderRow(fields, this.source, line, this.delimiter);
    const header = this.header.names;
    const keep = new Set(this.options.keep?.(header) ?? []);
    const keepNumeric = this.options.keepNumeric ?? this.options.keep === undefined;
    this.states = header.map((name, index) => {
      const whole = keep.has(index);
      return {
        whole,
        column: {
          name, index, numbers: undefined, codes: undefined, categories: [],
          nMissing: 0, nNumeric: 0, nText: 0, firstText: undefined,
        },
        numbers: whole || keepNumeric ? new GrowableFloat64() : undefined,
        // Texts are only needed for chosen columns (categorical encoding).
        codes: whole ? new GrowableInt32() : undefined,
        dictionary: new Map(),
        points: this.decimalComma ? new PointEvidence() : undefined,
        units: new UnitEvidence(),
      };
    });
  }

  /** The header, once the first record has been added. */
  get columnNames(): string[] | undefined {
    return this.header?.names;
  }

  finish(): CollectedTable {
    if (this.header === undefined) throw dataError(`${this.source}: the file is empty; expected a header row and data rows`);
    if (this.nRows === 0) throw dataError(`${this.source}: the header is the only row; expected data rows after it`);
    const columns = this.states.map((state) => ({
      ...state.column,
      numbers: state.numbers?.finish(),
      codes: state.codes?.finish(),
      pointVerdict: state.points?.verdict(state.column.name),
      unitWarning: state.units.warning(state.column.name),
    }));
    return {
      source: this.source, header: this.header.names, columns, nRows: this.nRows, lines: this.lines.finish(), delimiter: this.delimiter, decimalComma: this.decimalComma,
      ...(this.options.decimal !== undefined && { decimal: this.options.decimal }),
      emptyLastColumn: this.header.emptyLastColumn,
    };
  }
}
