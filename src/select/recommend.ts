import { invalidArgument } from '../errors.js';
import type { GapResult } from './gap.js';
import { type KneeResult, kneedle } from './kneedle.js';

/** The criteria that vote for a k. */
export type Criterion = 'knee' | 'silhouette' | 'calinskiHarabasz' | 'daviesBouldin' | 'gap';

/** What the rule needs to know about the clustering at one k (NaN where a metric is undefined). */
export interface KMetrics {
  k: number;
  inertia: number;
  /** Mean silhouette. */
  silhouette: number;
  calinskiHarabasz: number;
  daviesBouldin: number;
}

export interface KRecommendation {
  /** The recommended number of clusters. */
  k: number;
  /** The k each criterion chose; a criterion that found no answer in the range is absent. */
  votes: Partial<Record<Criterion, number>>;
  /** Plain-language reasons: who chose what, how a disagreement was settled. */
  reasons: string[];
  /** Kneedle's result on the inertia curve (the 'knee' vote). */
  knee: KneeResult;
}

const RULE_NAMES: Record<Criterion, string> = {
  knee: 'knee of the inertia curve',
  silhouette: 'highest silhouette',
  calinskiHarabasz: 'highest Calinski-Harabasz',
  daviesBouldin: 'lowest Davies-Bouldin',
  gap: 'gap statistic 1-SE rule',
};

/** The rule over the criteria that were computed (the gap statistic is optional). */
export function ruleText(criteria: readonly Criterion[]): string {
  return `the k chosen by the most criteria (${criteria.map((c) => RULE_NAMES[c]).join(', ')}); a tie goes to the higher mean silhouette, then to the smaller k`;
}

const NAMES: Record<Criterion, string> = {
  knee: 'the knee of the inertia curve',
  silhouette: 'the highest mean silhouette',
  calinskiHarabasz: 'the highest Calinski-Harabasz index',
  daviesBouldin: 'the lowest Davies-Bouldin index',
  gap: "the gap statistic's 1-standard-error rule",
};

const ORDER: readonly Criterion[] = ['knee', 'silhouette', 'calinskiHarabasz', 'daviesBouldin', 'gap'];

/** What a scan whose gap statistic finds no grouping (GapResult.oneGroup) says of its segments. */
export const NO_GROUPS =
  'the gap statistic finds no k whose gap exceeds that of one group (k = 1) by more than its standard error: splitting these rows into more groups tightens them no more than it tightens uniform data over their range, so they form one group (however skewed or spread), and any segments divide the customers rather than find groups';

/** The rule with every criterion, the gap statistic included. */
export const RULE = ruleText(ORDER);

/** The k whose value is best by `better` (NaN never best; the smaller k on equal values). */
function bestK(metrics: readonly KMetrics[], value: (m: KMetrics) => number, better: (a: number, b: number) => boolean): number | undefined {
  let best: KMetrics | undefined;
  for (const m of metrics) {
    if (Number.isNaN(value(m))) continue;
    if (best === undefined || better(value(m), value(best))) best = m;
  }
  return best?.k;
}

function show(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(4))) : String(value);
}

/**
 * Recommends k from the metrics of one k-means fit per k (consecutive ks, increasing) and,
 * optionally, the gap statistic over the same ks. `kLimit`, the largest k worth scanning on the
 * data, keeps the reasons from suggesting a larger k than that.
 *
 * The rule: each criterion votes for the k it prefers (the knee Kneedle finds on the inertia
 * curve, the highest mean silhouette, the highest Calinski-Harabasz, the lowest Davies-Bouldin,
 * the gap statistic's 1-SE choice; a criterion without an answer in the range abstains), and
 * the k with the most votes wins. A tie goes to the k with the higher mean silhouette, then to
 * the smaller k.
 *
 * Why: each criterion has its own bias (Calinski-Harabasz tends to grow with k, the knee moves
 * with the range of k scanned, the gap's 1-SE rule prefers the smallest adequate k, the
 * silhouette favours a few well separated groups), so a k that several of them reach
 * independently is the robust answer. The silhouette settles ties because it scores every row
 * for both cohesion and separation on a fixed [-1, 1] scale, comparable across k.
 */
