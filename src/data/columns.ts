import { invalidArgument, SegmintError } from '../errors.js';
import { editDistance } from '../options.js';
import { type CollectedTable, columnKind, type RawColumn } from './collect.js';
import { DELIMITER_NAMES, DELIMITERS } from './csv.js';
import { RFM_CLIP, RFM_MEASURES, RFM_TABLE_COLUMNS } from './rfm-segments.js';
import { decimalCommaHint } from './values.js';

/** The column most like `name`, when one is close enough to be a likely typo. */
function closest(name: string, header: string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const column of header) {
    const candidate = column.toLowerCase();
    // A part or a word of a long name ("incme" for "Annual Income (k$)") counts as close.
    const words = candidate.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1);
    // So does the name without its unit ("anual income" for "Annual Income (k$)").
    const bare = candidate.replace(/\s*(\([^)]*\)|\[[^\]]*\])\s*/g, ' ').trim();
    const score = candidate.includes(wanted)
      ? 0.5
      : Math.min(editDistance(wanted, candidate), editDistance(wanted, bare) + 0.25, ...words.map((word) => editDistance(wanted, word) + 0.25));
    if (score < bestScore) {
      bestScore = score;
      best = column;
    }
  }
  return bestScore <= Math.max(2, wanted.length / 3) ? best : undefined;
}

function quoted(header: string[]): string {
  return header.map((h) => `"${h}"`).join(', ');
}

/**
 * Resolves one column reference: the exact name, else a case-insensitive match, else a 1-based
 * index. Returns the column's 0-based position. `usedBy` says who needs the column ("the model"),
 * for the message when the file lacks it; `listed`, that the reference came from a list of them
 * (--features), which the message then says how to write the suggested name in.
 */
export function resolveColumn(reference: string, header: string[], source: string, usedBy?: string, listed = false): number {
  const exact = header.indexOf(reference);
  if (exact !== -1) return exact;
  const lower = reference.toLowerCase();
  const matches = header.flatMap((name, index) => (name.toLowerCase() === lower ? [index] : []));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${source}: column "${reference}" matches ${matches.length} columns when case is ignored; give the exact name`);
  }
  if (/^\d+$/.test(reference)) {
    const index = Number(reference);
    if (index >= 1 && index <= header.length) return index - 1;
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${source}: column ${reference} is out of range; the file has columns 1..${header.length}`);
  }
  const suggestion = closest(reference, header);
  throw new SegmintError(
    'ERR_INVALID_ARGUMENT',
    `${source}: no column "${reference}"${usedBy ? `, which ${usedBy} uses` : ''}${suggestion ? `; did you mean "${suggestion}"?${listed ? listHint(suggestion) : ''}` : ';'} columns: ${quoted(header)}${oneColumnHint(header)}`,
  );
}

/**
 * Why a file may have read as one column: its header holds a delimiter it was not read with (one
 * detection does not look for, or another than a sep= line or --delimiter named).
 */
export function oneColumnHint(header: readonly string[]): string {
  const other = header.length === 1 ? [...DELIMITERS, ':'].find((delimiter) => header[0]!.includes(delimiter)) : undefined;
  if (other === undefined) return '';
  const name = [...DELIMITER_NAMES].find(([, delimiter]) => delimiter === other)?.[0] ?? other;
  return ` (the header read as one column, though it holds ${JSON.stringify(other)}: if that separates its columns, give --delimiter ${name}, and fix or remove a sep= line that names another)`;
}

/** How a name is written in a --features list, when not as it is (see joinColumnList); else ''. */
function listHint(name: string): string {
  const written = joinColumnList([name]);
  if (written === name) return '';
  const why = name.includes(',') ? 'a name with a comma' : name.startsWith('"') ? 'a name that begins with a quote' : 'a name that begins or ends with a space';
  return ` (in a list, ${why} goes in double quotes${name.includes('"') ? ', its own doubled' : ''}: '${written}')`;
}

