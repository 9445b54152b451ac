import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import { ALGORITHMS, type Algorithm, DEFAULTS, type InitMethod, type KMeansOptions, type Matrix, type Precision, PRECISIONS } from './types.js';

/** The caller's data, validated: row-major, finite. Read-only: it may be the caller's own array. */
export interface DenseMatrix {
  readonly values: Float64Array;
  nSamples: number;
  nFeatures: number;
}

function badValue(name: string, value: unknown): SegmintError {
  return new SegmintError(
    'ERR_INVALID_DATA',
    `${name} is ${describeGiven(value)}; every value must be a finite number`,
  );
}

/**
 * Checks the shape of `data` and that every value is finite. Rows are copied into a
 * Float64Array; a Float64Array is used as it is (never written to), so a large matrix is not
 * held twice. `name` is how messages refer to the data.
 */
export function toDenseMatrix(data: Matrix, nFeatures: number | undefined, name = 'data'): DenseMatrix {
  if (data instanceof Float64Array) {
    if (nFeatures === undefined) {
      throw invalidArgument(`${name} is a Float64Array, so nFeatures must be given`);
    }
    checkInteger('nFeatures', nFeatures, 1);
    if (data.length === 0) throw new SegmintError('ERR_INVALID_DATA', `${name} is empty; expected at least one row`);
    if (data.length % nFeatures !== 0) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${name} has ${data.length} values, not a multiple of nFeatures=${nFeatures}`,
      );
    }
    const at = (t: number): string => {
      const row = Math.floor(t / nFeatures);
      return `${name}[${t}] (row ${row}, column ${t - row * nFeatures})`;
    };
    let largest = 0;
    for (let t = 0; t < data.length; t++) {
      const v = data[t]!;
      if (!Number.isFinite(v)) throw badValue(at(t), v);
      if (Math.abs(v) > Math.abs(data[largest]!)) largest = t;
    }
    const matrix = { values: data, nSamples: data.length / nFeatures, nFeatures };
    checkSquaredRange(matrix, () => at(largest), data[largest]!);
    return matrix;
  }
  if (!Array.isArray(data)) {
    throw invalidArgument(`${name} must be an array of rows or a Float64Array; got ${describeGiven(data)}`);
  }
  if (data.length === 0) throw new SegmintError('ERR_INVALID_DATA', `${name} is empty; expected at least one row`);
  const first = data[0];
  if (!Array.isArray(first)) throw new SegmintError('ERR_INVALID_DATA', `${name}[0] must be an array of numbers; got ${describeGiven(first)}`);
  const d = first.length;
  if (d === 0) throw new SegmintError('ERR_INVALID_DATA', `${name}[0] is empty; rows need at least one value`);
  if (nFeatures !== undefined && nFeatures !== d) {
    throw new SegmintError('ERR_INVALID_DATA', `${name}[0] has ${d} values but nFeatures=${nFeatures}`);
  }
  const values = new Float64Array(data.length * d);
  let largest = 0;
  for (let i = 0; i < data.length; i++) {
    const row = data[i];
    if (!Array.isArray(row)) throw new SegmintError('ERR_INVALID_DATA', `${name}[${i}] must be an array of numbers; got ${describeGiven(row)}`);
    if (row.length !== d) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${name}[${i}] has ${row.length} values; expected ${d} like ${name}[0] (ragged rows)`,
      );
    }
    for (let f = 0; f < d; f++) {
      const v: unknown = row[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) throw badValue(`${name}[${i}][${f}]`, v);
      values[i * d + f] = v;
      if (Math.abs(v) > Math.abs(values[largest]!)) largest = i * d + f;
    }
  }
  const matrix = { values, nSamples: data.length, nFeatures: d };
  checkSquaredRange(matrix, () => `${name}[${Math.floor(largest / d)}][${largest % d}]`, values[largest]!);
  return matrix;
}

/**
 * Refuses values so large that squared distances overflow f64: k-means sums, over the rows,
 * squared distances between points of the data's range (k-means++'s potential, the inertia), so
 * each row's can reach nFeatures × (2 × the largest |value|)², and their sum nSamples times that.
 * Beyond Number.MAX_VALUE the sum is Infinity and the fit meaningless. `where` names the value.
 */
