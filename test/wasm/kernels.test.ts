import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/kmeans/random.js';
import type { Precision } from '../../src/kmeans/types.js';
import { init, initPrecision, instantiateKernels } from '../../src/wasm/module.js';
import { ReferenceKernels } from '../../src/wasm/reference-kernels.js';
import { CHUNK_ROWS, type KernelBackend, Workspace } from '../../src/wasm/workspace.js';
import { bits } from '../helpers/data.js';

beforeAll(async () => {
  await init();
});

interface Case {
  name: string;
  n: number;
  d: number;
  k: number;
  weighted?: boolean;
  /** Rows repeat every `distinct` rows (ties between rows). */
  distinct?: number;
  /** Added to every value: far from the origin, the f32 screen can settle fewer rows. */
  offset?: number;
  /** Values are drawn in [-spread, spread]. Default 100. */
  spread?: number;
  /** Centroids j and j + 1 are equal for even j (ties between centroids). */
  twinCentroids?: boolean;
  /** Values are small integers, so many exact distances tie. */
  integers?: boolean;
  /** Odd centroids are drawn this far from the data instead of within it. */
  farCentroids?: number;
}

const CASES: Case[] = [
  { name: 'one row', n: 1, d: 1, k: 1 },
  { name: 'k = 1', n: 37, d: 3, k: 1 },
  { name: 'k = n', n: 23, d: 2, k: 23 },
  { name: 'odd d, n not a multiple of the chunk', n: 2 * CHUNK_ROWS + 37, d: 5, k: 7 },
  { name: 'd = 1', n: 301, d: 1, k: 4 },
  { name: 'd = 2', n: CHUNK_ROWS + 1, d: 2, k: 5 },
  { name: 'd = 16, k = 16', n: 999, d: 16, k: 16 },
  { name: 'd = 33, k = 9', n: 257, d: 33, k: 9 },
  { name: 'd = 8, k = 70 (centroid blocks and a tail)', n: 1003, d: 8, k: 70 },
  { name: 'duplicate rows (ties)', n: 500, d: 3, k: 6, distinct: 4 },
  { name: 'twin centroids (ties)', n: 777, d: 4, k: 8, twinCentroids: true },
  { name: 'small integers (many exact ties)', n: 2000, d: 2, k: 9, integers: true },
  { name: 'weights', n: CHUNK_ROWS + 99, d: 7, k: 8, weighted: true },
  { name: 'far from the origin (offset 1e9, spread 1)', n: 3001, d: 3, k: 6, offset: 1e9, spread: 1 },
  { name: 'far from the origin (offset 1e6, spread 1)', n: 3001, d: 6, k: 12, offset: 1e6, spread: 1 },
  { name: 'tiny values (spread 1e-300)', n: 501, d: 3, k: 5, spread: 1e-300 },
  { name: 'huge values (spread 1e150)', n: 501, d: 4, k: 5, spread: 1e150 },
  { name: 'huge values (spread 1e154: distances overflow)', n: 501, d: 4, k: 5, spread: 1e154 },
  { name: 'centroids far outside the data', n: 301, d: 3, k: 6, spread: 1, farCentroids: 1e20 },
];

/** The rows of a case, row-major. */
function rows(c: Case, random: Random): Float64Array {
  const values = new Float64Array(c.n * c.d);
  const distinct = c.distinct ?? c.n;
  const spread = c.spread ?? 100;
  for (let i = 0; i < c.n; i++) {
    const source = i % distinct;
    for (let f = 0; f < c.d; f++) {
      values[i * c.d + f] =
        source !== i
          ? values[source * c.d + f]!
          : c.integers
            ? random.nextInt(7)
            : (c.offset ?? 0) + (random.nextFloat() * 2 - 1) * spread;
    }
  }
  return values;
}

