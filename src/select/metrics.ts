import type { Matrix } from '../kmeans/types.js';
import { checkKnownOptions } from '../options.js';
import { checkClusterCount, type Clustering, toClustering } from './clustering.js';

// Cluster-quality metrics of a labelling, defined as scikit-learn.metrics defines them, computed
// on the labels' own cluster means (not on any centroids a fit reported).

export interface MetricOptions {
  /** Number of columns; required when data is a flat Float64Array. */
  nFeatures?: number;
}

function toCheckedClustering(data: Matrix, labels: ArrayLike<number>, options: MetricOptions, metric: string): Clustering {
  checkKnownOptions(options, ['nFeatures'], metric);
  return toClustering(data, labels, options.nFeatures);
}

/** Rows per cluster and each cluster's mean (nClusters×nFeatures, row-major). */
export interface ClusterMeans {
  sizes: Int32Array;
  means: Float64Array;
}

export function clusterMeans(clustering: Clustering): ClusterMeans {
  const { data, labels, nClusters } = clustering;
  const { values, nSamples: n, nFeatures: d } = data;
  const sizes = new Int32Array(nClusters);
  const means = new Float64Array(nClusters * d);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    sizes[c]!++;
    for (let f = 0; f < d; f++) means[c * d + f]! += values[i * d + f]!;
  }
  for (let c = 0; c < nClusters; c++) {
    for (let f = 0; f < d; f++) means[c * d + f]! /= sizes[c]!;
  }
  return { sizes, means };
}

/** Squared distance between row a of `x` and row b of `y` (both row-major, nFeatures wide). */
function squaredDistance(x: Float64Array, a: number, y: Float64Array, b: number, nFeatures: number): number {
  let sum = 0;
  for (let f = 0; f < nFeatures; f++) {
    const diff = x[a * nFeatures + f]! - y[b * nFeatures + f]!;
    sum += diff * diff;
  }
  return sum;
}

/** Each cluster's sum of squared distances of its rows to its mean. */
function withinClusterSums(clustering: Clustering, { means }: ClusterMeans): Float64Array {
  const { data, labels, nClusters } = clustering;
  const sums = new Float64Array(nClusters);
  for (let i = 0; i < data.nSamples; i++) {
    sums[labels[i]!]! += squaredDistance(data.values, i, means, labels[i]!, data.nFeatures);
  }
  return sums;
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let t = 0; t < values.length; t++) sum += values[t]!;
  return sum;
}

/** The within-cluster sum of squares about the cluster means, for a validated clustering. */
export function inertiaOf(clustering: Clustering): number {
  return total(withinClusterSums(clustering, clusterMeans(clustering)));
}

/**
 * Calinski-Harabasz index (variance ratio) for a validated clustering of 2 to nSamples - 1
 * clusters: (between-cluster dispersion / (k - 1)) / (within-cluster dispersion / (n - k));
 * 1 when every row sits on its cluster's mean, as scikit-learn returns.
 */
export function calinskiHarabaszOf(clustering: Clustering, cluster: ClusterMeans = clusterMeans(clustering)): number {
  const { data, nClusters: k } = clustering;
  const { values, nSamples: n, nFeatures: d } = data;
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) overall[f]! += values[i * d + f]!;
  for (let f = 0; f < d; f++) overall[f]! /= n;
  let between = 0;
  for (let c = 0; c < k; c++) between += cluster.sizes[c]! * squaredDistance(cluster.means, c, overall, 0, d);
  const within = total(withinClusterSums(clustering, cluster));
  return within === 0 ? 1 : (between * (n - k)) / (within * (k - 1));
}

/** scikit-learn's np.allclose(values, 0): every |value| <= 1e-8. */
function allNearZero(values: ArrayLike<number>): boolean {
  for (let t = 0; t < values.length; t++) if (!(Math.abs(values[t]!) <= 1e-8)) return false;
  return true;
}

/**
 * Davies-Bouldin index for a validated clustering of 2 to nSamples - 1 clusters: the mean over
 * clusters of the largest (s_i + s_j) / d(c_i, c_j), where s is a cluster's mean distance to
 * its mean c. Clusters with the same mean are not compared (scikit-learn's rule); 0 when all
 * s or all d are ~0.
 */
export function daviesBouldinOf(clustering: Clustering, { sizes, means }: ClusterMeans = clusterMeans(clustering)): number {
  const { data, labels, nClusters: k } = clustering;
  const { values, nSamples: n, nFeatures: d } = data;
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) spread[labels[i]!]! += Math.sqrt(squaredDistance(values, i, means, labels[i]!, d));
  for (let c = 0; c < k; c++) spread[c]! /= sizes[c]!;
  const separation = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) separation[a * k + b] = Math.sqrt(squaredDistance(means, a, means, b, d));
  }
  if (allNearZero(spread) || allNearZero(separation)) return 0;
  let sum = 0;
  for (let a = 0; a < k; a++) {
    let worst = 0;
    for (let b = 0; b < k; b++) {
      const distance = separation[a * k + b]!;
      if (distance > 0) worst = Math.max(worst, (spread[a]! + spread[b]!) / distance);
    }
    sum += worst;
  }
  return sum / k;
}

/**
 * Inertia (WCSS): the sum over rows of the squared Euclidean distance to the mean of the row's
 * cluster. For a converged k-means fit this is the fit's inertia, up to rounding.
 */
export function inertia(data: Matrix, labels: ArrayLike<number>, options: MetricOptions = {}): number {
  return inertiaOf(toCheckedClustering(data, labels, options, 'inertia'));
}

/**
 * Calinski-Harabasz index of a labelling (sklearn.metrics.calinski_harabasz_score): higher is
 * better. Needs 2 to nSamples - 1 clusters.
 */
export function calinskiHarabasz(data: Matrix, labels: ArrayLike<number>, options: MetricOptions = {}): number {
  const clustering = toCheckedClustering(data, labels, options, 'calinskiHarabasz');
  checkClusterCount(clustering, 'calinskiHarabasz');
  return calinskiHarabaszOf(clustering);
}

/**
 * Davies-Bouldin index of a labelling (sklearn.metrics.davies_bouldin_score): lower is better,
 * 0 is the least. Needs 2 to nSamples - 1 clusters.
 */
export function daviesBouldin(data: Matrix, labels: ArrayLike<number>, options: MetricOptions = {}): number {
  const clustering = toCheckedClustering(data, labels, options, 'daviesBouldin');
  checkClusterCount(clustering, 'daviesBouldin');
  return daviesBouldinOf(clustering);
}
