import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans, worthThreads } from '../../src/kmeans/kmeans.js';
import type { KMeansOptions } from '../../src/kmeans/types.js';
import '../../src/wasm/node-threads.js';
import { init, initShared } from '../../src/wasm/module.js';
import { CHUNK_ROWS, MIN_THREADED_WORK, Workspace } from '../../src/wasm/workspace.js';
import { bits, blobs, fitBits } from '../helpers/data.js';

beforeAll(async () => {
  await init();
  await initShared();
});

/** Everything a fit returns, floats as their bits. */
async function outcome(data: Float64Array, k: number, options: KMeansOptions) {
  return fitBits(await kmeans(data, k, options));
}

describe('threads', () => {
  // Several chunks, not a multiple of the chunk, so threads really share the work; and enough
  // work per pass (n × k × d >= MIN_THREADED_WORK) that kmeans() hands the passes to them.
  const n = 3 * CHUNK_ROWS + 123;
  const d = 16;
  const k = 24;
  const data = blobs(n, d, k, 21, 3);

  it('see enough work here for kmeans() to use them', () => {
    expect(n * k * d).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
  });

  for (const algorithm of ['lloyd', 'hamerly', 'elkan'] as const) {
    it(`give the same result bit for bit on 1, 2 or 3 threads (${algorithm}, k-means++)`, async () => {
      const options: KMeansOptions = { nFeatures: d, nInit: 2, seed: 5, algorithm };
      const one = await outcome(data, k, { ...options, threads: 1 });
      expect(await outcome(data, k, { ...options, threads: 2 })).toEqual(one);
      expect(await outcome(data, k, { ...options, threads: 3 })).toEqual(one);
    });
  }

  it('give the same result with weights and random init', async () => {
    const sampleWeight = Array.from({ length: n }, (_, i) => ((i * 7) % 5) * 0.5);
    const options: KMeansOptions = { nFeatures: d, nInit: 2, seed: 8, init: 'random', sampleWeight, tol: 0, maxIter: 30 };
    expect(await outcome(data, k, { ...options, threads: 2 })).toEqual(await outcome(data, k, { ...options, threads: 1 }));
  });

  it('are recorded in the options', async () => {
    const result = await kmeans(data, k, { nFeatures: d, nInit: 1, maxIter: 2, threads: 2 });
    expect(result.options.threads).toBe(2);
  });

  it('are not started for a fit too short to repay them: one thread, no warning, the same result', async () => {
    const rows = [[1, 2], [1, 4], [10, 2], [10, 4]];
    expect(worthThreads(8, 2)).toBe(false);
    const result = await kmeans(rows, 2, { seed: 42, threads: 4 });
    expect(result.options.threads).toBe(1);
    expect(result.warnings).toEqual([]);
    expect(fitBits(result)).toEqual(fitBits(await kmeans(rows, 2, { seed: 42 })));
  });

  it('are worth starting from MIN_THREADED_WORK point·centroid·feature terms a pass', () => {
    expect(worthThreads(MIN_THREADED_WORK / 4, 4)).toBe(true);
    expect(worthThreads(MIN_THREADED_WORK / 4 - 1, 4)).toBe(false);
  });

  it('split every kind of workspace pass without changing a bit', async () => {
    const make = async (threads: number) => {
      const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, bounds: true }, 'wasm', { shared: true });
      // minWork 0: even the O(n·d) passes go to the threads.
      await ws.startThreads(threads, { minWork: 0 });
      ws.setRows(data);
      ws.centroids.set(data.subarray(0, k * d));
      return ws;
    };
    const passes = (ws: Workspace) => {
      ws.labels.fill(-1);
      const fit = ws.assign({ update: true, distances: true });
      const sums = bits(ws.sums);
      const inertia = ws.labelDistances();
      ws.resetBounds();
      const bounded = ws.assignBounded();
      ws.distances.fill(Infinity);
      const potential = ws.nearestCentreUpdate(5, true);
      return { fit, sums, inertia, bounded, boundedSums: bits(ws.sums), potential, closest: bits(ws.distances) };
    };
    const serial = await make(1);
    const threaded = await make(2);
    try {
      expect(passes(threaded)).toEqual(passes(serial));
    } finally {
      await threaded.close();
    }
  });

  it('fall back to one thread, with a warning, where threads are unavailable', async () => {
    // SharedArrayBuffer is missing in browsers that are not cross-origin isolated.
    const { SharedArrayBuffer: shared } = globalThis as { SharedArrayBuffer?: unknown };
    delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
    try {
      const result = await kmeans(data, 3, { nFeatures: d, nInit: 1, threads: 4 });
      expect(result.options.threads).toBe(1);
      expect(result.warnings.join()).toMatch(/threads=4 ignored \(SharedArrayBuffer is not available \(in a browser the page must be cross-origin isolated\)\): ran on one thread/);
    } finally {
      (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = shared;
    }
  });

  it('reject a bad count with the value in the message', async () => {
    await expect(kmeans(data, 3, { nFeatures: d, threads: 0 })).rejects.toThrow(/threads=0 must be an integer in \[1, 256\]/);
  });
});
