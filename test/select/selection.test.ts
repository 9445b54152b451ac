import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { adjustedRandIndex } from '../../src/select/ari.js';
import { gapStatistic } from '../../src/select/gap.js';
import { kneedle } from '../../src/select/kneedle.js';
import { NO_GROUPS } from '../../src/select/recommend.js';
import { type KScan, scanK } from '../../src/select/scan.js';
import { bootstrapStability } from '../../src/select/stability.js';
import { MIN_THREADED_WORK } from '../../src/wasm/workspace.js';
import { separatedBlobs } from './separated.js';

describe('data without groups', () => {
  // The Mall data's groups meet the 1-SE rule at k = 1 (Gap(1) >= Gap(2) - s_2), but Gap(5) is far above Gap(1).
  it('and data with them: the Mall data is not one group', async () => {
    const { readFileSync } = await import('node:fs');
    const rows = readFileSync(new URL('../../data/mall_customers.csv', import.meta.url), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(',').slice(3).map(Number));
    const gap = await gapStatistic(rows, { kMin: 2, kMax: 10, seed: 0 });
    expect(gap.oneGroup).toBe(false);
  });

  it('say so: no k has a gap above one group\'s by more than its standard error, though the range starts at 2', async () => {
    // One round Gaussian cloud (Box-Muller on a seeded stream): no groups to find.
    let state = 12345;
    const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) + 0.5) / 2 ** 31;
    const values = Float64Array.from({ length: 500 * 3 }, () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()));
    const gap = await gapStatistic(values, { nFeatures: 3, kMin: 2, kMax: 6, seed: 0 });
    expect(gap.oneGroup).toBe(true);
    expect(gap.entries.map((e) => e.k)).toEqual([2, 3, 4, 5, 6]);
    // k = 1 alone has nothing to compare with: no verdict.
    expect((await gapStatistic(values, { nFeatures: 3, kMin: 1, kMax: 1, seed: 0 })).oneGroup).toBe(false);
    // The scan says so among its reasons.
    const scan = await scanK(values, { nFeatures: 3, kMin: 2, kMax: 6, seed: 0 });
    expect(scan.recommendation.reasons).toContain(NO_GROUPS);
  });
});

