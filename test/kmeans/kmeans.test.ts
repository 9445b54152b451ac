import { beforeAll, describe, expect, it } from 'vitest';
import { isSegmintError } from '../../src/errors.js';
import { fitKMeans, kmeans, predict } from '../../src/kmeans/kmeans.js';
import { init } from '../../src/wasm/module.js';
import { bits, blobs } from '../helpers/data.js';

beforeAll(async () => {
  await init();
});

describe('kmeans on hand-computed cases', () => {
  it('1-D: converges strictly after 3 iterations with inertia 1', async () => {
    // Iteration 1 assigns 0 | 1, 10, 11 (centres 0 and 22/3); iteration 2 moves 1 across
    // (centres 0.5 and 10.5); iteration 3 changes no label.
    const result = await kmeans([[0], [1], [10], [11]], 2, { init: [[0], [1]] });
    expect(Array.from(result.labels)).toEqual([0, 0, 1, 1]);
    expect(result.centroids).toEqual([[0.5], [10.5]]);
    expect(result.inertia).toBe(1);
    expect(result.iterations).toBe(3);
    expect(result.converged).toBe(true);
    expect(result.sizes).toEqual([2, 2]);
    expect(result.warnings).toEqual([]);
  });

  it('weighted (scikit-learn\'s own toy case): inertia 0.375 after 2 iterations', async () => {
    const result = await kmeans([[0, 0], [0.5, 0], [0.5, 1], [1, 1]], 2, {
      init: [[0, 0], [1, 1]],
      sampleWeight: [3, 1, 1, 3],
    });
    expect(Array.from(result.labels)).toEqual([0, 0, 1, 1]);
    expect(result.centroids).toEqual([[0.125, 0], [0.875, 1]]);
    expect(result.inertia).toBe(0.375);
    expect(result.iterations).toBe(2);
  });

  it('relocates an empty cluster to the farthest row instead of leaving NaN', async () => {
    // Centre 100 attracts nobody; it moves to row 10, the farthest from its centre.
    const result = await kmeans([[0], [1], [2], [10]], 3, { init: [[0], [100], [1]] });
    expect(result.centroids).toEqual([[0], [10], [1.5]]);
    expect(Array.from(result.labels)).toEqual([0, 2, 2, 1]);
    expect(result.inertia).toBe(0.5);
    expect(result.iterations).toBe(2);
  });

  it('integer weights equal repeated rows', async () => {
    const rows = [[0, 0], [1, 0], [5, 5], [6, 5], [9, 0]];
    const weights = [2, 1, 3, 1, 2];
    const repeated = rows.flatMap((row, i) => Array.from({ length: weights[i]! }, () => row));
    const given = { init: [[0, 0], [6, 5], [9, 0]] };
    const weighted = await kmeans(rows, 3, { ...given, sampleWeight: weights });
    const plain = await kmeans(repeated, 3, given);
    expect(weighted.centroids).toEqual(plain.centroids);
    expect(weighted.inertia).toBeCloseTo(plain.inertia, 12);
  });

  it('k = n puts every row in its own cluster with inertia 0', async () => {
    const rows = [[1, 2], [3, 4], [5, 6], [7, 9]];
    const result = await kmeans(rows, 4, { seed: 3 });
    expect(result.inertia).toBe(0);
    expect(new Set(result.labels).size).toBe(4);
    expect(result.centroids.map((c) => c.join()).sort()).toEqual(rows.map((r) => r.join()).sort());
  });

  it('warns when there are fewer distinct rows than k, and never returns NaN', async () => {
    const result = await kmeans([[1, 1], [1, 1], [1, 1], [2, 2], [2, 2]], 3, { seed: 1 });
    expect(result.warnings.join()).toMatch(/only 2 distinct rows for k=3/);
    expect(result.centroids.flat().every(Number.isFinite)).toBe(true);
    expect(result.inertia).toBe(0);
    expect(result.warnings.join()).toMatch(/1 of the k=3 clusters ended with no rows/);
  });

  it('warns of a cluster left empty by distinct rows whose squared distances underflow to 0', async () => {
    const result = await kmeans([[1e-300, 0], [2e-300, 0], [3e-300, 0], [9e-300, 0]], 2, { seed: 0 });
    expect(result.sizes).toContain(0);
    expect(result.warnings).toEqual([expect.stringMatching(/^1 of the k=2 clusters ended with no rows: every row is at distance 0 from the centre it took .*rescale them\)$/)]);
  });
});

