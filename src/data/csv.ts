import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { COLLECT_OPTIONS, type CollectedTable, ColumnCollector, type CollectOptions } from './collect.js';
import { RecordFields } from './fields.js';
import { type DecimalMark, withoutBom } from './values.js';

/** The delimiters detectDelimiter chooses from. */
export const DELIMITERS = [',', '\t', ';', '|'] as const;

/** Delimiters by name, for a command line where a tab or a pipe is awkward to type (--delimiter tab). */
export const DELIMITER_NAMES: ReadonlyMap<string, string> = new Map([
  ['comma', ','],
  ['tab', '\t'],
  ['\\t', '\t'],
  ['semicolon', ';'],
  ['pipe', '|'],
]);

/** Longest line accepted: anything longer is not a CSV record but a binary or broken file. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Records detectDelimiter judges: the header and 20 rows, within the first DETECTION_CHARS. */
const DETECTED_RECORDS = 21;
const DETECTION_CHARS = 65536;
/** Bytes of a UTF-8 file that hold at least DETECTION_CHARS characters (UTF-16 units): 3 a unit at most. */
export const DETECTION_BYTES = 3 * DETECTION_CHARS;

/**
 * The delimiter whose fields are most numerous in the header and consistent over the first rows
 * of `preview`, the start of the text without a byte-order mark. `complete`: the preview is the
 * whole text, so its last record counts even without a line break after it; otherwise that
 * record may be cut short and is not judged (unless it is the header). A text of one column
 * gets ',', or a tab when its numbers are written with decimal commas (which ',' would split).
 */
