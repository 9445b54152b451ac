import { invalidArgument } from '../errors.js';
import { checkInteger } from '../kmeans/validate.js';
import { type CategoryShare, type ProfileFeature, type SegmentProfile, type SegmentProfiles, sharesByCategory } from './profile.js';
import { quintileScores, rfmSegment } from '../data/rfm-segments.js';
import { formatShare } from '../charts/theme.js';
import { formatValues } from './numbers.js';

// Plain-language segment names from the profiles: each segment is named after the features on
// which it differs most from the average customer ("High income, low spending"), or, when the
// features are RFM measures, with the RFM vocabulary ("Champions", "At Risk").

export const NAMING_DEFAULTS = { maxTraits: 2, threshold: 0.5 } as const;

export interface NamingOptions {
  /** The most features a name mentions. Default 2. */
  maxTraits?: number;
  /**
   * How far (in standard deviations) a segment's mean must lie from the population's for the
   * feature to count as distinctive. Default 0.5, half a standard deviation.
   */
  threshold?: number;
}

/** Words that qualify a quantity without changing what "high" or "low" of it means. */
const PERIOD_WORDS = new Set(['annual', 'yearly', 'monthly', 'weekly', 'daily', 'total']);
const UNIT_WORDS = new Set(['days', 'weeks', 'months', 'years', 'hours', 'minutes']);

/**
 * A feature's name as a short noun for a segment name: units in brackets, period qualifiers
 * and trailing time units dropped, snake_case and camelCase split, lower case (acronyms kept):
 * "Annual Income (k$)" → "income", "Spending Score (1-100)" → "spending", "tenure_days" →
 * "tenure". A score of an activity names the activity ("spending score" → "spending").
 */
export function shortFeatureName(name: string): string {
  const words = name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .split(/[\s_\-./]+/)
    .filter((word) => word !== '')
    .map((word) => (/^[A-Z0-9]{2,}$/.test(word) ? word : word.toLowerCase()));
  while (words.length > 1 && PERIOD_WORDS.has(words[0]!)) words.shift();
  while (words.length > 1 && UNIT_WORDS.has(words.at(-1)!)) words.pop();
  if (words.length === 2 && words[0]!.endsWith('ing') && words[1] === 'score') words.pop();
  return words.length > 0 ? words.join(' ') : name.trim();
}

/** One thing that sets a segment apart, and how strongly (|z|). */
interface Trait {
  column: string;
  /** The column's position among the input columns. */
  order: number;
  /** As a name says it: "high income", "mostly Female". */
  text: string;
  /** As a sentence gives it, the segment's value beside all customers': "Annual Income (k$) 86.54 (all 60.56)". */
  detail: string;
  strength: number;
}

/** How to say "high" and "low" of a feature, and how to say "very". */
interface Wording {
  high: string;
  low: string;
  strong: string;
}

/** Features with words of their own (by short name): "older" reads better than "high age". */
const WORDINGS: Readonly<Record<string, Wording>> = {
  age: { high: 'older', low: 'younger', strong: 'much' },
  tenure: { high: 'long tenure', low: 'short tenure', strong: 'very' },
};

/**
 * Abbreviations CRM and shop exports start column names with, as a name says them: "MntWines"
 * is the amount spent on wines, "NumWebPurchases" the number of web purchases.
 */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  mnt: 'spending on',
  amt: 'spending on',
  num: 'number of',
  qty: 'number of',
  cnt: 'number of',
  avg: 'average',
};

/** How to say "high" and "low" of a feature by its short name: a count is "many" or "few". */
function wordingOf(noun: string): Wording {
  const [first, ...rest] = noun.split(' ');
  const expanded = rest.length > 0 && ABBREVIATIONS[first!] !== undefined ? `${ABBREVIATIONS[first!]} ${rest.join(' ')}` : noun;
  if (expanded.startsWith('number of ')) {
    const things = expanded.slice('number of '.length);
    return { high: `many ${things}`, low: `few ${things}`, strong: 'very' };
  }
  return WORDINGS[noun] ?? { high: `high ${expanded}`, low: `low ${expanded}`, strong: 'very' };
}

