import { describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { SILHOUETTE_DEFAULTS, silhouette } from '../../src/select/silhouette.js';
import '../../src/wasm/node-threads.js';
import { bits, blobs } from '../helpers/data.js';
import { expectSegmintError } from './expect-error.js';

describe('silhouette on 20,000 rows', () => {
  // Overlapping blobs (spread 3 around centres in [-10, 10]²), so the silhouette is far from 1.
  const values = blobs(20_000, 2, 5, 21, 3);

  it('the seeded sample of 10,000 rows is within 0.02 of the exact value', async () => {
    const { labels } = await kmeans(values, 5, { nFeatures: 2, seed: 0 });
    const exact = await silhouette(values, labels, { nFeatures: 2 });
    expect(SILHOUETTE_DEFAULTS.maxExactSamples).toBe(20_000);
    expect(exact.sampled).toBe(false);
    expect(exact.samples).toHaveLength(20_000);

    const sampled = await silhouette(values, labels, { nFeatures: 2, maxExactSamples: 19_999, seed: 5 });
    expect(sampled.sampled).toBe(true);
    expect(sampled.rows).toHaveLength(SILHOUETTE_DEFAULTS.sampleSize);
    expect(sampled.rows.every((row, i) => row >= 0 && row < 20_000 && (i === 0 || row > sampled.rows[i - 1]!))).toBe(true);
    expect(Math.abs(sampled.mean - exact.mean)).toBeLessThan(0.02);
    for (let c = 0; c < 5; c++) expect(Math.abs(sampled.perCluster[c]! - exact.perCluster[c]!)).toBeLessThan(0.05);
    // Not the exact value in disguise.
    expect(sampled.mean).not.toBe(exact.mean);
  });

  it('draws the same sample for a seed and another for another seed', async () => {
    const labels = Int32Array.from({ length: 20_000 }, (_, i) => (values[i * 2]! > 0 ? 1 : 0));
    const options = { nFeatures: 2, maxExactSamples: 1000, sampleSize: 500 };
    const a = await silhouette(values, labels, { ...options, seed: 1 });
    const b = await silhouette(values, labels, { ...options, seed: 1 });
    const c = await silhouette(values, labels, { ...options, seed: 2 });
    expect(b.rows).toEqual(a.rows);
    expect(b.samples).toEqual(a.samples);
    expect(c.rows).not.toEqual(a.rows);
  });
});

describe('silhouette sampling limits', () => {
  it('is exact when the sample would hold every row', async () => {
    const result = await silhouette([[0], [1], [4], [5]], [0, 0, 1, 1], { maxExactSamples: 2, sampleSize: 4 });
    expect(result.sampled).toBe(false);
  });

  it('says so when the sample holds fewer than two clusters', async () => {
    // 99 rows in cluster 0 and one in cluster 1: a sample of 3 rows misses cluster 1 97% of the time.
    const rows = Array.from({ length: 100 }, (_, i) => [i]);
    const labels = rows.map((_, i) => (i === 99 ? 1 : 0));
    await expect(silhouette(rows, labels, { maxExactSamples: 10, sampleSize: 3, seed: 0 })).rejects.toThrow(
      /the silhouette sample of sampleSize=3 rows falls in 1 cluster\(s\); it needs 2 to 2 clusters \(use a larger sampleSize\)/,
    );
  });
});

describe('silhouette on threads', () => {
  it('gives the same values on 1 and 2 threads (4,000 rows × 8 features: enough to start them)', async () => {
    const values = blobs(4000, 8, 6, 5, 2);
    const { labels } = await kmeans(values, 6, { nFeatures: 8, seed: 0 });
    const one = await silhouette(values, labels, { nFeatures: 8 });
    const two = await silhouette(values, labels, { nFeatures: 8, threads: 2 });
    expect(bits(two.samples)).toEqual(bits(one.samples));
    expect(two.mean).toBe(one.mean);
  });

  it('takes 1 to 256 threads', async () => {
    await expectSegmintError(() => silhouette([[0], [1], [5]], [0, 0, 1], { threads: 0 }), /threads=0 must be an integer in \[1, 256\]/);
  });
});
