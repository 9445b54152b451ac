import { describeGiven, invalidArgument } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { DEFAULTS, type Precision } from '../kmeans/types.js';
import { checkInteger, checkPrecision, MAX_THREADS } from '../kmeans/validate.js';
import type { ProgressCallback } from './progress.js';

/** An optional integer option in [min, max], or its default. */
export function integerOption(name: string, value: unknown, fallback: number, min: number, max?: number): number {
  return value === undefined ? fallback : checkInteger(name, value, min, max);
}

/** The threads option of a selection method: an integer in [1, MAX_THREADS], default 1. */
export function threadsOption(value: unknown): number {
  return integerOption('threads', value, 1, 1, MAX_THREADS);
}

/** An optional finite number option >= min, or its default. */
export function numberOption(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw invalidArgument(`${name}=${typeof value === 'string' ? JSON.stringify(value) : String(value)} must be a finite number >= ${min}`);
  }
  return value;
}

/** The options every selection method that fits k-means takes, passed on to each fit. */
export interface FitOptions {
  /** k-means restarts per fit. Default 10. */
  nInit?: number;
  /** Seed of the fits and of every sample drawn. Default 0. */
  seed?: number;
  /** Iterations per run at most (see KMeansOptions). */
  maxIter?: number;
  /** Convergence tolerance (see KMeansOptions). */
  tol?: number;
  /** How the fits store the rows (see KMeansOptions); the metrics read them as given. Default 'f64'. */
  precision?: Precision;
  /** Number of columns; required when data is a flat Float64Array. */
  nFeatures?: number;
  /** Called after each unit of work (a k-means fit, or one k's metrics) with (done, total). */
  onProgress?: ProgressCallback;
}

/** The option names of FitOptions, for checkKnownOptions. */
export const FIT_OPTIONS = ['nInit', 'seed', 'maxIter', 'tol', 'precision', 'nFeatures', 'onProgress'] as const;

/** The option names of scanK's options (ScanOptions), for checkKnownOptions. */
const SCAN_OPTIONS = ['kMin', 'kMax', 'silhouette', 'gap', 'stability', 'kneeSensitivity', 'threads', 'algorithm', ...FIT_OPTIONS] as const;

/**
 * Checks the names of scanK's options and of its nested option groups (silhouette, gap,
 * stability); `where` names the call, `extra` the names it takes besides. Here, not in scan.ts,
 * so that the worker API can check them before posting without taking in the scan itself.
 */
export function checkScanOptionNames(options: unknown, where: string, extra: readonly string[] = []): void {
  checkKnownOptions(options, [...new Set([...SCAN_OPTIONS, ...extra])], where);
  const { silhouette, gap, stability } = options as { silhouette?: unknown; gap?: unknown; stability?: unknown };
  checkKnownOptions(silhouette ?? {}, ['maxExactSamples', 'sampleSize'], `${where} silhouette`);
  if (gap !== false) checkKnownOptions(gap ?? {}, ['B', 'maxSamples'], `${where} gap`);
  if (stability && stability !== true) checkKnownOptions(stability, ['resamples'], `${where} stability`);
}

/**
 * How each k-means fit of a selection method runs. maxIter and tol go to kmeans unchanged (it
 * validates them); nInit and seed are needed here, so they are checked and defaulted here.
 */
export interface FitSettings {
  nInit: number;
  seed: number;
  maxIter?: number;
  tol?: number;
  precision: Precision;
}

export function fitSettings(options: FitOptions): FitSettings {
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw invalidArgument(`onProgress must be a function; got ${describeGiven(options.onProgress)}`);
  }
  return {
    nInit: integerOption('nInit', options.nInit, DEFAULTS.nInit, 1),
    seed: integerOption('seed', options.seed, DEFAULTS.seed, 0),
    maxIter: options.maxIter,
    tol: options.tol,
    precision: checkPrecision(options.precision),
  };
}

/** kMin, kMin + 1, ..., kMax. */
export function kRange(kMin: number, kMax: number): number[] {
  return Array.from({ length: kMax - kMin + 1 }, (_, t) => kMin + t);
}
