import { checkInteger } from '../kmeans/validate.js';
import { segmentColour, segmentEdge } from './palette.js';
import { allocate, evenlySpaced, rowsBySegment } from './segmented.js';
import { axis, baseOptions, CHART_SIZE, formatNumber, formatShare, legend, referenceLine, segmentLabel } from './theme.js';
import type { ChartSpec, LineDataset } from './types.js';

/** Above this many scored rows the profile of each segment is drawn from evenly spaced ranks. */
export const SILHOUETTE_MAX_POINTS = 2000;

export interface SilhouetteData {
  /** The silhouette of each scored row (SilhouetteResult.samples). */
  values: ArrayLike<number>;
  /** The segment (0-based) of each scored row, aligned with values. */
  labels: ArrayLike<number>;
  /** One name per segment; their number is k. */
  segmentNames: readonly string[];
  /** When the scored rows are a sample, the number of rows in the data. */
  sampledFrom?: number;
  /** The most points drawn. Default 2000. */
  maxPoints?: number;
}

/**
 * Silhouette plot: each segment's rows, sorted by silhouette (highest first), as a filled
 * profile in the segment's colour, side by side; the mean silhouette as a dashed line. Each
 * segment's block is as wide as the segment is large. A segment whose profile stays above the
 * mean is tight and well separated; rows below 0 sit closer to another segment than their own.
 */
export function silhouetteChart(data: SilhouetteData): ChartSpec {
  const k = data.segmentNames.length;
  const n = data.values.length;
  const maxPoints = data.maxPoints === undefined ? SILHOUETTE_MAX_POINTS : checkInteger('maxPoints', data.maxPoints, k);
  const bySegment = rowsBySegment(data.labels, n, k).map((rows) => rows.map((row) => data.values[row]!).sort((a, b) => b - a));
  let sum = 0;
  let lowest = 0;
  for (let i = 0; i < n; i++) {
    sum += data.values[i]!;
    lowest = Math.min(lowest, data.values[i]!);
  }
  const mean = sum / n;

  // Ranks evenly spaced through each sorted segment keep its shape when there are too many to draw.
  const counts = allocate(
    bySegment.map((values) => values.length),
    maxPoints,
  );
  const gap = Math.ceil(n * 0.015);
  let start = 0;
  const datasets: LineDataset[] = bySegment.map((values, s) => {
    const size = values.length;
    const drawn = evenlySpaced(values, counts[s]!);
    const from = start;
    start += size + gap;
    const points = drawn.map((value, t) => ({ x: from + ((t + 0.5) * size) / drawn.length, y: value }));
    return {
      type: 'line',
      label: segmentLabel(data.segmentNames, s),
      // Zero at both ends closes the area so each block has straight sides.
      data: size === 0 ? [] : [{ x: from, y: 0 }, ...points, { x: from + size, y: 0 }],
      borderColor: segmentEdge(s),
      backgroundColor: segmentColour(s),
      borderWidth: 1,
      pointRadius: 0,
      fill: 'origin',
      tension: 0,
    };
  });

  const drawnAll = counts.reduce((total, count) => total + count, 0);
  const scored =
    data.sampledFrom !== undefined && data.sampledFrom > n
      ? `computed on a sample of ${formatNumber(n)} of ${formatNumber(data.sampledFrom)} customers`
      : `${formatNumber(n)} customers`;
  const drawnNote = drawnAll < n ? `, shown as ${formatNumber(drawnAll)} bars` : '';
  const title = 'Silhouette of each customer';
  const meanText = mean.toFixed(2);
  // What the picture shows of each segment, in words: its mean and its share below 0.
  const perSegment = bySegment
    .flatMap((values, s) => {
      if (values.length === 0) return [];
      const below = values.filter((value) => value < 0).length / values.length;
      const segmentMean = values.reduce((total, value) => total + value, 0) / values.length;
      return [`segment ${s + 1} ${segmentMean.toFixed(2)}${below > 0 ? ` (${formatShare(below)} below 0)` : ''}`];
    })
    .join(', ');
  return {
    id: 'silhouette',
    title,
    description: `${title}: ${scored}, sorted within each segment; mean silhouette ${meanText}; by segment: ${perSegment}. Higher is better; below 0, a customer is closer to another segment than to its own.`,
    ...CHART_SIZE,
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({
        title,
        subtitle: [`Mean silhouette ${meanText} (dashed line)`, 'higher is better; below 0 = closer to another segment', `${scored}${drawnNote}`],
        width: CHART_SIZE.width,
        legend: legend(true),
        scales: {
          x: axis('customers, sorted by silhouette within each segment', { min: 0, max: Math.max(1, start - gap), showTicks: false, grid: false }),
          y: axis('silhouette coefficient (−1 to 1)', { min: Math.min(-0.1, Math.floor(lowest * 10) / 10), max: 1 }),
        },
        // Unlabelled: the subtitle names the dashed line, and a label over the bars hid some.
        referenceLines: [referenceLine('y', mean)],
      }),
    },
  };
}