/** Resolves a list of references, refusing a column named twice. */
export function resolveColumns(references: readonly string[], header: string[], source: string): number[] {
  if (references.length === 0) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${source}: no feature columns given; columns: ${quoted(header)}`);
  }
  const indices = references.map((reference) => resolveColumn(reference, header, source, undefined, true));
  indices.forEach((index, i) => {
    if (indices.indexOf(index) !== i) {
      throw new SegmintError('ERR_INVALID_ARGUMENT', `${source}: column "${header[index]}" is selected twice`);
    }
  });
  return indices;
}

/**
 * Splits a --features list ("Age, Annual Income (k$)" or "3,4") into its references. A name
 * that holds a comma is written in double quotes, as a CSV file writes it ('"Income, k$",Age';
 * "" for a quote inside); a quote anywhere else is part of the name.
 */
export function splitColumnList(list: string): string[] {
  const parts: string[] = [];
  for (let at = 0; at <= list.length; ) {
    let start = at;
    while (list.charAt(start) === ' ') start++;
    if (list.charAt(start) !== '"') {
      const comma = list.indexOf(',', start);
      const end = comma === -1 ? list.length : comma;
      parts.push(list.slice(start, end).trim());
      at = end + 1;
      continue;
    }
    let name = '';
    let next = start + 1;
    for (;;) {
      const quote = list.indexOf('"', next);
      if (quote === -1) throw invalidArgument(`the column list '${list}' opens a quote at character ${start + 1} and never closes it; expected "name, with comma",other`);
      name += list.slice(next, quote);
      next = quote + 1;
      if (list.charAt(next) !== '"') break;
      name += '"';
      next++;
    }
    while (list.charAt(next) === ' ') next++;
    if (next < list.length && list.charAt(next) !== ',') {
      // Most likely a name that begins with a quote: it is written quoted, its quotes doubled.
      const comma = list.indexOf(',', start);
      const item = list.slice(start, comma === -1 ? list.length : comma).trim();
      throw invalidArgument(
        `the column list '${list}' has ${JSON.stringify(list.charAt(next))} after the quoted name "${name}" (character ${next + 1}); expected a comma (a name that begins with a quote goes in quotes, its own doubled: '"${item.replaceAll('"', '""')}"')`,
      );
    }
    parts.push(name);
    at = next + 1;
  }
  return parts.filter((part) => part !== '');
}

/** A list splitColumnList reads back as `names`: a name with a comma, a quote first or spaces around it in double quotes. */
export function joinColumnList(names: readonly string[]): string {
  return names.map((name) => (/,|^"|^ | $/.test(name) ? `"${name.replaceAll('"', '""')}"` : name)).join(',');
}

/** The feature columns a user named (features, plus the categorical ones), once the header is known. */
export interface NamedColumns {
  /** Whether the features were named (else automatic selection picks them). */
  named: boolean;
  /** The named features followed by the categorical columns not among them, and the categorical ones, by index. */
  resolve(header: string[]): { categorical: number[]; named: number[] };
}

/**
 * Feature and categorical column references (names in any case, or 1-based indices), resolved
 * against a header when it is known; `source` names the file in messages about unknown columns.
 */
export function namedColumns(features: readonly string[] | undefined, categorical: readonly string[], source: string): NamedColumns {
  return {
    named: features !== undefined,
    resolve(header) {
      const categoricalColumns = categorical.length > 0 ? resolveColumns(categorical, header, source) : [];
      const named = features ? resolveColumns(features, header, source) : [];
      return { categorical: categoricalColumns, named: [...named, ...categoricalColumns.filter((c) => !named.includes(c))] };
    },
  };
}

/** Whether a column name says it identifies rows: "id", "CustomerID", "customer_id", "InvoiceNo". */
export function isIdName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '');
  const last = words.at(-1);
  return last === 'id' || last === 'no' || last === 'key' || words.join('') === 'index';
}

/**
 * Distinct integers packed in a range under 10 × n: how row numbers and customer numbers look.
 * Linear: integers and range first, then (only when there are at least as many possible values
 * as rows) a bitmap over the range finds a repeated value.
 */