// Constructed data with a known answer: k well separated clusters (see separatedBlobs). The gap
// statistic, the knee of the inertia curve and the scan must all find k.
for (const k of [3, 4, 6]) {
  describe(`${k} well separated clusters`, () => {
    const { values, truth } = separatedBlobs(60 * k, k, 100 + k);

    it(`the gap statistic's 1-SE rule picks k = ${k} from 1..8`, async () => {
      const gap = await gapStatistic(values, { nFeatures: k, kMin: 1, kMax: 8, seed: 1 });
      expect(gap.k).toBe(k);
      expect(gap.sampled).toBe(false);
      expect(gap.entries.map((e) => e.k)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      // Tibshirani et al.'s definitions, entry by entry.
      for (const e of gap.entries) {
        expect(e.gap).toBeCloseTo(e.referenceLogInertia - e.logInertia, 12);
        expect(e.standardError).toBeCloseTo(e.sd * Math.sqrt(1 + 1 / 10), 12);
      }
      expect(gap.oneGroup).toBe(false);
      // From k = 2 on, k = 1 is fitted beside the range, for oneGroup: the range's entries are the same.
      const fromTwo = await gapStatistic(values, { nFeatures: k, kMin: 2, kMax: 8, seed: 1 });
      expect(fromTwo.entries).toEqual(gap.entries.slice(1));
      expect(fromTwo.oneGroup).toBe(false);
    });

    it(`Kneedle finds the knee of the inertia curve at k = ${k}`, async () => {
      const ks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      const inertias: number[] = [];
      for (const kk of ks) inertias.push((await kmeans(values, kk, { nFeatures: k, seed: 0 })).inertia);
      expect(kneedle(ks, inertias).knee).toBe(k);
    });

    it(`scanK recommends k = ${k}, with every criterion agreeing, and the fit finds the true clusters`, async () => {
      const scan = await scanK(values, { nFeatures: k, kMin: 2, kMax: 9, seed: 0 });
      expect(scan.recommendation.k).toBe(k);
      expect(Object.values(scan.recommendation.votes)).toEqual([k, k, k, k, k]);
      const entry = scan.entries.find((e) => e.k === k)!;
      expect(adjustedRandIndex(entry.fit.labels, truth)).toBe(1);
    });
  });
}

describe('bootstrap stability', () => {
  const { values } = separatedBlobs(240, 4, 7);

  it('is 1 at the true k of well separated clusters, and lower at a k that splits one', async () => {
    const atTruth = await bootstrapStability(values, 4, { nFeatures: 4, resamples: 5, seed: 3 });
    expect(atTruth.ari).toHaveLength(5);
    expect(atTruth.meanAri).toBe(1);
    const split = await bootstrapStability(values, 5, { nFeatures: 4, resamples: 5, seed: 3 });
    expect(split.meanAri).toBeLessThan(0.99);
  });
});

describe('scanK', () => {
  const { values } = separatedBlobs(150, 3, 11);
  let scan: KScan;
  const progress: [number, number][] = [];
  beforeAll(async () => {
    scan = await scanK(values, { nFeatures: 3, kMin: 2, kMax: 5, seed: 4, stability: { resamples: 2 }, onProgress: (done, total) => progress.push([done, total]) });
  });

  it('reports every metric for every k', () => {
    expect(scan.entries.map((e) => e.k)).toEqual([2, 3, 4, 5]);
    for (const e of scan.entries) {
      expect(e.fit.centroids).toHaveLength(e.k);
      expect(e.inertia).toBe(e.fit.inertia);
      expect(e.silhouette!.samples).toHaveLength(150);
      expect(Number.isFinite(e.calinskiHarabasz) && Number.isFinite(e.daviesBouldin)).toBe(true);
      expect(e.gap!.k).toBe(e.k);
      expect(e.stability!.ari).toHaveLength(2);
    }
    expect(scan.gap!.entries).toHaveLength(4);
    expect(scan.recommendation.knee.difference).toHaveLength(4);
  });

  it('reports progress from 1 to the total, one step at a time', () => {
    // Per k: the fit, its metrics, 10 gap reference fits and 2 stability refits; and the gap's
    // k = 1, on the data and the 10 reference sets.
    const total = 4 * (2 + 10 + 2) + 11;
    expect(progress).toEqual(Array.from({ length: total }, (_, t) => [t + 1, total]));
  });

  it("passes precision 'f32' to every fit: the scan's, the gap statistic's and the refits'", async () => {
    const sevenths = values.map((v) => v / 7);
    const options = { nFeatures: 3, kMin: 2, kMax: 3, seed: 4, nInit: 2, stability: { resamples: 2 } };
    const f32 = await scanK(sevenths, { ...options, precision: 'f32' });
    const f64 = await scanK(sevenths, options);
    const rounded = Float64Array.from(Float32Array.from(sevenths));
    for (const [t, entry] of f32.entries.entries()) {
      expect(entry.fit.options.precision).toBe('f32');
      const alone = await kmeans(sevenths, entry.k, { nFeatures: 3, seed: 4, nInit: 2, precision: 'f32' });
      expect(entry.inertia).toBe(alone.inertia);
      expect(entry.inertia).toBe((await kmeans(rounded, entry.k, { nFeatures: 3, seed: 4, nInit: 2 })).inertia);
      expect(entry.inertia).not.toBe(f64.entries[t]!.inertia);
      // The reference sets are drawn from the rows as given; their fits store them as f32.
      expect(entry.gap!.referenceLogInertia).not.toBe(f64.entries[t]!.gap!.referenceLogInertia);
    }
    await expect(scanK(values, { ...options, precision: 'double' as never })).rejects.toThrow(/unknown precision "double"/);
  });

  it('is deterministic for a seed', async () => {
    const again = await scanK(values, { nFeatures: 3, kMin: 2, kMax: 5, seed: 4, stability: { resamples: 2 } });
    const summary = (s: KScan) => s.entries.map((e) => [e.inertia, e.silhouette!.mean, e.gap!.gap, e.stability!.meanAri]);
    expect(summary(again)).toEqual(summary(scan));
    expect(again.recommendation).toEqual(scan.recommendation);
  });

  it('leaves the gap statistic out with gap: false, and stability out by default', async () => {
    const plain = await scanK(values, { nFeatures: 3, kMin: 2, kMax: 4, gap: false });
    expect(plain.gap).toBeUndefined();
    expect(plain.entries.every((e) => e.gap === undefined && e.stability === undefined)).toBe(true);
    expect(plain.recommendation.votes.gap).toBeUndefined();
  });

  it('defaults to k = 2..min(10, nSamples - 1)', async () => {
    const few = await scanK([[0], [1], [5], [6], [20]], { gap: false });
    expect(few.entries.map((e) => e.k)).toEqual([2, 3, 4]);
  });

  it('passes on kmeans\' warning about duplicate rows, naming the k', async () => {
    // k = 3 on two distinct rows: two centres coincide, rows go to the first; the partition is
    // k = 2's, so are its metrics.
    const scanned = await scanK([[1], [1], [1], [1], [1], [2]], { kMin: 2, kMax: 3, gap: false });
    expect(scanned.warnings.join('\n')).toMatch(/k=3: only 2 distinct rows for k=3/);
    expect(scanned.entries[1]!.calinskiHarabasz).toBe(scanned.entries[0]!.calinskiHarabasz);
  });

  it('reports undefined metrics instead of failing when every row is the same', async () => {
    const scanned = await scanK([[1], [1], [1], [1]], { kMin: 2, kMax: 3, gap: false });
    for (const entry of scanned.entries) {
      expect(entry.silhouette).toBeUndefined();
      expect(entry.calinskiHarabasz).toBeNaN();
      expect(entry.daviesBouldin).toBeNaN();
    }
    expect(scanned.warnings.join('\n')).toMatch(/k=2: the fit has 1 distinct cluster\(s\), so silhouette, Calinski-Harabasz and Davies-Bouldin are undefined/);
    expect(scanned.recommendation.k).toBe(2);
    expect(scanned.recommendation.votes).toEqual({});
    expect(scanned.recommendation.reasons[0]).toMatch(/no criterion could choose among k = 2..3/);
  });
});

describe('scanK on threads', () => {
  it('gives the same scan, bit for bit, with its long fits on 2 threads', async () => {
    await import('../../src/wasm/node-threads.js');
    // n·d·k reaches MIN_THREADED_WORK at k = 8 but not at k = 7: one fit of each kind.
    const n = 66_000;
    const d = 8;
    expect(n * d * 7).toBeLessThan(MIN_THREADED_WORK);
    expect(n * d * 8).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
    const { values } = separatedBlobs(n, d, 7);
    const options = { nFeatures: d, kMin: 7, kMax: 8, seed: 3, nInit: 2, gap: false } as const;
    const one = await scanK(values, options);
    const two = await scanK(values, { ...options, threads: 2 });
    expect(two.entries.map((e) => e.fit.options.threads)).toEqual([1, 2]);
    const bits = (scan: KScan) => scan.entries.map((e) => [Array.from(e.fit.labels), e.fit.centroids, e.inertia, e.silhouette?.mean, e.calinskiHarabasz, e.daviesBouldin]);
    expect(bits(two)).toEqual(bits(one));
    expect(two.recommendation).toEqual(one.recommendation);
  });

  it('gives the same stability on 2 threads, its long refits shared between them', async () => {
    await import('../../src/wasm/node-threads.js');
    const n = 40_000;
    const d = 8;
    expect(n * d * 16).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
    const { values } = separatedBlobs(n, d, 16);
    const options = { nFeatures: d, seed: 5, nInit: 1, resamples: 2 } as const;
    const one = await bootstrapStability(values, 16, options);
    expect(await bootstrapStability(values, 16, { ...options, threads: 2 })).toEqual(one);
    await expect(bootstrapStability(values, 16, { ...options, threads: 0 })).rejects.toThrow(/threads=0/);
  });
});
