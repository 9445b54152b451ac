import type { Workspace } from '../wasm/workspace.js';
import type { Random } from './random.js';

/**
 * Index of the row picked with probability proportional to mass[i], from its running sums
 * `cumulative` (mass 0 never picked while total > 0). Uniform over all rows when total is 0.
 */
export function pickByCumulative(cumulative: Float64Array, random: Random): number {
  const n = cumulative.length;
  const total = cumulative[n - 1]!;
  if (!(total > 0)) return random.nextInt(n);
  const target = random.nextFloat() * total;
  // First index whose running sum exceeds target.
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  if (lo < n) return lo;
  // target rounded up to total: take the last row with mass.
  let i = n - 1;
  while (i > 0 && cumulative[i - 1] === total) i--;
  return i;
}

/**
 * cumulative[i] = the sum of weights[j] × values[j] (or of values[j] alone) over j <= i, added
 * in row order. One loop per case: the weights test inside the loop made it twice as slow.
 */
function runningSums(values: Float64Array, weights: Float64Array | undefined, cumulative: Float64Array): void {
  const n = values.length;
  let sum = 0;
  if (weights) for (let i = 0; i < n; i++) cumulative[i] = sum += weights[i]! * values[i]!;
  else for (let i = 0; i < n; i++) cumulative[i] = sum += values[i]!;
}

function copyRow(ws: Workspace, row: number, into: Float64Array, slot: number): void {
  const d = ws.nFeatures;
  into.set(ws.x.subarray(row * d, row * d + d), slot * d);
}

/**
 * Greedy k-means++ (Arthur & Vassilvitskii 2007, as scikit-learn implements it): the first
 * centre is a row drawn by weight; each next one is the best of 2 + floor(ln k) rows drawn with
 * probability proportional to weight × squared distance to the nearest chosen centre, "best"
 * meaning the lowest resulting potential. Returns the k centres, row-major.
 */
export function kmeansPlusPlus(ws: Workspace, k: number, random: Random): Float64Array {
  const n = ws.nSamples;
  const centres = new Float64Array(k * ws.nFeatures);
  const nLocalTrials = 2 + Math.floor(Math.log(k));
  const cumulative = new Float64Array(n);
  const weights = ws.weights;

  let first: number;
  if (weights) {
    runningSums(weights, undefined, cumulative);
    first = pickByCumulative(cumulative, random);
  } else {
    first = random.nextInt(n);
  }
  copyRow(ws, first, centres, 0);
  ws.distances.fill(Infinity);
  ws.nearestCentreUpdate(first, true);

  const candidates = new Int32Array(nLocalTrials);
  for (let c = 1; c < k; c++) {
    runningSums(ws.distances, weights, cumulative);
    for (let t = 0; t < nLocalTrials; t++) candidates[t] = pickByCumulative(cumulative, random);
    const potentials = ws.scoreCandidates(candidates);
    let best = candidates[0]!;
    let bestPotential = Infinity;
    for (let t = 0; t < nLocalTrials; t++) {
      if (potentials[t]! < bestPotential) {
        bestPotential = potentials[t]!;
        best = candidates[t]!;
      }
    }
    ws.nearestCentreUpdate(best, true);
    copyRow(ws, best, centres, c);
  }
  return centres;
}

/** k distinct rows drawn uniformly (or by weight, when the workspace is weighted). */
export function randomRows(ws: Workspace, k: number, random: Random): Float64Array {
  const n = ws.nSamples;
  const centres = new Float64Array(k * ws.nFeatures);
  const weights = ws.weights;
  if (weights) {
    // Successive weighted draws without replacement.
    const remaining = Float64Array.from(weights);
    const cumulative = new Float64Array(n);
    for (let c = 0; c < k; c++) {
      runningSums(remaining, undefined, cumulative);
      const row = pickByCumulative(cumulative, random);
      remaining[row] = 0;
      copyRow(ws, row, centres, c);
    }
    return centres;
  }
  // Floyd's algorithm: k distinct indices in O(k), kept in draw order.
  const chosen = new Set<number>();
  for (let j = n - k; j < n; j++) {
    const t = random.nextInt(j + 1);
    chosen.add(chosen.has(t) ? j : t);
  }
  let c = 0;
  for (const row of chosen) copyRow(ws, row, centres, c++);
  return centres;
}
