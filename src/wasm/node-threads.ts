// Threads in Node: registers a ThreadSpawner (src/wasm/threads.ts) that starts worker_threads.
// Imported for its effect by segmint/node; the library's core never imports it, so browser
// bundles carry nothing from Node.
import { Worker } from 'node:worker_threads';
import { runChunks } from './chunks.js';
import { registerThreads, type ThreadSetup, workerLoop } from './threads.js';

/** What a worker_threads worker evaluates first: instantiate the kernels, say ready, loop. */
function nodeWorker(loop: typeof workerLoop, run: typeof runChunks): void {
  const { parentPort, workerData } = require('node:worker_threads');
  const { module, memory, jobBuffer, kernels, slots, maxArgs } = workerData as ThreadSetup;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => unknown>;
  const board = new Int32Array(jobBuffer, 0, slots.argsByte / 4);
  const args = new Float64Array(jobBuffer, slots.argsByte, maxArgs);
  const strides = new Float64Array(jobBuffer, slots.argsByte + maxArgs * 8, maxArgs);
  parentPort.postMessage('ready');
  loop(board, args, strides, kernels.map((name) => exports[name]!), slots, run);
}

declare const require: (id: string) => { parentPort: { postMessage(message: unknown): void }; workerData: unknown };

/**
 * The source a worker evaluates: the three functions it runs, each self-contained, passed as
 * values (a bundler may rename them, so the source must not call them by name).
 */
const WORKER_SOURCE = `(${nodeWorker.toString()})(${workerLoop.toString()}, ${runChunks.toString()});`;

registerThreads((setup) => {
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: setup });
  worker.unref();
  return {
    ready: new Promise((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`a k-means worker thread exited with code ${code} before it was ready`)));
    }),
    terminate: () => worker.terminate().then(() => undefined),
  };
});