export function detectDelimiter(preview: string, complete = true, decimalComma = false): string {
  // Judging a 64 KB start of the text: the record it cuts is no longer the text's last.
  complete &&= preview.length <= DETECTION_CHARS;
  preview = preview.slice(0, DETECTION_CHARS);
  let best: string = decimalComma ? '\t' : ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const counts = fieldCounts(preview, delimiter, complete);
    const header = counts[0] ?? 0;
    if (header < 2) continue;
    const consistent = counts.every((count) => count === header);
    const score = (consistent ? 1_000_000 : 0) + header;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

/**
 * How many fields the first DETECTED_RECORDS records of the preview have when read with
 * `delimiter` (-1 for a record whose quotes cannot be read), blank ones ("" too) skipped.
 */
function fieldCounts(preview: string, delimiter: string, complete: boolean): number[] {
  const counts: number[] = [];
  const count = (record: string, broken: boolean): void => {
    if (counts.length === DETECTED_RECORDS) return;
    const fields = record.indexOf('"') === -1 ? record.split(delimiter) : quotedRecordFields(record, delimiter, broken);
    if (typeof fields === 'string') counts.push(-1);
    else if (fields.length > 1 || fields[0] !== '') counts.push(fields.length);
  };
  const splitter = new RecordSplitter(delimiter);
  splitter.pushSpans(preview, (text, start, end) => count(text.slice(start, end), true));
  const last = splitter.end();
  if (last !== undefined && (complete || counts.length === 0)) count(last, false);
  return counts;
}

export function lineBreakOf(preview: string): '\r\n' | '\n' {
  const at = preview.indexOf('\n');
  return at > 0 && preview[at - 1] === '\r' ? '\r\n' : '\n';
}

/**
 * The text and name every reader of CSV text takes: strings (a File or an ArrayBuffer is read
 * into text first). Checked before a worker is started too, which would fail less clearly.
 */
export function checkCsvArguments(text: unknown, source: unknown): void {
  if (typeof text !== 'string') throw invalidArgument(`text must be the CSV file's content as a string; got ${describeGiven(text)} (read a File with await file.text())`);
  if (typeof source !== 'string') throw invalidArgument(`source must be a string naming the file in messages; got ${describeGiven(source)}`);
}

/** Checks the start of a file for signs that it is not text; returns the text without a BOM. */
export function checkPreview(preview: string, source: string): string {
  preview = withoutBom(preview);
  const nul = preview.indexOf('\0');
  if (nul !== -1) {
    // UTF-16 puts a NUL beside every ASCII character, and its byte-order mark reads as two U+FFFD.
    if (preview.startsWith('\ufffd\ufffd') || /^(?:[^\0]\0){4}|^(?:\0[^\0]){4}/.test(preview)) {
      throw new SegmintError('ERR_INVALID_DATA', `${source}: UTF-16 text (a NUL byte beside each character); expected UTF-8: save it as UTF-8 (in Excel, "CSV UTF-8")`);
    }
    throw new SegmintError('ERR_INVALID_DATA', `${source}: not a text CSV file (a NUL byte at character ${nul}); expected UTF-8 text with a header row`);
  }
  // Lines ended by a carriage return alone (classic Mac OS) would read as one long line.
  const cr = preview.indexOf('\r');
  if (cr !== -1 && cr < preview.trimEnd().length && !preview.includes('\n')) {
    throw new SegmintError('ERR_INVALID_DATA', `${source}: its lines end with a carriage return alone (classic Mac OS); expected line feeds (LF, or CR LF): save it with Unix or Windows line endings`);
  }
  return preview;
}

function describeParseError(code: string): string {
  switch (code) {
    case 'MissingQuotes':
      return 'a quoted field is never closed; expected a closing double quote';
    case 'InvalidQuotes':
      return 'a double quote inside an unquoted field; expected quotes around the whole field';
    default:
      return `cannot parse the row (${code})`;
  }
}

/** Whatever consumes a CSV file's records, one at a time: a column collector, an RFM aggregator. */
export interface RecordSink {
  /** `line` is the 1-based line the record starts on. Throws a SegmintError to stop reading. */
  add(fields: string[], line: number): void;
  /**
   * Optional: takes the record's fields where they are instead of add() (for a record without
   * quotes, in the text being read), so a sink that reads numbers in place saves making a
   * string of each field. The RecordFields is reused for the next record.
   */
  addFields?(record: RecordFields, line: number): void;
}

/** Delimiters papaparse refuses, and the quote, which would end quoted fields. */
const BAD_DELIMITERS = ['"', '\r', '\n', '\ufeff'];

/** What isUsableDelimiter accepts, for the messages that refuse a delimiter. */
export const USABLE_DELIMITER = 'one character other than a double quote, a line break or a byte-order mark';

/** Whether a delimiter can be used: one character that is not a quote, a line break or a BOM. */
export function isUsableDelimiter(delimiter: unknown): delimiter is string {
  return typeof delimiter === 'string' && delimiter.length === 1 && !BAD_DELIMITERS.includes(delimiter);
}

/** A forced delimiter must be usable (isUsableDelimiter). */
export function checkDelimiter(delimiter: string): void {
  if (!isUsableDelimiter(delimiter)) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `the delimiter is ${JSON.stringify(delimiter)}; expected ${USABLE_DELIMITER}`);
  }
}

/** Excel's first line naming the file's delimiter (sep=;), found by sepLineOf. */
export interface SepLine {
  /** The delimiter it names. */
  delimiter: string;
  /** Its length with its line break: the header starts there. */
  length: number;
}

/**
 * The "sep=" line that starts `text` (its first line whole; no byte-order mark), as Excel writes
 * and reads it: the whole line is sep= and one character, the file's delimiter, maybe in double
 * quotes ("sep=;"). undefined when the first line is a header, as is `sep=x,other`: more than one
 * character after sep=, one of them a delimiter detectDelimiter knows, makes more than one field.
 * Fails for a sep line that names no usable delimiter, or one other than `forced`.
 */
