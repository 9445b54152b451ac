// Threads that cannot start: the fit runs on this thread, with a warning. In a file of its own,
// since it replaces the platform's thread spawner for the module graph of this file.
import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { scanK } from '../../src/select/scan.js';
import { init, initShared } from '../../src/wasm/module.js';
import { registerThreads } from '../../src/wasm/threads.js';
import { CHUNK_ROWS } from '../../src/wasm/workspace.js';
import { blobs, fitBits } from '../helpers/data.js';

beforeAll(async () => {
  await init();
  await initShared();
});

describe('threads that do not start', () => {
  it('leave the fit on this thread, the same bits, and say why in warnings', async () => {
    let started = 0;
    registerThreads(() => {
      started++;
      return { ready: Promise.reject(new Error('its script could not be loaded (worker-src blob:)')), terminate: () => Promise.resolve() };
    });
    const n = 3 * CHUNK_ROWS + 123;
    const data = blobs(n, 16, 24, 21, 3);
    const options = { nFeatures: 16, seed: 4, nInit: 1 };
    const threaded = await kmeans(data, 24, { ...options, threads: 2 });
    expect(started).toBe(1);
    expect(threaded.warnings).toContain('threads=2 ignored (their workers did not start: its script could not be loaded (worker-src blob:)): ran on one thread');
    const single = await kmeans(data, 24, { ...options, threads: 1 });
    expect(fitBits({ ...threaded, warnings: [] })).toEqual(fitBits({ ...single, warnings: [] }));
    expect(threaded.options.threads).toBe(1);
  });

  it('are said once in a k scan, not once per k', async () => {
    registerThreads(() => ({ ready: Promise.reject(new Error('blocked')), terminate: () => Promise.resolve() }));
    const data = blobs(3 * CHUNK_ROWS + 123, 16, 24, 21, 3);
    const scan = await scanK(data, { nFeatures: 16, kMin: 22, kMax: 24, nInit: 1, threads: 2, gap: false, silhouette: { sampleSize: 500, maxExactSamples: 500 } });
    expect(scan.warnings.filter((warning) => warning.includes('threads=2 ignored'))).toEqual(['threads=2 ignored (their workers did not start: blocked): ran on one thread']);
  });

  it('that fail to be made after others were leave none of those waiting', async () => {
    let made = 0;
    let terminated = 0;
    registerThreads(() => {
      if (++made === 2) throw new Error('no more workers');
      const terminate = (): Promise<void> => {
        terminated++;
        return Promise.resolve();
      };
      return { ready: new Promise<void>(() => {}), terminate };
    });
    const data = blobs(3 * CHUNK_ROWS + 123, 16, 24, 21, 3);
    const result = await kmeans(data, 24, { nFeatures: 16, seed: 4, nInit: 1, threads: 3 });
    expect(result.warnings).toContain('threads=3 ignored (their workers did not start: no more workers): ran on one thread');
    expect([made, terminated]).toEqual([2, 1]);
  });
});
