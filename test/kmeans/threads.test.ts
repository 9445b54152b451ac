import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import type { KMeansOptions } from '../../src/kmeans/types.js';
import '../../src/wasm/node-threads.js';
import { init, initShared } from '../../src/wasm/module.js';
import { CHUNK_ROWS, Workspace } from '../../src/wasm/workspace.js';
import { bits, blobs } from '../helpers/data.js';

beforeAll(async () => {
  await init();
  await initShared();
});

/** Everything a fit returns, floats as their bits. */
async function outcome(data: Float64Array, k: number, options: KMeansOptions) {
  const result = await kmeans(data, k, options);
  return {
    centroids: bits(result.centroids.flat()),
    inertia: bits([result.inertia]),
    labels: Array.from(result.labels),
    iterations: result.iterations,
    warnings: result.warnings,
  };
}

describe('threads', () => {
  // Several chunks, not a multiple of the chunk, so threads really share the work.
  const n = 3 * CHUNK_ROWS + 123;
  const data = blobs(n, 6, 7, 21, 3);

  for (const algorithm of ['lloyd', 'hamerly'] as const) {
    it(`give the same result bit for bit on 1, 2 or 3 threads (${algorithm}, k-means++)`, async () => {
      const options: KMeansOptions = { nFeatures: 6, nInit: 2, seed: 5, algorithm };
      const one = await outcome(data, 7, { ...options, threads: 1 });
      expect(await outcome(data, 7, { ...options, threads: 2 })).toEqual(one);
      expect(await outcome(data, 7, { ...options, threads: 3 })).toEqual(one);
    });
  }

  it('give the same result with weights and random init', async () => {
    const sampleWeight = Array.from({ length: n }, (_, i) => ((i * 7) % 5) * 0.5);
    const options: KMeansOptions = { nFeatures: 6, nInit: 2, seed: 8, init: 'random', sampleWeight, tol: 0 };
    expect(await outcome(data, 9, { ...options, threads: 2 })).toEqual(await outcome(data, 9, { ...options, threads: 1 }));
  });

  it('are recorded in the options', async () => {
    const result = await kmeans(data, 3, { nFeatures: 6, nInit: 1, threads: 2 });
    expect(result.options.threads).toBe(2);
  });

  it('split a workspace pass without changing its totals', async () => {
    const make = () => {
      const ws = Workspace.create({ nSamples: n, nFeatures: 6, k: 7, weighted: false }, 'wasm', { shared: true });
      ws.setRows(data);
      ws.centroids.set(data.subarray(0, 7 * 6));
      ws.labels.fill(-1);
      return ws;
    };
    const serial = make();
    const threaded = make();
    await threaded.startThreads(2);
    try {
      const a = serial.assign({ update: true, distances: true });
      const b = threaded.assign({ update: true, distances: true });
      expect(b).toEqual(a);
      expect(bits(threaded.sums)).toEqual(bits(serial.sums));
      expect(bits(threaded.distances)).toEqual(bits(serial.distances));
    } finally {
      await threaded.close();
    }
  });

  it('fall back to one thread, with a warning, where threads are unavailable', async () => {
    // SharedArrayBuffer is missing in browsers that are not cross-origin isolated.
    const { SharedArrayBuffer: shared } = globalThis as { SharedArrayBuffer?: unknown };
    delete (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer;
    try {
      const result = await kmeans(data, 3, { nFeatures: 6, nInit: 1, threads: 4 });
      expect(result.options.threads).toBe(1);
      expect(result.warnings.join()).toMatch(/threads=4 ignored \(SharedArrayBuffer is not available\): ran on one thread/);
    } finally {
      (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = shared;
    }
  });

  it('reject a bad count with the value in the message', async () => {
    await expect(kmeans(data, 3, { nFeatures: 6, threads: 0 })).rejects.toThrow(/threads=0 must be an integer in \[1, 256\]/);
  });
});
