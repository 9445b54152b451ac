import { RARE_CATEGORY_SHARE } from '../charts/profiles.js';
import { segmentSizes } from '../charts/segmented.js';
import { formatShare } from '../charts/theme.js';
import { sortFloat64 } from '../data/stats.js';
import type { Preparation } from '../data/prepare.js';
import { invalidArgument } from '../errors.js';
import type { Matrix } from '../kmeans/types.js';
import { toDenseMatrix } from '../kmeans/validate.js';

/** What one matrix column is, in terms of the input column it came from. */
export interface ProfileFeature {
  /** The matrix column's name (Preparation.outputs): "Age", or "Genre=Female" for a one-hot column. */
  name: string;
  /** The input column it came from ("Genre"). */
  column: string;
  /**
   * 'numeric': a number in its own units. 'share': a one-hot column, whose mean is the share of
   * rows in `category`. 'ordinal': a category's position in sorted order (means are not
   * meaningful as quantities).
   */
  kind: 'numeric' | 'share' | 'ordinal';
  /** For 'share' columns, the category. */
  category?: string;
  /** For 'ordinal' columns, the categories: code i is categories[i]. */
  categories?: readonly string[];
}

/** Summary statistics of one group of rows, one value per feature, in the features' own units. */
export interface GroupStatistics {
  size: number;
  mean: number[];
  median: number[];
  /**
   * Per feature: for an 'ordinal' one, the share of the group in each of its categories (in the
   * order of ProfileFeature.categories), which describe the group where a mean code cannot;
   * null for other features.
   */
  categoryShares: (number[] | null)[];
}

export interface SegmentProfile extends GroupStatistics {
  /** 0-based index (segment i is drawn in segmentColour(i)); the CLI shows it as i + 1. */
  index: number;
  /** size / the number of rows. */
  share: number;
  /**
   * (segment mean - population mean) / population standard deviation, per feature (the spread of
   * the values as fitted: see ProfileInput.unclipped); 0 for a constant feature.
   */
  zScores: number[];
  /**
   * Per feature, the share of all rows below the segment's median, ties counting half (the
   * median's mid-rank percentile, in [0, 1]): where a typical member of the segment stands.
   */
  medianPercentiles: number[];
  /**
   * When recency and frequency are among the features: the RFM grid cells of the segment's rows
   * (as `segmint rfm` names them), the most common first, with their shares of the segment, at
   * most three (set by setRfmCells). A k-means segment mixes cells: its name is the first, and
   * the shares say how much of the segment that is.
   */
  rfmCells?: { cell: string; share: number }[];
}

export interface SegmentProfiles {
  features: ProfileFeature[];
  /** Every row together: the reference the z-scores are taken against. */
  population: GroupStatistics & { standardDeviation: number[] };
  segments: SegmentProfile[];
}

export interface ProfileInput {
  /** The rows as clustered: nSamples × nFeatures, scaled as `preparation` says (PreparedData.matrix). */
  matrix: Matrix;
  nFeatures?: number;
  /** Each row's segment, 0-based, in the order segments are shown (the CLI's segment id - 1). */
  labels: ArrayLike<number>;
  /** The number of segments. */
  k: number;
  /** How the matrix was made from the input columns; used to undo the scaling and to name features. */
  preparation: Pick<Preparation, 'inputs' | 'outputs' | 'center' | 'scaleBy'>;
  /**
   * Per matrix column, the rows' values to profile in place of the matrix's, or undefined to
   * use the matrix's: the clipped columns' values as given (unclippedColumns), so that a
   * segment's mean is its customers' and not the capped values the fit saw. The z-scores keep
   * the spread of the matrix's values: the extremes capped do not set their scale.
   */
  unclipped?: readonly (ArrayLike<number> | undefined)[];
}

/**
 * What each matrix column is. The names are built as data preparation builds them (one-hot
 * columns are "column=category"); columns the preparation dropped (constant) are absent.
 */
export function profileFeatures(preparation: Pick<Preparation, 'inputs' | 'outputs'>): ProfileFeature[] {
  const byName = new Map<string, ProfileFeature>();
  for (const input of preparation.inputs) {
    if (input.kind === 'numeric') byName.set(input.name, { name: input.name, column: input.name, kind: 'numeric' });
    else if (input.encoding === 'ordinal') byName.set(input.name, { name: input.name, column: input.name, kind: 'ordinal', categories: input.categories });
    else {
      for (const category of input.categories) {
        const name = `${input.name}=${category}`;
        byName.set(name, { name, column: input.name, kind: 'share', category });
      }
    }
  }
  return preparation.outputs.map((name) => {
    const feature = byName.get(name);
    if (feature === undefined) throw invalidArgument(`the preparation has no input column for matrix column "${name}"`);
    return feature;
  });
}

