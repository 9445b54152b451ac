// precision: 'f32' stores the rows as f32 and computes in f64 as usual: a fit is the 'f64' fit
// of the rows rounded to f32, bit for bit, on every algorithm and any number of threads.
import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import type { KMeansOptions } from '../../src/kmeans/types.js';
import '../../src/wasm/node-threads.js';
import { MIN_THREADED_WORK } from '../../src/wasm/workspace.js';
import { bits, blobs, fitBits } from '../helpers/data.js';
import { expectSegmintError } from '../select/expect-error.js';

const rounded = (values: Float64Array) => Float64Array.from(Float32Array.from(values));


describe("precision 'f32'", () => {
  // Values with more digits than an f32 holds, so rounding them matters.
  const data = blobs(6_000, 5, 7, 31).map((v) => v * 1.000000123 + 1e-9);
  const d = 5;

  it('the rows as stored differ from the f64 ones', () => {
    expect(rounded(data)).not.toEqual(data);
  });

  for (const options of [
    { algorithm: 'lloyd' },
    { algorithm: 'hamerly' },
    { algorithm: 'elkan' },
    { algorithm: 'lloyd', init: 'random', nInit: 3 },
    { algorithm: 'hamerly', sampleWeight: Array.from({ length: 6_000 }, (_, i) => (i % 5) * 0.25) },
  ] as KMeansOptions[]) {
    it(`gives the f64 fit of the rounded rows, bit for bit (${JSON.stringify(options).slice(0, 60)})`, async () => {
      const base = { nFeatures: d, seed: 4, nInit: 2, ...options };
      const f32 = await kmeans(data, 7, { ...base, precision: 'f32' });
      const f64 = await kmeans(rounded(data), 7, base);
      expect(fitBits(f32)).toEqual(fitBits(f64));
      expect(f32.options.precision).toBe('f32');
      expect(f64.options.precision).toBe('f64');
      // And not the f64 fit of the rows as given.
      expect(bits([f32.inertia])).not.toEqual(bits([(await kmeans(data, 7, base)).inertia]));
      // predict() stores its rows as the fit did.
      const probe = data.subarray(0, 200 * d);
      expect(f32.predict(probe, { nFeatures: d })).toEqual(f64.predict(rounded(probe), { nFeatures: d }));
    });
  }

  it('gives the same result on 2 threads as on 1', async () => {
    const big = blobs(40_000, 8, 16, 5).map((v) => v * 1.000000123);
    expect(40_000 * 8 * 16).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
    const options = { nFeatures: 8, seed: 2, nInit: 1, maxIter: 20, precision: 'f32' } as const;
    const one = await kmeans(big, 16, options);
    const two = await kmeans(big, 16, { ...options, threads: 2 });
    expect(two.options.threads).toBe(2);
    expect(fitBits(two)).toEqual(fitBits(one));
    expect(fitBits(one)).toEqual(fitBits(await kmeans(rounded(big), 16, { ...options, precision: 'f64' })));
  });

  it('counts distinct rows as stored: rows that round alike are one', async () => {
    const close = [[1], [1 + 1e-12], [2]];
    expect((await kmeans(close, 3, { precision: 'f32' })).warnings.join()).toMatch(/only 2 distinct rows for k=3/);
    expect((await kmeans(close, 3)).warnings).toEqual([]);
  });

  it('refuses values f32 cannot hold, naming where they are, and unknown precisions', async () => {
    await expectSegmintError(() => kmeans([[1, 2], [3, 4e38]], 1, { precision: 'f32' }), /^data row 1, column 1 is 4e\+38: beyond the range precision 'f32' can store/);
    expect((await kmeans([[1, 2], [3, 3.4e38]], 1, { precision: 'f32' })).centroids[0]![1]).toBe(Math.fround(3.4e38) / 2);
    await expectSegmintError(() => kmeans([[1], [2]], 1, { precision: 'f16' as never }), /unknown precision "f16"; expected 'f64' or 'f32'/);
  });

});
