import { formatShare } from '../charts/theme.js';
import type { ModelSegment } from '../model.js';
import type { SegmentProfiles } from '../report/profile.js';
import { segmentFeatureCells } from '../report/segment-cells.js';

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

/**
 * The total sum of squares (the inertia of one segment holding every row) from a fit's inertia
 * and segments, with no pass over the rows: the spread within the segments plus the segments'
 * spread about the overall mean, weighted by their sizes, both in the fit's scaled units. Exact
 * when the centres are their rows' means; it only sets formatInertia's threshold.
 */
export function totalSumOfSquares(inertia: number, segments: readonly Pick<ModelSegment, 'size' | 'scaledCentroid'>[]): number {
  const n = segments.reduce((total, segment) => total + segment.size, 0);
  const d = segments[0]?.scaledCentroid.length ?? 0;
  let between = 0;
  for (let f = 0; f < d; f++) {
    const mean = segments.reduce((sum, segment) => sum + segment.size * segment.scaledCentroid[f]!, 0) / n;
    for (const segment of segments) between += segment.size * (segment.scaledCentroid[f]! - mean) ** 2;
  }
  return inertia + between;
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
  const values = segmentFeatureCells(segments, profiles);
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
