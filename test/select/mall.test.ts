import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { calinskiHarabasz, daviesBouldin, inertia } from '../../src/select/metrics.js';
import { type KScan, scanK } from '../../src/select/scan.js';
import { silhouette } from '../../src/select/silhouette.js';
import { mallIncomeSpending, sklearnReference } from '../helpers/data.js';

// scikit-learn 1.2.1: KMeans(k, n_init=10, random_state=42) on the raw Annual Income and
// Spending Score columns, then sklearn.metrics on its labels (../shared/data/). Our fit at
// each k may land in a different local optimum than scikit-learn's; where the inertias agree the
// clusterings are the same and every metric must agree too. k = 3, 4, 5 are global optima that
// every seed reaches, so those must always be compared.
const reference = sklearnReference().results.raw_income_spending!;
const rows = mallIncomeSpending();
const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe('Mall Customers (Annual Income, Spending Score, raw): metrics against scikit-learn', () => {
  let scan: KScan;
  beforeAll(async () => {
    scan = await scanK(rows, { kMin: 2, kMax: 10, seed: 0 });
  });

  for (let k = 2; k <= 10; k++) {
    it(`k = ${k}: silhouette, Calinski-Harabasz and Davies-Bouldin match wherever the clustering does`, async () => {
      const expected = reference.find((run) => run.k === k)!;
      const entry = scan.entries.find((e) => e.k === k)!;
      const sameClustering = relative(entry.inertia, expected.inertia) < 1e-9;
      if (k <= 5) expect(sameClustering).toBe(true);
      if (!sameClustering) return;
      expect(relative(entry.silhouette!.mean, expected.silhouette!)).toBeLessThan(1e-9);
      expect(relative(entry.calinskiHarabasz, expected.calinski_harabasz!)).toBeLessThan(1e-9);
      expect(relative(entry.daviesBouldin, expected.davies_bouldin!)).toBeLessThan(1e-9);
      // The standalone functions on the fit's labels say the same.
      const labels = entry.fit.labels;
      expect(relative(inertia(rows, labels), expected.inertia)).toBeLessThan(1e-9);
      expect(relative((await silhouette(rows, labels)).mean, expected.silhouette!)).toBeLessThan(1e-9);
      expect(relative(calinskiHarabasz(rows, labels), expected.calinski_harabasz!)).toBeLessThan(1e-9);
      expect(relative(daviesBouldin(rows, labels), expected.davies_bouldin!)).toBeLessThan(1e-9);
    });
  }

  it('recommends k = 5', () => {
    expect(scan.recommendation.k).toBe(5);
    expect(scan.recommendation.reasons[0]).toMatch(/^k = 5: \d of \d criteria chose it/);
  });

  it('each k\'s fit is the fit kmeans() makes with the same seed', async () => {
    const fit = await kmeans(rows, 5, { seed: 0 });
    const entry = scan.entries.find((e) => e.k === 5)!;
    expect(entry.fit.centroids).toEqual(fit.centroids);
    expect(entry.fit.labels).toEqual(fit.labels);
  });
});