export function sepLineOf(text: string, source: string, forced?: string): SepLine | undefined {
  const lineFeed = text.indexOf('\n');
  const length = lineFeed === -1 ? text.length : lineFeed + 1;
  const line = text.slice(0, recordEnd(text, 0, lineFeed === -1 ? text.length : lineFeed));
  // SEP= too, and spaces after the delimiter (not a space itself) that an editor left.
  const quoted = /^"sep=(.*)"$/is.exec(line);
  const written = quoted ? quoted[1]!.replaceAll('""', '"') : /^sep=/i.test(line) ? line.slice(4) : undefined;
  const named = written !== undefined && written.length > 1 ? written.replace(/(?<! ) +$/, '') : written;
  if (named === undefined || (named.length > 1 && DELIMITERS.some((delimiter) => named.includes(delimiter)))) return undefined;
  const where = `${source}, line 1: ${JSON.stringify(line)}`;
  if (named.length !== 1) {
    throw new SegmintError('ERR_INVALID_DATA', `${where} names ${named === '' ? 'no delimiter' : `${named.length} characters as the delimiter`}; expected sep= and one character, e.g. sep=; (a tab as a real tab), or a header row`);
  }
  if (!isUsableDelimiter(named)) {
    throw new SegmintError('ERR_INVALID_DATA', `${where} names ${JSON.stringify(named)} as the delimiter; expected ${USABLE_DELIMITER}`);
  }
  if (forced !== undefined && forced !== named) {
    throw new SegmintError(
      'ERR_INVALID_ARGUMENT',
      `${where} says the delimiter is ${JSON.stringify(named)}, but ${JSON.stringify(forced)} was given; give ${JSON.stringify(named)} or none (the sep= line's is used), or remove the sep= line`,
    );
  }
  return { delimiter: named, length };
}

/**
 * Refuses a text without a header row: empty, or (when `complete`, the preview is the whole text)
 * a sep= line alone.
 */
export function checkNotEmpty(preview: string, source: string, complete: boolean): void {
  if (preview.trim() === '') throw new SegmintError('ERR_INVALID_DATA', `${source}: the file is empty; expected a header row and data rows`);
  const sepLine = complete ? sepLineOf(preview, source) : undefined;
  if (sepLine !== undefined && preview.slice(sepLine.length).trim() === '') {
    throw new SegmintError('ERR_INVALID_DATA', `${source}: nothing follows its sep= line (line 1); expected a header row and data rows after it`);
  }
}

/**
 * The delimiter of a text that starts with `preview` (no byte-order mark): the one its sep= line
 * names (see sepLineOf; `forced` must agree with it), else `forced`, else `fallback` (a model's,
 * which yields to a sep= line without a quarrel), else detectDelimiter's.
 */
export function chooseDelimiter(preview: string, source: string, forced: string | undefined, complete: boolean, decimalComma: boolean, fallback?: string): string {
  if (forced !== undefined) checkDelimiter(forced);
  return sepLineOf(preview, source, forced)?.delimiter ?? forced ?? fallback ?? detectDelimiter(preview, complete, decimalComma);
}

/** Text read in chunks, split where its records start. */
interface TextStart {
  /** What comes before them, kept as written: a byte-order mark and a sep= line, when there are. */
  before: string;
  records: string;
  /** The sep= line, in the piece that held it. */
  sepLine: SepLine | undefined;
}

/**
 * The start of a text read in chunks, held until its first line is whole (it may be a sep= line,
 * which must name `delimiter`), then split where the records start; the chunks after it pass.
 */
class FirstLine {
  private held: string | undefined = '';

  constructor(
    private readonly source: string,
    private readonly delimiter: string,
  ) {}

  /** The chunk split (see TextStart), or undefined while the first line is incomplete and more is to come. */
  take(chunk: string, last = false): TextStart | undefined {
    if (this.held === undefined) return { before: '', records: chunk, sepLine: undefined };
    this.held += chunk;
    if (!last && chunk.indexOf('\n') === -1) return undefined;
    const start = this.held;
    this.held = undefined;
    const text = withoutBom(start);
    const sepLine = sepLineOf(text, this.source, this.delimiter);
    const at = start.length - text.length + (sepLine?.length ?? 0);
    return { before: start.slice(0, at), records: start.slice(at), sepLine };
  }
}