function fill(ws: Workspace, c: Case, seed: number, round: boolean): void {
  const random = new Random(seed);
  // Rounded to f32 first, the rows (and the centroids taken from them) are what an f32
  // workspace stores and what an f64 one given the rounded rows stores.
  const values = round ? Float64Array.from(Float32Array.from(rows(c, random))) : rows(c, random);
  ws.setRows(values);
  if (ws.weights) for (let i = 0; i < c.n; i++) ws.weights[i] = random.nextInt(4) === 0 ? 0 : random.nextFloat() * 3;
  // Centroids: some on rows exactly (distance 0, ties among duplicates), some random.
  for (let j = 0; j < c.k; j++) {
    for (let f = 0; f < c.d; f++) {
      const t = j * c.d + f;
      ws.centroids[t] =
        c.twinCentroids && j % 2 === 1
          ? ws.centroids[t - c.d]!
          : j % 2 === 0
            ? values[((j * 7) % c.n) * c.d + f]!
            : (c.offset ?? 0) + (random.nextFloat() * 2 - 1) * (c.farCentroids ?? c.spread ?? 100);
    }
  }
  ws.labels.fill(-1);
}

function snapshot(backend: KernelBackend, c: Case, seed: number, precision: Precision = 'f64', round = precision === 'f32') {
  const ws = Workspace.create({ nSamples: c.n, nFeatures: c.d, k: c.k, weighted: Boolean(c.weighted), precision }, backend);
  fill(ws, c, seed, round);
  const fit = ws.assign({ update: true, distances: true });
  const afterFit = {
    inertia: bits([fit.inertia]),
    changed: fit.changed,
    labels: Array.from(ws.labels),
    distances: bits(ws.distances),
    sums: bits(ws.sums),
    counts: bits(ws.counts),
  };
  // The same pass without distances: same labels and sums, no inertia; then the distances
  // alone, from the labels.
  ws.labels.fill(-1);
  const noDistances = ws.assign({ update: true, distances: false });
  const withoutDistances = {
    inertia: noDistances.inertia,
    changed: noDistances.changed,
    labels: Array.from(ws.labels),
    sums: bits(ws.sums),
    counts: bits(ws.counts),
  };
  ws.distances.fill(-1);
  const labelInertia = bits([ws.labelDistances()]);
  const labelDistances = bits(ws.distances);
  const predict = ws.assign({ update: false, distances: true });
  // k-means++ step: first centre row 0, then score and take two more candidates.
  ws.distances.fill(Infinity);
  const potentials = [ws.nearestCentreUpdate(0, true)];
  const candidate = (c.n * 2) / 3 | 0;
  potentials.push(ws.nearestCentreUpdate(candidate, false));
  const scoredOnly = bits(ws.distances);
  // Several candidates in one pass (more than fit in one call, and repeats): each scores what
  // nearestCentreUpdate gives it alone.
  const rows = Array.from({ length: 11 }, (_, t) => (t * 7919 + 3) % c.n);
  rows[5] = candidate;
  const scored = ws.scoreCandidates(rows);
  const alone = rows.map((row) => ws.nearestCentreUpdate(row, false));
  expect(bits(scored)).toEqual(bits(alone));
  // Every size of the kernel's groups of four (1 to 4, and 4 + 1).
  for (const count of [2, 3, 5]) expect(bits(ws.scoreCandidates(rows.slice(0, count)))).toEqual(bits(alone.slice(0, count)));
  potentials.push(...scored);
  potentials.push(ws.nearestCentreUpdate(candidate, true));
  return {
    snapshot: {
      afterFit,
      withoutDistances,
      labelDistances: { inertia: labelInertia, distances: labelDistances },
      predict: { inertia: bits([predict.inertia]), changed: predict.changed, labels: Array.from(ws.labels) },
      kpp: { potentials: bits(potentials), scoredOnly, closest: bits(ws.distances) },
    },
    exactRows: fit.exactRows,
  };
}

describe('WebAssembly kernels equal the TypeScript reference bit for bit', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const wasm = snapshot('wasm', c, 11);
      const reference = snapshot('reference', c, 11);
      expect(wasm.snapshot).toEqual(reference.snapshot);
      const { afterFit, withoutDistances, labelDistances, predict } = wasm.snapshot;
      // The pass labelled every row and predict found nothing to change.
      expect(afterFit.changed).toBe(c.n);
      expect(predict.changed).toBe(0);
      expect(afterFit.labels.every((label) => label >= 0 && label < c.k)).toBe(true);
      // Skipping distances changes nothing else; labelDistances() recovers them.
      expect(withoutDistances).toEqual({ ...afterFit, inertia: 0, distances: undefined, changed: c.n });
      expect(labelDistances).toEqual({ inertia: afterFit.inertia, distances: afterFit.distances });
      // The reference has no screen: it settles every row exactly.
      expect(reference.exactRows).toBe(c.n);
    });
  }
});

