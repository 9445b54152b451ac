import { elbowChart, type KSelection } from '../charts/elbow.js';
import { profileChart } from '../charts/profiles.js';
import { scatterChart } from '../charts/scatter.js';
import { silhouetteChart } from '../charts/silhouette.js';
import { sizesChart } from '../charts/sizes.js';
import type { ChartSpec } from '../charts/types.js';
import { invalidArgument } from '../errors.js';
import { featureLabel, profileChartRows, type ProfileInput, type SegmentProfiles } from './profile.js';

/** A segmentation as clustered: the rows, each row's segment, the centres, and how the rows were prepared. */
export interface Segmentation extends ProfileInput {
  /** Each segment's centre, in the matrix's (scaled) space (ModelSegment.scaledCentroid), in segment order. */
  centroids: readonly (readonly number[])[];
}

/** The silhouette of the segmentation's rows (SilhouetteResult's samples and rows). */
export interface SilhouetteSamples {
  /** The silhouette of each scored row. */
  samples: ArrayLike<number>;
  /** The rows scored (indices into the matrix), aligned with samples. */
  rows: ArrayLike<number>;
  /** True when the scored rows are a sample of the matrix. */
  sampled: boolean;
}

export interface SegmentChartsInput {
  segmentation: Segmentation;
  profiles: SegmentProfiles;
  /** One name per segment (nameSegments, maybe overridden by applySegmentNames). */
  names: readonly string[];
  /** Adds the silhouette plot. */
  silhouette?: SilhouetteSamples;
  /** Adds the elbow chart. */
  kSelection?: KSelection;
  /** The most points the scatter draws. */
  maxPoints?: number;
}

/**
 * Every chart of a segmentation, in the order a report shows them: sizes, profiles, the
 * scatter, then the silhouette plot and the elbow chart when their data is given. Segment i has
 * the same colour in all of them.
 */
export function segmentCharts(input: SegmentChartsInput): ChartSpec[] {
  const { segmentation, profiles, names, silhouette, kSelection } = input;
  if (names.length !== segmentation.k || profiles.segments.length !== segmentation.k) {
    throw invalidArgument(`expected k=${segmentation.k} names and profiles; got ${names.length} names and ${profiles.segments.length} profiles`);
  }
  const charts: ChartSpec[] = [
    sizesChart({ sizes: profiles.segments.map((s) => s.size), segmentNames: names }),
    profileChart({ ...profileChartRows(profiles), segmentNames: names }),
    scatterChart({
      matrix: segmentation.matrix,
      nFeatures: segmentation.nFeatures,
      labels: segmentation.labels,
      centroids: segmentation.centroids,
      featureNames: profiles.features.map(featureLabel),
      segmentNames: names,
      scaling: segmentation.preparation,
      maxPoints: input.maxPoints,
    }),
  ];
  if (silhouette) {
    const nSamples = profiles.population.size;
    charts.push(
      silhouetteChart({
        values: silhouette.samples,
        labels: Int32Array.from(silhouette.rows, (row) => segmentation.labels[row]!),
        segmentNames: names,
        ...(silhouette.sampled ? { sampledFrom: nSamples } : {}),
      }),
    );
  }
  if (kSelection) charts.push(elbowChart(kSelection));
  return charts;
}
