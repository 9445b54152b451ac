import Papa from 'papaparse';
import { SegmintError } from '../errors.js';

/** A parsed CSV file: the header and every data row's fields, as text, exactly as written. */
export interface CsvTable {
  /** How messages name the file (its path as the user gave it). */
  source: string;
  header: string[];
  rows: string[][];
  /** The 1-based line on which each data row starts (quoted fields may span lines). */
  lines: Int32Array;
  delimiter: string;
  newline: string;
}

const DELIMITERS = [',', '\t', ';', '|'] as const;

function dataError(message: string): SegmintError {
  return new SegmintError('ERR_INVALID_DATA', message);
}

/** The delimiter whose fields are most numerous in the header and consistent over the first rows. */
export function detectDelimiter(text: string): string {
  const preview = text.slice(0, 65536);
  let best: string = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const { data } = Papa.parse<string[]>(preview, { delimiter, preview: 21, skipEmptyLines: true });
    const header = data[0]?.length ?? 0;
    if (header < 2) continue;
    // The preview may cut the last row short: judge only complete rows.
    const rows = data.slice(1, data.length === 21 ? 21 : data.length);
    const consistent = rows.every((row) => row.length === header);
    const score = (consistent ? 1_000_000 : 0) + header;
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

function lineBreakOf(text: string): string {
  const at = text.indexOf('\n');
  return at > 0 && text[at - 1] === '\r' ? '\r\n' : '\n';
}

function isBlank(row: string[]): boolean {
  return row.length === 1 && row[0]!.trim() === '';
}

/**
 * Parses CSV text (comma, tab, semicolon or pipe separated, detected; quoted fields; CRLF or
 * LF; a UTF-8 byte order mark) with a header row. Blank lines are skipped. Fields stay text:
 * nothing is converted or trimmed here. Errors name the file, the line and what was expected.
 */
export function parseCsv(text: string, source: string): CsvTable {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    throw dataError(`${source}: not a text CSV file (a NUL byte at offset ${nul}); expected UTF-8 text with a header row`);
  }
  if (text.trim() === '') throw dataError(`${source}: the file is empty; expected a header row and data rows`);

  const delimiter = detectDelimiter(text);
  const newline = lineBreakOf(text);
  let header: string[] | undefined;
  let headerLine = 1;
  const rows: string[][] = [];
  const lines: number[] = [];
  let cursor = 0;
  let line = 1;
  let failure: SegmintError | undefined;

  Papa.parse<string[]>(text, {
    delimiter,
    newline: newline as '\r\n' | '\n',
    step(result, parser) {
      const rowLine = line;
      const end = result.meta.cursor;
      for (let at = text.indexOf('\n', cursor); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) line++;
      cursor = end;
      const error = result.errors[0];
      if (error) {
        failure = dataError(`${source}, line ${rowLine}: ${describeParseError(error.code)}`);
        parser.abort();
        return;
      }
      const row = result.data;
      if (isBlank(row)) return;
      if (header === undefined) {
        header = row;
        headerLine = rowLine;
        return;
      }
      if (row.length !== header.length) {
        failure = dataError(
          `${source}, line ${rowLine}: ${row.length} field${row.length === 1 ? '' : 's'}; expected ${header.length} like the header (delimiter ${JSON.stringify(delimiter)})`,
        );
        parser.abort();
        return;
      }
      rows.push(row);
      lines.push(rowLine);
    },
  });
  if (failure) throw failure;
  if (header === undefined) throw dataError(`${source}: the file is empty; expected a header row and data rows`);
  checkHeader(header, source, headerLine);
  if (rows.length === 0) throw dataError(`${source}: the header is the only row; expected data rows after it`);
  return { source, header, rows, lines: Int32Array.from(lines), delimiter, newline };
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

function checkHeader(header: string[], source: string, line: number): void {
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
}

/** The table as CSV text with extra columns appended, in the file's own delimiter and line breaks. */
export function formatCsv(header: string[], rows: string[][], delimiter: string, newline: string): string {
  return Papa.unparse({ fields: header, data: rows }, { delimiter, newline }) + newline;
}
