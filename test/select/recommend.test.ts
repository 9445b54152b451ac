import { beforeAll, describe, expect, it } from 'vitest';
import { Random } from '../../src/kmeans/random.js';
import { type GapEntry, gapChoice, gapEntries, type GapResult, uniformReference } from '../../src/select/gap.js';
import { type KMetrics, NO_GROUPS, recommendK, RULE } from '../../src/select/recommend.js';
import { init } from '../../src/wasm/module.js';
import { expectSegmintError } from './expect-error.js';

beforeAll(async () => {
  await init();
});

/** Metrics for k = 2..6 from columns of values; inertia falls with a clear knee at k = 4. */
function table(silhouette: number[], calinskiHarabasz: number[], daviesBouldin: number[]): KMetrics[] {
  const inertia = [1000, 600, 200, 180, 160];
  return inertia.map((value, t) => ({
    k: t + 2,
    inertia: value,
    silhouette: silhouette[t]!,
    calinskiHarabasz: calinskiHarabasz[t]!,
    daviesBouldin: daviesBouldin[t]!,
  }));
}

const gapAt = (k: number | undefined, oneGroup = false): GapResult => ({ entries: [], k, oneGroup, sampled: false, threads: 1, warnings: [] });

describe('recommendK', () => {
  it('takes the k most criteria choose, and says who chose what', () => {
    // knee 4, silhouette 4, CH 6, DB 4, gap 3.
    const metrics = table([0.3, 0.4, 0.6, 0.5, 0.45], [10, 20, 30, 40, 50], [1.2, 1.0, 0.5, 0.7, 0.9]);
    const result = recommendK(metrics, { gap: gapAt(3) });
    expect(result.k).toBe(4);
    expect(result.votes).toEqual({ knee: 4, silhouette: 4, calinskiHarabasz: 6, daviesBouldin: 4, gap: 3 });
    expect(result.reasons[0]).toBe(
      'k = 4: 3 of 5 criteria chose it: the knee of the inertia curve, the highest mean silhouette (0.6), the lowest Davies-Bouldin index (0.5)',
    );
    expect(result.reasons).toContain('the highest Calinski-Harabasz index (50) points to k = 6');
    expect(result.reasons).toContain("the gap statistic's 1-standard-error rule points to k = 3");
    expect(result.knee.knee).toBe(4);
    expect(result.reasons.at(-1)).toBe(`rule: ${RULE}`);
    // Without the gap statistic, the rule does not name it.
    expect(recommendK(metrics).reasons.at(-1)).toBe(
      'rule: the k chosen by the most criteria (knee of the inertia curve, highest silhouette, highest Calinski-Harabasz, lowest Davies-Bouldin); ' +
        'a tie goes to the higher mean silhouette, then to the smaller k',
    );
  });

  it('settles a tie by the higher mean silhouette', () => {
    // knee 4, silhouette 5 (0.7), CH 5, DB 4, no gap: 4 and 5 have two votes each.
    const metrics = table([0.3, 0.4, 0.6, 0.7, 0.45], [10, 20, 30, 40, 35], [1.2, 1.0, 0.5, 0.7, 0.9]);
    const result = recommendK(metrics);
    expect(result.k).toBe(5);
    expect(result.reasons[1]).toBe('k = 4, k = 5 tie with 2 votes each; k = 5 is the one with the highest mean silhouette (0.7)');
  });

  it('settles a tie of equal silhouettes by the smaller k', () => {
    // knee 4, silhouette 4 (0.6, equal to k = 5's; the smaller k holds the maximum), CH 5, DB 5.
    const metrics = table([0.3, 0.4, 0.6, 0.6, 0.45], [10, 20, 30, 40, 35], [1.2, 1.0, 0.9, 0.5, 0.9]);
    const result = recommendK(metrics);
    expect(result.votes).toEqual({ knee: 4, silhouette: 4, calinskiHarabasz: 5, daviesBouldin: 5 });
    expect(result.k).toBe(4);
    expect(result.reasons[1]).toBe('k = 4, k = 5 tie with 2 votes each; k = 4 is the smallest k with the highest mean silhouette (0.6)');
  });

  it('rejects metrics out of order or empty', async () => {
    const metrics = table([0.3, 0.4, 0.6, 0.5, 0.45], [10, 20, 30, 40, 50], [1.2, 1.0, 0.5, 0.7, 0.9]);
    await expectSegmintError(() => recommendK([metrics[1]!, metrics[0]!]), /metrics must be in increasing k; k=2 follows k=3/);
    await expectSegmintError(() => recommendK([]), /recommendK needs the metrics of at least one k/);
  });

  it('lets a criterion with no answer abstain, and says so', () => {
    // A straight inertia line has no knee; the gap rule found nothing.
    const metrics = table([0.3, 0.4, 0.6, 0.5, 0.45], [10, 20, 30, 40, 50], [1.2, 1.0, 0.5, 0.7, 0.9]).map((m, t) => ({
      ...m,
      inertia: 1000 - 100 * t,
    }));
    const result = recommendK(metrics, { gap: gapAt(undefined) });
    expect(result.votes).toEqual({ silhouette: 4, calinskiHarabasz: 6, daviesBouldin: 4 });
    expect(result.k).toBe(4);
    expect(result.reasons[0]).toMatch(/^k = 4: 2 of 3 criteria chose it/);
    expect(result.reasons).toContain('Kneedle finds no knee in the inertia curve over k = 2..6');
    expect(result.reasons).toContain("the gap statistic's 1-standard-error rule holds at no k in k = 2..6");
    expect(result.reasons).not.toContain(NO_GROUPS);
    // A gap that finds one group says so among the reasons.
    expect(recommendK(metrics, { gap: gapAt(undefined, true) }).reasons).toContain(NO_GROUPS);
    // ...and then not that larger ks may score better: without groups every larger k does.
    const rising = table([0.3, 0.4, 0.5, 0.6, 0.7], [10, 20, 30, 40, 50], [1.2, 1.0, 0.9, 0.8, 0.7]);
    const largest = (oneGroup: boolean) => recommendK(rising, { gap: gapAt(undefined, oneGroup) }).reasons.join('\n');
    expect(largest(false)).toContain('k = 6 is the largest k scanned');
    expect(largest(true)).not.toContain('is the largest k scanned');
  });

  it('ignores NaN metrics', () => {
    const metrics = table([NaN, 0.4, 0.6, 0.5, 0.45], [NaN, 20, 30, 40, 50], [NaN, 1.0, 0.5, 0.7, 0.9]);
    expect(recommendK(metrics).votes).toEqual({ knee: 4, silhouette: 4, calinskiHarabasz: 6, daviesBouldin: 4 });
  });
});

  it('says when the recommended k is the largest one scanned, and only then', () => {
    // Silhouette, CH and DB all still improving at k = 6, the end of the range.
    const rising = recommendK(table([0.3, 0.4, 0.5, 0.55, 0.6], [10, 20, 30, 40, 50], [1.2, 1.0, 0.9, 0.8, 0.7]));
    expect(rising.k).toBe(6);
    expect(rising.reasons).toContain('k = 6 is the largest k scanned: larger ks were not tried and may score better');
    const inside = recommendK(table([0.3, 0.4, 0.6, 0.5, 0.45], [10, 20, 30, 40, 50], [1.2, 1.0, 0.5, 0.7, 0.9]));
    expect(inside.k).toBe(4);
    expect(inside.reasons.join('\n')).not.toMatch(/largest k scanned/);
    // Data that allow no larger k (kLimit: distinct rows, rows - 1): nothing to suggest.
    const limited = recommendK(table([0.3, 0.4, 0.5, 0.55, 0.6], [10, 20, 30, 40, 50], [1.2, 1.0, 0.9, 0.8, 0.7]), { kLimit: 6 });
    expect(limited.k).toBe(6);
    expect(limited.reasons.join('\n')).not.toMatch(/largest k scanned/);
    expect(recommendK(table([0.3, 0.4, 0.5, 0.55, 0.6], [10, 20, 30, 40, 50], [1.2, 1.0, 0.9, 0.8, 0.7]), { kLimit: 7 }).reasons).toContain(
      'k = 6 is the largest k scanned: larger ks were not tried and may score better',
    );
    // One k scanned: there was no range to be at the end of.
    expect(recommendK(table([0.3], [10], [1.2]).slice(0, 1)).reasons.join('\n')).not.toMatch(/largest k scanned/);
  });

