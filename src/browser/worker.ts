// The Web Worker script of the worker API (a module worker): one request per worker. In a
// cross-origin isolated page, its fits can use threads of their own (Web Workers); anywhere, its
// gap statistic can use workers of its own.
import '../wasm/browser-threads.js';
import { registerLibraryWorkers } from '../worker/call.js';
import { handleRequest } from '../worker/handler.js';
import type { WorkerRequest } from '../worker/protocol.js';
import { endpoint } from './endpoint.js';

/** The parts of DedicatedWorkerGlobalScope used here (the DOM library types `self` as a Window). */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
  location: { href: string };
};

// The gap statistic's workers run this very script again, from wherever it was loaded (a
// bundler's chunk, useWorker()'s URL, a Blob): no URL has to be worked out here.
registerLibraryWorkers(() => endpoint(new Worker(scope.location.href, { type: 'module' })));

scope.onmessage = (event) => {
  scope.onmessage = null;
  void handleRequest(event.data, (reply) => scope.postMessage(reply));
};
