// The caller's side of the worker API, the same in browsers and Node: each call starts a worker,
// forwards its progress, resolves with its result (bit for bit what the same call gives on the
// caller's thread) and ends it. An AbortSignal ends the worker at once, wherever the fit is.
import { checkCsvArguments } from '../data/csv.js';
import { describeGiven, invalidArgument } from '../errors.js';
import { predictRows } from '../kmeans/kmeans.js';
import type { KMeansOptions, KMeansResult, Matrix } from '../kmeans/types.js';
import { KMEANS_OPTIONS } from '../kmeans/validate.js';
import { checkKnownOptions } from '../options.js';
import { SEGMENT_CSV_OPTIONS } from '../pipeline/segment-csv-options.js';
import type { CsvInspection, CsvSegmentation, PhaseProgress, PhaseProgressCallback, SegmentCsvOptions } from '../pipeline/segment-csv.js';
import type { ProgressCallback } from '../select/progress.js';
import { checkScanOptionNames } from '../select/options.js';
import type { KScan, ScanOptions } from '../select/scan.js';
import { initPrecision } from '../wasm/module.js';
import { callWorker, type SpawnWorker, type WorkerCallOptions } from './call.js';
import type { PlainFit, PlainScan } from './handler.js';

export type { SpawnWorker, WorkerCallOptions, WorkerEndpoint } from './call.js';

export type FitInWorkerOptions = KMeansOptions & WorkerCallOptions & {
  /** Called with (0, 1) when the fit starts in the worker and (1, 1) when it is done. */
  onProgress?: ProgressCallback;
};
export type ScanInWorkerOptions = ScanOptions & WorkerCallOptions;
export type CsvWorkerOptions = WorkerCallOptions & { onProgress?: PhaseProgressCallback };

/** The fit with its predict() back, bound to the centroids fitted in the worker. */
async function withPredict(fit: PlainFit): Promise<KMeansResult> {
  await initPrecision(fit.options.precision);
  const d = fit.centroids[0]?.length ?? 0;
  const centroids = { values: Float64Array.from(fit.centroids.flat()), nSamples: fit.centroids.length, nFeatures: d };
  return {
    ...fit,
    predict(rows: Matrix, predictOptions: { nFeatures?: number } = {}): Int32Array {
      return predictRows(centroids, rows, predictOptions, 'wasm', fit.options.precision);
    },
  };
}

/** The options every worker call takes besides its function's own: they stay on this side. */
const CALL_OPTIONS = ['signal', 'onProgress'] as const;

/**
 * Options as they can be posted: without the signal and callbacks. Any other function, nested
 * ones too, is refused here, naming the option, as posting it would fail with a DataCloneError
 * that names none. `where` names the call.
 */
function postable<T extends object>(options: T, where: string): Omit<T, 'signal' | 'onProgress'> {
  const { signal: _signal, onProgress: _onProgress, ...rest } = options as T & { signal?: unknown; onProgress?: unknown };
  const seen = new WeakSet<object>(); // structured clone takes cycles: so must this walk
  const check = (value: unknown, path: string): void => {
    if (typeof value === 'object' && value !== null) {
      if (seen.has(value)) return;
      seen.add(value);
    }
    if (typeof value === 'function') {
      throw invalidArgument(`option "${path}" for ${where} is a function, which cannot be sent to a worker; only ${CALL_OPTIONS.join(' and ')} stay on this side`);
    }
    // Plain objects and arrays only: typed arrays hold no functions, and other objects post as they are.
    if (Array.isArray(value)) value.forEach((item, i) => check(item, `${path}[${i}]`));
    else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      for (const [key, item] of Object.entries(value)) check(item, `${path}.${key}`);
    }
  };
  for (const [key, value] of Object.entries(rest)) check(value, key);
  return rest;
}

/**
 * The options that stay on this side, checked as the call's own would be (scanK's onProgress
 * is): a signal that is no AbortSignal, or an onProgress that is no function, would otherwise
 * fail in an event handler, outside the call's promise.
 */
