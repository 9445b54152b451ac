// Threads in Node: registers a ThreadSpawner (src/wasm/threads.ts) that starts worker_threads.
// Imported for its effect by segmint/node; the library's core never imports it, so browser
// bundles carry nothing from Node.
import { Worker } from 'node:worker_threads';
import { runChunks } from './chunks.js';
import { registerThreads, type ThreadSetup, workerLoop, workerMain } from './threads.js';

/**
 * What a worker_threads worker evaluates: its setup comes as workerData. The worker inherits the
 * process's execArgv, so its source runs as CommonJS or, under `--input-type=module`, as an ES
 * module: process.getBuiltinModule works in both, where require exists only in the first.
 */
function nodeWorker(main: typeof workerMain, loop: typeof workerLoop, run: typeof runChunks): void {
  const { parentPort, workerData } = process.getBuiltinModule('node:worker_threads');
  main(workerData as ThreadSetup, () => parentPort!.postMessage('ready'), loop, run);
}

/**
 * The source a worker evaluates: the functions it runs, each self-contained, passed as values
 * (a bundler may rename them, so the source must not call them by name).
 */
const WORKER_SOURCE = `(${nodeWorker.toString()})(${workerMain.toString()}, ${workerLoop.toString()}, ${runChunks.toString()});`;

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
