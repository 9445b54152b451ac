// Threads in browsers: registers a ThreadSpawner (src/wasm/threads.ts) that starts Web Workers
// from a script built in memory (a Blob), so no extra file has to be served or bundled.
// Imported for its effect by segmint/browser and by the worker API's Web Worker. Threads need
// a cross-origin isolated page (SharedArrayBuffer and shared WebAssembly memory exist only
// there) and a thread that may block in Atomics.wait: a Web Worker, never a page's main thread.
// Elsewhere kmeans() runs on one thread and says why in its warnings.
import { runChunks } from './chunks.js';
import { registerThreads, type ThreadSetup, workerLoop, workerMain } from './threads.js';

/** What a thread's worker runs: its setup comes as the first message. */
function browserWorker(main: typeof workerMain, loop: typeof workerLoop, run: typeof runChunks): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: { data: ThreadSetup }) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (event) => {
    scope.onmessage = null;
    main(event.data, () => scope.postMessage('ready'), loop, run);
  };
}

/**
 * The worker's script: the functions it runs, each self-contained, passed as values (a
 * bundler may rename them, so the script must not call them by name).
 */
const WORKER_SOURCE = `(${browserWorker.toString()})(${workerMain.toString()}, ${workerLoop.toString()}, ${runChunks.toString()});`;

let scriptUrl: string | undefined;

// Only where Web Workers exist: segmint/browser imported in Node (isomorphic code, a server
// render) must not put its workers in place of segmint/node's threads.
if (typeof Worker === 'function') registerThreads((setup) => {
  scriptUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(scriptUrl);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      event.preventDefault();
      // A script built in memory is refused by a Content-Security-Policy without worker-src blob:.
      reject(new Error(`a k-means worker thread failed to start: ${event.message || "its script could not be loaded (a page's Content-Security-Policy must allow worker-src blob:)"}`));
    };
  });
  worker.postMessage(setup);
  return {
    ready,
    terminate: () => {
      worker.terminate();
      return Promise.resolve();
    },
  };
});
