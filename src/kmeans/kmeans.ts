import { invalidArgument } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { initPrecision, initSharedPrecision } from '../wasm/module.js';
import { threadsUnavailable } from '../wasm/threads.js';
import { type KernelBackend, MIN_THREADED_WORK, Workspace } from '../wasm/workspace.js';
import { kmeansPlusPlus, randomRows } from './init.js';
import { type AssignStrategy, type SingleRun, singleRun } from './lloyd.js';
import { Random } from './random.js';
import type { Algorithm, KMeansOptions, KMeansResult, Matrix, Precision } from './types.js';
import { type CheckedOptions, checkF32Range, checkOptions, checkPrecision, type DenseMatrix, KMEANS_OPTIONS, toDenseMatrix } from './validate.js';

/**
 * k-means clustering of `data` (rows × features) into k clusters with Lloyd's algorithm,
 * k-means++ seeding and nInit restarts. Deterministic for a seed, in Node and in browsers.
 *
 * ```ts
 * const result = await kmeans([[1, 2], [1, 4], [10, 2], [10, 4]], 2, { seed: 42 });
 * result.labels; // Int32Array [0, 0, 1, 1] (cluster numbering depends on the seed)
 * ```
 */
export async function kmeans(data: Matrix, k: number, options: KMeansOptions = {}): Promise<KMeansResult> {
  // Validated before anything else: precision and threads decide which kernels to load.
  const fit = checkFit(data, k, options);
  const { precision, threads } = fit.checked;
  await initPrecision(precision);
  if (threads === 1) return fitOnThisThread(fit, 'wasm');
  const unavailable = threadsUnavailable();
  if (unavailable !== undefined) return ranOnOneThread(fitOnThisThread(fit, 'wasm'), threads, unavailable);
  // Not a warning: the result is the same, only sooner; its options.threads says 1.
  if (!worthThreads(fit.matrix.values.length, k)) return fitOnThisThread(fit, 'wasm');
  await initSharedPrecision(precision);
  const prepared = prepareFit(fit, 'wasm', { shared: true });
  try {
    await prepared.ws.startThreads(threads);
  } catch (error) {
    // Threads that cannot start (a Content-Security-Policy without worker-src blob:) change
    // how fast, never what: the fit runs on this thread, as where the platform has none.
    await prepared.ws.close();
    return ranOnOneThread(runFit(prepared), threads, `their workers did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return runFit(prepared);
  } finally {
    await prepared.ws.close();
  }
}

/**
 * Whether a fit of `nValues` (nSamples × nFeatures) values into k clusters is worth starting
 * threads for: a pass of fewer than MIN_THREADED_WORK point·centroid·feature terms takes about a
 * millisecond, less than starting the threads costs. kmeans() decides with it for every caller
 * (scanK, the stability refits, the CLI): below it the fit runs on this thread.
 */
export function worthThreads(nValues: number, k: number): boolean {
  return nValues * k >= MIN_THREADED_WORK;
}

/**
 * kmeans() for a method that makes many fits (the k scan, the stability refits): on `threads`
 * threads where the platform has them and the fit is worth them (worthThreads()), else on this
 * thread, with no warning either way. The result is the same; its options say where it ran.
 */
export async function fitSharingThreads(values: Float64Array, k: number, options: KMeansOptions & { nFeatures: number }, threads: number): Promise<KMeansResult> {
  return kmeans(values, k, { ...options, threads: threadsUnavailable() === undefined ? threads : 1 });
}

/**
 * The nearest of the given centroids for every row of data; `precision` stores the rows as a
 * fit with that precision does (default 'f64').
 */
export async function predict(
  centroids: Matrix,
  data: Matrix,
  options: { nFeatures?: number; precision?: Precision } = {},
): Promise<Int32Array> {
  checkKnownOptions(options, ['nFeatures', 'precision'], 'predict');
  const precision = checkPrecision(options.precision);
  await initPrecision(precision);
  const c = toDenseMatrix(centroids, options.nFeatures, 'centroids');
  if (isEmptyBatch(data)) return new Int32Array(0);
  return nearestCentroids(c, toDenseMatrix(data, c.nFeatures, 'data'), 'wasm', precision);
}

/** No rows to label: a service's empty batch of new customers gets no labels, not an error. */
function isEmptyBatch(rows: Matrix): boolean {
  return (Array.isArray(rows) || rows instanceof Float64Array) && rows.length === 0;
}

/**
 * The predict() of a fitted result: the nearest of its centroids for every row, the rows stored
 * at the fit's precision (the kernels for it must be loaded). Exported for the fits whose
 * results rebuild predict() elsewhere: in the worker API and in mini-batch k-means.
 */
export function predictRows(
  centroids: DenseMatrix,
  rows: Matrix,
  options: { nFeatures?: number },
  backend: KernelBackend,
  precision: Precision,
): Int32Array {
  checkKnownOptions(options, ['nFeatures'], 'predict');
  const d = centroids.nFeatures;
  // A Float64Array is cut into rows of nFeatures values: any other number misreads it.
  if (options.nFeatures !== undefined && options.nFeatures !== d) {
    throw invalidArgument(`nFeatures=${String(options.nFeatures)} must be the ${d} features the centroids have`);
  }
  if (isEmptyBatch(rows)) return new Int32Array(0);
  return nearestCentroids(centroids, toDenseMatrix(rows, d, 'rows'), backend, precision);
}

/** Rows as a DenseMatrix holds them, or as a workspace stores them (f32 with precision 'f32'). */
type StoredRows = Omit<DenseMatrix, 'values'> & { values: Float64Array | Float32Array };

/**
 * Mean over features of each feature's (population) variance. Row by row, a sum per feature:
 * each feature's values are added in row order (the same bits as a loop down each column),
 * and the rows are read twice rather than twice per feature. Rows stored as f32 give what
 * their f64 values give.
 */
export function meanVariance(data: StoredRows): number {
  const { values, nSamples: n, nFeatures: d } = data;
  const means = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) means[f]! += values[i * d + f]!;
  for (let f = 0; f < d; f++) means[f]! /= n;
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      const diff = values[i * d + f]! - means[f]!;
      squares[f]! += diff * diff;
    }
  }
  let total = 0;
  for (let f = 0; f < d; f++) total += squares[f]! / n;
  return total / d;
}

/** Distinct rows of data, counted up to `limit`. */
export function countDistinctRows(data: StoredRows, limit: number): number {
  const { values, nSamples: n, nFeatures: d } = data;
  const seen = new Set<string>();
  for (let i = 0; i < n && seen.size < limit; i++) {
    seen.add(values.subarray(i * d, i * d + d).join(','));
  }
  return seen.size;
}

/**
 * The largest k worth fitting on the data, at most `upTo`: below the rows (the metrics need more
 * rows than clusters) and below the distinct rows (a cluster per distinct row fits each exactly
 * and says nothing).
 */
export function largestUsefulK(data: StoredRows, upTo: number): number {
  return Math.min(upTo, data.nSamples - 1, countDistinctRows(data, upTo + 1) - 1);
}

/**
 * The nearest centroid of every row (the kernels for `precision` must be loaded), the rows stored
 * at `precision` as a fit stores them.
 */
function nearestCentroids(centroids: DenseMatrix, data: DenseMatrix, backend: KernelBackend, precision: Precision = 'f64'): Int32Array {
  if (precision === 'f32') checkF32Range(data);
  const ws = Workspace.create(
    { nSamples: data.nSamples, nFeatures: data.nFeatures, k: centroids.nSamples, weighted: false, precision },
    backend,
  );
  ws.setRows(data.values);
  ws.centroids.set(centroids.values);
  ws.assign({ update: false, distances: false });
  return Int32Array.from(ws.labels);
}

function toRows(values: Float64Array, nFeatures: number): number[][] {
  const rows: number[][] = [];
  for (let start = 0; start < values.length; start += nFeatures) {
    rows.push(Array.from(values.subarray(start, start + nFeatures)));
  }
  return rows;
}

/**
 * What 'auto' runs. Hamerly's bounds cost 16 bytes per row and, every iteration, a pass over
 * them and the sums of every cluster that lost or gained a row: about what the screened Lloyd
 * search costs when k × nFeatures is small. Measured (npm run bench, to convergence): Lloyd is
 * faster at (d, k) = (8, 16), Hamerly up to twice as fast at (32, 64). Elkan's bounds skip
 * more distances than Hamerly's, but each one it computes costs about ten times what a
 * distance costs inside the screen's blocked search, so it was slower than both on every
 * shape measured: 'auto' never picks it.
 */
export function resolveAlgorithm(algorithm: Algorithm, k: number, nFeatures: number): AssignStrategy {
  if (algorithm !== 'auto') return algorithm;
  return k * nFeatures >= 256 ? 'hamerly' : 'lloyd';
}

/** A fit's data and options, validated. */
interface CheckedFit {
  matrix: DenseMatrix;
  k: number;
  checked: CheckedOptions;
}

/** Validates a fit's arguments: the option names first, so that reading nFeatures cannot fail. */
function checkFit(data: Matrix, k: number, options: KMeansOptions): CheckedFit {
  checkKnownOptions(options, KMEANS_OPTIONS, 'kmeans');
  const matrix = toDenseMatrix(data, options.nFeatures);
  return { matrix, k, checked: checkOptions(matrix, k, options) };
}

/** A validated fit and its workspace, rows and weights in place. */
interface PreparedFit extends CheckedFit {
  algorithm: AssignStrategy;
  ws: Workspace;
  backend: KernelBackend;
  warnings: string[];
}

function prepareFit({ matrix, k, checked }: CheckedFit, backend: KernelBackend, { shared = false } = {}): PreparedFit {
  const { nSamples: n, nFeatures: d } = matrix;
  const warnings = [...checked.warnings];

  const algorithm = resolveAlgorithm(checked.algorithm, k, d);
  const ws = Workspace.create(
    {
      nSamples: n,
      nFeatures: d,
      k,
      weighted: checked.sampleWeight !== undefined,
      bounds: algorithm !== 'lloyd',
      elkan: algorithm === 'elkan',
      precision: checked.precision,
    },
    backend,
    { shared },
  );
  ws.setRows(matrix.values);
  if (checked.sampleWeight) ws.weights!.set(checked.sampleWeight);
  // Of the rows as stored: rounding to f32 can make rows equal.
  const distinct = countDistinctRows({ ...matrix, values: ws.x }, k);
  if (distinct < k) {
    warnings.push(`only ${distinct} distinct rows for k=${k}: some clusters will share a centre or be empty`);
  }
  return { matrix, k, checked, algorithm, ws, backend, warnings };
}

/**
 * The synchronous fit behind kmeans(), on a chosen kernel backend (tests run the plain
 * TypeScript reference through the very same orchestration), on this thread only (threads
 * need kmeans(), which is async). Kernels must be loaded.
 */
export function fitKMeans(data: Matrix, k: number, options: KMeansOptions, backend: KernelBackend): KMeansResult {
  return fitOnThisThread(checkFit(data, k, options), backend);
}

function fitOnThisThread(fit: CheckedFit, backend: KernelBackend): KMeansResult {
  const result = runFit(prepareFit(fit, backend));
  result.options.threads = 1;
  return result;
}

/** A fit asked for `threads` that ran on this thread, and says why in its warnings. */
function ranOnOneThread(result: KMeansResult, threads: number, why: string): KMeansResult {
  result.options.threads = 1;
  result.warnings.push(`threads=${threads} ignored (${why}): ran on one thread`);
  return result;
}

/** nInit runs on a prepared fit; the best one as a KMeansResult. */
function runFit(fit: PreparedFit): KMeansResult {
  const { matrix, k, checked, algorithm, ws, backend, warnings } = fit;
  const { nSamples: n, nFeatures: d } = matrix;
  // Of the rows as the workspace stores them (rounded, with precision 'f32').
  const tolerance = checked.tol * meanVariance({ ...matrix, values: ws.x });
  const random = new Random(checked.seed);

  let best: SingleRun | undefined;
  for (let run = 0; run < checked.nInit; run++) {
    const initial =
      checked.init === 'k-means++'
        ? kmeansPlusPlus(ws, k, random)
        : checked.init === 'random'
          ? randomRows(ws, k, random)
          : checked.init.values;
    const result = singleRun(ws, initial, checked.maxIter, tolerance, algorithm);
    if (best === undefined || result.inertia < best.inertia) best = result;
  }
  const winner = best!;
  if (!winner.converged) {
    warnings.push(`did not converge in maxIter=${checked.maxIter} iterations; consider a larger maxIter`);
  }

  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[winner.labels[i]!]!++;
  // An empty cluster is moved to the farthest row while any row is farther than 0 from its
  // centre; one left empty means the rows could not fill k clusters.
  const empty = sizes.filter((size) => size === 0).length;
  if (empty > 0) {
    warnings.push(
      `${empty} of the k=${k} clusters ended with no rows: every row is at distance 0 from the centre it took (equal rows, or values so small that their squared distances underflow: rescale them)`,
    );
  }
  const centroids = { values: winner.centroids, nSamples: k, nFeatures: d };
  return {
    centroids: toRows(winner.centroids, d),
    labels: winner.labels,
    sizes,
    inertia: winner.inertia,
    iterations: winner.iterations,
    converged: winner.converged,
    warnings,
    options: {
      init: typeof checked.init === 'string' ? checked.init : 'given',
      algorithm,
      nInit: checked.nInit,
      maxIter: checked.maxIter,
      tol: checked.tol,
      seed: checked.seed,
      weighted: checked.sampleWeight !== undefined,
      threads: checked.threads,
      precision: checked.precision,
    },
    predict(rows: Matrix, predictOptions: { nFeatures?: number } = {}): Int32Array {
      return predictRows(centroids, rows, predictOptions, backend, checked.precision);
    },
  };
}
