import { beforeAll, describe, expect, it } from 'vitest';
import { fitKMeans } from '../../src/kmeans/kmeans.js';
import { type AssignStrategy, singleRun } from '../../src/kmeans/lloyd.js';
import { Random } from '../../src/kmeans/random.js';
import type { KMeansOptions } from '../../src/kmeans/types.js';
import { init } from '../../src/wasm/module.js';
import { CHUNK_ROWS, Workspace } from '../../src/wasm/workspace.js';
import { bits, blobs, fitBits } from '../helpers/data.js';

beforeAll(async () => {
  await init();
});

/** Everything a fit returns that must not depend on the algorithm, floats as their bits. */
function outcome(data: Float64Array, k: number, options: KMeansOptions) {
  const { warnings: _warnings, ...rest } = fitBits(fitKMeans(data, k, options, 'wasm'));
  return rest;
}

function integerRows(n: number, d: number, seed: number): Float64Array {
  const random = new Random(seed);
  return Float64Array.from({ length: n * d }, () => random.nextInt(9));
}

interface Case {
  name: string;
  data: Float64Array;
  d: number;
  k: number;
  options?: KMeansOptions;
}

const CASES: Case[] = [
  { name: 'd = 2, k = 5', data: blobs(3000, 2, 5, 1), d: 2, k: 5 },
  { name: 'd = 8, k = 16, two chunks', data: blobs(CHUNK_ROWS + 1001, 8, 16, 2, 3), d: 8, k: 16 },
  { name: 'd = 1, k = 7', data: blobs(2000, 1, 7, 3), d: 1, k: 7 },
  { name: 'd = 33, k = 9 (odd d)', data: blobs(1500, 33, 9, 4, 4), d: 33, k: 9 },
  { name: 'k = 2', data: blobs(1000, 3, 2, 5), d: 3, k: 2 },
  { name: 'k = 1', data: blobs(500, 3, 1, 6), d: 3, k: 1 },
  { name: 'k = 40 on 50 rows', data: blobs(50, 2, 3, 7), d: 2, k: 40 },
  { name: 'small integers (ties, duplicates, empty clusters)', data: integerRows(3000, 2, 8), d: 2, k: 12 },
  { name: 'far from the origin (offset 1e6)', data: blobs(2000, 4, 6, 9).map((v) => v + 1e6), d: 4, k: 6 },
  { name: 'weights', data: blobs(2500, 5, 8, 10), d: 5, k: 8, options: { sampleWeight: Array.from({ length: 2500 }, (_, i) => (i % 7) * 0.5) } },
  { name: 'random init, tol 0 (runs to the end)', data: blobs(2000, 6, 10, 11, 5), d: 6, k: 10, options: { init: 'random', tol: 0 } },
  { name: 'k = 70 (more than 64 centroids)', data: blobs(3000, 3, 70, 16, 0.5), d: 3, k: 70 },
];

describe("Hamerly's and Elkan's algorithms give Lloyd's result bit for bit", () => {
  for (const c of CASES) {
    it(c.name, () => {
      for (const seed of [0, 1, 2]) {
        const options: KMeansOptions = { nFeatures: c.d, nInit: 2, seed, ...c.options };
        const lloyd = outcome(c.data, c.k, { ...options, algorithm: 'lloyd' });
        expect(outcome(c.data, c.k, { ...options, algorithm: 'hamerly' })).toEqual(lloyd);
        expect(outcome(c.data, c.k, { ...options, algorithm: 'elkan' })).toEqual(lloyd);
      }
    });
  }

  it("is what 'auto' runs when k × nFeatures is large, and Lloyd's when it is small", () => {
    const data = blobs(300, 16, 4, 15);
    expect(fitKMeans(data, 16, { nFeatures: 16, nInit: 1 }, 'wasm').options.algorithm).toBe('hamerly');
    expect(fitKMeans(data, 4, { nFeatures: 16, nInit: 1 }, 'wasm').options.algorithm).toBe('lloyd');
  });

  for (const algorithm of ['hamerly', 'elkan'] as const) {
    it(`and so does the TypeScript reference, through the same orchestration (${algorithm})`, () => {
      const data = blobs(1200, 4, 6, 12);
      const options: KMeansOptions = { nFeatures: 4, nInit: 2, seed: 3, algorithm };
      const wasm = fitKMeans(data, 6, options, 'wasm');
      const reference = fitKMeans(data, 6, options, 'reference');
      expect(bits(wasm.centroids.flat())).toEqual(bits(reference.centroids.flat()));
      expect(wasm.labels).toEqual(reference.labels);
      expect(wasm.options.algorithm).toBe(algorithm);
    });
  }
});

