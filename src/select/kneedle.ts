import { invalidArgument } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { numberOption } from './options.js';

export interface KneeOptions {
  /**
   * Kneedle's sensitivity S: how far (in mean x-steps of the normalised curve) the difference
   * curve must fall below a local maximum before that maximum counts as the knee. Smaller finds
   * knees more readily; larger is more conservative. Default 1 (the paper's recommendation).
   */
  sensitivity?: number;
  /** 'convex' (default, like an inertia curve) or 'concave'. */
  curve?: 'convex' | 'concave';
  /** 'decreasing' (default, like an inertia curve) or 'increasing'. */
  direction?: 'decreasing' | 'increasing';
}

export interface KneeResult {
  /** The x of the knee, or undefined when the curve has none at this sensitivity. */
  knee: number | undefined;
  /** Its index in x, or undefined. */
  index: number | undefined;
  /**
   * Kneedle's difference curve at each point (in x's order): the normalised curve, turned
   * concave and increasing, minus the diagonal. The knee is at one of its local maxima.
   */
  difference: number[];
}

export const KNEE_DEFAULTS = { sensitivity: 1, curve: 'convex', direction: 'decreasing' } as const;

/** Rescales values to [0, 1] (all NaN when they are all equal). */
function normalise(values: readonly number[]): number[] {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => (v - lo) / (hi - lo));
}

/**
 * Kneedle (Satopää, Albrecht, Irwin & Raghavan 2011), offline, on the given points without
 * smoothing (they are exact values such as inertias, not noisy samples), with the local-maximum
 * and threshold-reset rules of the reference implementation (kneed): the first knee found.
 *
 * 1. Normalise x and y to [0, 1] and turn the curve concave and increasing: a convex curve is
 *    flipped upside down, then one that now decreases is flipped left to right.
 * 2. The difference curve D = y - x; its local maxima are the knee candidates.
 * 3. Walking along x, a local maximum at i sets the threshold D[i] - S × (mean x-step); a local
 *    minimum resets it to 0. The first time D falls below the threshold, the last local maximum
 *    is the knee.
 */
export function kneedle(x: readonly number[], y: readonly number[], options: KneeOptions = {}): KneeResult {
  checkKnownOptions(options, ['sensitivity', 'curve', 'direction'], 'kneedle');
  const sensitivity = numberOption('sensitivity', options.sensitivity, KNEE_DEFAULTS.sensitivity, 0);
  const curve = options.curve ?? KNEE_DEFAULTS.curve;
  const direction = options.direction ?? KNEE_DEFAULTS.direction;
  if (curve !== 'convex' && curve !== 'concave') throw invalidArgument(`curve=${JSON.stringify(curve)} must be 'convex' or 'concave'`);
  if (direction !== 'decreasing' && direction !== 'increasing') {
    throw invalidArgument(`direction=${JSON.stringify(direction)} must be 'decreasing' or 'increasing'`);
  }
  checkCurve(x, y);
  const n = x.length;
  if (n < 3 || Math.min(...y) === Math.max(...y)) {
    return { knee: undefined, index: undefined, difference: new Array<number>(n).fill(NaN) };
  }

  // Step 1. Reflecting y turns convex into concave (and flips the direction); reflecting x then
  // makes a decreasing curve increasing. `order` walks the points by increasing reflected x.
  const flipY = curve === 'convex';
  const flipX = flipY === (direction === 'increasing');
  const xs = normalise(x).map((v) => (flipX ? 1 - v : v));
  const ys = normalise(y).map((v) => (flipY ? 1 - v : v));
  const order = Array.from({ length: n }, (_, t) => (flipX ? n - 1 - t : t));
  // Step 2.
  const difference = order.map((i) => ys[i]! - xs[i]!);
  const isMaximum = (t: number): boolean =>
    (t === 0 || difference[t]! >= difference[t - 1]!) && (t === n - 1 || difference[t]! >= difference[t + 1]!);
  const isMinimum = (t: number): boolean =>
    (t === 0 || difference[t]! <= difference[t - 1]!) && (t === n - 1 || difference[t]! <= difference[t + 1]!);
  // Step 3. The normalised x spans exactly 1 in n - 1 steps.
  const drop = sensitivity / (n - 1);
  const byPoint = x.map((_, i) => difference[flipX ? n - 1 - i : i]!);
  let threshold = -Infinity;
  let candidate: number | undefined;
  for (let t = 0; t < n - 1; t++) {
    if (isMaximum(t)) {
      threshold = difference[t]! - drop;
      candidate = t;
    }
    if (isMinimum(t)) threshold = 0;
    if (candidate !== undefined && difference[t + 1]! < threshold) {
      const index = order[candidate]!;
      return { knee: x[index], index, difference: byPoint };
    }
  }
  return { knee: undefined, index: undefined, difference: byPoint };
}

/** x strictly increasing, y as long, all finite. */
function checkCurve(x: readonly number[], y: readonly number[]): void {
  if (!Array.isArray(x) || !Array.isArray(y)) throw invalidArgument('x and y must be arrays of numbers');
  if (x.length !== y.length) throw invalidArgument(`x has ${x.length} values but y has ${y.length}; they must pair up`);
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw invalidArgument(`point ${i} is (${String(x[i])}, ${String(y[i])}); every x and y must be a finite number`);
    }
    if (i > 0 && !(x[i]! > x[i - 1]!)) {
      throw invalidArgument(`x must be strictly increasing; x[${i}]=${x[i]} follows x[${i - 1}]=${x[i - 1]}`);
    }
  }
}
