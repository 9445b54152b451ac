import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/kmeans/random.js';
import { init } from '../../src/wasm/module.js';
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
  duplicates?: boolean;
}

const CASES: Case[] = [
  { name: 'one row', n: 1, d: 1, k: 1 },
  { name: 'k = 1', n: 37, d: 3, k: 1 },
  { name: 'k = n', n: 23, d: 2, k: 23 },
  { name: 'odd d, n not a multiple of the chunk', n: 2 * CHUNK_ROWS + 37, d: 5, k: 7 },
  { name: 'd = 1', n: 301, d: 1, k: 4 },
  { name: 'd = 2', n: CHUNK_ROWS + 1, d: 2, k: 5 },
  { name: 'd = 16, k = 16', n: 999, d: 16, k: 16 },
  { name: 'd = 33', n: 257, d: 33, k: 9 },
  { name: 'duplicate rows (ties)', n: 500, d: 3, k: 6, duplicates: true },
  { name: 'weights', n: CHUNK_ROWS + 99, d: 7, k: 8, weighted: true },
];

function fill(ws: Workspace, c: Case, seed: number): void {
  const random = new Random(seed);
  const distinct = c.duplicates ? 4 : c.n;
  for (let i = 0; i < c.n; i++) {
    const source = i % distinct;
    for (let f = 0; f < c.d; f++) ws.x[i * c.d + f] = source === i ? random.nextFloat() * 200 - 100 : ws.x[source * c.d + f]!;
  }
  if (ws.weights) for (let i = 0; i < c.n; i++) ws.weights[i] = random.nextInt(4) === 0 ? 0 : random.nextFloat() * 3;
  // Centroids: some on rows exactly (distance 0, ties among duplicates), some random.
  for (let j = 0; j < c.k; j++) {
    for (let f = 0; f < c.d; f++) {
      ws.centroids[j * c.d + f] = j % 2 === 0 ? ws.x[((j * 7) % c.n) * c.d + f]! : random.nextFloat() * 200 - 100;
    }
  }
  ws.labels.fill(-1);
}

function snapshot(backend: KernelBackend, c: Case, seed: number) {
  const ws = Workspace.create({ nSamples: c.n, nFeatures: c.d, k: c.k, weighted: Boolean(c.weighted) }, backend);
  fill(ws, c, seed);
  const fit = ws.assign(true);
  const afterFit = {
    inertia: bits([fit.inertia]),
    changed: fit.changed,
    labels: Array.from(ws.labels),
    distances: bits(ws.distances),
    sums: bits(ws.sums),
    counts: bits(ws.counts),
  };
  const predict = ws.assign(false);
  // k-means++ step: first centre row 0, then score and take two more candidates.
  ws.distances.fill(Infinity);
  const potentials = [ws.nearestCentreUpdate(0, true)];
  const candidate = (c.n * 2) / 3 | 0;
  potentials.push(ws.nearestCentreUpdate(candidate, false));
  const scoredOnly = bits(ws.distances);
  potentials.push(ws.nearestCentreUpdate(candidate, true));
  return {
    afterFit,
    predict: { inertia: bits([predict.inertia]), changed: predict.changed, labels: Array.from(ws.labels) },
    kpp: { potentials: bits(potentials), scoredOnly, closest: bits(ws.distances) },
  };
}

describe('WebAssembly kernels equal the TypeScript reference bit for bit', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const wasm = snapshot('wasm', c, 11);
      const reference = snapshot('reference', c, 11);
      expect(wasm).toEqual(reference);
      // The pass labelled every row and predict found nothing to change.
      expect(wasm.afterFit.changed).toBe(c.n);
      expect(wasm.predict.changed).toBe(0);
      expect(wasm.afterFit.labels.every((label) => label >= 0 && label < c.k)).toBe(true);
    });
  }
});

describe('assignChunk on a hand-computed case', () => {
  for (const backend of ['wasm', 'reference'] as const) {
    it(`${backend}: labels, distances, sums, counts and inertia`, () => {
      const ws = Workspace.create({ nSamples: 4, nFeatures: 3, k: 2, weighted: true }, backend);
      ws.x.set([0, 0, 0, 1, 0, 0, 10, 10, 10, 12, 10, 10]);
      ws.weights!.set([1, 2, 1, 0.5]);
      ws.centroids.set([0, 0, 0, 10, 10, 10]);
      ws.labels.fill(-1);
      const pass = ws.assign(true);
      expect(Array.from(ws.labels)).toEqual([0, 0, 1, 1]);
      expect(Array.from(ws.distances)).toEqual([0, 1, 0, 4]);
      expect(Array.from(ws.sums)).toEqual([2, 0, 0, 16, 15, 15]);
      expect(Array.from(ws.counts)).toEqual([3, 1.5]);
      expect(pass.inertia).toBe(2 * 1 + 0.5 * 4);
      expect(pass.changed).toBe(4);
    });
  }
});