describe('the f32 build (rows stored as f32) equals the reference on f32 rows, and the f64 build on the rounded rows, bit for bit', () => {
  beforeAll(async () => {
    await initPrecision('f32');
  });
  // Rows beyond f32's range would round to infinities: precision 'f32' refuses them.
  for (const c of CASES.filter((c) => (c.spread ?? 100) < 1e30 && (c.farCentroids ?? 0) < 1e30)) {
    it(c.name, () => {
      const f32 = snapshot('wasm', c, 11, 'f32');
      expect(f32.snapshot).toEqual(snapshot('reference', c, 11, 'f32').snapshot);
      expect(f32.snapshot).toEqual(snapshot('wasm', c, 11, 'f64', true).snapshot);
    });
  }
});

describe('the f32 screen', () => {
  const settled = (c: Case) => snapshot('wasm', c, 5).exactRows;

  it('settles almost every row of well-spread data without exact distances', () => {
    const c: Case = { name: 'spread', n: 2 * CHUNK_ROWS, d: 8, k: 16 };
    expect(settled(c)).toBeLessThan(c.n / 100);
  });

  it('falls back to exact distances on ties, so the first nearest centroid still wins', () => {
    expect(settled({ name: 'twins', n: 400, d: 4, k: 8, twinCentroids: true })).toBeGreaterThan(100);
    expect(settled({ name: 'integers', n: 400, d: 2, k: 9, integers: true })).toBeGreaterThan(10);
  });

  it('leaves rows whose exact distances could overflow to the exact path', () => {
    expect(settled({ name: 'huge', n: 400, d: 4, k: 5, spread: 1e154 })).toBeGreaterThan(200);
  });

  it('is not used when centroids lie far outside the data (the f32 copy could overflow)', () => {
    expect(settled({ name: 'far', n: 64, d: 3, k: 6, spread: 1, farCentroids: 1e20 })).toBe(64);
  });
});

describe('the f32 screen on near ties', () => {
  // Rows a hair off the bisector of two centroids, at relative gaps from 2^-8 down to 2^-30:
  // where the screen's rounding (and the centroid index it keeps in its values' low bits, for
  // k <= 256) could rank them wrongly, its certificate must leave them to exact distances.
  const shapes = [
    { d: 2, k: 5 },
    { d: 8, k: 16 },
    { d: 32, k: 64 },
    { d: 3, k: 256 },
    { d: 3, k: 300 },
  ];
  for (const { d, k } of shapes) {
    it(`d = ${d}, k = ${k}: every strategy labels every row as the exact distances do`, () => {
      const n = 4000;
      const random = new Random(1000 * d + k);
      const centroids = Float64Array.from({ length: k * d }, () => random.nextFloat() * 2 - 1);
      const values = new Float64Array(n * d);
      for (let i = 0; i < n; i++) {
        const a = random.nextInt(k);
        const b = (a + 1 + random.nextInt(k - 1)) % k;
        const t = (random.nextInt(2) === 0 ? 1 : -1) * 2 ** -(8 + random.nextFloat() * 22);
        for (let f = 0; f < d; f++) {
          const ca = centroids[a * d + f]!;
          const cb = centroids[b * d + f]!;
          values[i * d + f] = 0.5 * (ca + cb) + t * (cb - ca);
        }
      }
      const labelsOf = (backend: KernelBackend, strategy: 'lloyd' | 'hamerly' | 'elkan') => {
        const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, elkan: true }, backend);
        ws.setRows(values);
        ws.centroids.set(centroids);
        ws.labels.fill(-1);
        if (strategy !== 'lloyd') ws.resetBounds();
        const pass = strategy === 'lloyd' ? ws.assign({ update: true, distances: false }) : ws.assignBounded({ strategy });
        return { labels: Array.from(ws.labels), sums: bits(ws.sums), exactRows: pass.exactRows };
      };
      const reference = labelsOf('reference', 'lloyd');
      for (const strategy of ['lloyd', 'hamerly', 'elkan'] as const) {
        const wasm = labelsOf('wasm', strategy);
        expect({ strategy, labels: wasm.labels, sums: wasm.sums }).toEqual({ strategy, labels: reference.labels, sums: reference.sums });
        // Near ties make the screen defer some rows, and it still settles most of them.
        expect(wasm.exactRows).toBeGreaterThan(0);
        expect(wasm.exactRows).toBeLessThan(n);
      }
    });
  }
});

