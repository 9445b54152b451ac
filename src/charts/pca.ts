import { invalidArgument } from '../errors.js';
import type { Matrix } from '../kmeans/types.js';
import { checkInteger, type DenseMatrix, toDenseMatrix } from '../kmeans/validate.js';

/** A principal component analysis: the directions of largest variance of the data. */
export interface Pca {
  /** The mean of each feature, subtracted before projecting. */
  mean: number[];
  /** nComponents unit vectors (nFeatures values each), by decreasing variance. */
  components: number[][];
  /** The variance along each component (eigenvalues of the population covariance). */
  explainedVariance: number[];
  /** Each component's share of the total variance, in [0, 1]. */
  explainedVarianceRatio: number[];
}

/**
 * Eigenvalues and eigenvectors of a symmetric d×d matrix (row-major) by cyclic Jacobi
 * rotations: exact to rounding for the small matrices (d = features) PCA needs here, and
 * deterministic, with no iteration count that depends on a random start.
 * Returns eigenvalues (unsorted) and eigenvectors as the columns of `vectors`.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = matrix.slice();
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  const offDiagonal = (): number => {
    let sum = 0;
    for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) sum += a[i * d + j]! ** 2;
    return sum;
  };
  let scale = 0;
  for (let t = 0; t < d * d; t++) scale += a[t]! ** 2;
  // Jacobi converges quadratically; 100 sweeps is far beyond what any d needs.
  for (let sweep = 0; sweep < 100 && offDiagonal() > 1e-30 * scale; sweep++) {
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1).
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          // Columns p and q, then rows p and q: A' = Jᵀ A J.
          const akp = a[k * d + p]!;
          const akq = a[k * d + q]!;
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k]!;
          const aqk = a[q * d + k]!;
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p]!;
          const vkq = v[k * d + q]!;
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]!), vectors: v };
}

/** The population covariance matrix (d×d, row-major) of the rows about their mean. */
function covariance({ values, nSamples: n, nFeatures: d }: DenseMatrix, mean: number[]): Float64Array {
  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) centred[f] = values[i * d + f]! - mean[f]!;
    for (let f = 0; f < d; f++) for (let g = f; g < d; g++) cov[f * d + g]! += centred[f]! * centred[g]!;
  }
  for (let f = 0; f < d; f++) {
    for (let g = f; g < d; g++) {
      cov[f * d + g]! /= n;
      cov[g * d + f] = cov[f * d + g]!;
    }
  }
  return cov;
}

/**
 * PCA of the rows of `data` (population covariance, as scikit-learn's explained_variance_ratio_
 * reports it). Components come by decreasing variance; each is signed so that its entry of
 * largest magnitude is positive (scikit-learn's svd_flip convention), so the result never
 * depends on rounding in the solver and plots do not flip between runs.
 */
export function pca(data: Matrix, options: { nComponents?: number; nFeatures?: number } = {}): Pca {
  const matrix = toDenseMatrix(data, options.nFeatures);
  const d = matrix.nFeatures;
  const nComponents = options.nComponents === undefined ? Math.min(2, d) : checkInteger('nComponents', options.nComponents, 1);
  if (nComponents > d) throw invalidArgument(`nComponents=${nComponents} must be <= nFeatures=${d}`);
  const mean = new Array<number>(d).fill(0);
  for (let i = 0; i < matrix.nSamples; i++) for (let f = 0; f < d; f++) mean[f]! += matrix.values[i * d + f]!;
  for (let f = 0; f < d; f++) mean[f]! /= matrix.nSamples;

  const { values, vectors } = symmetricEigen(covariance(matrix, mean), d);
  // Rounding can leave a zero eigenvalue slightly negative; a variance is never below 0.
  const variances = Array.from(values, (value) => Math.max(0, value));
  const order = variances.map((_, i) => i).sort((a, b) => variances[b]! - variances[a]! || a - b);
  const total = variances.reduce((sum, value) => sum + value, 0);
  const chosen = order.slice(0, nComponents);
  const components = chosen.map((column) => {
    const vector = Array.from({ length: d }, (_, f) => vectors[f * d + column]!);
    const largest = vector.reduce((best, value) => (Math.abs(value) > Math.abs(best) ? value : best), 0);
    return largest < 0 ? vector.map((value) => -value) : vector;
  });
  return {
    mean,
    components,
    explainedVariance: chosen.map((i) => variances[i]!),
    explainedVarianceRatio: chosen.map((i) => (total > 0 ? variances[i]! / total : 0)),
  };
}

/** The coordinates of each row (values of nFeatures each, row-major) on the components. */
export function projectRows(model: Pca, values: ArrayLike<number>, nSamples: number): number[][] {
  const d = model.mean.length;
  return Array.from({ length: nSamples }, (_, i) =>
    model.components.map((component) => {
      let sum = 0;
      for (let f = 0; f < d; f++) sum += (values[i * d + f]! - model.mean[f]!) * component[f]!;
      return sum;
    }),
  );
}
