// The worker API in browsers: each call runs in a module Web Worker (worker.js beside this file),
// so the page stays responsive while k-means runs. Bundlers that understand
// `new Worker(new URL(..., import.meta.url), { type: 'module' })` (Vite, webpack 5, Parcel)
// bundle the worker with no configuration.
import { registerLibraryWorkers } from '../worker/call.js';
import { installWorkerApi, type SpawnWorker } from '../worker/client.js';
import { endpoint, type WebWorkerLike } from './endpoint.js';

const spawnModuleWorker: SpawnWorker = () => endpoint(new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));

installWorkerApi(spawnModuleWorker);
// The gap statistic's reference fits run in the same workers (scanK and gapStatistic's threads).
registerLibraryWorkers(spawnModuleWorker);

/**
 * Starts workers some other way, e.g. under a bundler that does not see the worker's URL:
 * `useWorker(() => new Worker(myWorkerUrl, { type: 'module' }))`, where myWorkerUrl is that of
 * `segmint/browser/worker` (this module's worker.js) bundled as an entry of its own.
 */
export function useWorker(create: () => WebWorkerLike): void {
  const spawn: SpawnWorker = () => endpoint(create());
  installWorkerApi(spawn);
  registerLibraryWorkers(spawn);
}

export { fitInWorker, inspectCsvInWorker, scanInWorker, segmentCsvInWorker } from '../worker/client.js';
export type { CsvWorkerOptions, FitInWorkerOptions, ScanInWorkerOptions, WorkerCallOptions } from '../worker/client.js';
export type { WebWorkerLike } from './endpoint.js';
