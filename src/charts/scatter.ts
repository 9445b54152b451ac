import { invalidArgument } from '../errors.js';
import type { Matrix } from '../kmeans/types.js';
import { checkInteger, toDenseMatrix } from '../kmeans/validate.js';
import { segmentColour, segmentEdge, segmentMarker } from './palette.js';
import { pca, projectRows } from './pca.js';
import { drawingSample, rowsBySegment } from './segmented.js';
import { axis, baseOptions, CHART_SIZE, formatNumber, formatShare, legend, segmentLabel } from './theme.js';
import type { ChartDataset, ChartPoint, ChartSpec } from './types.js';

/** Above this many rows the scatter draws a sample: more dots only hide each other. */
export const SCATTER_MAX_POINTS = 4000;

/** Rows with their segments, in the space the segments were found in (usually scaled). */
export interface ScatterData {
  /** nSamples rows of nFeatures values (`number[][]`, or a row-major Float64Array with nFeatures). */
  matrix: Matrix;
  nFeatures?: number;
  /** Each row's segment, 0-based (segment i is drawn in segmentColour(i)). */
  labels: ArrayLike<number>;
  /** Each segment's centre, in the same space as the matrix. */
  centroids: readonly (readonly number[])[];
  /** The name of each matrix column, with its unit (e.g. "Annual Income (k$)"). */
  featureNames: readonly string[];
  /** One name per segment; their number is k. */
  segmentNames: readonly string[];
  /**
   * How the matrix was scaled from the features' own units (value = (x - center) / scaleBy), as a
   * Preparation records it. With two features the axes then show the features' own units (the
   * picture is the same, the numbers readable). PCA always works in the matrix's space: the
   * space whose distances k-means minimised.
   */
  scaling?: { center: readonly number[]; scaleBy: readonly number[] };
  /** The most points drawn. Default 4000. */
  maxPoints?: number;
}

interface Projection {
  /** Row coordinates on the chart (x, y); y is the segment number for a single feature. */
  point(row: number): ChartPoint;
  centroid(segment: number): ChartPoint;
  xTitle: string;
  yTitle: string;
  /** What the axes are, for the subtitle. */
  basis: string;
}

/** The two features as they are (in their own units when scaling is given). */
function directProjection(data: ScatterData, values: Float64Array): Projection {
  const unscale = (value: number, f: number): number =>
    data.scaling ? value * data.scaling.scaleBy[f]! + data.scaling.center[f]! : value;
  return {
    point: (row) => ({ x: unscale(values[row * 2]!, 0), y: unscale(values[row * 2 + 1]!, 1) }),
    centroid: (s) => ({ x: unscale(data.centroids[s]![0]!, 0), y: unscale(data.centroids[s]![1]!, 1) }),
    xTitle: data.featureNames[0]!,
    yTitle: data.featureNames[1]!,
    basis: '',
  };
}

/** The first two principal components of the matrix; the axis titles say how much variance each explains. */
function pcaProjection(data: ScatterData, values: Float64Array, nSamples: number, nFeatures: number): Projection {
  const model = pca(values, { nFeatures, nComponents: 2 });
  const rows = projectRows(model, values, nSamples);
  const centres = projectRows(model, data.centroids.flat(), data.centroids.length);
  const [first, second] = model.explainedVarianceRatio;
  return {
    point: (row) => ({ x: rows[row]![0]!, y: rows[row]![1]! }),
    centroid: (s) => ({ x: centres[s]![0]!, y: centres[s]![1]! }),
    xTitle: `principal component 1 (${formatShare(first!)} of variance)`,
    yTitle: `principal component 2 (${formatShare(second!)} of variance)`,
    basis: `${nFeatures} features projected onto their first two principal components (${formatShare(first! + second!)} of the variance)`,
  };
}

/** One feature: its value across, the segment number up (a strip per segment). */
function stripProjection(data: ScatterData, values: Float64Array, labels: ArrayLike<number>): Projection {
  const unscale = (value: number): number => (data.scaling ? value * data.scaling.scaleBy[0]! + data.scaling.center[0]! : value);
  return {
    point: (row) => ({ x: unscale(values[row]!), y: labels[row]! + 1 }),
    centroid: (s) => ({ x: unscale(data.centroids[s]![0]!), y: s + 1 }),
    xTitle: data.featureNames[0]!,
    yTitle: 'segment',
    basis: '',
  };
}

/** Pairs whose dots mix this much or more are said to overlap in the chart's description. */
const OVERLAP_SHARE = 0.05;
/** The overlapping pairs the description names, the most mixed first. */
const OVERLAPS_NAMED = 3;

/**
 * What a reader who cannot see the chart needs most from it: which segments' dots mix in this
 * view and how much, or that they stand apart. Two segments overlap by the share of their drawn
 * customers that lie nearer the other's centre than their own, on the chart's axes, each scaled
 * to its span (as the eye judges the picture; a single feature's strips are judged across only).
 */
