// Threads outlive a fit, parked with its memory (one pool per precision), for the next threaded fit that fits in it: in a
// file of its own, since it wraps the platform's thread spawner to count the workers started.
import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import type { KMeansOptions } from '../../src/kmeans/types.js';
import '../../src/wasm/node-threads.js';
import { init, initPrecision, initShared, initSharedPrecision } from '../../src/wasm/module.js';
import { registerThreads } from '../../src/wasm/threads.js';
import { CHUNK_ROWS } from '../../src/wasm/workspace.js';
import { blobs, fitBits } from '../helpers/data.js';

let workersStarted = 0;

beforeAll(async () => {
  await init();
  await initShared();
  await initPrecision('f32');
  await initSharedPrecision('f32');
  const spawn = registerThreads(() => {
    throw new Error('replaced below');
  })!;
  registerThreads((setup) => {
    workersStarted++;
    return spawn(setup);
  });
});

describe('parked threads', () => {
  const d = 16;
  const k = 24;
  const large = blobs(3 * CHUNK_ROWS + 123, d, k, 21, 3);
  // Still worth threads (worthThreads: 11,000 × 16 × 24 terms a pass).
  const small = large.subarray(0, 11_000 * d);

  it('serve the next threaded fits that fit in their memory, with the results of one thread, bit for bit', async () => {
    const fits: [Float64Array, KMeansOptions][] = [
      [large, { algorithm: 'lloyd' }],
      [large, { algorithm: 'elkan' }], // more memory than lloyd's: threads of their own
      [small, { algorithm: 'hamerly', sampleWeight: Array.from({ length: small.length / d }, (_, i) => 1 + (i % 3)) }],
      [large, { algorithm: 'lloyd', init: 'random' }], // in elkan's memory still
      [small, { precision: 'f32' }], // another build: threads of their own
      [small, { precision: 'f32', init: 'random' }],
      [large, { algorithm: 'lloyd', seed: 9 }], // f64's threads wait beside f32's
    ];
    const started: number[] = [];
    for (const [data, options] of fits) {
      const common = { nFeatures: d, nInit: 2, seed: 7, ...options };
      const before = workersStarted;
      const threaded = await kmeans(data, k, { ...common, threads: 2 });
      started.push(workersStarted - before);
      expect(fitBits(threaded)).toEqual(fitBits(await kmeans(data, k, { ...common, threads: 1 })));
    }
    expect(started).toEqual([1, 1, 0, 0, 1, 0, 0]);
  });

  it('are replaced by threads of another count', async () => {
    const before = workersStarted;
    await kmeans(large, k, { nFeatures: d, nInit: 1, seed: 1, threads: 3 });
    await kmeans(large, k, { nFeatures: d, nInit: 1, seed: 1, threads: 3 });
    expect(workersStarted - before).toBe(2); // one pool of two workers, then the same again
    const again = await kmeans(large, k, { nFeatures: d, nInit: 1, seed: 1, threads: 2 });
    expect(workersStarted - before).toBe(3);
    expect(again.options.threads).toBe(2);
  });
});