function checkCallOptions(options: { signal?: unknown; onProgress?: unknown }): void {
  const { signal, onProgress } = options;
  const listens = (value: object): boolean => ['addEventListener', 'removeEventListener'].every((name) => typeof (value as Record<string, unknown>)[name] === 'function');
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && listens(signal) && typeof (signal as AbortSignal).aborted === 'boolean')) {
    throw invalidArgument(`signal must be an AbortSignal; got ${describeGiven(signal)}${typeof signal === 'object' && signal !== null ? ' without its aborted flag and event listeners' : ''}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') throw invalidArgument(`onProgress must be a function; got ${describeGiven(onProgress)}`);
}

/** The worker API over a platform's way of starting workers. */
export function workerApi(spawn: SpawnWorker) {
  return {
    /** kmeans() in a worker: the same result, bit for bit. */
    async fitInWorker(data: Matrix, k: number, options: FitInWorkerOptions = {}): Promise<KMeansResult> {
      // Names first, as kmeans() checks them: an unknown one is an error wherever it would run.
      checkKnownOptions(options, [...KMEANS_OPTIONS, ...CALL_OPTIONS], 'fitInWorker');
      checkCallOptions(options);
      const fit = await callWorker<PlainFit>(spawn, { op: 'kmeans', args: [data, k, postable(options, 'fitInWorker')] }, {
        signal: options.signal,
        onProgress: options.onProgress && ((progress) => options.onProgress!(progress.done, progress.total)),
      });
      return withPredict(fit);
    },

    /** scanK() in a worker: the same scan, bit for bit; onProgress(done, total) as scanK calls it. */
    async scanInWorker(data: Matrix, options: ScanInWorkerOptions = {}): Promise<KScan> {
      checkScanOptionNames(options, 'scanInWorker', CALL_OPTIONS);
      checkCallOptions(options);
      const scan = await callWorker<PlainScan>(spawn, { op: 'scanK', args: [data, postable(options, 'scanInWorker')] }, {
        signal: options.signal,
        onProgress: options.onProgress && ((progress) => options.onProgress!(progress.done, progress.total)),
      });
      const entries = await Promise.all(scan.entries.map(async (entry) => ({ ...entry, fit: await withPredict(entry.fit) })));
      return { ...scan, entries };
    },

    /** inspectCsv() in a worker: the file's columns, kinds and missing counts. */
    async inspectCsvInWorker(text: string, source: string, options: { missing?: readonly string[]; decimal?: 'point' | 'comma' } & CsvWorkerOptions = {}): Promise<CsvInspection> {
      checkKnownOptions(options, ['missing', 'decimal', ...CALL_OPTIONS], 'inspectCsvInWorker');
      checkCallOptions(options);
      checkCsvArguments(text, source);
      return callWorker<CsvInspection, PhaseProgress>(spawn, { op: 'inspectCsv', args: [text, source, postable(options, 'inspectCsvInWorker')] }, options);
    },

    /** segmentCsv() in a worker: what `segmint fit` makes of the same text and options. */
    async segmentCsvInWorker(text: string, source: string, options: SegmentCsvOptions & CsvWorkerOptions = {}): Promise<CsvSegmentation> {
      checkKnownOptions(options, [...SEGMENT_CSV_OPTIONS, ...CALL_OPTIONS], 'segmentCsvInWorker');
      checkCallOptions(options);
      checkCsvArguments(text, source);
      return callWorker<CsvSegmentation, PhaseProgress>(spawn, { op: 'segmentCsv', args: [text, source, postable(options, 'segmentCsvInWorker')] }, options);
    },
  };
}

export type WorkerApi = ReturnType<typeof workerApi>;

// The functions segmint/worker exports, over the workers its platform's entry point installs.
// Functions of their own (not the factory's methods re-bound) so that editors show their docs.
let installed: WorkerApi | undefined;

/** Makes the exported functions below start their workers with `spawn` (each entry point does, on import). */
export function installWorkerApi(spawn: SpawnWorker): void {
  installed = workerApi(spawn);
}

function api(): WorkerApi {
  if (installed === undefined) throw new Error('no worker platform is loaded: import the worker API from segmint/worker');
  return installed;
}

/**
 * kmeans() in a worker, so the calling thread stays free: the same result, bit for bit.
 * `signal` (an AbortSignal) ends the worker and rejects with the signal's reason;
 * `onProgress(done, total)` reports the fits.
 */
export function fitInWorker(data: Matrix, k: number, options: FitInWorkerOptions = {}): Promise<KMeansResult> {
  return api().fitInWorker(data, k, options);
}

/** scanK() in a worker: the same scan, bit for bit; `signal` and `onProgress(done, total)` as for fitInWorker. */
export function scanInWorker(data: Matrix, options: ScanInWorkerOptions = {}): Promise<KScan> {
  return api().scanInWorker(data, options);
}

/** inspectCsv() in a worker: the file's columns, their kinds and missing counts, and the features chosen automatically. */
export function inspectCsvInWorker(text: string, source: string, options: { missing?: readonly string[]; decimal?: 'point' | 'comma' } & CsvWorkerOptions = {}): Promise<CsvInspection> {
  return api().inspectCsvInWorker(text, source, options);
}

/** segmentCsv() in a worker: what `segmint fit` makes of the same text and options (segments, model, charts, report). */
export function segmentCsvInWorker(text: string, source: string, options: SegmentCsvOptions & CsvWorkerOptions = {}): Promise<CsvSegmentation> {
  return api().segmentCsvInWorker(text, source, options);
}
