import { describeGiven, SegmintError } from '../errors.js';

// Helpers for data split into segments: labels checked once, rows grouped by segment, and a
// deterministic, segment-preserving sample of rows for drawing.

/**
 * Checks that `labels` gives every one of nSamples rows a segment index in 0..k-1 and calls
 * `visit(row, label)` for each row in order. `name` is how messages refer to the labels.
 */
function forEachLabel(labels: ArrayLike<number>, nSamples: number, k: number, name: string, visit: (row: number, label: number) => void): void {
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${name} must be an array of segment indices; got ${describeGiven(labels)}`);
  }
  if (labels.length !== nSamples) {
    throw new SegmintError('ERR_INVALID_DATA', `${name} has ${labels.length} values; expected one per row (${nSamples})`);
  }
  for (let i = 0; i < nSamples; i++) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label < 0 || label >= k) {
      throw new SegmintError('ERR_INVALID_DATA', `${name}[${i}] is ${String(label)}; expected a segment index from 0 to ${k - 1}`);
    }
    visit(i, label);
  }
}

/**
 * Checks that `labels` gives every one of nSamples rows a segment index in 0..k-1 and returns
 * the rows of each segment, in row order. `name` is how messages refer to the labels.
 */
export function rowsBySegment(labels: ArrayLike<number>, nSamples: number, k: number, name = 'labels'): number[][] {
  const rows: number[][] = Array.from({ length: k }, () => []);
  forEachLabel(labels, nSamples, k, name, (row, label) => rows[label]!.push(row));
  return rows;
}

/** The same checks as rowsBySegment; returns the number of rows of each segment. */
export function segmentSizes(labels: ArrayLike<number>, nSamples: number, k: number, name = 'labels'): Int32Array {
  const sizes = new Int32Array(k);
  forEachLabel(labels, nSamples, k, name, (_, label) => sizes[label]!++);
  return sizes;
}

/**
 * How many of each group's members to keep so that `budget` are kept in all: every member when
 * they fit, else shares proportional to group sizes (largest remainders), with at least one
 * from every non-empty group (taken from the largest) so no segment vanishes from a chart.
 */
export function allocate(sizes: readonly number[], budget: number): number[] {
  const total = sizes.reduce((sum, size) => sum + size, 0);
  if (total <= budget) return sizes.slice();
  const quotas = sizes.map((size) => (size * budget) / total);
  const counts = quotas.map(Math.floor);
  const byRemainder = quotas.map((_, g) => g).sort((a, b) => quotas[b]! - counts[b]! - (quotas[a]! - counts[a]!) || a - b);
  // Fewer left than groups, and no quota reaches its group's size, so one more each fits.
  let left = budget - counts.reduce((sum, count) => sum + count, 0);
  for (const g of byRemainder) {
    if (left-- <= 0) break;
    counts[g]!++;
  }
  sizes.forEach((size, g) => {
    if (size > 0 && counts[g] === 0) {
      const largest = counts.reduce((best, count, h) => (count > counts[best]! ? h : best), 0);
      counts[largest]!--;
      counts[g] = 1;
    }
  });
  return counts;
}

/**
 * `count` of the given items, evenly spaced (the middle of each of `count` equal stretches):
 * a systematic sample. Deterministic and needs no random numbers; on sorted items it keeps the
 * distribution's quantiles, on rows it spreads over the whole file.
 */
export function evenlySpaced<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return items.slice();
  return Array.from({ length: count }, (_, t) => items[Math.floor(((t + 0.5) * items.length) / count)]!);
}

/** At most `maxRows` rows, each segment keeping its share (see allocate), in row order per segment. */
export function drawingSample(segments: readonly number[][], maxRows: number): number[][] {
  const counts = allocate(
    segments.map((rows) => rows.length),
    maxRows,
  );
  return segments.map((rows, s) => evenlySpaced(rows, counts[s]!));
}
