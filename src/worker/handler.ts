// The worker's side (Web Worker or worker_threads alike): runs one request with the library's
// own functions and reports progress, then the result or the error.
import { isSegmintError } from '../errors.js';
import { kmeans } from '../kmeans/kmeans.js';
import type { KMeansOptions, KMeansResult, Matrix } from '../kmeans/types.js';
import { inspectCsv, type PhaseProgress, segmentCsv, type SegmentCsvOptions } from '../pipeline/segment-csv.js';
import { inertiasAtEachK } from '../select/gap.js';
import type { FitSettings } from '../select/options.js';
import { type KScan, scanK, type ScanOptions } from '../select/scan.js';
import { initPrecision } from '../wasm/module.js';
import type { SerializedError, WorkerReply, WorkerRequest } from './protocol.js';

/** A fit without its predict() (a function cannot be posted); the client puts it back. */
export type PlainFit = Omit<KMeansResult, 'predict'>;
export type PlainScan = Omit<KScan, 'entries'> & { entries: (Omit<KScan['entries'][number], 'fit'> & { fit: PlainFit })[] };

export function plainFit(result: KMeansResult): PlainFit {
  const { predict: _predict, ...plain } = result;
  return plain;
}

export function plainScan(scan: KScan): PlainScan {
  return { ...scan, entries: scan.entries.map((entry) => ({ ...entry, fit: plainFit(entry.fit) })) };
}

export function serializeError(error: unknown): SerializedError {
  if (isSegmintError(error)) return { name: error.name, message: error.message, code: error.code };
  if (error instanceof Error) return { name: error.name, message: error.message, ...(error.stack ? { stack: error.stack } : {}) };
  return { name: 'Error', message: String(error) };
}

async function run(request: WorkerRequest, progress: (progress: PhaseProgress) => void): Promise<unknown> {
  const { op, args } = request;
  switch (op) {
    case 'kmeans': {
      const [data, k, options] = args as [Matrix, number, KMeansOptions];
      progress({ phase: 'fit', done: 0, total: 1 });
      const result = await kmeans(data, k, options);
      progress({ phase: 'fit', done: 1, total: 1 });
      return plainFit(result);
    }
    case 'scanK': {
      const [data, options] = args as [Matrix, ScanOptions];
      return plainScan(await scanK(data, { ...options, onProgress: (done, total) => progress({ phase: 'scan', done, total }) }));
    }
    case 'inspectCsv': {
      const [text, source, options] = args as [string, string, { missing?: string[] }];
      return inspectCsv(text, source, options, progress);
    }
    case 'segmentCsv': {
      const [text, source, options] = args as [string, string, SegmentCsvOptions];
      return segmentCsv(text, source, options, progress);
    }
    case 'referenceInertias': {
      // The gap statistic's reference fits that scanK or gapStatistic handed to this worker.
      const [references, nFeatures, ks, fit] = args as [Float64Array[], number, number[], FitSettings];
      await initPrecision(fit.precision);
      const total = references.length * ks.length;
      let done = 0;
      const inertias: number[][] = [];
      for (const reference of references) {
        inertias.push(await inertiasAtEachK(reference, nFeatures, ks, fit, () => progress({ phase: 'scan', done: ++done, total })));
      }
      return inertias;
    }
    default:
      throw new Error(`unknown worker operation ${JSON.stringify(op satisfies never)}`);
  }
}

/** Runs one request, replying with progress messages and then its result or error. */
export async function handleRequest(request: WorkerRequest, reply: (message: WorkerReply) => void): Promise<void> {
  try {
    const value = await run(request, (progress) => reply({ type: 'progress', progress }));
    reply({ type: 'result', value });
  } catch (error) {
    reply({ type: 'error', error: serializeError(error) });
  }
}
