// The RFM vocabulary, free of any package so the browser-safe core (report naming) can use it.

/**
 * Segment names from the recency and frequency scores (1-5): the customary RFM grid (Champions
 * bought recently and often; Hibernating neither).
 */
export function rfmSegment(r: number, f: number): string {
  if (r >= 5 && f >= 4) return 'Champions';
  if (r >= 3 && f >= 4) return 'Loyal Customers';
  if (r >= 4 && f >= 2) return 'Potential Loyalists';
  if (r === 5 && f === 1) return 'New Customers';
  if (r === 4 && f === 1) return 'Promising';
  if (r === 3 && f === 3) return 'Need Attention';
  if (r === 3) return 'About to Sleep';
  if (f === 5) return "Can't Lose Them";
  if (f >= 3) return 'At Risk';
  return 'Hibernating';
}

/** The columns `segmint rfm` writes after the customer's: the measures, the scores, the grid's name. */
export const RFM_TABLE_COLUMNS = [
  'recency_days', 'frequency', 'monetary', 'avg_order_value', 'items', 'return_rate', 'tenure_days', 'cancelled_invoices', 'r_score', 'f_score', 'm_score', 'rfm_segment',
] as const;

/** What an rfm table is segmented by when no features are given: the three measures RFM is named for. */
export const RFM_MEASURES = ['recency_days', 'frequency', 'monetary'] as const;

/**
 * The clip an rfm table is segmented with when its features are chosen automatically: frequency
 * and spend are heavily skewed (a few wholesale buyers spend a hundred times the median), and
 * unclipped, a dozen of them take a segment of their own while the rest share one.
 */
export const RFM_CLIP = 0.05;

/**
 * Quintile scores 1..5 by rank from worst to best; equal values share the score of their average
 * rank, so a tie never splits. Two exceptions: the tie at the worst value scores 1, so that the
 * one-time buyers, often half the customers, are F = 1 as the RFM grid's "New Customers" and
 * "Promising" expect (by their average rank they would all be F = 2, and no customer F = 1);
 * and when every value is the same (one customer, or one day of data), the measure tells the
 * customers nothing apart: all score 3. higherIsBetter = false: the lowest values are best
 * (recency).
 */
export function quintileScores(values: readonly number[], higherIsBetter: boolean): Int32Array {
  const n = values.length;
  const sign = higherIsBetter ? 1 : -1;
  const order = values.map((_, i) => i).sort((a, b) => sign * (values[a]! - values[b]!) || a - b);
  const scores = new Int32Array(n);
  for (let start = 0; start < n; ) {
    let end = start;
    while (end < n && values[order[end]!] === values[order[start]!]) end++;
    const averageRank = (start + end - 1) / 2;
    const score = end - start === n ? 3 : start === 0 ? 1 : Math.min(5, Math.floor((averageRank * 5) / n) + 1);
    for (let t = start; t < end; t++) scores[order[t]!] = score;
    start = end;
  }
  return scores;
}
