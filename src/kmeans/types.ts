/** The data a fit or a prediction accepts: rows of numbers, or a flat row-major Float64Array. */
export type Matrix = readonly (readonly number[])[] | Float64Array;

/** How the first centroids are chosen. */
export type InitMethod = 'k-means++' | 'random';

/**
 * How each iteration finds every row's nearest centroid. 'lloyd' computes it for every row;
 * 'hamerly' keeps two bounds per row (Hamerly 2010) and skips the rows they settle; 'elkan'
 * keeps a bound per row and centroid (Elkan 2003, 4 bytes each) and skips the centroids they
 * rule out. All three give the same iterations and the same result, bit for bit; 'auto' picks
 * the one expected to be fastest for the shape of the data and the memory it needs.
 */
export const ALGORITHMS = ['auto', 'lloyd', 'hamerly', 'elkan'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/**
 * How the fit stores the rows. 'f64' (default): as given. 'f32': each value rounded to the
 * nearest f32 (about 7 significant digits), which halves the memory the rows take in the
 * kernels and the bytes every pass reads; all arithmetic stays f64, so the fit is exactly the
 * 'f64' fit of the rounded rows (centroids and inertia are f64 too). Values beyond f32's range
 * (about ±3.4e38) are refused.
 */
export const PRECISIONS = ['f64', 'f32'] as const;
export type Precision = (typeof PRECISIONS)[number];

export interface KMeansOptions {
  /**
   * 'k-means++' (default): greedy k-means++ as scikit-learn does it, trying 2 + ln(k)
   * candidates per centre and keeping the one that lowers the potential most.
   * 'random': k distinct rows drawn at random (weighted by sampleWeight when given).
   * Or the k initial centroids themselves (then only one run is made).
   */
  init?: InitMethod | Matrix;
  /** Independent runs from different seeds of the init; the lowest inertia wins. Default 10. */
  nInit?: number;
  /** Iterations per run at most. Default 300. */
  maxIter?: number;
  /**
   * Convergence tolerance, relative to the data: a run stops when the total squared centroid
   * shift is at most tol × the mean of the features' variances (as scikit-learn does), or
   * when no label changes. Default 1e-4.
   */
  tol?: number;
  /** Seed of the random generator; the same seed gives bit-identical results. Default 0. */
  seed?: number;
  /** Weight of each row (finite, >= 0, not all 0). Default: every row weighs 1. */
  sampleWeight?: readonly number[] | Float64Array;
  /** Number of columns; required when data is a flat Float64Array. */
  nFeatures?: number;
  /** 'auto' (default), 'lloyd', 'hamerly' or 'elkan'; all give the same result. See Algorithm. */
  algorithm?: Algorithm;
  /**
   * Threads for kmeans() to spread each pass over (this one and threads - 1 workers). The
   * result is the same, bit for bit, for any number. worker_threads in Node (segmint/node); Web
   * Workers in browsers (segmint/browser), in a cross-origin isolated page and from a Web Worker;
   * elsewhere the fit runs on one thread with a warning that says why. A fit too short to repay
   * starting them (nSamples × nFeatures × k under about 4 million: a pass of about a millisecond)
   * runs on one thread too, without a warning: result.options.threads says 1. Default 1.
   */
  threads?: number;
  /** 'f64' (default) or 'f32': how the rows are stored (see Precision). */
  precision?: Precision;
}

export interface KMeansResult {
  /** k centroids, one array of nFeatures values each. */
  centroids: number[][];
  /** The cluster (0..k-1) of every row. */
  labels: Int32Array;
  /** Rows per cluster (not weighted). */
  sizes: number[];
  /** Sum over rows of weight × squared distance to the row's centroid (WCSS). */
  inertia: number;
  /** Iterations of the winning run. */
  iterations: number;
  /** Whether the winning run met the tolerance (or stopped changing labels) before maxIter. */
  converged: boolean;
  /** Things worth knowing that are not errors, e.g. fewer distinct rows than k. */
  warnings: string[];
  /** The options the fit ran with, defaults filled in (init given as an array shows as 'given'). */
  options: ResolvedOptions;
  /** The nearest centroid of each given row (data in the same feature order). */
  predict(data: Matrix, options?: { nFeatures?: number }): Int32Array;
}

export interface ResolvedOptions {
  init: InitMethod | 'given';
  /** The algorithm that ran ('auto' resolved). */
  algorithm: Exclude<Algorithm, 'auto'>;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  weighted: boolean;
  /** Threads the fit ran on. */
  threads: number;
  /** How the rows were stored. */
  precision: Precision;
}

export const DEFAULTS = {
  init: 'k-means++',
  nInit: 10,
  maxIter: 300,
  tol: 1e-4,
  seed: 0,
  algorithm: 'auto',
  threads: 1,
  precision: 'f64',
} as const;