export function recommendK(
  metrics: readonly KMetrics[],
  options: { kneeSensitivity?: number; gap?: GapResult; kLimit?: number } = {},
): KRecommendation {
  if (!Array.isArray(metrics) || metrics.length === 0) throw invalidArgument('recommendK needs the metrics of at least one k');
  metrics.forEach((m, t) => {
    if (t > 0 && !(m.k > metrics[t - 1]!.k)) {
      throw invalidArgument(`metrics must be in increasing k; k=${m.k} follows k=${metrics[t - 1]!.k}`);
    }
  });
  const ks = metrics.map((m) => m.k);
  const inertias = metrics.map((m) => m.inertia);
  const knee = inertias.every(Number.isFinite)
    ? kneedle(ks, inertias, { sensitivity: options.kneeSensitivity })
    : { knee: undefined, index: undefined, difference: inertias.map(() => NaN) };
  const chosen: Record<Criterion, number | undefined> = {
    knee: knee.knee,
    silhouette: bestK(metrics, (m) => m.silhouette, (a, b) => a > b),
    calinskiHarabasz: bestK(metrics, (m) => m.calinskiHarabasz, (a, b) => a > b),
    daviesBouldin: bestK(metrics, (m) => m.daviesBouldin, (a, b) => a < b),
    gap: options.gap?.k,
  };
  const votes: Partial<Record<Criterion, number>> = {};
  const tally = new Map<number, Criterion[]>();
  for (const criterion of ORDER) {
    const k = chosen[criterion];
    if (k === undefined) continue;
    votes[criterion] = k;
    tally.set(k, [...(tally.get(k) ?? []), criterion]);
  }

  // The most votes; among those, the highest silhouette (NaN lowest); among those, the smallest k.
  const byK = new Map(metrics.map((m) => [m.k, m]));
  const silhouetteAt = (k: number): number => {
    const s = byK.get(k)?.silhouette ?? NaN;
    return Number.isNaN(s) ? -Infinity : s;
  };
  const most = Math.max(0, ...[...tally.values()].map((voters) => voters.length));
  const tied = [...tally.keys()].filter((k) => tally.get(k)!.length === most).sort((a, b) => a - b);
  const k = tied.reduce((best, candidate) => (silhouetteAt(candidate) > silhouetteAt(best) ? candidate : best), tied[0] ?? ks[0]!);

  const describe = (criterion: Criterion, at: number): string => {
    const m = byK.get(at)!;
    const value = { knee: NaN, silhouette: m.silhouette, calinskiHarabasz: m.calinskiHarabasz, daviesBouldin: m.daviesBouldin, gap: NaN }[criterion];
    return Number.isNaN(value) ? NAMES[criterion] : `${NAMES[criterion]} (${show(value)})`;
  };
  const range = `k = ${ks[0]}..${ks.at(-1)}`;
  const reasons: string[] = [];
  const nVoters = Object.keys(votes).length;
  if (nVoters === 0) {
    reasons.push(`no criterion could choose among ${range}; k = ${k} is the smallest scanned`);
  } else {
    const voters = tally.get(k)!;
    reasons.push(`k = ${k}: ${voters.length} of ${nVoters} criteria chose it: ${voters.map((c) => describe(c, k)).join(', ')}`);
  }
  if (tied.length > 1) {
    const equal = tied.filter((t) => silhouetteAt(t) === silhouetteAt(k)).length > 1;
    reasons.push(
      `k = ${tied.join(', k = ')} tie with ${most} vote${most === 1 ? '' : 's'} each; k = ${k} is the ${equal ? 'smallest k with the' : 'one with the'} highest mean silhouette (${show(silhouetteAt(k))})`,
    );
  }
  for (const criterion of ORDER) {
    const at = chosen[criterion];
    if (at !== undefined && at !== k) reasons.push(`${describe(criterion, at)} points to k = ${at}`);
  }
  // Silhouette, Calinski-Harabasz, Davies-Bouldin and the gap can only point inside the range:
  // one that peaks at its end may still be rising there.
  // Data without groups scores "better" at every larger k: a wider range would only cut finer.
  if (ks.length > 1 && k === ks.at(-1) && (options.kLimit === undefined || options.kLimit > k) && !options.gap?.oneGroup) {
    reasons.push(`k = ${k} is the largest k scanned: larger ks were not tried and may score better`);
  }
  if (chosen.knee === undefined) reasons.push(`Kneedle finds no knee in the inertia curve over ${range}`);
  if (options.gap && chosen.gap === undefined) reasons.push(`the gap statistic's 1-standard-error rule holds at no k in ${range}`);
  if (options.gap?.oneGroup) reasons.push(NO_GROUPS);
  reasons.push(`rule: ${ruleText(options.gap ? ORDER : ORDER.filter((c) => c !== 'gap'))}`);
  return { k, votes, reasons, knee };
}
