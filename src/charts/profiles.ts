import { invalidArgument } from '../errors.js';
import { checkInteger } from '../kmeans/validate.js';
import { segmentColour, segmentEdge } from './palette.js';
import { axis, baseOptions, CHART_SIZE, legend, niceStep, referenceLine, segmentLabel } from './theme.js';
import type { BarDataset, ChartSpec } from './types.js';

/** More features than this and only the most distinctive are drawn: the rest would be a wall of bars. */
export const PROFILE_MAX_FEATURES = 12;

export interface ProfileData {
  /** What each feature is, as a reader should see it (e.g. "Annual Income (k$)", "Genre: Female (share)"). */
  featureNames: readonly string[];
  /**
   * zScores[s][f]: segment s's mean of feature f minus the whole population's mean, in
   * population standard deviations.
   */
  zScores: readonly (readonly number[])[];
  /** One name per segment; their number is k. */
  segmentNames: readonly string[];
  /** The most features drawn. Default 12. */
  maxFeatures?: number;
  /**
   * Per feature, whether it is a rare category (RARE_CATEGORY_SHARE): drawn only when there is
   * room left by the others, since a handful of rows gives a share of them a z-score in the tens.
   */
  rare?: readonly boolean[];
}

/** A category held by fewer than this share of all rows is rare (ProfileData.rare). */
export const RARE_CATEGORY_SHARE = 0.01;

/**
 * The features to draw: all in their order, or the maxFeatures with the largest |z| in any
 * segment, most distinctive first, rare categories after the rest.
 */
function featuresShown(zScores: readonly (readonly number[])[], d: number, maxFeatures: number, rare: readonly boolean[] | undefined): number[] {
  const all = Array.from({ length: d }, (_, f) => f);
  if (d <= maxFeatures) return all;
  const spread = all.map((f) => Math.max(...zScores.map((row) => Math.abs(row[f]!))));
  const last = (f: number): number => (rare?.[f] ? 1 : 0);
  return all.sort((a, b) => last(a) - last(b) || spread[b]! - spread[a]! || a - b).slice(0, maxFeatures);
}

/**
 * Segment profiles: for each feature, one horizontal bar per segment showing how far the
 * segment's mean lies from the whole population's, in standard deviations (z-scores), so
 * "high income, low spending" reads at a glance: bars right of the zero line are above average.
 */
export function profileChart(data: ProfileData): ChartSpec {
  const k = data.segmentNames.length;
  const d = data.featureNames.length;
  if (data.zScores.length !== k || data.zScores.some((row) => row.length !== d || row.some((z) => !Number.isFinite(z)))) {
    throw invalidArgument(`zScores must be ${k} rows (one per segment name) of ${d} finite numbers (one per feature)`);
  }
  const maxFeatures = data.maxFeatures === undefined ? PROFILE_MAX_FEATURES : checkInteger('maxFeatures', data.maxFeatures, 1);
  if (data.rare !== undefined && data.rare.length !== d) throw invalidArgument(`rare must hold ${d} flags (one per feature); got ${data.rare.length}`);
  const shown = featuresShown(data.zScores, d, maxFeatures, data.rare);
  const datasets: BarDataset[] = data.zScores.map((row, s) => ({
    type: 'bar',
    label: segmentLabel(data.segmentNames, s),
    data: shown.map((f) => row[f]!),
    backgroundColor: segmentColour(s),
    borderColor: segmentEdge(s),
    borderWidth: 1,
    barPercentage: 0.9,
    categoryPercentage: 0.85,
  }));
  const drawn = shown.flatMap((f) => data.zScores.map((row) => row[f]!));
  // The axis spans the bars, and at least one standard deviation either side of the average
  // (0): one far bar (+33) would otherwise leave half a symmetric axis empty. The longest bar
  // ends at least a tenth of a standard deviation before its edge, which is a tick.
  const low = Math.min(-1, ...drawn) - 0.1;
  const high = Math.max(1, ...drawn) + 0.1;
  const step = niceStep(high - low);
  const [min, max] = [Math.floor(low / step) * step, Math.ceil(high / step) * step];
  const title = 'Segment profiles';
  const which = shown.length < d ? `the ${shown.length} most distinctive of ${d} features` : `each feature`;
  // The longest bars of each segment, in words: what a reader who cannot see the chart needs.
  const longest = data.zScores
    .map((row, s) => {
      const bars = shown
        .filter((f) => Math.abs(row[f]!) >= 0.5)
        .sort((a, b) => Math.abs(row[b]!) - Math.abs(row[a]!) || a - b)
        .slice(0, 2)
        .map((f) => `${data.featureNames[f]} ${row[f]! > 0 ? '+' : '−'}${Math.abs(row[f]!).toFixed(1)}`);
      return `segment ${s + 1} ${bars.length > 0 ? bars.join(', ') : 'near 0 on all'}`;
    })
    .join('; ');
  return {
    id: 'profiles',
    title,
    description: `${title}: for ${which}, how far each segment's mean is from the average customer, in standard deviations. Longest bars: ${longest}.`,
    width: CHART_SIZE.width,
    height: Math.max(440, 190 + shown.length * (k * 14 + 16)),
    config: {
      type: 'bar',
      data: { labels: shown.map((f) => data.featureNames[f]!), datasets },
      options: baseOptions({
        title,
        subtitle: [`Each segment's mean against the average customer (0), for ${which}`, 'right is above average, left below'],
        width: CHART_SIZE.width,
        legend: legend(true),
        indexAxis: 'y',
        scales: {
          x: axis('difference from the average customer (standard deviations)', { min, max, stepSize: step }),
          y: axis('', { type: 'category', grid: false }),
        },
        referenceLines: [referenceLine('x', 0)],
      }),
    },
  };
}