/** How a category's share reads on a chart axis or in a table: "Genre: Female (share)". */
function shareLabel(column: string, category: string): string {
  return `${column}: ${category} (share)`;
}

/** How a feature reads on a chart axis or in a table: "Annual Income (k$)", "Genre: Female (share)". */
export function featureLabel(feature: ProfileFeature): string {
  switch (feature.kind) {
    case 'numeric':
      return feature.name;
    case 'share':
      return shareLabel(feature.column, feature.category!);
    case 'ordinal':
      return `${feature.column} (category code)`;
  }
}

/** A category's share of a group, and how far it lies from its share of all rows, in standard deviations. */
export interface CategoryShare {
  category: string;
  share: number;
  zScore: number;
}

/**
 * Each category of feature f (an 'ordinal' one) in a group: its share, and the z-score its
 * one-hot column would have had (a 0/1 column with mean p has standard deviation √(p(1 - p))).
 */
export function sharesByCategory(
  profiles: Pick<SegmentProfiles, 'features' | 'population'>,
  group: Pick<GroupStatistics, 'categoryShares'>,
  f: number,
): CategoryShare[] {
  const shares = group.categoryShares[f];
  const categories = profiles.features[f]!.categories;
  if (!shares || !categories) throw invalidArgument(`feature ${f} ("${profiles.features[f]!.name}") is not profiled by its categories`);
  return categories.map((category, c) => {
    const p = profiles.population.categoryShares[f]![c]!;
    const sd = Math.sqrt(p * (1 - p));
    return { category, share: shares[c]!, zScore: sd > 0 ? (shares[c]! - p) / sd : 0 };
  });
}

/** The most common category of feature f (an 'ordinal' one) in a group; the first in code order on a tie. */
export function mostCommonCategory(
  profiles: Pick<SegmentProfiles, 'features' | 'population'>,
  group: Pick<GroupStatistics, 'categoryShares'>,
  f: number,
): CategoryShare {
  return sharesByCategory(profiles, group, f).reduce((best, c) => (c.share > best.share ? c : best));
}

/**
 * What the profile chart draws, one row per bar group: its label and each segment's z-score.
 * An ordinal feature is drawn by its categories' shares, as one-hot columns are, since the
 * distance of a mean code means nothing. Of a column whose two shares make up every row (two
 * categories) only the first is drawn: the second's bars would mirror it (80% Female is 20% Male).
 */
export function profileChartRows(profiles: SegmentProfiles): ProfileRows {
  const { features, population, segments } = profiles;
  const sharesOf = new Map<string, number[]>();
  features.forEach((feature, f) => {
    if (feature.kind === 'share') sharesOf.set(feature.column, [...(sharesOf.get(feature.column) ?? []), f]);
  });
  const mirrors = new Set(
    [...sharesOf.values()]
      .filter((pair) => pair.length === 2 && Math.abs(population.mean[pair[0]!]! + population.mean[pair[1]!]! - 1) < 1e-9)
      .map((pair) => pair[1]!),
  );
  const rows: { label: string; zScore: (segment: SegmentProfile) => number; rare: boolean }[] = [];
  const isRare = (share: number): boolean => share < RARE_CATEGORY_SHARE;
  features.forEach((feature, f) => {
    if (mirrors.has(f)) return;
    if (feature.kind !== 'ordinal') {
      rows.push({ label: featureLabel(feature), zScore: (segment) => segment.zScores[f]!, rare: feature.kind === 'share' && isRare(population.mean[f]!) });
      return;
    }
    const categories = feature.categories!;
    // Every row has one of the categories: with two, the second mirrors the first.
    for (let c = 0; c < (categories.length === 2 ? 1 : categories.length); c++) {
      rows.push({
        label: shareLabel(feature.column, categories[c]!),
        zScore: (segment) => sharesByCategory(profiles, segment, f)[c]!.zScore,
        rare: isRare(population.categoryShares[f]![c]!),
      });
    }
  });
  return {
    featureNames: rows.map((row) => row.label),
    // An empty segment (k-means could not fill it) has no mean: no bars, drawn as 0.
    zScores: segments.map((segment) => rows.map((row) => (segment.size === 0 ? 0 : row.zScore(segment)))),
    rare: rows.map((row) => row.rare),
  };
}