describe('gap statistic pieces on hand-computed values', () => {
  it('gapEntries: mean and population sd of the reference logs, s_k = sd × sqrt(1 + 1/B)', () => {
    // B = 4 reference logs 1, 2, 3, 4: mean 2.5, sd sqrt(1.25); data inertia e^1: log W = 1.
    const [entry] = gapEntries([3], [Math.E], [Float64Array.of(1, 2, 3, 4)]);
    expect(entry!.k).toBe(3);
    expect(entry!.logInertia).toBeCloseTo(1, 15);
    expect(entry!.referenceLogInertia).toBe(2.5);
    expect(entry!.gap).toBeCloseTo(1.5, 15);
    expect(entry!.sd).toBe(Math.sqrt(1.25));
    expect(entry!.standardError).toBeCloseTo(Math.sqrt(1.25) * Math.sqrt(1.25), 15);
  });

  it('gapChoice: the smallest k with Gap(k) >= Gap(k+1) - s_(k+1)', () => {
    const entry = (k: number, gap: number, standardError: number): GapEntry => ({
      k, gap, standardError, logInertia: 0, referenceLogInertia: 0, sd: 0,
    });
    // k = 1: 0.2 < 0.5 - 0.1; k = 2: 0.5 < 0.9 - 0.1; k = 3: 0.9 >= 1.0 - 0.2.
    expect(gapChoice([entry(1, 0.2, 0.1), entry(2, 0.5, 0.1), entry(3, 0.9, 0.1), entry(4, 1.0, 0.2)])).toBe(3);
    // Exactly one standard error below still counts.
    expect(gapChoice([entry(1, 0.5, 0.1), entry(2, 0.75, 0.25)])).toBe(1);
    // A gap still climbing at the end of the range: no choice.
    expect(gapChoice([entry(1, 0.1, 0.01), entry(2, 0.5, 0.01), entry(3, 0.9, 0.01)])).toBeUndefined();
  });

  it('uniformReference draws every feature uniformly between its minimum and maximum', () => {
    const big = uniformReference({ values: Float64Array.from({ length: 2000 }, (_, t) => (t % 2 === 0 ? t % 7 : -(t % 5))), nSamples: 1000, nFeatures: 2 }, new Random(2));
    const first = big.filter((_, t) => t % 2 === 0);
    const second = big.filter((_, t) => t % 2 === 1);
    expect(Math.min(...first)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...first)).toBeLessThan(6);
    expect(Math.min(...second)).toBeGreaterThanOrEqual(-4);
    expect(Math.max(...second)).toBeLessThanOrEqual(0);
    // Uniform: the mean of the first feature is near 3 (sd of the mean 6/sqrt(12·1000) ≈ 0.05).
    expect(Math.abs(first.reduce((a, b) => a + b, 0) / 1000 - 3)).toBeLessThan(0.25);
  });
});
