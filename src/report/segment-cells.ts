// The cells of a segment table, one text per feature and segment, for the CLI's table and the web
// app's alike: the segment's centroid in the feature's own units, every segment of a feature with
// one number of decimals; an ordinal-encoded column its most common category and that share.
import { formatShare } from '../charts/theme.js';
import type { ModelSegment } from '../model.js';
import { mostCommonCategory, type SegmentProfiles } from './profile.js';

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
 * Per feature, the cells of `segments` (their centroids; with `profiles`, an ordinal column's most
 * common category and its share, since a mean category code means nothing).
 */
export function segmentFeatureCells(segments: readonly Pick<ModelSegment, 'id' | 'centroid'>[], profiles?: SegmentProfiles): string[][] {
  const nFeatures = segments[0]?.centroid.length ?? 0;
  const mostCommon = (segment: Pick<ModelSegment, 'id'>, f: number): string => {
    const group = profiles!.segments[segment.id - 1]!;
    if (group.size === 0) return '–';
    const most = mostCommonCategory(profiles!, group, f);
    return `${most.category} ${formatShare(most.share)}`;
  };
  return Array.from({ length: nFeatures }, (_, f) =>
    profiles?.features[f]!.kind === 'ordinal' ? segments.map((s) => mostCommon(s, f)) : formatValues(segments.map((s) => s.centroid[f]!)),
  );
}
