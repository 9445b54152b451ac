// The cells of a segment table, one text per feature and segment, for the CLI's table and the web
// app's alike: the segment's mean in the feature's own units (the report's, from the profiles),
// every segment of a feature with one number of decimals; a one-hot column its share of the
// category; an ordinal-encoded column its most common category and that share.
import { formatShare } from '../charts/theme.js';
import { formatValues } from './numbers.js';
import type { ModelSegment } from '../model.js';
import { mostCommonCategory, type SegmentProfiles } from './profile.js';

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