describe('kmeans results', () => {
  const data = blobs(3000, 3, 4, 5);

  it('are bit-identical for a seed, run after run', async () => {
    const a = await kmeans(data, 4, { nFeatures: 3, seed: 9 });
    const b = await kmeans(data, 4, { nFeatures: 3, seed: 9 });
    expect(bits(a.centroids.flat())).toEqual(bits(b.centroids.flat()));
    expect(bits([a.inertia])).toEqual(bits([b.inertia]));
    expect(a.labels).toEqual(b.labels);
  });

  it('depend on the seed (random init lands in different places)', async () => {
    const a = await kmeans(data, 8, { nFeatures: 3, seed: 1, init: 'random', nInit: 1 });
    const b = await kmeans(data, 8, { nFeatures: 3, seed: 2, init: 'random', nInit: 1 });
    expect(bits(a.centroids.flat())).not.toEqual(bits(b.centroids.flat()));
  });

  for (const [label, options] of [
    ['k-means++', { seed: 4 }],
    ['random init, weights', { seed: 4, init: 'random', sampleWeight: Array.from({ length: 3000 }, (_, i) => (i % 5) + 0.5) }],
  ] as const) {
    it(`through the WebAssembly kernels equal the TypeScript reference (${label})`, () => {
      const wasm = fitKMeans(data, 5, { nFeatures: 3, nInit: 3, ...options }, 'wasm');
      const reference = fitKMeans(data, 5, { nFeatures: 3, nInit: 3, ...options }, 'reference');
      expect(bits(wasm.centroids.flat())).toEqual(bits(reference.centroids.flat()));
      expect(bits([wasm.inertia])).toEqual(bits([reference.inertia]));
      expect(wasm.labels).toEqual(reference.labels);
      expect(wasm.iterations).toBe(reference.iterations);
    });
  }

  it('keep the best of nInit runs', async () => {
    const one = await kmeans(data, 6, { nFeatures: 3, seed: 0, nInit: 1, init: 'random' });
    const many = await kmeans(data, 6, { nFeatures: 3, seed: 0, nInit: 8, init: 'random' });
    expect(many.inertia).toBeLessThanOrEqual(one.inertia);
  });

  it('stop at maxIter with a warning when not converged', async () => {
    const result = await kmeans(data, 4, { nFeatures: 3, seed: 0, maxIter: 1, tol: 0, nInit: 1 });
    expect(result.iterations).toBe(1);
    expect(result.converged).toBe(false);
    expect(result.warnings.join()).toMatch(/did not converge in maxIter=1/);
  });

  it('predict gives the training labels on the training rows, and labels new rows', async () => {
    const result = await kmeans(data, 4, { nFeatures: 3, seed: 2 });
    expect(result.predict(data)).toEqual(result.labels);
    const far = result.centroids.map((c) => c.map((v) => v + 1e-3));
    expect(Array.from(result.predict(far))).toEqual([0, 1, 2, 3]);
    expect(await predict(result.centroids, far)).toEqual(result.predict(far));
    // An empty batch of new rows gets no labels, not an error.
    expect(result.predict([])).toEqual(new Int32Array(0));
    expect(result.predict(new Float64Array(0))).toEqual(new Int32Array(0));
    expect(await predict(result.centroids, [])).toEqual(new Int32Array(0));
  });

  it('do not modify the caller\'s data, weights or options', async () => {
    const rows = [[1, 2], [3, 4], [5, 7]];
    const weights = [1, 2, 3];
    const options = { seed: 1, sampleWeight: weights };
    const before = JSON.stringify({ rows, weights, options });
    await kmeans(rows, 2, options);
    expect(JSON.stringify({ rows, weights, options })).toBe(before);
  });

  it('records the options used, defaults filled in', async () => {
    const result = await kmeans([[1], [2], [3]], 2);
    expect(result.options).toEqual({ init: 'k-means++', algorithm: 'lloyd', nInit: 10, maxIter: 300, tol: 1e-4, seed: 0, weighted: false, threads: 1, precision: 'f64' });
  });
});

