import { formatShare } from '../charts/theme.js';
import type { ModelSegment } from '../model.js';
import { mostCommonCategory, type SegmentProfiles } from '../report/profile.js';

/** Past this many decimals a value is shown as 0.00…: rounding, not data. */
const MAX_DECIMALS = 12;

/**
 * The decimals that show a feature's values alike, so they line up and read as one measure:
 * none when all are integers, else 2 when the largest is 1 or more, else 3 significant digits of
 * the largest.
 */
export function decimalsFor(values: readonly number[]): number {
  if (values.every(Number.isInteger)) return 0;
  // Undoing the scaling leaves rounding: a one-hot share of 1 comes back as 0.9999999999999999.
  const largest = Number(Math.max(...values.map(Math.abs)).toPrecision(MAX_DECIMALS));
  return largest >= 1 ? 2 : Math.min(MAX_DECIMALS, 2 - Math.floor(Math.log10(largest)));
}

/** A feature's values (one per segment, or a fill value alone) with the same decimals: see decimalsFor. */
export function formatValues(values: readonly number[]): string[] {
  const decimals = decimalsFor(values);
  return values.map((value) => value.toFixed(decimals));
}

export function formatValue(value: number): string {
  return formatValues([value])[0]!;
}

/**
 * Inertia in plain notation with 6 significant digits. At or below 1e-9 of the total sum of
 * squares it is 0: every row is on its segment's centre, and what remains (1.1e-27) is rounding.
 */
export function formatInertia(inertia: number, totalSumOfSquares: number): string {
  if (inertia <= 1e-9 * totalSumOfSquares) return '0';
  const rounded = Number(inertia.toPrecision(6));
  if (rounded >= 1e-6) return String(rounded); // String() is plain from 1e-6 to 1e21
  return rounded.toFixed(Math.min(100, 5 - Math.floor(Math.log10(rounded)))).replace(/0+$/, '');
}

function alignedTable(rows: string[][], leftColumns = 0): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return rows.map(line).join('\n') + '\n';
}

/** Above this many features the table turns: one line per feature, one column per segment. */
const WIDE = 6;

/**
 * A plain-text table of the segments: size, share and each feature's centroid (original units).
 * With the profiles, an ordinal-encoded feature shows each segment's most common category and
 * its share ("Married 61.0%"), as the report does: a mean category code means nothing.
 */
export function segmentTable(segments: ModelSegment[], features: string[], nSamples: number, profiles?: SegmentProfiles): string {
  const share = (segment: ModelSegment) => formatShare(segment.size / nSamples);
  const mostCommon = (segment: ModelSegment, f: number): string => {
    const group = profiles!.segments[segment.id - 1]!;
    if (group.size === 0) return '–';
    const most = mostCommonCategory(profiles!, group, f);
    return `${most.category} ${formatShare(most.share)}`;
  };
  // Per feature, one number of decimals for every segment.
  const values = features.map((_, f) =>
    profiles?.features[f]!.kind === 'ordinal' ? segments.map((s) => mostCommon(s, f)) : formatValues(segments.map((s) => s.centroid[f]!)),
  );
  if (features.length > WIDE) {
    return alignedTable(
      [
        ['segment', ...segments.map((s) => String(s.id))],
        ...(segments.some((s) => s.name) ? [['name', ...segments.map((s) => s.name)]] : []),
        ['size', ...segments.map((s) => String(s.size))],
        ['share', ...segments.map(share)],
        ...features.map((feature, f) => [feature, ...values[f]!]),
      ],
      1,
    );
  }
  const named = segments.some((s) => s.name);
  return alignedTable(
    [
      ['segment', ...(named ? ['name'] : []), 'size', 'share', ...features],
      ...segments.map((segment, s) => [String(segment.id), ...(named ? [segment.name] : []), String(segment.size), share(segment), ...values.map((column) => column[s]!)]),
    ],
    named ? 2 : 0,
  );
}