/** profileChartRows: one row per numeric feature or category share, as the profile chart draws them. */
export interface ProfileRows {
  /** As the chart labels them: "Annual Income (k$)", "Genre: Female (share)". */
  featureNames: string[];
  /** Per segment, per row. */
  zScores: number[][];
  /** Per row: a category under RARE_CATEGORY_SHARE of the rows. */
  rare: boolean[];
}

/** The median of sorted values (the mean of the middle two for an even count). */
function medianSorted(sorted: Float64Array): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const middle = n >> 1;
  return n % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The first index of sorted values at which `before(value at index)` is false (binary search). */
function partitionPoint(sorted: Float64Array, before: (v: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(sorted[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The share of sorted values below `value`, with values equal to it counting half. */
function midRankPercentile(sorted: Float64Array, value: number): number {
  const below = partitionPoint(sorted, (v) => v < value);
  const notAbove = partitionPoint(sorted, (v) => v <= value);
  return (below + (notAbove - below) / 2) / sorted.length;
}

/**
 * Feature f's values as the profiles take them, one per row: the clipped columns' as given
 * (ProfileInput.unclipped), the others the matrix's in the feature's own units.
 */
export function profiledValues(input: Pick<ProfileInput, 'preparation' | 'unclipped'>, values: ArrayLike<number>, nFeatures: number, f: number): Float64Array {
  const n = values.length / nFeatures;
  const given = input.unclipped?.[f];
  if (given !== undefined) {
    if (given.length !== n) throw invalidArgument(`unclipped[${f}] has ${given.length} values; expected one per row (${n})`);
    return Float64Array.from(given);
  }
  const scaleBy = input.preparation.scaleBy[f]!;
  const center = input.preparation.center[f]!;
  return Float64Array.from({ length: n }, (_, i) => values[i * nFeatures + f]! * scaleBy + center);
}

/** The population standard deviation of the values[f + i·stride] × scaleBy + center. */
function spread(values: ArrayLike<number>, f: number, stride: number, scaleBy: number, center: number): number {
  const n = values.length / stride;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[f + i * stride]! * scaleBy + center;
  const mean = sum / n;
  let squares = 0;
  for (let i = 0; i < n; i++) squares += (values[f + i * stride]! * scaleBy + center - mean) ** 2;
  return Math.sqrt(squares / n);
}

/**
 * Profiles of the segments in the features' own units: per segment its size and share, the mean
 * and median of every feature (a one-hot column's mean is the segment's share of that
 * category), how far each mean lies from the population's in population standard deviations
 * (z-scores), and where each median stands in the population.
 */
export function profileSegments(input: ProfileInput): SegmentProfiles {
  const { values, nSamples, nFeatures } = toDenseMatrix(input.matrix, input.nFeatures, 'matrix');
  const { preparation, k } = input;
  const features = profileFeatures(preparation);
  if (features.length !== nFeatures) {
    throw invalidArgument(`the matrix has ${nFeatures} columns but the preparation describes ${features.length}`);
  }
  const sizes = segmentSizes(input.labels, nSamples, k);
  // One feature at a time: its column back in its own units (x = value × scaleBy + center),
  // sorted once together with each row's segment. Walking that order gives every statistic the
  // sort-per-segment definition asks for: sums in ascending order, medians by rank within each
  // segment, percentiles by binary search in the population's sorted values.
  const column = new Float64Array(nSamples);
  const segmentOf = new Int32Array(nSamples);
  const population = { size: nSamples, mean: [] as number[], median: [] as number[], standardDeviation: [] as number[] };
  const means = Array.from({ length: k }, () => [] as number[]);
  const medians = Array.from({ length: k }, () => [] as number[]);
  const percentiles = Array.from({ length: k }, () => [] as number[]);
  const categoryShares = Array.from({ length: k }, () => [] as (number[] | null)[]);
  const populationShares: (number[] | null)[] = [];
  const sums = new Float64Array(k);
  const seen = new Int32Array(k);
  const below = new Float64Array(k); // the value at rank middle - 1 (even sizes)
  const middle = new Float64Array(k); // the value at rank middle
  for (let f = 0; f < nFeatures; f++) {
    const scaleBy = preparation.scaleBy[f]!;
    const center = preparation.center[f]!;
    const given = input.unclipped?.[f];
    column.set(profiledValues(input, values, nFeatures, f));
    for (let i = 0; i < nSamples; i++) segmentOf[i] = input.labels[i]!;
    sortFloat64(column, segmentOf);
    const categories = features[f]!.categories;
    if (categories) {
      // Codes, back from the scaling up to rounding; counted per segment and in all.
      const counts = Array.from({ length: k }, () => new Float64Array(categories.length));
      const all = new Float64Array(categories.length);
      for (let i = 0; i < nSamples; i++) {
        const code = Math.round(column[i]!);
        counts[segmentOf[i]!]![code]!++;
        all[code]!++;
      }
      populationShares.push(Array.from(all, (count) => count / nSamples));
      counts.forEach((segmentCounts, s) => categoryShares[s]!.push(Array.from(segmentCounts, (count) => count / sizes[s]!)));
    } else {
      populationShares.push(null);
      categoryShares.forEach((shares) => shares.push(null));
    }
    let sum = 0;
    for (let i = 0; i < nSamples; i++) sum += column[i]!;
    const mean = sum / nSamples;
    population.mean.push(mean);
    population.median.push(medianSorted(column));
    // z-scores are taken in the spread of the values as fitted: extremes a clip capped would
    // otherwise set the scale (one 666666 income shrinks every segment's income z-score).
    population.standardDeviation.push(given === undefined ? spread(column, 0, 1, 1, 0) : spread(values, f, nFeatures, scaleBy, center));
    sums.fill(0);
    seen.fill(0);
    for (let i = 0; i < nSamples; i++) {
      const segment = segmentOf[i]!;
      const v = column[i]!;
      sums[segment] = sums[segment]! + v;
      const rank = seen[segment]!++;
      const half = sizes[segment]! >> 1;
      if (rank === half) middle[segment] = v;
      else if (rank === half - 1) below[segment] = v;
    }
    for (let s = 0; s < k; s++) {
      const size = sizes[s]!;
      if (size === 0) continue;
      const median = size % 2 === 1 ? middle[s]! : (below[s]! + middle[s]!) / 2;
      means[s]!.push(sums[s]! / size);
      medians[s]!.push(median);
      percentiles[s]!.push(midRankPercentile(column, median));
    }
  }
  const { standardDeviation } = population;
  const segments = Array.from({ length: k }, (_, index): SegmentProfile => {
    const size = sizes[index]!;
    if (size === 0) {
      const none = features.map(() => NaN);
      const noShares = features.map((feature) => feature.categories?.map(() => NaN) ?? null);
      return { index, size: 0, share: 0, mean: none, median: none, categoryShares: noShares, zScores: none, medianPercentiles: none };
    }
    const mean = means[index]!;
    return {
      index,
      size,
      share: size / nSamples,
      mean,
      median: medians[index]!,
      categoryShares: categoryShares[index]!,
      zScores: mean.map((m, f) => (standardDeviation[f]! > 0 ? (m - population.mean[f]!) / standardDeviation[f]! : 0)),
      medianPercentiles: percentiles[index]!,
    };
  });
  return {
    features,
    population: { size: population.size, mean: population.mean, median: population.median, categoryShares: populationShares, standardDeviation },
    segments,
  };
}

/** A segment below this share of the rows is too small to act on as a group (smallSegmentsWarning). */
export const SMALL_SEGMENT_SHARE = 0.01;

/**
 * What to say of segments under SMALL_SEGMENT_SHARE of the rows (segment i is sizes[i], shown
 * as i + 1), or undefined when there are none: a marketer cannot run a campaign for 3
 * customers, and such segments are most often a few outliers that took a centre of their own.
 */
export function smallSegmentsWarning(sizes: readonly number[], nRows: number): string | undefined {
  const small = sizes.flatMap((size, i) => (size < SMALL_SEGMENT_SHARE * nRows ? [`${i + 1} (${size} row${size === 1 ? '' : 's'}, ${formatShare(size / nRows)})`] : []));
  if (small.length === 0) return undefined;
  const list = small.length === 1 ? `segment ${small[0]} is` : `segments ${small.slice(0, -1).join(', ')} and ${small.at(-1)} are`;
  return `${list} under ${100 * SMALL_SEGMENT_SHARE}% of the rows: too few to act on as a group, and most often outliers with a centre of their own; look at their rows, cap extreme values (clip) or try a smaller k`;
}
