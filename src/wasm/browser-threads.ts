// Threads in browsers: registers a ThreadSpawner (src/wasm/threads.ts) that starts Web Workers
// from a script built in memory (a Blob), so no extra file has to be served or bundled.
// Imported for its effect by segmint/browser and by the worker API's Web Worker. Threads need
// a cross-origin isolated page (SharedArrayBuffer and shared WebAssembly memory exist only
// there) and a thread that may block in Atomics.wait: a Web Worker, never a page's main thread.
// Elsewhere kmeans() runs on one thread and says why in its warnings.
import { runChunks } from './chunks.js';
import { registerThreads, type ThreadSetup, workerLoop } from './threads.js';

/** What a thread's worker runs: wait for the setup, instantiate the kernels, say ready, loop. */
function browserWorker(loop: typeof workerLoop, run: typeof runChunks): void {
  const scope = globalThis as unknown as {
    onmessage: ((event: { data: ThreadSetup }) => void) | null;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (event) => {
    scope.onmessage = null;
    const { module, memory, jobBuffer, kernels, slots, maxArgs } = event.data;
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => unknown>;
    const board = new Int32Array(jobBuffer, 0, slots.argsByte / 4);
    const args = new Float64Array(jobBuffer, slots.argsByte, maxArgs);
    const strides = new Float64Array(jobBuffer, slots.argsByte + maxArgs * 8, maxArgs);
    scope.postMessage('ready');
    loop(board, args, strides, kernels.map((name) => exports[name]!), slots, run);
  };
}

/**
 * The worker's script: the three functions it runs, each self-contained, passed as values (a
 * bundler may rename them, so the script must not call them by name).
 */
const WORKER_SOURCE = `(${browserWorker.toString()})(${workerLoop.toString()}, ${runChunks.toString()});`;

let scriptUrl: string | undefined;

registerThreads((setup) => {
  scriptUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: 'text/javascript' }));
  const worker = new Worker(scriptUrl);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = () => resolve();
    worker.onerror = (event) => {
      event.preventDefault();
      reject(new Error(`a k-means worker thread failed to start: ${event.message || 'its script could not be loaded'}`));
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
