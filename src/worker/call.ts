// Running one request in a worker, the same in browsers and Node: the core's side of the worker
// protocol. Platforms say how a worker starts (a SpawnWorker); the worker API (client.ts) and
// the library's own parallel work (the gap statistic's reference fits) both call through here.
// Imports nothing but the core, so that the library core may use it in any runtime.
import { SegmintError, type SegmintErrorCode } from '../errors.js';
import type { SerializedError, WorkerProgress, WorkerReply, WorkerRequest } from './protocol.js';

/** A started worker, whatever the platform's Worker looks like. */
export interface WorkerEndpoint {
  post(request: WorkerRequest): void;
  /** onReply for each message; onFailure when the worker cannot start or dies. */
  listen(onReply: (reply: WorkerReply) => void, onFailure: (error: Error) => void): void;
  terminate(): void;
}

export type SpawnWorker = () => WorkerEndpoint;

/** What every worker call accepts besides its own options. */
export interface WorkerCallOptions {
  /** Aborting ends the worker and rejects the call with the signal's reason (an AbortError by default). */
  signal?: AbortSignal;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

function deserializeError(error: SerializedError): Error {
  if (error.name === 'SegmintError' && error.code) return new SegmintError(error.code as SegmintErrorCode, error.message);
  const revived = new Error(error.message);
  revived.name = error.name;
  if (error.stack) revived.stack = error.stack;
  return revived;
}

/** Runs one request in a fresh worker; P is the progress its operation reports. */
export function callWorker<T, P extends WorkerProgress = WorkerProgress>(
  spawn: SpawnWorker,
  request: WorkerRequest,
  options: WorkerCallOptions & { onProgress?: (progress: P) => void },
): Promise<T> {
  const { signal, onProgress } = options;
  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    let worker: WorkerEndpoint;
    let settled = false;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      return true;
    };
    const onAbort = (): void => {
      if (finish()) reject(abortReason(signal!));
    };
    try {
      worker = spawn();
    } catch (error) {
      reject(error);
      return;
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.listen(
      (reply) => {
        if (settled) return;
        if (reply.type === 'progress') {
          // What the callback throws ends the call with it, as on the caller's thread.
          try {
            onProgress?.(reply.progress as P);
          } catch (error) {
            if (finish()) reject(error);
          }
        } else if (reply.type === 'result') finish() && resolve(reply.value as T);
        else finish() && reject(deserializeError(reply.error));
      },
      (error) => finish() && reject(error),
    );
    worker.post(request);
  });
}

let libraryWorkers: SpawnWorker | undefined;

/**
 * Lets the library spread work of its own over workers that run segmint itself (the gap
 * statistic's reference fits): registered by segmint/node and segmint/browser on import.
 * Undefined takes it back (the work then stays on the calling thread).
 */
export function registerLibraryWorkers(spawn: SpawnWorker | undefined): void {
  libraryWorkers = spawn;
}

/** How this platform starts a worker running segmint, when one is registered. */
export function libraryWorkerSpawner(): SpawnWorker | undefined {
  return libraryWorkers;
}
