// The worker_threads script of the worker API in Node: one request per worker. Its fits can use
// threads of their own (worker_threads), and its gap statistic workers of its own.
import { parentPort } from 'node:worker_threads';
import '../wasm/node-threads.js';
import './worker-api.js';
import { handleRequest } from '../worker/handler.js';
import type { WorkerRequest } from '../worker/protocol.js';

parentPort!.once('message', (request: WorkerRequest) => {
  void handleRequest(request, (reply) => parentPort!.postMessage(reply));
});