/**
 * Reads CSV text, in chunks of any size, into a sink's records. RecordSplitter finds the
 * records; one without a quote is its fields split on the delimiter (what papaparse makes of
 * it, as fast as the text can be scanned); one with quotes is read by quotedRecordFields, which
 * follows papaparse's rules. A record starts on the line after the previous one ended; quoted
 * fields may hold line breaks. Every line feed outside quotes ends a record, and a carriage
 * return before it is dropped, whatever line break the file's first line used. A sep= first
 * line (see sepLineOf) is line 1 but no record, and must name the reader's delimiter.
 */
export class RecordReader {
  private readonly splitter: RecordSplitter;
  private readonly fields = new RecordFields();
  private line = 1;
  private readonly firstLine: FirstLine;

  constructor(
    private readonly sink: RecordSink,
    private readonly source: string,
    private readonly delimiter: string,
  ) {
    checkDelimiter(delimiter);
    this.splitter = new RecordSplitter(delimiter);
    this.firstLine = new FirstLine(source, delimiter);
  }

  push(chunk: string): void {
    this.read(this.firstLine.take(chunk));
  }

  /** After the last chunk: the last record, when the text does not end with a line break. */
  end(): void {
    this.read(this.firstLine.take('', true));
    const last = this.splitter.end();
    if (last !== undefined) this.take(last, 0, last.length, false, false);
  }

  /**
   * The records of a piece of the text: a byte-order mark is not part of the first field
   * (papaparse drops it too), and a sep= line is not a record but line 1.
   */
  private read(text: TextStart | undefined): void {
    if (text === undefined) return;
    if (text.sepLine !== undefined) this.line = 2;
    this.splitter.pushSpans(text.records, this.visit);
  }

  private readonly visit = (text: string, start: number, end: number, quoteFree: boolean): void => this.take(text, start, end, quoteFree, true);

  /**
   * The record text[start, end). `quoteFree`: known to hold no quote (else it is looked at);
   * `broken`: whether a line break ended it.
   */
  private take(text: string, start: number, end: number, quoteFree: boolean, broken: boolean): void {
    const { sink, delimiter } = this;
    const line = this.line++;
    let record: string | undefined;
    if (!quoteFree) {
      record = text.slice(start, end);
      quoteFree = record.indexOf('"') === -1;
    }
    if (quoteFree) {
      if (sink.addFields) sink.addFields(this.fields.ofSpan(text, start, end, delimiter), line);
      else sink.add(text.slice(start, end).split(delimiter), line);
      return;
    }
    for (let at = record!.indexOf('\n'); at !== -1; at = record!.indexOf('\n', at + 1)) this.line++;
    const fields = quotedRecordFields(record!, delimiter, broken);
    if (typeof fields === 'string') throw new SegmintError('ERR_INVALID_DATA', `${this.source}, line ${line}: ${describeParseError(fields)}`);
    if (sink.addFields) sink.addFields(this.fields.ofList(fields), line);
    else sink.add(fields, line);
  }
}

/**
 * The fields of one record that holds a quote character, as papaparse reads them, or the code
 * of the error papaparse reports first. papaparse's rules: a quote opens a quoted field only at
 * the field's start; inside one, "" is a quote; after its closing quote only white space may
 * come before the delimiter, or before the line break when one followed the record (`broken`);
 * a quoted field not closed before the record's end is never closed.
 */
export function quotedRecordFields(record: string, delimiter: string, broken: boolean): string[] | 'MissingQuotes' | 'InvalidQuotes' {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (record.charCodeAt(at) !== 34) {
      const next = record.indexOf(delimiter, at);
      if (next === -1) {
        fields.push(record.slice(at));
        return fields;
      }
      fields.push(record.slice(at, next));
      at = next + 1;
      continue;
    }
    let value = '';
    let from = at + 1;
    let quote = record.indexOf('"', from);
    // "" inside the field is one quote.
    for (; quote !== -1 && record.charCodeAt(quote + 1) === 34; quote = record.indexOf('"', from)) {
      value += record.slice(from, quote + 1);
      from = quote + 2;
    }
    if (quote === -1) return 'MissingQuotes';
    fields.push(value + record.slice(from, quote));
    const next = record.indexOf(delimiter, quote + 1);
    const gap = record.slice(quote + 1, next === -1 ? record.length : next);
    if (gap.trim() !== '') return 'InvalidQuotes';
    if (next === -1) return gap === '' || broken ? fields : 'InvalidQuotes';
    at = next + 1;
  }
}

