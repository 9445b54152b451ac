// The worker API in Node: the browser's API over worker_threads (worker.js beside this file).
import { Worker } from 'node:worker_threads';
import { registerLibraryWorkers } from '../worker/call.js';
import { type SpawnWorker, type WorkerApi, workerApi } from '../worker/client.js';
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

const api: WorkerApi = workerApi(spawnThread);
// The gap statistic's reference fits run in the same workers (scanK and gapStatistic's threads).
registerLibraryWorkers(spawnThread);

export const fitInWorker: WorkerApi['fitInWorker'] = (...args) => api.fitInWorker(...args);
export const scanInWorker: WorkerApi['scanInWorker'] = (...args) => api.scanInWorker(...args);
export const inspectCsvInWorker: WorkerApi['inspectCsvInWorker'] = (...args) => api.inspectCsvInWorker(...args);
export const segmentCsvInWorker: WorkerApi['segmentCsvInWorker'] = (...args) => api.segmentCsvInWorker(...args);
export type { CsvWorkerOptions, FitInWorkerOptions, ScanInWorkerOptions, WorkerCallOptions } from '../worker/client.js';