export function looksLikeIdentifiers(values: Float64Array): boolean {
  const n = values.length;
  if (n < 10) return false;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (!Number.isInteger(v)) return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const range = max - min;
  if (!(range < 10 * n)) return false;
  if (range + 1 < n) return false; // fewer possible values than rows: one repeats
  const seen = new Uint8Array(Math.floor(range / 8) + 1);
  for (let i = 0; i < n; i++) {
    const at = values[i]! - min;
    const bit = 1 << (at & 7);
    const byte = at >>> 3;
    if (seen[byte]! & bit) return false;
    seen[byte] = seen[byte]! | bit;
  }
  return true;
}

/**
 * Why a column looks like it identifies rows (by its name, or unique integers), or undefined.
 * `uniqueIntegers` judges a complete numeric column's values (the streamed fit judges them on
 * the whole file, whose values it never holds).
 */
export function identifierReason(
  column: RawColumn,
  uniqueIntegers: (column: RawColumn) => boolean = (c) => c.numbers !== undefined && looksLikeIdentifiers(c.numbers),
): string | undefined {
  if (isIdName(column.name)) return 'an identifier (by its name)';
  if (columnKind(column) === 'numeric' && column.nMissing === 0 && uniqueIntegers(column)) return 'an identifier (unique integers)';
  return undefined;
}

/**
 * Warnings for chosen feature columns that automatic selection would leave out as identifiers
 * (they are used as given). Columns declared categorical are not warned about: a store or
 * region id is a category the user may well mean to segment by. `reasonOf` is the test
 * automatic selection uses (the streamed fit's judges unique integers on the whole file).
 */
export function identifierWarnings(
  table: CollectedTable,
  columns: readonly number[],
  categorical: readonly number[],
  reasonOf: (column: RawColumn) => string | undefined = identifierReason,
): string[] {
  return columns.flatMap((c) => {
    const reason = categorical.includes(c) ? undefined : reasonOf(table.columns[c]!);
    return reason === undefined ? [] : [`"${table.header[c]}" looks like ${reason}; segments by it mean little`];
  });
}

export interface AutoSelection {
  /** 0-based columns chosen as features. */
  columns: number[];
  /** Why each other column was left out, for the user. */
  skipped: { name: string; reason: string }[];
  /** The clip these columns want when the user gives none: segmint rfm's table's (RFM_CLIP). */
  clip?: number;
}

/** The names segmint gives the column of segments it appends: see segmentColumnName. */
const SEGMENT_COLUMN = /^segment(_\d+)?$/;

/** A column name for the segment that does not clash with the file's own columns. */
export function segmentColumnName(header: readonly string[]): string {
  let name = 'segment';
  for (let n = 2; header.includes(name); n++) name = `segment_${n}`;
  return name;
}

/**
 * What to say when the file has a "segment" column of its own, so the labels go to another
 * name ("segment_2"): a script that reads "segment" would otherwise read the old labels.
 */
export function segmentColumnNote(header: readonly string[]): string | undefined {
  const name = segmentColumnName(header);
  return name === 'segment' ? undefined : `the file has a column "segment" already (kept as it is): the segments are in the column "${name}"`;
}

/** Each row's field in that column: its segment id, or empty for a row left out (id 0). */
export function segmentField(segmentIdOfRow: Int32Array): (row: number) => string {
  return (row) => (segmentIdOfRow[row] ? String(segmentIdOfRow[row]) : '');
}

/**
 * A column that is mostly numbers yet holds at least CODE_TEXTS texts, and more than this share,
 * is a code (stock codes, invoice numbers with letters). With fewer, the texts are typos or
 * missing-value tokens not listed, best named by the error that reading them gives.
 */
const CODE_TEXT_SHARE = 0.01;
const CODE_TEXTS = 10;

/** Dates as files write them: 2011-03-10 16:16, 04-09-2012, 3/10/2011, 10.03.2011. */
const DATE_LIKE = /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/;

/**
 * Why a text column is not taken, and what to do with it (its first text tells dates);
 * `decimalCommas` is decimalCommaHint's for that text.
 */