/** "high income", "very low spending", "older", "much younger", "many web purchases", "high spending on wines". */
function numericTrait(column: string, z: number): string {
  const wording = wordingOf(shortFeatureName(column));
  return `${Math.abs(z) >= 1.5 ? `${wording.strong} ` : ''}${z > 0 ? wording.high : wording.low}`;
}

/** The categories of a column and their shares of the segment: a one-hot column's from its share features. */
function categoriesOf(profiles: SegmentProfiles, segment: SegmentProfile, indices: readonly number[]): CategoryShare[] {
  const { features } = profiles;
  if (features[indices[0]!]!.kind === 'ordinal') return sharesByCategory(profiles, segment, indices[0]!);
  return indices.map((f) => ({ category: features[f]!.category!, share: segment.mean[f]!, zScore: segment.zScores[f]! }));
}

/**
 * The segment's traits, one per input column, strongest first. A numeric column is "high X" or
 * "low X" ("older" for age); a categorical column, one-hot or ordinal, is named by its most
 * over-represented category ("mostly Female"), or, when no category is over-represented, by its
 * most under-represented one ("few Online"). An ordinal column's codes follow the categories'
 * alphabetical order, so "high" of them would mean nothing: its categories' shares speak.
 */
function traitsOf(profiles: SegmentProfiles, segment: SegmentProfile, threshold: number): Trait[] {
  const { features, population } = profiles;
  const traits: Trait[] = [];
  // Each column's features, in one pass: a search per column was quadratic in wide files.
  const byColumn = new Map<string, number[]>();
  features.forEach((feature, f) => {
    const indices = byColumn.get(feature.column);
    if (indices) indices.push(f);
    else byColumn.set(feature.column, [f]);
  });
  for (const [order, [column, indices]] of [...byColumn].entries()) {
    if (features[indices[0]!]!.kind === 'numeric') {
      const f = indices[0]!;
      const z = segment.zScores[f]!;
      const [mine, all] = formatValues([segment.mean[f]!, population.mean[f]!], true);
      traits.push({ column, order, text: numericTrait(column, z), detail: `${features[f]!.name} ${mine} (all ${all})`, strength: Math.abs(z) });
      continue;
    }
    const categories = categoriesOf(profiles, segment, indices);
    // All customers' share of each category, in categoriesOf's order.
    const everyone = features[indices[0]!]!.kind === 'ordinal' ? population.categoryShares[indices[0]!]! : indices.map((f) => population.mean[f]!);
    const most = categories.reduce((best, c) => (c.zScore > best.zScore ? c : best));
    const least = categories.reduce((best, c) => (c.zScore < best.zScore ? c : best));
    // Categories written as numbers (codes such as 0 and 1) say nothing without their column.
    const named = (category: string): string => (/^[-+]?\d/.test(category) ? `${column} ${category}` : category);
    const detail = (c: CategoryShare): string => `${column}: ${c.category} ${formatShare(c.share)} (all ${formatShare(everyone[categories.indexOf(c)]!)})`;
    if (most.zScore >= threshold || -least.zScore < threshold) {
      // "all" and "no" only when true of every member: a marketer repeats the name as a fact
      // (the 1e-9 absorbs the rounding of a one-hot share brought back from its scaling).
      const quantifier = most.share >= 1 - 1e-9 ? 'all' : most.share >= 0.5 ? 'mostly' : 'often';
      traits.push({ column, order, text: `${quantifier} ${named(most.category)}`, detail: detail(most), strength: most.zScore });
    } else {
      traits.push({ column, order, text: `${least.share <= 1e-9 ? 'no' : 'few'} ${named(least.category)}`, detail: detail(least), strength: -least.zScore });
    }
  }
  return traits.sort((a, b) => b.strength - a.strength);
}

/** A segment's feature is worth saying from this |z-score| on (the report's bold, the names' default threshold). */
const HIGHLIGHT_Z = 0.5;

/**
 * What sets each segment apart, in words a marketer reads: the traits its name is made of
 * (traitsOf, one per input column, |z| of at least 0.5), at most `max`, strongest first, each
 * with the segment's mean or share beside all customers': "Spending Score (1-100) 82.13 (all
 * 50.20)", "Genre: Female 70.0% (all 56.0%)"; first, for RFM segments, their grid cells
 * ("RFM grid: About to Sleep 16.2%, Potential Loyalists 14.5%, ..."). Empty for a segment like
 * all others.
 */
