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