export function checkSquaredRange(data: DenseMatrix, where: () => string, largest: number): void {
  const { nSamples: n, nFeatures: d } = data;
  const limit = Math.sqrt(Number.MAX_VALUE / (n * d)) / 2;
  if (Math.abs(largest) <= limit) return;
  throw new SegmintError(
    'ERR_INVALID_DATA',
    `${where()} is ${largest}: beyond ±${limit.toPrecision(3)}, the largest |value| whose squared distances, summed over ${n} rows of ${d} features, stay below the largest double (${Number.MAX_VALUE.toPrecision(3)}); rescale the data (e.g. divide every value by 1e${Math.ceil(Math.log10(Math.abs(largest) / limit))})`,
  );
}

/** The smallest positive normal double, 2^-1022. */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * checkSquaredRange with weights: the weighted sums (of weights, of w·x, of w·distance) must stay
 * finite, and w·x within the normal doubles. Only the weights' ratios matter to k-means, so the
 * cure is a common factor.
 */
function checkWeightedRange(data: DenseMatrix, weights: Float64Array): void {
  let heaviest = 0;
  let lightest = -1; // the lightest positive weight's row (there is one: checkOptions made sure)
  for (let i = 0; i < weights.length; i++) {
    heaviest = Math.max(heaviest, weights[i]!);
    if (weights[i]! > 0 && (lightest < 0 || weights[i]! < weights[lightest]!)) lightest = i;
  }
  // The total as heaviest × relative, which cannot overflow, so the excess can be told.
  let relative = 0;
  for (let i = 0; i < weights.length; i++) relative += weights[i]! / heaviest;
  let largest = 0;
  let smallest = Infinity; // the smallest non-zero |value|
  for (let t = 0; t < data.values.length; t++) {
    const magnitude = Math.abs(data.values[t]!);
    largest = Math.max(largest, magnitude);
    if (magnitude > 0) smallest = Math.min(smallest, magnitude);
  }
  // Below the normal doubles, w·x keeps fewer significant bits: the fit would drift from the
  // unweighted one with weights all equal, say.
  const tiniest = smallest === Infinity ? 1 : smallest;
  const low = weights[lightest]! * tiniest;
  if (low < MIN_NORMAL) {
    throw invalidArgument(
      `sampleWeight[${lightest}] is ${weights[lightest]}: with values down to ±${tiniest}, weighted values fall below the doubles' full precision (${MIN_NORMAL.toPrecision(3)}); ` +
        `only the weights' ratios matter, so multiply them all by a common factor (e.g. 1e${Math.ceil(Math.log10(MIN_NORMAL) - Math.log10(weights[lightest]!) - Math.log10(tiniest)) + 1})`,
    );
  }
  const reach = Math.max(data.nFeatures * (2 * largest) ** 2, 1);
  const excess = Math.log10(heaviest) + Math.log10(relative) + Math.log10(reach) - Math.log10(Number.MAX_VALUE);
  if (excess < 0 && Number.isFinite(heaviest * relative * reach)) return;
  throw invalidArgument(
    `sampleWeight sums to ${heaviest * relative}: with values up to ±${largest}, the weighted sums of squared distances could pass the largest double (${Number.MAX_VALUE.toPrecision(3)}); ` +
      `only the weights' ratios matter, so divide them all by a common factor (e.g. 1e${Math.max(1, Math.ceil(excess))})`,
  );
}

/** The most threads a fit or a scan takes. */
export const MAX_THREADS = 256;

export function checkInteger(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    // Past the largest safe integer (2^53 - 1, seeds included) the bound that failed is the upper one.
    const aboveMax = typeof value === 'number' && value > max;
    const range = max === Number.MAX_SAFE_INTEGER && !aboveMax ? `an integer >= ${min}` : `an integer in [${min}, ${max}]`;
    throw invalidArgument(`${name}=${describeGiven(value)} must be ${range}`);
  }
  return value;
}

export interface CheckedOptions {
  init: InitMethod | DenseMatrix;
  nInit: number;
  maxIter: number;
  tol: number;
  seed: number;
  sampleWeight: Float64Array | undefined;
  algorithm: Algorithm;
  threads: number;
  precision: Precision;
  warnings: string[];
}

/** The option names of KMeansOptions. */
export const KMEANS_OPTIONS = ['init', 'nInit', 'maxIter', 'tol', 'seed', 'sampleWeight', 'nFeatures', 'algorithm', 'threads', 'precision'] as const;

