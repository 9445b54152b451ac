import { SegmintError } from '../errors.js';
import type { CsvTable } from './csv.js';

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]!;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[b.length]!;
}

/** The column most like `name`, when one is close enough to be a likely typo. */
function closest(name: string, header: string[]): string | undefined {
  const wanted = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const column of header) {
    const candidate = column.toLowerCase();
    // A part or a word of a long name ("incme" for "Annual Income (k$)") counts as close.
    const words = candidate.split(/[^\p{L}\p{N}]+/u).filter((word) => word.length > 1);
    const score = candidate.includes(wanted)
      ? 0.5
      : Math.min(editDistance(wanted, candidate), ...words.map((word) => editDistance(wanted, word) + 0.25));
    if (score < bestScore) {
      bestScore = score;
      best = column;
    }
  }
  return bestScore <= Math.max(2, wanted.length / 3) ? best : undefined;
}

/**
 * Resolves one column reference: the exact name, else a case-insensitive match, else a 1-based
 * index. Returns the column's 0-based position.
 */
export function resolveColumn(reference: string, header: string[], source: string): number {
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
    `${source}: no column "${reference}"${suggestion ? `; did you mean "${suggestion}"?` : ''} columns: ${header.map((h) => `"${h}"`).join(', ')}`,
  );
}

/** Splits a --features list ("Age, Annual Income (k$)" or "3,4") into its references. */
export function splitColumnList(list: string): string[] {
  return list
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The numeric value of a CSV field, or undefined if it is not a plain decimal number. */
export function parseNumber(field: string): number | undefined {
  const text = field.trim();
  if (!NUMBER.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** Selected columns as a row-major matrix, every field checked to be a number. */
export interface FeatureMatrix {
  columns: string[];
  indices: number[];
  values: Float64Array;
  nSamples: number;
  nFeatures: number;
}

export function featureMatrix(table: CsvTable, references: string[]): FeatureMatrix {
  if (references.length === 0) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${table.source}: no feature columns given; columns: ${table.header.map((h) => `"${h}"`).join(', ')}`);
  }
  const indices = references.map((reference) => resolveColumn(reference, table.header, table.source));
  const seen = new Set<number>();
  for (const index of indices) {
    if (seen.has(index)) {
      throw new SegmintError('ERR_INVALID_ARGUMENT', `${table.source}: column "${table.header[index]}" is selected twice`);
    }
    seen.add(index);
  }
  const d = indices.length;
  const values = new Float64Array(table.rows.length * d);
  table.rows.forEach((row, i) => {
    indices.forEach((column, f) => {
      const field = row[column]!;
      const value = parseNumber(field);
      if (value === undefined) {
        const what = field.trim() === '' ? 'an empty field' : JSON.stringify(field);
        throw new SegmintError(
          'ERR_INVALID_DATA',
          `${table.source}, line ${table.lines[i]}, column "${table.header[column]}" (${column + 1}): expected a number, got ${what}`,
        );
      }
      values[i * d + f] = value;
    });
  });
  return { columns: indices.map((i) => table.header[i]!), indices, values, nSamples: table.rows.length, nFeatures: d };
}