function overlapSentence(shown: readonly (readonly number[])[], projection: Projection, k: number, across: boolean): string {
  if (k < 2) return '';
  const points = shown.map((rows) => rows.map(projection.point));
  const centres = Array.from({ length: k }, (_, s) => projection.centroid(s));
  // One loop over every point, not Math.max(...values): a view of a million points would overflow the stack.
  let [lowX, highX, lowY, highY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const point of [centres, ...points].flat()) {
    [lowX, highX, lowY, highY] = [Math.min(lowX, point.x), Math.max(highX, point.x), Math.min(lowY, point.y), Math.max(highY, point.y)];
  }
  const [sx, sy] = [highX - lowX || 1, across ? Infinity : highY - lowY || 1];
  const distance = (point: ChartPoint, centre: ChartPoint): number => ((point.x - centre.x) / sx) ** 2 + ((point.y - centre.y) / sy) ** 2;
  const nearer = new Float64Array(k * k);
  points.forEach((segmentPoints, s) => {
    for (const point of segmentPoints) {
      // Another centre counts only when strictly nearer: a tie is no overlap.
      let best = s;
      let bestDistance = distance(point, centres[s]!);
      centres.forEach((centre, c) => {
        const d = distance(point, centre);
        if (d < bestDistance) [best, bestDistance] = [c, d];
      });
      nearer[s * k + best]! += 1;
    }
  });
  const pairs: { a: number; b: number; share: number }[] = [];
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const drawn = points[a]!.length + points[b]!.length;
      const share = drawn === 0 ? 0 : (nearer[a * k + b]! + nearer[b * k + a]!) / drawn;
      if (share >= OVERLAP_SHARE) pairs.push({ a, b, share });
    }
  }
  if (pairs.length === 0) return `In this view the segments stand apart: under ${formatShare(OVERLAP_SHARE)} of any two segments' customers lie nearer the other's centre.`;
  pairs.sort((p, q) => q.share - p.share || p.a - q.a || p.b - q.b);
  const [first, ...others] = pairs.slice(0, OVERLAPS_NAMED);
  const which = ({ a, b }: { a: number; b: number }): string => `${a + 1} and ${b + 1}`;
  if (others.length === 0) {
    return `In this view segments ${which(first!)} overlap: ${formatShare(first!.share)} of their customers lie nearer the other's centre.`;
  }
  const more = pairs.length - 1 - others.length;
  return (
    `In this view segments ${which(first!)} overlap most (${formatShare(first!.share)} of their customers lie nearer the other's centre), ` +
    `then ${others.map((pair) => `${which(pair)} (${formatShare(pair.share)})`).join(', ')}${more > 0 ? `, and ${more} more pair${more === 1 ? '' : 's'}` : ''}.`
  );
}

/**
 * Cluster scatter: every customer as a dot in its segment's colour, each segment's centre as a
 * dark diamond labelled with its number. Two features are drawn directly; more are projected onto their first two
 * principal components; one feature is drawn as a strip per segment. Above maxPoints rows a
 * deterministic sample is drawn (every segment keeps its share, evenly spaced through the rows)
 * and the subtitle says how many points are shown.
 */
export function scatterChart(data: ScatterData): ChartSpec {
  const matrix = toDenseMatrix(data.matrix, data.nFeatures, 'matrix');
  const { values, nSamples, nFeatures } = matrix;
  const k = data.segmentNames.length;
  if (data.featureNames.length !== nFeatures) {
    throw invalidArgument(`featureNames has ${data.featureNames.length} names; the matrix has ${nFeatures} columns`);
  }
  if (data.centroids.length !== k || data.centroids.some((c) => c.length !== nFeatures)) {
    throw invalidArgument(`centroids must be ${k} rows (one per segment name) of ${nFeatures} values`);
  }
  const maxPoints = data.maxPoints === undefined ? SCATTER_MAX_POINTS : checkInteger('maxPoints', data.maxPoints, k);
  const shown = drawingSample(rowsBySegment(data.labels, nSamples, k), maxPoints);
  const projection =
    nFeatures === 1
      ? stripProjection(data, values, data.labels)
      : nFeatures === 2
        ? directProjection(data, values)
        : pcaProjection(data, values, nSamples, nFeatures);

  const datasets: ChartDataset[] = shown.map((rows, s) => ({
    type: 'scatter',
    label: segmentLabel(data.segmentNames, s),
    data: rows.map(projection.point),
    backgroundColor: segmentColour(s),
    borderColor: segmentEdge(s),
    borderWidth: 1,
    pointRadius: nSamples > 1000 ? 3 : 4.5,
    ...segmentMarker(s),
    order: 1,
  }));
  // order 0 draws the centres over the dots (Chart.js then also lists them first in the legend).
  // Each labelled with its segment's number: white diamonds alike said nothing of which is
  // which, and past eight segments the colours are no longer all told apart.
  datasets.unshift({
    type: 'scatter',
    label: 'centre of each segment (its number beside it)',
    data: data.centroids.map((_, s) => projection.centroid(s)),
    // White with a dark edge: seen on every segment's colour, black (segment 8) included.
    backgroundColor: '#ffffff',
    borderColor: '#1f2328',
    borderWidth: 2.5,
    pointRadius: 9,
    pointStyle: 'rectRot',
    order: 0,
  });

  const nShown = shown.reduce((sum, rows) => sum + rows.length, 0);
  const count =
    nShown < nSamples
      ? `${formatNumber(nShown)} of ${formatNumber(nSamples)} customers shown (an even sample of each segment)`
      : `${formatNumber(nSamples)} customers`;
  const title = 'Segments';
  return {
    id: 'scatter',
    title,
    description:
      `${title}: ${count}, each segment in its own colour and marker, its centre a white diamond labelled with its number.` +
      [projection.basis ? `${projection.basis}.` : '', overlapSentence(shown, projection, k, nFeatures === 1)].map((part) => (part ? ` ${part}` : '')).join(''),
    ...CHART_SIZE,
    config: {
      type: 'scatter',
      data: { datasets },
      options: baseOptions({
        title,
        subtitle: [count, ...(projection.basis ? [projection.basis] : [])],
        width: CHART_SIZE.width,
        legend: legend(true, true),
        pointLabels: { datasetIndex: 0, labels: data.centroids.map((_, s) => String(s + 1)) },
        scales: {
          x: axis(projection.xTitle),
          y:
            nFeatures === 1
              ? axis(projection.yTitle, { min: 0, max: k + 1, stepSize: 1, grid: false })
              : axis(projection.yTitle),
        },
      }),
    },
  };
}
