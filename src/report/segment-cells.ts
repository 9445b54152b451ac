// The cells of a segment table, one text per feature and segment, for the CLI's table and the web
// app's alike: the segment's mean in the feature's own units (the report's, from the profiles),
// every segment of a feature with one number of decimals; a one-hot column its share of the
// category; an ordinal-encoded column its most common category and that share.
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

/**
 * A feature's values (one per segment, or a fill value alone) with the same decimals: see
 * decimalsFor. `grouped`: thousands separated when some value reaches 10,000 (so that years,
 * 1968.81, still read as years), for reading rather than for copying into a spreadsheet.
 */
export function formatValues(values: readonly number[], grouped = false): string[] {
  const decimals = decimalsFor(values);
  const grouping = grouped && values.some((value) => Math.abs(value) >= 10_000);
  const format = (value: number): string =>
    grouping ? value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }) : value.toFixed(decimals);
  // A value that rounds to zero is 0, whichever side it lies on: "-0.00" reads as a sign of something.
  return values.map((value) => format(value).replace(/^-(0(?:\.0+)?)$/, '$1'));
}

export function formatValue(value: number): string {
  return formatValues([value])[0]!;
}

/**
 * Per feature, the cells of `segments`: with `profiles`, each segment's mean (its rows' as given,
 * as the report shows them: a centroid is in the units the fit saw, clipped, and comes from the
 * labels before the last assignment) and an ordinal column's most common category and its share,
 * since a mean category code means nothing; without, their centroids.
 */
export function segmentFeatureCells(segments: readonly Pick<ModelSegment, 'id' | 'centroid'>[], profiles?: SegmentProfiles): string[][] {
  const nFeatures = segments[0]?.centroid.length ?? 0;
  const mostCommon = (segment: Pick<ModelSegment, 'id'>, f: number): string => {
    const group = profiles!.segments[segment.id - 1]!;
    if (group.size === 0) return '–';
    const most = mostCommonCategory(profiles!, group, f);
    return `${most.category} ${formatShare(most.share)}`;
  };
  const value = (segment: Pick<ModelSegment, 'id' | 'centroid'>, f: number): number => (profiles ? profiles.segments[segment.id - 1]!.mean[f]! : segment.centroid[f]!);
  return Array.from({ length: nFeatures }, (_, f) => {
    if (profiles?.features[f]!.kind === 'ordinal') return segments.map((s) => mostCommon(s, f));
    // A one-hot column's mean is a share: as the report gives it ("12.7%"), not 0.127 beside 0.
    if (profiles?.features[f]!.kind === 'share') return segments.map((s) => (profiles.segments[s.id - 1]!.size === 0 ? '–' : formatShare(value(s, f))));
    const values = segments.map((s) => value(s, f));
    // An empty segment (a mini-batch centre no row came nearest to) has no mean.
    const shown = formatValues(values.filter((v) => !Number.isNaN(v)));
    let next = 0;
    return values.map((v) => (Number.isNaN(v) ? '–' : shown[next++]!));
  });
}
