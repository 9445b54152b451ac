import { describe, expect, it } from 'vitest';
import { kSelectionOf } from '../../src/report/k-selection.js';
import { scanK } from '../../src/select/scan.js';
import { mallIncomeSpending } from '../helpers/data.js';

describe('kSelectionOf', () => {
  it('turns a scan of the Mall data into plain numbers per k, with the knee, the recommendation and its reasons', async () => {
    const scan = await scanK(mallIncomeSpending(), { kMin: 2, kMax: 8, seed: 0, gap: { B: 2 }, stability: { resamples: 2 } });
    const selection = kSelectionOf(scan);
    expect(selection.metrics.map((m) => m.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const five = selection.metrics[3]!;
    const entry = scan.entries[3]!;
    expect(five).toEqual({
      k: 5,
      inertia: entry.inertia,
      silhouette: entry.silhouette!.mean,
      calinskiHarabasz: entry.calinskiHarabasz,
      daviesBouldin: entry.daviesBouldin,
      gap: entry.gap!.gap,
      gapStandardError: entry.gap!.standardError,
      stability: entry.stability!.meanAri,
    });
    expect(selection).toMatchObject({ knee: scan.recommendation.knee.knee, recommended: 5, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons });
    expect(selection.chosen).toBeUndefined();
    expect(JSON.parse(JSON.stringify(selection))).toEqual(selection);
  });

  it('records a k chosen against the recommendation', async () => {
    const scan = await scanK(mallIncomeSpending(), { kMin: 2, kMax: 6, seed: 0, gap: false });
    expect(kSelectionOf(scan, 4).chosen).toBe(4);
    expect(kSelectionOf(scan, scan.recommendation.k).chosen).toBeUndefined();
  });
});