function textReason(column: RawColumn, decimalCommas: string): string {
  const first = column.firstText!;
  if (DATE_LIKE.test(first.value.trim())) return 'dates (not a measure; segmint rfm turns purchase dates into recency)';
  if (decimalCommas !== '') return `text on line ${first.line}${decimalCommas}`;
  return 'text (use --features to encode it)';
}

/**
 * Features chosen when none are given: every numeric column except ID-like ones (by name, or
 * unique integers: `identifierOf`, which the streamed fit judges on the whole file) and segment
 * columns an earlier run wrote, plus the columns declared categorical. Text, code and entirely
 * missing columns are left out and said so. A column of numbers with a few texts among them is
 * taken: it fails later, naming the line of a text.
 */
export function autoSelectColumns(
  table: CollectedTable,
  categorical: readonly number[] = [],
  identifierOf: (column: RawColumn) => string | undefined = identifierReason,
): AutoSelection {
  const columns: number[] = [];
  const skipped: AutoSelection['skipped'] = [];
  const skip = (column: RawColumn, reason: string): void => void skipped.push({ name: column.name, reason });
  // A text column that would be numbers with decimal commas: the likely cause of no numeric columns.
  let decimalCommas: { name: string; reason: string } | undefined;
  for (const column of table.columns) {
    const kind = columnKind(column);
    const identifier = kind === 'categorical' || kind === 'empty' ? undefined : identifierOf(column);
    if (categorical.includes(column.index)) columns.push(column.index);
    else if (kind === 'categorical') {
      const hint = decimalCommaHint(column.firstText!.value, table.decimalComma, table.delimiter);
      skip(column, textReason(column, hint));
      if (hint !== '') decimalCommas ??= skipped.at(-1);
    }
    else if (kind === 'empty') skip(column, 'every value missing');
    else if (identifier !== undefined) skip(column, identifier);
    else if (SEGMENT_COLUMN.test(column.name)) skip(column, 'a segment column (as segmint writes them)');
    else if (column.monthYears) skip(column, 'dates (months written as 07.2024, not a measure)');
    else if (kind === 'mixed' && column.nText >= CODE_TEXTS && column.nText > CODE_TEXT_SHARE * (column.nNumeric + column.nText)) {
      const share = (100 * column.nText) / (column.nNumeric + column.nText);
      // Numbers from 1,000 up written with separators ("950" beside "65,937") are no codes.
      const hint = decimalCommaHint(column.firstText!.value, table.decimalComma, table.delimiter);
      skip(column, `${hint === '' ? 'codes: ' : ''}numbers and ${share < 10 ? share.toFixed(1) : share.toFixed(0)}% text, e.g. ${JSON.stringify(column.firstText!.value)} on line ${column.firstText!.line}${hint}`);
      if (hint !== '') decimalCommas ??= skipped.at(-1);
    } else columns.push(column.index);
  }
  // segmint rfm's table: its scores, segment and other measures restate recency, frequency and
  // monetary, and taken together they weigh the same behaviour several times over.
  const rfmTable = RFM_TABLE_COLUMNS.every((name) => table.header.includes(name));
  if (rfmTable) {
    // Only the table's own columns: any other the user added is theirs to segment by.
    const others = RFM_TABLE_COLUMNS.filter((name) => !(RFM_MEASURES as readonly string[]).includes(name)).map((name) => table.header.indexOf(name));
    const left = columns.filter((c) => others.includes(c) && !categorical.includes(c));
    for (const index of left) {
      skip(table.columns[index]!, `segmint rfm's table is segmented by ${RFM_MEASURES.join(', ')} (its scores restate them; name its other measures with --features to use them)`);
    }
    columns.splice(0, columns.length, ...columns.filter((c) => !left.includes(c)));
  }
  if (columns.length === 0) {
    // --features would encode decimal commas as categories: say they are the likely cause.
    const why = decimalCommas ? `; column "${decimalCommas.name}": ${decimalCommas.reason}` : '';
    throw new SegmintError('ERR_INVALID_DATA', `${table.source}: no numeric columns to cluster; give --features (columns: ${quoted(table.header)})${why}${oneColumnHint(table.header)}`);
  }
  return { columns, skipped, ...(rfmTable && { clip: RFM_CLIP }) };
}
