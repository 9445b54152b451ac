import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import type { Matrix } from '../kmeans/types.js';
import { type DenseMatrix, toDenseMatrix } from '../kmeans/validate.js';
import { takeRows } from './sampling.js';

/**
 * A validated labelling of validated data. Labels are renumbered 0..nClusters-1 in increasing
 * order of the caller's labels (as scikit-learn's LabelEncoder does), so clusters with no row
 * simply do not exist.
 */
export interface Clustering {
  data: DenseMatrix;
  labels: Int32Array;
  nClusters: number;
  /** The caller's label of each cluster. */
  clusterLabels: number[];
}

/** Validates data and labels (one integer >= 0 per row) and renumbers the labels. */
export function toClustering(data: Matrix, labels: ArrayLike<number>, nFeatures: number | undefined): Clustering {
  const matrix = toDenseMatrix(data, nFeatures);
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw invalidArgument(`labels must be an array of integers; got ${describeGiven(labels)}`);
  }
  if (labels.length !== matrix.nSamples) {
    throw new SegmintError('ERR_INVALID_DATA', `labels has ${labels.length} values; expected nSamples=${matrix.nSamples}`);
  }
  const distinct = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const label: unknown = labels[i];
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label > 2 ** 31 - 1) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `labels[${i}] is ${typeof label === 'string' ? JSON.stringify(label) : String(label)}; labels must be integers >= 0`,
      );
    }
    distinct.add(label);
  }
  return { data: matrix, ...renumber(labels, [...distinct]) };
}

/** Labels renumbered 0..nClusters-1 in increasing order of the given distinct labels. */
function renumber(
  labels: ArrayLike<number>,
  distinct: number[],
): { labels: Int32Array; nClusters: number; clusterLabels: number[] } {
  const clusterLabels = distinct.sort((a, b) => a - b);
  const index = new Map(clusterLabels.map((label, c) => [label, c]));
  const renumbered = Int32Array.from({ length: labels.length }, (_, i) => index.get(labels[i]!)!);
  return { labels: renumbered, nClusters: clusterLabels.length, clusterLabels };
}

/** The clustering that already validated labels (integers >= 0, e.g. a fit's) make of data. */
export function fromLabels(data: DenseMatrix, labels: Int32Array): Clustering {
  return { data, ...renumber(labels, [...new Set(labels)]) };
}

/** The clustering restricted to the given rows; clusters left without a row disappear. */
export function subClustering(clustering: Clustering, rows: Int32Array): Clustering {
  const { data, labels } = clustering;
  const values = takeRows(data.values, data.nFeatures, rows);
  const kept = Int32Array.from(rows, (row) => labels[row]!);
  const sub = renumber(kept, [...new Set(kept)]);
  return {
    data: { values, nSamples: rows.length, nFeatures: data.nFeatures },
    ...sub,
    clusterLabels: sub.clusterLabels.map((c) => clustering.clusterLabels[c]!),
  };
}

/**
 * Silhouette, Calinski-Harabasz and Davies-Bouldin are defined for 2 to nSamples - 1 clusters
 * (scikit-learn's rule). `metric` names the caller in the message.
 */
export function checkClusterCount(clustering: Clustering, metric: string): void {
  if (!comparesClusters(clustering)) {
    throw new SegmintError(
      'ERR_INVALID_DATA',
      `${metric} needs 2 to nSamples - 1 = ${clustering.data.nSamples - 1} clusters; the labels name ${clustering.nClusters}`,
    );
  }
}

/** Whether silhouette, Calinski-Harabasz and Davies-Bouldin are defined for this clustering. */
export function comparesClusters(clustering: Clustering): boolean {
  return clustering.nClusters >= 2 && clustering.nClusters <= clustering.data.nSamples - 1;
}