describe("Hamerly's and Elkan's bounds", () => {
  function run(data: Float64Array, d: number, k: number, strategy: AssignStrategy) {
    const n = data.length / d;
    const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, bounds: true, elkan: true });
    ws.setRows(data);
    return singleRun(ws, data.slice(0, k * d), 100, 0, strategy);
  }

  it('skip most rows once the centroids settle, for the same iterations', () => {
    const data = blobs(20_000, 4, 8, 13, 2);
    const lloyd = run(data, 4, 8, 'lloyd');
    expect(lloyd.searchedRows).toBe(20_000 * (lloyd.iterations + 1));
    for (const strategy of ['hamerly', 'elkan'] as const) {
      const bounded = run(data, 4, 8, strategy);
      expect(bounded.iterations).toBe(lloyd.iterations);
      expect(bits(bounded.centroids)).toEqual(bits(lloyd.centroids));
      expect(bounded.labels).toEqual(lloyd.labels);
      expect(bits([bounded.inertia])).toEqual(bits([lloyd.inertia]));
      expect(bounded.searchedRows).toBeLessThan(lloyd.searchedRows / 2);
    }
  });

  it("keep Elkan's tables right past their last stamp (rebased), over hundreds of passes", () => {
    // Centroids that keep moving a little: every pass must give Lloyd's labels, including the
    // passes after the tables run out of stamps and start over.
    const d = 3;
    const k = 6;
    const data = blobs(3000, d, k, 17, 2);
    const n = data.length / d;
    const elkan = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, elkan: true });
    const lloyd = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false });
    elkan.setRows(data);
    lloyd.setRows(data);
    elkan.centroids.set(data.subarray(0, k * d));
    elkan.resetBounds();
    for (let pass = 0; pass < 300; pass++) {
      lloyd.centroids.set(elkan.centroids);
      lloyd.labels.fill(-1);
      lloyd.assign({ update: true, distances: false });
      elkan.assignBounded({ strategy: 'elkan' });
      expect(elkan.labels).toEqual(lloyd.labels);
      expect(bits(elkan.sums)).toEqual(bits(lloyd.sums));
      for (let t = 0; t < k * d; t++) elkan.centroidsNext[t] = elkan.centroids[t]! + Math.sin(pass * 7 + t) * 0.3;
      elkan.swapCentroids();
    }
  });

  for (const strategy of ['hamerly', 'elkan'] as const) {
    it(`never keep a label on an exact tie: the first nearest centroid wins, as in Lloyd (${strategy})`, () => {
      // Row 2 belongs to centroid 1 (at 3); then centroid 0 moves from 0 to 1 and row 2 is
      // exactly 1 away from both: its bounds meet (u = l = s = 1) and it must become 0.
      const ws = Workspace.create({ nSamples: 3, nFeatures: 1, k: 2, weighted: false, elkan: true });
      ws.setRows(Float64Array.of(0, 2, 4));
      ws.centroids.set([0, 3]);
      ws.resetBounds();
      ws.assignBounded({ strategy });
      expect(Array.from(ws.labels)).toEqual([0, 1, 1]);
      ws.centroidsNext.set([1, 3]);
      ws.swapCentroids();
      const pass = ws.assignBounded({ strategy });
      expect(Array.from(ws.labels)).toEqual([0, 0, 1]);
      expect(pass.changed).toBe(1);
    });
  }

  it('survive an empty cluster being moved', () => {
    // Centroid 2 starts far away: it attracts nobody and is relocated to the farthest row.
    const data = blobs(3000, 2, 3, 14);
    const initial = Float64Array.from([...data.slice(0, 4), 1e4, 1e4]);
    const ws = Workspace.create({ nSamples: 3000, nFeatures: 2, k: 3, weighted: false, elkan: true });
    ws.setRows(data);
    const lloyd = singleRun(ws, initial, 50, 0, 'lloyd');
    for (const strategy of ['hamerly', 'elkan'] as const) {
      const bounded = singleRun(ws, initial, 50, 0, strategy);
      expect(bits(bounded.centroids)).toEqual(bits(lloyd.centroids));
      expect(bounded.labels).toEqual(lloyd.labels);
      expect(new Set(bounded.labels).size).toBe(3);
    }
  });
});
