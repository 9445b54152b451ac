import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/kmeans/random.js';
import { type LabelledRows, naturalLog, SILHOUETTE_CHUNK_ROWS, silhouetteSamples, SilhouetteThreads } from '../../src/wasm/metrics-workspace.js';
import '../../src/wasm/node-threads.js';
import { init } from '../../src/wasm/module.js';
import { bits } from '../helpers/data.js';

beforeAll(async () => {
  await init();
});

interface Case {
  name: string;
  n: number;
  d: number;
  k: number;
  /** Clusters 0..singletons-1 get exactly one row each. */
  singletons?: number;
  /** Only this many distinct rows (so a = b = 0 happens). */
  distinct?: number;
}

const CASES: Case[] = [
  { name: 'k = 2, d = 1', n: 301, d: 1, k: 2 },
  { name: 'odd d, n not a multiple of the chunk', n: 3 * SILHOUETTE_CHUNK_ROWS + 37, d: 5, k: 7 },
  { name: 'd = 2, odd and even cluster sizes', n: 999, d: 2, k: 4 },
  { name: 'd = 3, singleton clusters', n: 200, d: 3, k: 6, singletons: 3 },
  { name: 'd = 16, k = 16', n: 513, d: 16, k: 16 },
  { name: 'd = 33', n: 129, d: 33, k: 3 },
  { name: 'duplicate rows (a = b = 0)', n: 60, d: 2, k: 3, distinct: 3 },
  { name: 'three rows, two clusters', n: 3, d: 2, k: 2 },
];

function makeRows(c: Case, seed: number): LabelledRows {
  const random = new Random(seed);
  const distinct = c.distinct ?? c.n;
  const values = new Float64Array(c.n * c.d);
  for (let i = 0; i < c.n; i++) {
    for (let f = 0; f < c.d; f++) {
      values[i * c.d + f] = i < distinct ? random.nextFloat() * 200 - 100 : values[(i % distinct) * c.d + f]!;
    }
  }
  const singletons = c.singletons ?? 0;
  // Every cluster non-empty; rows of the same cluster scattered through the data.
  const labels = Int32Array.from({ length: c.n }, (_, i) =>
    i < singletons ? i : i < c.k ? i : singletons + random.nextInt(c.k - singletons),
  );
  if (c.distinct) for (let i = 0; i < c.n; i++) labels[i] = i % c.k;
  return { values, nSamples: c.n, nFeatures: c.d, labels, nClusters: c.k };
}

/** The silhouette of row i straight from its definition (scikit-learn's), in the most obvious code. */
function naiveSilhouette({ values, nSamples: n, nFeatures: d, labels, nClusters: k }: LabelledRows, i: number): number {
  const sums = new Array<number>(k).fill(0);
  const sizes = new Array<number>(k).fill(0);
  for (let j = 0; j < n; j++) {
    let squared = 0;
    for (let f = 0; f < d; f++) squared += (values[i * d + f]! - values[j * d + f]!) ** 2;
    sums[labels[j]!]! += Math.sqrt(squared);
    sizes[labels[j]!]!++;
  }
  const own = labels[i]!;
  if (sizes[own] === 1) return 0;
  const a = sums[own]! / (sizes[own]! - 1);
  const b = Math.min(...sums.map((s, c) => (c === own ? Infinity : s / sizes[c]!)));
  return Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
}

describe('silhouetteChunk: WebAssembly equals the TypeScript reference bit for bit', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const rows = makeRows(c, 5);
      const wasm = silhouetteSamples(rows, 'wasm');
      const reference = silhouetteSamples(rows, 'reference');
      expect(bits(wasm)).toEqual(bits(reference));
      // ...and both are the silhouette: the definition, summed naively, agrees to rounding.
      for (let i = 0; i < c.n; i++) {
        expect(Math.abs(wasm[i]! - naiveSilhouette(rows, i))).toBeLessThan(1e-12);
      }
      if (c.singletons) for (let i = 0; i < c.singletons; i++) expect(wasm[i]).toBe(0);
    });
  }
});

describe('silhouetteSamples on threads', () => {
  it('gives the same bits as on one thread, call after call, and leaves rows that do not fit to this thread', async () => {
    const threads = await SilhouetteThreads.start(2, { nSamples: 7 * SILHOUETTE_CHUNK_ROWS + 5, nFeatures: 6, nClusters: 9 });
    try {
      // Fewer features and clusters than the capacity, then the most it takes.
      for (const [d, k, seed] of [[5, 7, 1], [6, 9, 2]] as const) {
        const rows = makeRows({ name: '', n: 7 * SILHOUETTE_CHUNK_ROWS + 5, d, k }, seed);
        expect(threads.fits(rows)).toBe(true);
        expect(bits(silhouetteSamples(rows, 'wasm', threads))).toEqual(bits(silhouetteSamples(rows, 'wasm')));
      }
      const other = makeRows({ name: '', n: 100, d: 3, k: 4 }, 3);
      expect(threads.fits(other)).toBe(false);
      expect(bits(silhouetteSamples(other, 'wasm', threads))).toEqual(bits(silhouetteSamples(other, 'reference')));
    } finally {
      await threads.close();
    }
  });
});

describe('silhouetteChunk on a hand-computed case', () => {
  // Rows 0, 1 | 4 (one feature): row 0: a = 1, b = 4, s = 3/4; row 1: a = 1, b = 3, s = 2/3;
  // row 2 is alone in its cluster: 0.
  for (const backend of ['wasm', 'reference'] as const) {
    it(backend, () => {
      const rows = { values: Float64Array.of(0, 1, 4), nSamples: 3, nFeatures: 1, labels: Int32Array.of(0, 0, 1), nClusters: 2 };
      expect(Array.from(silhouetteSamples(rows, backend))).toEqual([3 / 4, 2 / 3, 0]);
    });
  }
});

describe('naturalLog', () => {
  it('is the natural logarithm to within an ulp of Math.log', () => {
    const random = new Random(3);
    for (let t = 0; t < 10_000; t++) {
      const x = Math.exp(random.nextFloat() * 200 - 100);
      const log = naturalLog(x);
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(log))) - 52);
      expect(Math.abs(log - Math.log(x))).toBeLessThanOrEqual(ulp);
    }
    expect(naturalLog(1)).toBe(0);
    expect(naturalLog(0)).toBe(-Infinity);
  });
});
