// The worker API in Node: the browser's API over worker_threads (worker.js beside this file).
import { Worker } from 'node:worker_threads';
import { registerLibraryWorkers } from '../worker/call.js';
import { installWorkerApi, type SpawnWorker } from '../worker/client.js';
import type { WorkerReply, WorkerRequest } from '../worker/protocol.js';

const spawnThread: SpawnWorker = () => {
  const worker = new Worker(new URL('./worker.js', import.meta.url));
  return {
    post: (request: WorkerRequest) => worker.postMessage(request),
    listen(onReply, onFailure) {
      worker.on('message', (reply: WorkerReply) => onReply(reply));
      worker.on('error', (error) => onFailure(error));
      worker.on('exit', (code) => onFailure(new Error(`the segmint worker exited (code ${code}) before answering`)));
    },
    terminate: () => void worker.terminate(),
  };
};

installWorkerApi(spawnThread);
// The gap statistic's reference fits run in the same workers (scanK and gapStatistic's threads).
registerLibraryWorkers(spawnThread);

export { fitInWorker, inspectCsvInWorker, scanInWorker, segmentCsvInWorker } from '../worker/client.js';
export type { CsvWorkerOptions, FitInWorkerOptions, ScanInWorkerOptions, WorkerCallOptions } from '../worker/client.js';