export function segmentHighlights(profiles: SegmentProfiles, max = 3): string[][] {
  return profiles.segments.map((segment) =>
    segment.size === 0
      ? []
      : [
          // An RFM name is the most common grid cell, which may be a small part of the segment.
          ...(segment.rfmCells?.length ? [`RFM grid: ${segment.rfmCells.map((c) => `${c.cell} ${formatShare(c.share)}`).join(', ')}`] : []),
          ...traitsOf(profiles, segment, HIGHLIGHT_Z)
            .filter((trait) => trait.strength >= HIGHLIGHT_Z)
            .slice(0, max)
            .map((trait) => trait.detail),
        ],
  );
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Average income and spending" for a segment with no distinctive feature. */
function averageName(features: readonly ProfileFeature[]): string {
  const nouns = [...new Set(features.map((f) => f.column))].map(shortFeatureName);
  // Categories have no "average"; nor is a list of more than three quantities a name.
  if (features.some((f) => f.kind !== 'numeric') || nouns.length > 3) return 'Average customers';
  return `Average ${nouns.length === 1 ? nouns[0] : `${nouns.slice(0, -1).join(', ')} and ${nouns.at(-1)}`}`;
}

/**
 * Recency and frequency among the features: either the measures (recency_days, frequency, as
 * `segmint rfm` writes them) or their 1-5 scores (r_score, f_score).
 */
function rfmFeatures(features: readonly ProfileFeature[]): { recency: number; frequency: number; scores: boolean } | undefined {
  const find = (pattern: RegExp): number => features.findIndex((f) => f.kind === 'numeric' && pattern.test(f.name));
  const rScore = find(/^r[_ ]?score$/i);
  const fScore = find(/^f[_ ]?score$/i);
  if (rScore >= 0 && fScore >= 0) return { recency: rScore, frequency: fScore, scores: true };
  const recency = find(/^(?!.*score).*recency/i);
  const frequency = find(/^(?!.*score)(.*frequency.*|freq)$/i);
  if (recency >= 0 && frequency >= 0) return { recency, frequency, scores: false };
  return undefined;
}

/** A 1-5 quintile score from the share of customers below a typical member (see SegmentProfile.medianPercentiles). */
function quintileScore(percentile: number): number {
  return Math.min(5, Math.floor(percentile * 5) + 1);
}

/**
 * A segment's R and F scores: from the mean of score columns, or from where its median
 * customer stands among all customers (recent is good, so low recency scores high). Medians,
 * because RFM measures are skewed: a few big spenders would pull a mean up.
 */
function rfmScores(segment: SegmentProfile, rfm: { recency: number; frequency: number; scores: boolean }): { r: number; f: number } {
  if (rfm.scores) {
    const clamp = (score: number): number => Math.min(5, Math.max(1, Math.round(score)));
    return { r: clamp(segment.mean[rfm.recency]!), f: clamp(segment.mean[rfm.frequency]!) };
  }
  return {
    r: 6 - quintileScore(segment.medianPercentiles[rfm.recency]!),
    f: quintileScore(segment.medianPercentiles[rfm.frequency]!),
  };
}

/**
 * Gives segments that share a name the next trait that tells them apart ("Hibernating, low
 * monetary"), and numbers any still alike.
 */
function disambiguate(names: string[], traits: Trait[][], used: number[]): string[] {
  const result = names.slice();
  for (let round = 0; round < 4; round++) {
    const groups = new Map<string, number[]>();
    result.forEach((name, s) => groups.set(name, [...(groups.get(name) ?? []), s]));
    const clashing = [...groups.values()].filter((group) => group.length > 1);
    if (clashing.length === 0) return result;
    for (const group of clashing) {
      for (const s of group) {
        const next = traits[s]![used[s]!];
        if (next === undefined) continue;
        result[s] = `${result[s]}, ${next.text}`;
        used[s]!++;
      }
    }
  }
  const seen = new Map<string, number>();
  for (const name of result) seen.set(name, (seen.get(name) ?? 0) + 1);
  return result.map((name, s) => (seen.get(name)! > 1 ? `${name} (${s + 1})` : name));
}

/**
 * Sets each segment's RFM grid cells (SegmentProfile.rfmCells) from its rows, when recency and
 * frequency are among the features (else does nothing): every row's R and F scores as `segmint
 * rfm` gives them (quintileScores over all rows; score columns as they are), then the grid
 * names of the segment's rows by how many have them (ties: text order), the first three with
 * their shares. A segment of k-means mixes grid cells: its most common cell is what its
 * rfm_segment column says most, which the median customer's cell may not be; nameSegments names
 * it so. `valuesOf(f)`: feature f's values in its own units, one per row.
 */
export function setRfmCells(profiles: SegmentProfiles, valuesOf: (f: number) => ArrayLike<number>, labels: ArrayLike<number>): void {
  const rfm = rfmFeatures(profiles.features);
  if (rfm === undefined) return;
  const scores = (f: number, higherIsBetter: boolean): ArrayLike<number> => {
    const values = Array.from(valuesOf(f));
    return rfm.scores ? values.map((v) => Math.min(5, Math.max(1, Math.round(v)))) : quintileScores(values, higherIsBetter);
  };
  const r = scores(rfm.recency, false);
  const f = scores(rfm.frequency, true);
  const counts = profiles.segments.map(() => new Map<string, number>());
  for (let i = 0; i < labels.length; i++) {
    const cell = rfmSegment(r[i]!, f[i]!);
    const segment = counts[labels[i]!]!;
    segment.set(cell, (segment.get(cell) ?? 0) + 1);
  }
  profiles.segments.forEach((segment, s) => {
    const cells = [...counts[s]!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    // Shares of the rows given (a mini-batch fit's sample), not of the whole segment.
    const rows = cells.reduce((total, [, count]) => total + count, 0);
    segment.rfmCells = cells.slice(0, 3).map(([cell, count]) => ({ cell, share: count / rows }));
  });
}

/**
 * A short, plain-language name for every segment, distinct from the others'.
 *
 * Features: the segment's most distinctive features (largest |z-score|, at least `threshold`),
 * at most maxTraits of them: "High income, low spending", "High age, mostly Female". A segment
 * close to the average on everything is "Average income and spending".
 *
 * RFM: when the features include recency and frequency (measures or scores), the segment's
 * typical R and F scores give its name in the customary RFM grid (Champions, Loyal Customers,
 * At Risk, Hibernating, ...).
 *
 * Names that would repeat get their next distinctive feature, then a number.
 */
export function nameSegments(profiles: SegmentProfiles, options: NamingOptions = {}): string[] {
  const maxTraits = options.maxTraits === undefined ? NAMING_DEFAULTS.maxTraits : checkInteger('maxTraits', options.maxTraits, 1);
  const threshold = options.threshold ?? NAMING_DEFAULTS.threshold;
  if (typeof threshold !== 'number' || !(threshold >= 0) || !Number.isFinite(threshold)) {
    throw invalidArgument(`threshold=${String(threshold)} must be a finite number >= 0 (standard deviations)`);
  }
  const { features, segments } = profiles;
  const rfm = rfmFeatures(features);
  const traits = segments.map((segment) => {
    const all = traitsOf(profiles, segment, threshold);
    // Under RFM names, recency and frequency are already said; other features tell apart.
    return rfm ? all.filter((t) => t.column !== features[rfm.recency]!.column && t.column !== features[rfm.frequency]!.column) : all;
  });
  const used = segments.map(() => 0);
  const names = segments.map((segment, s) => {
    if (segment.size === 0) return 'Empty';
    if (rfm) {
      const cell = segment.rfmCells?.[0]?.cell;
      if (cell !== undefined) return cell;
      const { r, f } = rfmScores(segment, rfm);
      return rfmSegment(r, f);
    }
    // The strongest traits, said in the features' order so names read alike across segments.
    const distinctive = traits[s]!
      .filter((trait) => trait.strength >= threshold)
      .slice(0, maxTraits)
      .sort((a, b) => a.order - b.order);
    if (distinctive.length === 0) {
      // Adding a trait below the threshold would contradict "average"; a clash gets a number.
      used[s] = traits[s]!.length;
      return averageName(features);
    }
    used[s] = distinctive.length;
    return capitalise(distinctive.map((trait) => trait.text).join(', '));
  });
  return disambiguate(names, traits, used);
}
