// A browser Worker as the worker protocol's endpoint (src/worker/call.ts): the page's worker API
// and a worker's own nested workers (worker.ts) talk to their workers through it.
import type { WorkerEndpoint } from '../worker/call.js';
import type { WorkerReply, WorkerRequest } from '../worker/protocol.js';

/**
 * What segmint uses of a Web Worker: its shape, not the DOM's Worker type, so that the
 * declarations of segmint/worker type-check in a project without DOM types as well.
 */
export interface WebWorkerLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string; preventDefault(): void }) => void): void;
  addEventListener(type: 'messageerror', listener: () => void): void;
  terminate(): void;
}

/** Talks to `worker` through the worker protocol. */
export function endpoint(worker: WebWorkerLike): WorkerEndpoint {
  return {
    post: (request: WorkerRequest) => worker.postMessage(request),
    listen(onReply, onFailure) {
      worker.addEventListener('message', (event) => onReply(event.data as WorkerReply));
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        onFailure(new Error(`the segmint worker failed: ${event.message || 'its script could not be loaded'}`));
      });
      worker.addEventListener('messageerror', () => onFailure(new Error('the segmint worker sent a message that could not be read')));
    },
    terminate: () => worker.terminate(),
  };
}
