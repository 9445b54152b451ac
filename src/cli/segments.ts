import type { ModelSegment } from '../model.js';

/** A centroid value for the table: integers as they are, otherwise 2 decimals (3 significant digits below 1). */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

function alignedTable(rows: string[][], leftColumns = 0): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return rows.map(line).join('\n') + '\n';
}

/** Above this many features the table turns: one line per feature, one column per segment. */
const WIDE = 6;

/** A plain-text table of the segments: size, share and each feature's centroid (original units). */
export function segmentTable(segments: ModelSegment[], features: string[], nSamples: number): string {
  const share = (segment: ModelSegment) => `${((100 * segment.size) / nSamples).toFixed(1)}%`;
  if (features.length > WIDE) {
    return alignedTable(
      [
        ['segment', ...segments.map((s) => String(s.id))],
        ...(segments.some((s) => s.name) ? [['name', ...segments.map((s) => s.name)]] : []),
        ['size', ...segments.map((s) => String(s.size))],
        ['share', ...segments.map(share)],
        ...features.map((feature, f) => [feature, ...segments.map((s) => formatValue(s.centroid[f]!))]),
      ],
      1,
    );
  }
  const named = segments.some((s) => s.name);
  return alignedTable(
    [
      ['segment', ...(named ? ['name'] : []), 'size', 'share', ...features],
      ...segments.map((segment) => [String(segment.id), ...(named ? [segment.name] : []), String(segment.size), share(segment), ...segment.centroid.map(formatValue)]),
    ],
    named ? 2 : 0,
  );
}
