import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Random } from '../../src/kmeans/random.js';
import type { KMeansResult } from '../../src/kmeans/types.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The team's shared datasets and reference numbers (beside the checkout, as in CI). */
export const SHARED_DATA = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const MALL_CSV = `${ROOT}data/mall_customers.csv`;

/** Mall Customers rows as [Age, Annual Income (k$), Spending Score (1-100)]. */
export function mallRows(): number[][] {
  const lines = readFileSync(MALL_CSV, 'utf8').trim().split(/\r?\n/).slice(1);
  return lines.map((line) => line.split(',').slice(2).map(Number));
}

export function mallIncomeSpending(): number[][] {
  return mallRows().map((row) => [row[1]!, row[2]!]);
}

export interface ReferenceRun {
  k: number;
  inertia: number;
  n_iter: number;
  silhouette?: number;
  calinski_harabasz?: number;
  davies_bouldin?: number;
  centers_sorted?: number[][];
  sizes_sorted?: number[];
}

export function sklearnReference(): { results: Record<string, ReferenceRun[]>; best_known_inertia_raw: unknown } {
  return JSON.parse(readFileSync(`${SHARED_DATA}mall_reference_sklearn.json`, 'utf8'));
}

/** Gaussian blobs around k random centres, seeded. */
export function blobs(n: number, d: number, k: number, seed: number, spread = 1): Float64Array {
  const random = new Random(seed);
  const centres = Float64Array.from({ length: k * d }, () => random.nextFloat() * 20 - 10);
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = random.nextInt(k);
    for (let f = 0; f < d; f++) {
      // Box-Muller: normal noise around the centre.
      const u = 1 - random.nextFloat();
      const v = random.nextFloat();
      values[i * d + f] = centres[c * d + f]! + spread * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
  return values;
}

/** Exact bits of doubles, for bit-identity checks that also tell -0 from 0. */
/** What a fit returns that tests compare between ways of running it, floats as their bits. */
export function fitBits(result: Pick<KMeansResult, 'centroids' | 'inertia' | 'labels' | 'sizes' | 'iterations' | 'converged' | 'warnings'>) {
  return {
    centroids: bits(result.centroids.flat()),
    inertia: bits([result.inertia]),
    labels: Array.from(result.labels),
    sizes: result.sizes,
    iterations: result.iterations,
    converged: result.converged,
    warnings: result.warnings,
  };
}

export function bits(values: ArrayLike<number>): string[] {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16);
  });
}
