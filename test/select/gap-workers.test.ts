// The gap statistic's reference fits on several threads (src/select/gap.ts), with workers
// simulated on this thread: each "worker" runs the worker protocol's handler on a structured
// clone of its request, as a real one would. Real worker_threads: test/worker/node-worker.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { gapStatistic, MIN_GAP_WORKER_WORK } from '../../src/select/gap.js';
import { registerLibraryWorkers, type SpawnWorker, type WorkerEndpoint } from '../../src/worker/call.js';
import { handleRequest } from '../../src/worker/handler.js';
import type { WorkerReply, WorkerRequest } from '../../src/worker/protocol.js';
import { bits, blobs } from '../helpers/data.js';

/**
 * A spawner whose workers answer on this thread; `fail` makes every one of them die instead,
 * after reporting `failAfter` fits.
 */
function inProcessWorkers(fail?: string, failAfter = 0): { spawn: SpawnWorker; requests: WorkerRequest[] } {
  const requests: WorkerRequest[] = [];
  const spawn = (): WorkerEndpoint => {
    let onReply: (reply: WorkerReply) => void = () => undefined;
    let onFailure: (error: Error) => void = () => undefined;
    return {
      post(request) {
        requests.push(request);
        setTimeout(() => {
          if (fail !== undefined && failAfter === 0) {
            onFailure(new Error(fail));
            return;
          }
          let fits = 0;
          void handleRequest(structuredClone(request), (reply) => {
            if (fail !== undefined && reply.type === 'progress' && ++fits > failAfter) onFailure(new Error(fail));
            else onReply(structuredClone(reply));
          });
        }, 0);
      },
      listen(reply, failure) {
        onReply = reply;
        onFailure = failure;
      },
      terminate: () => undefined,
    };
  };
  return { spawn, requests };
}

const data = blobs(2_500, 3, 4, 21);
const options = { nFeatures: 3, kMin: 1, kMax: 7, seed: 5, nInit: 2, B: 9 };
const gapBits = (result: Awaited<ReturnType<typeof gapStatistic>>) =>
  result.entries.map((e) => bits([e.logInertia, e.referenceLogInertia, e.gap, e.sd, e.standardError]));

describe('gap statistic reference fits on threads', () => {
  afterEach(() => registerLibraryWorkers(undefined));

  it('has enough work here to use workers', () => {
    expect(2_500 * 3 * 7 * 9).toBeGreaterThanOrEqual(MIN_GAP_WORKER_WORK);
  });

  it('deals the reference sets to workers and gives the 1-thread statistic bit for bit, on any number of threads', async () => {
    const serial = await gapStatistic(data, options);
    for (const threads of [2, 3, 20]) {
      const { spawn, requests } = inProcessWorkers();
      registerLibraryWorkers(spawn);
      const progress: number[] = [];
      const threaded = await gapStatistic(data, { ...options, threads, onProgress: (done) => progress.push(done) });
      expect(gapBits(threaded)).toEqual(gapBits(serial));
      expect([threaded.k, threaded.warnings, serial.threads, threaded.threads]).toEqual([serial.k, [], 1, Math.min(threads, 9)]);
      // One worker per thread but this one, never more than there are sets; 9 sets in all, the
      // workers dealt theirs first.
      const lanes = Math.min(threads, 9);
      expect(requests).toHaveLength(lanes - 1);
      const posted = requests.map((r) => (r.args[0] as Float64Array[]).length);
      expect(posted.reduce((a, b) => a + b, 0)).toBe(9 - Math.floor(9 / lanes));
      expect(progress).toEqual(Array.from({ length: 7 * 10 }, (_, i) => i + 1));
    }
  });

  it('fits the sets of a worker that fails on this thread, with the same statistic and a warning', async () => {
    const serial = await gapStatistic(data, options);
    registerLibraryWorkers(inProcessWorkers('no worker here').spawn);
    const threaded = await gapStatistic(data, { ...options, threads: 2 });
    expect(gapBits(threaded)).toEqual(gapBits(serial));
    expect(threaded.threads).toBe(1);
    expect(threaded.warnings).toEqual(['gap statistic: a worker failed (no worker here); its 5 reference sets were fitted on this thread']);
  });

  it('counts each fit once when a worker dies halfway and its sets are fitted here', async () => {
    const serial = await gapStatistic(data, options);
    registerLibraryWorkers(inProcessWorkers('lost', 12).spawn);
    const progress: number[] = [];
    const threaded = await gapStatistic(data, { ...options, threads: 2, onProgress: (done) => progress.push(done) });
    expect(gapBits(threaded)).toEqual(gapBits(serial));
    expect([threaded.threads, threaded.warnings.length]).toEqual([1, 1]);
    expect(progress).toEqual(Array.from({ length: 7 * 10 }, (_, i) => i + 1));
  });

  it('keeps small statistics on this thread, where starting a worker would cost more than it saves', async () => {
    const { spawn, requests } = inProcessWorkers();
    registerLibraryWorkers(spawn);
    const small = await gapStatistic(data.subarray(0, 300 * 3), { ...options, threads: 2 });
    expect([requests.length, small.threads]).toEqual([0, 1]);
  });

  it('checks threads', async () => {
    for (const threads of [0, 1.5, 257]) {
      await expect(gapStatistic(data, { ...options, threads })).rejects.toThrow(/threads/);
    }
  });
});