describe('kmeans rejects bad input with the values in the message', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['k above nSamples', () => kmeans([[1], [2], [3]], 5), /k=5 must be <= nSamples=3/],
    ['k below 1', () => kmeans([[1], [2]], 0), /k=0 must be an integer >= 1/],
    ['k not an integer', () => kmeans([[1], [2]], 1.5), /k=1.5 must be an integer >= 1/],
    ['NaN', () => kmeans(Array.from({ length: 20 }, (_, i) => [i, i === 17 ? NaN : 1, 0]), 2), /data\[17\]\[1\] is NaN; every value must be a finite number/],
    ['Infinity in a Float64Array', () => kmeans(Float64Array.of(1, 2, 3, Infinity), 1, { nFeatures: 2 }), /data\[3\] \(row 1, column 1\) is Infinity/],
    ['values whose squared distances overflow', () => kmeans([[1e300], [-1e300], [1], [2e300]], 2), /data\[3\]\[0\] is 2e\+300: beyond ±3\.35e\+153, the largest \|value\| whose squared distances, summed over 4 rows of 1 features, stay below the largest double \(1\.80e\+308\); rescale the data \(e\.g\. divide every value by 1e147\)/],
    ['a Float64Array whose squared distances overflow', () => kmeans(Float64Array.of(1, -3e200, 2, 4), 1, { nFeatures: 2 }), /data\[1\] \(row 0, column 1\) is -3e\+200: beyond ±/],
    ['a string', () => kmeans([[1, 2], [3, '4' as unknown as number]], 1), /data\[1\]\[1\] is "4"/],
    ['ragged rows', () => kmeans([[1, 2], [3]], 1), /data\[1\] has 1 values; expected 2 like data\[0\] \(ragged rows\)/],
    ['empty data', () => kmeans([], 1), /data is empty/],
    ['Float64Array without nFeatures', () => kmeans(Float64Array.of(1, 2), 1), /nFeatures must be given/],
    ['Float64Array of the wrong length', () => kmeans(Float64Array.of(1, 2, 3), 1, { nFeatures: 2 }), /3 values, not a multiple of nFeatures=2/],
    ['unknown init', () => kmeans([[1], [2]], 1, { init: 'kmeans++' as 'random' }), /unknown init "kmeans\+\+"; expected 'k-means\+\+', 'random'/],
    ['init of the wrong shape', () => kmeans([[1], [2], [3]], 2, { init: [[1]] }), /init has 1 centroids of 1 features; expected k=2/],
    ['negative weight', () => kmeans([[1], [2]], 1, { sampleWeight: [1, -1] }), /sampleWeight\[1\] is -1; weights must be finite and >= 0/],
    ['weights of the wrong length', () => kmeans([[1], [2]], 1, { sampleWeight: [1] }), /sampleWeight has 1 values; expected nSamples=2/],
    ['weights whose sum overflows', () => kmeans([[1], [2], [3]], 2, { sampleWeight: [1e308, 1e308, 1] }), /^sampleWeight sums to Infinity: with values up to ±3, the weighted sums of squared distances could pass the largest double \(1\.80e\+308\); only the weights' ratios matter, so divide them all by a common factor \(e\.g\. 1e2\)$/],
    ['weights that make large values overflow', () => kmeans([[1e150], [-1e150], [0]], 2, { sampleWeight: [1e10, 1, 1] }), /^sampleWeight sums to 10000000002: with values up to ±1e\+150, .*divide them all by a common factor \(e\.g\. 1e3\)$/],
    ['weights so small that weighted values lose precision', () => kmeans([[1], [0.5], [3]], 2, { sampleWeight: [5e-324, 5e-324, 1e-300] }), /^sampleWeight\[0\] is 5e-324: with values down to ±0\.5, weighted values fall below the doubles' full precision \(2\.23e-308\); only the weights' ratios matter, so multiply them all by a common factor \(e\.g\. 1e17\)$/],
    ['too few weighted rows', () => kmeans([[1], [2], [3]], 2, { sampleWeight: [0, 0, 1] }), /k=2 must be <= the number of rows with a positive sampleWeight=1/],
    ['bad nInit', () => kmeans([[1], [2]], 1, { nInit: 0 }), /nInit=0 must be an integer >= 1/],
    ['bad tol', () => kmeans([[1], [2]], 1, { tol: -1 }), /tol=-1 must be a finite number >= 0/],
    ['bad seed', () => kmeans([[1], [2]], 1, { seed: -3 }), /seed=-3 must be an integer >= 0/],
    ['a seed past 2^53 - 1', () => kmeans([[1], [2]], 1, { seed: 2 ** 53 }), /^seed=9007199254740992 must be an integer in \[0, 9007199254740991\]$/],
    ['unknown option', () => kmeans([[1], [2]], 1, { ninit: 3 } as object), /unknown option "ninit" for kmeans; did you mean "nInit"\?/],
    ['a misspelt option', () => kmeans([[1], [2]], 1, { seeed: 3 } as object), /unknown option "seeed" for kmeans; did you mean "seed"\?/],
    ['options of null', () => kmeans([[1], [2]], 1, null as never), /^the options of kmeans must be an object; got null$/],
    ['options that are a string', () => kmeans([[1], [2]], 1, 'f32' as never), /^the options of kmeans must be an object; got "f32"$/],
    ['an unknown option of predict()', () => predict([[0]], [[1]], { precison: 'f32' } as object), /unknown option "precison" for predict; did you mean "precision"\?/],
    ['an unknown option of result.predict()', async () => (await kmeans([[1], [2]], 1)).predict([[1]], { bogus: 1 } as object), /unknown option "bogus" for predict \(options: nFeatures\)/],
    ['a result.predict() nFeatures unlike the fit', async () => (await kmeans([[1, 2], [3, 4]], 1)).predict(Float64Array.of(1, 2, 3), { nFeatures: 3 }), /nFeatures=3 must be the 2 features the centroids have/],
    // Elkan's tables for k = 25,000 pass 2^31 bytes (they wrapped around to a negative size and overlaid other buffers).
    [
      "Elkan's bounds past wasm32's 4 GiB",
      () => kmeans(new Float64Array(100_000).map((_, i) => (i * 7919) % 100_003), 25_000, { nFeatures: 2, algorithm: 'elkan', init: 'random' }),
      /^nSamples=50000 × nFeatures=2 with Elkan's bounds for k=25000 \(4 bytes per row and centroid; algorithm 'hamerly' or 'lloyd' needs far less\) needs 7\.\d\d GiB of WebAssembly memory; the limit is 4 GiB$/,
    ],
    ['unknown algorithm', () => kmeans([[1], [2]], 1, { algorithm: 'yinyang' as 'lloyd' }), /unknown algorithm "yinyang"; expected 'auto', 'lloyd', 'hamerly', 'elkan'/],
  ];
  for (const [name, call, message] of cases) {
    it(name, async () => {
      const error = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isSegmintError(error)).toBe(true);
      expect((error as Error).message).toMatch(message);
    });
  }

  it('fits values up to that limit with a finite inertia', async () => {
    // The limit for 4 rows of 1 feature: 4 × (2 × limit)² is the largest double.
    const limit = Math.sqrt(Number.MAX_VALUE / 4) / 2;
    const result = await kmeans([[limit], [-limit], [limit], [-limit]], 1);
    expect(Number.isFinite(result.inertia)).toBe(true);
    await expect(kmeans([[limit * 1.001], [-limit], [limit], [-limit]], 1)).rejects.toThrow(/is 3\.35\d*e\+153: beyond ±3\.35e\+153/);
  });

  it('warns that nInit is ignored when the centroids are given', async () => {
    const result = await kmeans([[1], [2], [3]], 2, { init: [[1], [3]], nInit: 5 });
    expect(result.warnings.join()).toMatch(/nInit=5 ignored/);
    expect(result.options.nInit).toBe(1);
  });
});
