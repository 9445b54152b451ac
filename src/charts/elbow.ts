import { invalidArgument } from '../errors.js';
import { INK } from './palette.js';
import { axis, baseOptions, CHART_SIZE, formatNumber, legend, referenceLine } from './theme.js';
import type { ChartSpec, LineDataset, ReferenceLine } from './types.js';

/**
 * The quality metrics of one fit in a scan of k: plain numbers, so the chart and the report
 * do not depend on how the scan was run (from scanK: entry.silhouette?.mean, entry.gap?.gap, ...).
 */
export interface KSelectionRow {
  k: number;
  /** Within-segment sum of squares, in the space k-means worked in. */
  inertia: number;
  /** Mean silhouette. Undefined or NaN where a metric is not defined (e.g. k = 1). */
  silhouette?: number;
  calinskiHarabasz?: number;
  daviesBouldin?: number;
  gap?: number;
  gapStandardError?: number;
  /** Mean adjusted Rand index over bootstrap resamples. */
  stability?: number;
}

/** The evidence for a choice of k: the metrics of each k scanned, and what they point to. */
export interface KSelection {
  /** By increasing k. */
  metrics: KSelectionRow[];
  /** The knee of the inertia curve (Kneedle), if it has one. */
  knee?: number;
  /** The k the selection rule recommends. */
  recommended?: number;
  /** The k the segments were made with, when it is not the recommendation. */
  chosen?: number;
  /** Which k each criterion chose (e.g. { knee: 5, silhouette: 5, gap: 6 }). */
  votes?: Partial<Record<string, number>>;
  /** Why: one sentence per criterion or rule. */
  reasons?: string[];
}

/** One labelled line per k that matters: "k = 5: knee, recommended" when they coincide. */
function markers(selection: KSelection): ReferenceLine[] {
  const roles = new Map<number, string[]>();
  const mark = (k: number | undefined, role: string): void => {
    if (k !== undefined) roles.set(k, [...(roles.get(k) ?? []), role]);
  };
  mark(selection.knee, 'knee');
  mark(selection.recommended, 'recommended');
  mark(selection.chosen, 'chosen');
  return [...roles].map(([k, names]) => referenceLine('x', k, `k = ${k}: ${names.join(', ')}`));
}

/**
 * Elbow chart: inertia against k (left axis) with the knee, the recommended and the chosen k
 * marked by labelled vertical lines, and the mean silhouette on a second axis (right) when known.
 */
export function elbowChart(selection: KSelection): ChartSpec {
  const { metrics } = selection;
  if (!Array.isArray(metrics) || metrics.length === 0) throw invalidArgument('the k selection has no metrics to draw');
  metrics.forEach((m, i) => {
    if (!Number.isInteger(m.k) || !Number.isFinite(m.inertia) || (i > 0 && m.k <= metrics[i - 1]!.k)) {
      throw invalidArgument(`metrics[${i}] is k=${m.k}, inertia=${m.inertia}; expected integer k increasing and a finite inertia`);
    }
  });
  // The axes end at the first and last k, so the curves' end points sit on the plot's edges:
  // unclipped (clip: false) they are drawn whole.
  const silhouettes = metrics.filter((m) => Number.isFinite(m.silhouette));
  const datasets: LineDataset[] = [
    {
      type: 'line',
      label: 'inertia (left axis)',
      data: metrics.map((m) => ({ x: m.k, y: m.inertia })),
      borderColor: INK.inertia,
      backgroundColor: INK.inertia,
      borderWidth: 2.5,
      pointRadius: 4,
      pointStyle: 'circle',
      fill: false,
      clip: false,
      yAxisID: 'y',
    },
  ];
  if (silhouettes.length > 0) {
    datasets.push({
      type: 'line',
      label: 'mean silhouette (right axis)',
      data: silhouettes.map((m) => ({ x: m.k, y: m.silhouette! })),
      borderColor: INK.silhouette,
      backgroundColor: INK.silhouette,
      borderWidth: 2.5,
      borderDash: [7, 5],
      pointRadius: 4.5,
      pointStyle: 'rect',
      fill: false,
      clip: false,
      yAxisID: 'y1',
    });
  }
  const first = metrics[0]!.k;
  const last = metrics.at(-1)!.k;
  const lines = markers(selection);
  const title = 'Choosing the number of segments';
  const found = lines.map((line) => line.label).join('; ');
  return {
    id: 'elbow',
    title,
    description:
      `${title}: inertia${silhouettes.length > 0 ? ' and mean silhouette' : ''} for k = ${first} to ${last}${found ? ` (${found})` : ''}. ` +
      `${metrics.map((m) => `k = ${m.k}: inertia ${formatNumber(m.inertia)}${Number.isFinite(m.silhouette) ? `, silhouette ${m.silhouette!.toFixed(2)}` : ''}`).join('; ')}.`,
    ...CHART_SIZE,
    config: {
      type: 'line',
      data: { datasets },
      options: baseOptions({
        title,
        subtitle: [
          'Inertia always falls as k grows; past the knee, more segments explain little more',
          ...(silhouettes.length > 0 ? ['higher silhouette = better separated segments'] : []),
        ],
        width: CHART_SIZE.width,
        legend: legend(true, true),
        scales: {
          x: axis('number of segments (k)', { min: first, max: last, stepSize: 1 }),
          y: axis('inertia: within-segment sum of squares (scaled units)', { beginAtZero: true }),
          ...(silhouettes.length > 0 ? { y1: axis('mean silhouette (−1 to 1)', { position: 'right', grid: false, beginAtZero: true }) } : {}),
        },
        referenceLines: lines,
      }),
    },
  };
}
