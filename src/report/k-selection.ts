import type { KSelection } from '../charts/elbow.js';
import type { KScan } from '../select/scan.js';

/**
 * The evidence of a k scan (scanK) as the elbow chart and the report's k-selection table take
 * it: plain numbers per k, the knee, the recommendation, the votes and the reasons. `chosen` is
 * the k the segments were made with, when the user overrode the recommendation.
 */
export function kSelectionOf(scan: Pick<KScan, 'entries' | 'recommendation'>, chosen?: number): KSelection {
  const { recommendation } = scan;
  return {
    metrics: scan.entries.map((entry) => ({
      k: entry.k,
      inertia: entry.inertia,
      silhouette: entry.silhouette?.mean,
      calinskiHarabasz: entry.calinskiHarabasz,
      daviesBouldin: entry.daviesBouldin,
      gap: entry.gap?.gap,
      gapStandardError: entry.gap?.standardError,
      stability: entry.stability?.meanAri,
    })),
    knee: recommendation.knee.knee,
    recommended: recommendation.k,
    ...(chosen !== undefined && chosen !== recommendation.k ? { chosen } : {}),
    votes: { ...recommendation.votes },
    reasons: recommendation.reasons.slice(),
  };
}
