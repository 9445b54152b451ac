import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { mallIncomeSpending, sklearnReference } from '../helpers/data.js';

// scikit-learn 1.2.1, KMeans(k, init='k-means++', n_init=10, random_state=42) on the raw
// Annual Income and Spending Score columns (../shared/data/mall_reference_sklearn.json).
// k = 3, 4, 5 are the global optima every seed reaches, so our seeds must reach them too.
const reference = sklearnReference().results.raw_income_spending!;

describe('Mall Customers (Annual Income, Spending Score, raw) against scikit-learn', () => {
  const rows = mallIncomeSpending();

  it('k = 5: inertia 44448.45544793371 (as the README says, to the last bit) and segments of 81, 39, 35, 23, 22', async () => {
    const result = await kmeans(rows, 5, { seed: 0 });
    expect(result.inertia).toBe(44448.45544793371);
    expect(Math.abs(result.inertia - 44448.45544793369) / 44448.45544793369).toBeLessThan(1e-9);
    expect([...result.sizes].sort((a, b) => b - a)).toEqual([81, 39, 35, 23, 22]);
  });

  for (const k of [3, 4, 5]) {
    for (const seed of [0, 1, 42]) {
      it(`k = ${k}, seed ${seed}: inertia, sizes and centres match`, async () => {
        const expected = reference.find((run) => run.k === k)!;
        const result = await kmeans(rows, k, { seed });
        expect(Math.abs(result.inertia - expected.inertia) / expected.inertia).toBeLessThan(1e-9);
        if (expected.centers_sorted) {
          const order = result.centroids.map((_, j) => j).sort((a, b) => result.centroids[a]![0]! - result.centroids[b]![0]! || result.centroids[a]![1]! - result.centroids[b]![1]!);
          order.forEach((label, i) => {
            expected.centers_sorted![i]!.forEach((value, f) => expect(result.centroids[label]![f]).toBeCloseTo(value, 5));
            expect(result.sizes[label]).toBe(expected.sizes_sorted![i]);
          });
        }
      });
    }
  }
});