export interface CsvReadOptions extends CollectOptions {
  /** Forces the delimiter instead of detecting it: one character (see checkDelimiter). */
  delimiter?: string;
}

const TEXT_PIECE_CHARS = 1 << 20;

/** Feeds CSV text held in memory (browsers, tests, small inputs) to a sink; returns the delimiter. */
export function streamCsvText(text: string, source: string, sink: (delimiter: string) => RecordSink, delimiter?: string, decimal?: DecimalMark): void {
  checkCsvArguments(text, source);
  text = checkPreview(text, source);
  checkNotEmpty(text, source, true);
  const chosen = chooseDelimiter(text, source, delimiter, true, decimal === 'comma');
  const reader = new RecordReader(sink(chosen), source, chosen);
  // In pieces: a piece without a quote is split at its line feeds alone (see pushSpans), so
  // one quoted field slows only its own piece.
  for (let at = 0; at < text.length; at += TEXT_PIECE_CHARS) reader.push(text.slice(at, at + TEXT_PIECE_CHARS));
  reader.end();
}

/** Reads CSV text held in memory into columns. */
export function readCsvText(text: string, source: string, options: CsvReadOptions = {}): CollectedTable {
  checkKnownOptions(options, [...COLLECT_OPTIONS, 'delimiter', 'decimal'], 'readCsvText');
  let collector: ColumnCollector | undefined;
  streamCsvText(text, source, (delimiter) => (collector = new ColumnCollector(source, delimiter, options)), options.delimiter, options.decimal);
  return collector!.finish();
}

const enum Scan {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
}

/**
 * Splits CSV text into raw records, exactly as written (quotes, spacing and all), so output can
 * repeat every input field unchanged. A quote opens a quoted field only at the start of a
 * field, as papaparse reads it. Feed chunks in order; a record may span chunks and lines.
 */
export class RecordSplitter {
  private pending = '';
  private state = Scan.FieldStart;
  private scanned = 0;
  private readonly delimiter: number;

  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** The complete records in this chunk (without their line breaks). */
  push(chunk: string): string[] {
    const records: string[] = [];
    this.pushSpans(chunk, (text, start, end) => void records.push(text.slice(start, end)));
    return records;
  }

  /**
   * push(), handing each complete record over as text[start, end) instead (no line break);
   * `quoteFree` when the record is known to hold no quote. Where the text ahead holds no
   * quote, the records that lie within the chunk are spans of the chunk itself: no string is
   * made for them, and they are read from the chunk's own flat text.
   */
  pushSpans(chunk: string, visit: (text: string, start: number, end: number, quoteFree: boolean) => void): void {
    if (this.state !== Scan.Quoted && this.state !== Scan.QuoteInQuoted && chunk.indexOf('"') === -1) {
      // No quote ahead and none open: records end at line breaks, and the state after the
      // text is what its last character makes it (a line break or a delimiter starts a field).
      const first = chunk.indexOf('\n');
      if (first !== -1) {
        // The record that began in an earlier chunk: pending may hold a closed quoted field.
        const head = this.pending + chunk.slice(0, first);
        visit(head, 0, recordEnd(head, 0, head.length), this.pending.indexOf('"') === -1);
        let start = first + 1;
        for (let at = chunk.indexOf('\n', start); at !== -1; at = chunk.indexOf('\n', start)) {
          visit(chunk, start, recordEnd(chunk, start, at), true);
          start = at + 1;
        }
        this.pending = chunk.slice(start);
      } else {
        this.pending += chunk;
      }
      if (chunk.length > 0) {
        const last = chunk.charCodeAt(chunk.length - 1);
        this.state = last === 10 || last === this.delimiter ? Scan.FieldStart : Scan.Unquoted;
      }
      this.scanned = this.pending.length;
      return;
    }
    const text = this.pending + chunk;
    const delimiter = this.delimiter;
    let state = this.state;
    let start = 0;
    for (let i = this.scanned; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state === Scan.Quoted) {
        if (c === 34) state = Scan.QuoteInQuoted;
        continue;
      }
      if (state === Scan.QuoteInQuoted && c === 34) {
        state = Scan.Quoted; // an escaped quote ("")
        continue;
      }
      if (c === 10) {
        visit(text, start, recordEnd(text, start, i), false);
        start = i + 1;
        state = Scan.FieldStart;
      } else if (c === delimiter) {
        state = Scan.FieldStart;
      } else if (state === Scan.FieldStart) {
        state = c === 34 ? Scan.Quoted : Scan.Unquoted;
      } else if (state === Scan.QuoteInQuoted) {
        state = Scan.Unquoted;
      }
    }
    this.state = state;
    this.pending = text.slice(start);
    this.scanned = this.pending.length;
  }

  /** The last record, when the text does not end with a line break. */
  end(): string | undefined {
    const last = this.pending.slice(0, recordEnd(this.pending, 0, this.pending.length));
    this.pending = '';
    this.scanned = 0;
    this.state = Scan.FieldStart;
    return last === '' ? undefined : last;
  }
}

