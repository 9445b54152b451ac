// The Web Worker script of the worker API (a module worker): one request per worker. In a
// cross-origin isolated page, its fits can use threads of their own (Web Workers); anywhere, its
// gap statistic can use workers of its own (this script again, started by worker-api.ts).
import '../wasm/browser-threads.js';
import './worker-api.js';
import { handleRequest } from '../worker/handler.js';
import type { WorkerRequest } from '../worker/protocol.js';

/** The parts of DedicatedWorkerGlobalScope used here (the DOM library types `self` as a Window). */
const scope = globalThis as unknown as {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: unknown): void;
};

scope.onmessage = (event) => {
  scope.onmessage = null;
  void handleRequest(event.data, (reply) => scope.postMessage(reply));
};