describe('assignChunk on a hand-computed case', () => {
  for (const backend of ['wasm', 'reference'] as const) {
    it(`${backend}: labels, distances, sums, counts and inertia`, () => {
      const ws = Workspace.create({ nSamples: 4, nFeatures: 3, k: 2, weighted: true }, backend);
      ws.setRows(Float64Array.of(0, 0, 0, 1, 0, 0, 10, 10, 10, 12, 10, 10));
      ws.weights!.set([1, 2, 1, 0.5]);
      ws.centroids.set([0, 0, 0, 10, 10, 10]);
      ws.labels.fill(-1);
      const pass = ws.assign({ update: true, distances: true });
      expect(Array.from(ws.labels)).toEqual([0, 0, 1, 1]);
      expect(Array.from(ws.distances)).toEqual([0, 1, 0, 4]);
      expect(Array.from(ws.sums)).toEqual([2, 0, 0, 16, 15, 15]);
      expect(Array.from(ws.counts)).toEqual([3, 1.5]);
      expect(pass.inertia).toBe(2 * 1 + 0.5 * 4);
      expect(pass.changed).toBe(4);
    });
  }
});

describe('partial sums carried across passes', () => {
  // A pass recomputes a chunk's partial sums only for clusters whose rows moved; every pass
  // must still equal a pass from scratch, bit for bit.
  const n = 2 * CHUNK_ROWS + 77;
  const d = 3;
  const k = 6;
  const random = new Random(3);
  const values = Float64Array.from({ length: n * d }, () => random.nextFloat() * 10);
  const centroidSets = Array.from({ length: 6 }, (_, s) =>
    // Set 3 puts every centroid but one far away: most clusters lose all their rows.
    Float64Array.from({ length: k * d }, (_, t) => (s === 3 && t >= d ? 1e3 : random.nextFloat() * 10)),
  );
  // Then the last set again (no row moves, no cluster to recompute), and with one centroid
  // nudged (a few rows move between two clusters: the others' partials are kept).
  centroidSets.push(centroidSets[5]!.slice(), centroidSets[5]!.map((v, t) => (t === 0 ? v + 0.05 : v)));

  function fromScratch(centroids: Float64Array) {
    const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false });
    ws.setRows(values);
    ws.centroids.set(centroids);
    ws.labels.fill(-1);
    ws.assign({ update: true, distances: false });
    return { sums: bits(ws.sums), counts: bits(ws.counts) };
  }

  for (const strategy of ['assign', 'assignBounded'] as const) {
    it(`${strategy}: pass after pass, and after the labels are reset to -1`, () => {
      const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, bounds: true });
      ws.setRows(values);
      ws.centroids.set(centroidSets[0]!);
      if (strategy === 'assignBounded') ws.resetBounds();
      else ws.labels.fill(-1);
      for (let s = 0; s < centroidSets.length; s++) {
        if (s === 3) ws.labels.fill(-1); // a new run on the same workspace
        if (strategy === 'assignBounded') {
          ws.centroidsNext.set(centroidSets[s]!);
          ws.swapCentroids();
          if (s === 3) ws.resetBounds();
          ws.assignBounded();
        } else {
          ws.centroids.set(centroidSets[s]!);
          ws.assign({ update: true, distances: false });
        }
        expect({ sums: bits(ws.sums), counts: bits(ws.counts) }).toEqual(fromScratch(centroidSets[s]!));
      }
    });
  }
});

describe("the size of Elkan's tables", () => {
  beforeAll(async () => {
    await init();
  });

  it('is the reference layout for every k, whole past 2^31 bytes (where an i32 wrapped around)', () => {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const wasm = instantiateKernels(memory);
    const reference = new ReferenceKernels(memory);
    for (const k of [1, 5, 70, 23_170, 25_000, 32_768, 40_000]) expect(wasm.elkanTablesBytes(k)).toBe(reference.elkanTablesBytes(k));
    expect(wasm.elkanTablesBytes(25_000)).toBeGreaterThan(2 ** 31);
  });
});