/** Where the record text[start, lineFeed) ends: before a carriage return that ends the line. */
function recordEnd(text: string, start: number, lineFeed: number): number {
  return lineFeed > start && text.charCodeAt(lineFeed - 1) === 13 ? lineFeed - 1 : lineFeed;
}

/** Quotes a field for output when it needs it. */
export function quoteField(field: string, delimiter: string): string {
  return field.includes(delimiter) || /["\r\n]/.test(field) || field !== field.trim()
    ? `"${field.replaceAll('"', '""')}"`
    : field;
}

/**
 * Writes the input's records back unchanged with one more column: `header` for the header
 * record and values[i] for the i-th data record (blank lines are dropped). A byte-order mark
 * stays where it was, before the header (spreadsheets read UTF-8 by it), and so does a sep=
 * line, unchanged (Excel then opens the output as it opened the input). With
 * `intoEmptyLastColumn` (the table's emptyLastColumn: a delimiter ended every line), the column
 * fills that unnamed, empty last field instead, so the output has a name for every column and
 * reads back. Works on chunks, so a file of any size streams through it.
 */
export class ColumnAppender {
  private readonly splitter: RecordSplitter;
  private row = -1;
  private readonly firstLine: FirstLine;

  constructor(
    private readonly name: string,
    private readonly values: (row: number) => string,
    private readonly delimiter: string,
    private readonly newline: string,
    private readonly intoEmptyLastColumn = false,
    /** Names the input in errors: a sep= line naming another delimiter (its reader fails first). */
    source = 'the CSV text',
  ) {
    this.splitter = new RecordSplitter(delimiter);
    this.firstLine = new FirstLine(source, delimiter);
  }

  push(chunk: string): string {
    return this.write(this.firstLine.take(chunk));
  }

  end(): string {
    const out = this.write(this.firstLine.take('', true));
    const last = this.splitter.end();
    return last === undefined ? out : out + this.format([last]);
  }

  /** A piece of the input as output: what comes before its records as it is, then the records. */
  private write(text: TextStart | undefined): string {
    return text === undefined ? '' : text.before + this.format(this.splitter.push(text.records));
  }

  private format(records: string[]): string {
    let out = '';
    for (let record of records) {
      const trimmed = record.trim();
      if (trimmed === '' || trimmed === '""') continue; // blank lines, skipped by the reader too
      const value = quoteField(this.row === -1 ? this.name : this.values(this.row), this.delimiter);
      // The empty last field holds no delimiter ("", spaces or nothing): it ends after the last one.
      const kept = this.intoEmptyLastColumn ? record.slice(0, record.lastIndexOf(this.delimiter)) : record;
      out += kept + this.delimiter + value + this.newline;
      this.row++;
    }
    return out;
  }
}
