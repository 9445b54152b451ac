import { Random } from '../kmeans/random.js';

/**
 * Independent random streams derived from one user seed, one per purpose, so that a seed fixes
 * everything and turning one feature on never shifts the draws of another. k-means fits use
 * the user's seed itself, so a scan's fit at k equals kmeans(data, k, { seed }).
 */
export const Stream = {
  silhouetteSample: 1,
  gapReferences: 2,
  gapSample: 3,
  bootstrap: 4,
} as const;

/** The seed of stream `stream` under `seed`: the stream-th draw of Random(seed). */
export function derivedSeed(seed: number, stream: number): number {
  const random = new Random(seed);
  let value = 0;
  for (let s = 0; s < stream; s++) value = random.nextUint32();
  return value;
}

/** m distinct indices of [0, n), drawn uniformly (Floyd's algorithm), in increasing order. */
export function sampleWithoutReplacement(n: number, m: number, random: Random): Int32Array {
  const chosen = new Set<number>();
  for (let j = n - m; j < n; j++) {
    const t = random.nextInt(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  return Int32Array.from(chosen).sort();
}

/** n indices of [0, n) drawn uniformly with replacement (a bootstrap resample). */
export function bootstrapIndices(n: number, random: Random): Int32Array {
  const indices = new Int32Array(n);
  for (let i = 0; i < n; i++) indices[i] = random.nextInt(n);
  return indices;
}

/** The given rows of a row-major matrix, as a new row-major matrix. */
export function takeRows(values: Float64Array, nFeatures: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * nFeatures);
  for (let r = 0; r < rows.length; r++) {
    const from = rows[r]! * nFeatures;
    out.set(values.subarray(from, from + nFeatures), r * nFeatures);
  }
  return out;
}
