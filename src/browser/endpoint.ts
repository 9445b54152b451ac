// A browser Worker as the worker protocol's endpoint (src/worker/call.ts): the page's worker API
// and a worker's own nested workers (worker.ts) talk to their workers through it.
import type { WorkerEndpoint } from '../worker/call.js';
import type { WorkerReply, WorkerRequest } from '../worker/protocol.js';

/** Talks to `worker` through the worker protocol. */
export function endpoint(worker: Worker): WorkerEndpoint {
  return {
    post: (request: WorkerRequest) => worker.postMessage(request),
    listen(onReply, onFailure) {
      worker.onmessage = (event: MessageEvent<WorkerReply>) => onReply(event.data);
      worker.onerror = (event: ErrorEvent) => {
        event.preventDefault();
        onFailure(new Error(`the segmint worker failed: ${event.message || 'its script could not be loaded'}`));
      };
      worker.onmessageerror = () => onFailure(new Error('the segmint worker sent a message that could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}