/** Validates k and the option values against the data (the names are checked before the data is read); fills in defaults. */
export function checkOptions(data: DenseMatrix, k: unknown, options: KMeansOptions): CheckedOptions {
  const warnings: string[] = [];
  checkInteger('k', k, 1);
  const kk = k as number;
  if (kk > data.nSamples) throw invalidArgument(`k=${kk} must be <= nSamples=${data.nSamples}`);

  let sampleWeight: Float64Array | undefined;
  if (options.sampleWeight !== undefined) {
    const w = options.sampleWeight;
    if (!(w instanceof Float64Array) && !Array.isArray(w)) {
      throw invalidArgument(`sampleWeight must be an array of numbers; got ${describeGiven(w)}`);
    }
    if (w.length !== data.nSamples) {
      throw invalidArgument(`sampleWeight has ${w.length} values; expected nSamples=${data.nSamples}`);
    }
    sampleWeight = new Float64Array(w.length);
    let positive = 0;
    for (let i = 0; i < w.length; i++) {
      const v: unknown = w[i];
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw invalidArgument(`sampleWeight[${i}] is ${describeGiven(v)}; weights must be finite and >= 0`);
      }
      sampleWeight[i] = v;
      if (v > 0) positive++;
    }
    if (positive < kk) {
      throw invalidArgument(`k=${kk} must be <= the number of rows with a positive sampleWeight=${positive}`);
    }
    checkWeightedRange(data, sampleWeight);
  }

  let init: InitMethod | DenseMatrix = DEFAULTS.init;
  if (options.init !== undefined) {
    if (options.init === 'k-means++' || options.init === 'random') {
      init = options.init;
    } else if (typeof options.init === 'string' || (!Array.isArray(options.init) && !(options.init instanceof Float64Array))) {
      throw invalidArgument(
        `unknown init ${describeGiven(options.init)}; expected 'k-means++', 'random' or k initial centroids`,
      );
    } else {
      const given = toDenseMatrix(options.init, data.nFeatures, 'init');
      if (given.nSamples !== kk || given.nFeatures !== data.nFeatures) {
        throw invalidArgument(
          `init has ${given.nSamples} centroids of ${given.nFeatures} features; expected k=${kk} of nFeatures=${data.nFeatures}`,
        );
      }
      init = given;
    }
  }

  let nInit: number = DEFAULTS.nInit;
  if (options.nInit !== undefined) nInit = checkInteger('nInit', options.nInit, 1);
  if (typeof init === 'object' && nInit !== 1) {
    if (options.nInit !== undefined) {
      warnings.push(`nInit=${nInit} ignored: init gives the centroids, so one run is made`);
    }
    nInit = 1;
  }
  const maxIter = options.maxIter === undefined ? DEFAULTS.maxIter : checkInteger('maxIter', options.maxIter, 1);
  const tol = options.tol === undefined ? DEFAULTS.tol : options.tol;
  if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0) {
    throw invalidArgument(`tol=${describeGiven(tol)} must be a finite number >= 0`);
  }
  const seed = options.seed === undefined ? DEFAULTS.seed : checkInteger('seed', options.seed, 0);
  const algorithm = options.algorithm ?? DEFAULTS.algorithm;
  if (!ALGORITHMS.includes(algorithm)) {
    throw invalidArgument(`unknown algorithm ${describeGiven(algorithm)}; expected ${ALGORITHMS.map((a) => `'${a}'`).join(', ')}`);
  }
  const threads = options.threads === undefined ? DEFAULTS.threads : checkInteger('threads', options.threads, 1, MAX_THREADS);
  const precision = checkPrecision(options.precision);
  if (precision === 'f32') checkF32Range(data);
  return { init, nInit, maxIter, tol, seed, sampleWeight, algorithm, threads, precision, warnings };
}

/** The precision option: 'f64' (default) or 'f32'. */
export function checkPrecision(precision: unknown): Precision {
  if (precision === undefined) return DEFAULTS.precision;
  if (!(PRECISIONS as readonly unknown[]).includes(precision)) {
    throw invalidArgument(`unknown precision ${describeGiven(precision)}; expected ${PRECISIONS.map((p) => `'${p}'`).join(' or ')}`);
  }
  return precision as Precision;
}

/** The largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * Rows stored as f32 must round to finite values: the first value that would not is an error,
 * placed by `where(row, column)` ("data row 4, column 0" by default; a file's reader names its
 * line and column).
 */
export function checkF32Range(data: DenseMatrix, where = (row: number, column: number): string => `data row ${row}, column ${column}`): void {
  const { values, nFeatures: d } = data;
  for (let t = 0; t < values.length; t++) {
    // Values up to half an ulp past F32_MAX still round to it.
    if (!(Math.abs(Math.fround(values[t]!)) <= F32_MAX)) {
      const row = Math.floor(t / d);
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `${where(row, t - row * d)} is ${values[t]}: beyond the range precision 'f32' can store (about ±3.4e38); use precision 'f64'`,
      );
    }
  }
}
