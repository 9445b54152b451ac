import type { AssignPass, Workspace } from '../wasm/workspace.js';

export interface SingleRun {
  /** Final centroids, row-major k×nFeatures (a copy). */
  centroids: Float64Array;
  /** Labels consistent with the final centroids (a copy). */
  labels: Int32Array;
  inertia: number;
  iterations: number;
  converged: boolean;
  /** Rows whose nearest centroid was searched for, over all iterations (a diagnostic). */
  searchedRows: number;
}

/**
 * How each iteration finds every row's nearest centroid: by searching all rows ('lloyd'), or
 * by searching only the rows and centroids that Hamerly's or Elkan's bounds do not rule out
 * ('hamerly', 'elkan', on a workspace with room for them). All give the same iterations, bit
 * for bit.
 */
export type AssignStrategy = 'lloyd' | 'hamerly' | 'elkan';

/**
 * Moves the centres of empty clusters (zero weight) to the rows farthest from their own centres,
 * as scikit-learn does: the far row's coordinates become the empty cluster's sum and weight, and
 * are taken out of the cluster it belongs to. Works on sums and counts, before averaging.
 * `distances` holds each row's squared distance to its assigned centre. Returns how many moved.
 */
export function relocateEmptyClusters(
  x: Float64Array | Float32Array,
  nFeatures: number,
  weights: Float64Array | undefined,
  labels: Int32Array,
  distances: Float64Array,
  sums: Float64Array,
  counts: Float64Array,
): number {
  const empty: number[] = [];
  for (let j = 0; j < counts.length; j++) if (counts[j] === 0) empty.push(j);
  if (empty.length === 0) return 0;
  // The rows with the largest distances (ties: lowest index), largest first.
  const far = farthestRows(distances, weights, empty.length);
  const d = nFeatures;
  for (let e = 0; e < far.length; e++) {
    const row = far[e]!;
    const to = empty[e]!;
    const from = labels[row]!;
    const w = weights ? weights[row]! : 1;
    for (let f = 0; f < d; f++) {
      const v = x[row * d + f]! * w;
      sums[from * d + f]! -= v;
      sums[to * d + f] = v;
    }
    counts[to] = w;
    counts[from]! -= w;
  }
  return far.length;
}

/** Indices of the m rows with the largest distances, among rows of positive weight. */
function farthestRows(distances: Float64Array, weights: Float64Array | undefined, m: number): number[] {
  const top: number[] = [];
  const before = (a: number, b: number): boolean =>
    distances[a]! > distances[b]! || (distances[a] === distances[b] && a < b);
  for (let i = 0; i < distances.length; i++) {
    if (weights && !(weights[i]! > 0)) continue;
    if (top.length === m && !before(i, top[m - 1]!)) continue;
    let at = top.length === m ? m - 1 : top.length;
    top[at] = i;
    while (at > 0 && before(top[at]!, top[at - 1]!)) {
      [top[at], top[at - 1]] = [top[at - 1]!, top[at]!];
      at--;
    }
  }
  return top;
}

/**
 * next = sums / counts per cluster. A cluster that is still empty (possible only with
 * duplicate rows or zero weights) keeps its current centre rather than becoming NaN.
 */
export function averageCentres(
  sums: Float64Array,
  counts: Float64Array,
  current: Float64Array,
  next: Float64Array,
  nFeatures: number,
): void {
  for (let j = 0; j < counts.length; j++) {
    const w = counts[j]!;
    for (let f = 0; f < nFeatures; f++) {
      const t = j * nFeatures + f;
      next[t] = w > 0 ? sums[t]! / w : current[t]!;
    }
  }
}

/** Total squared shift of all centres between two iterations. */
export function centreShift(a: Float64Array, b: Float64Array): number {
  let shift = 0;
  for (let t = 0; t < a.length; t++) {
    const diff = a[t]! - b[t]!;
    shift += diff * diff;
  }
  return shift;
}

/** Starts a run from the given centres: no row has a label yet, and bounds start afresh. */
export function startRun(ws: Workspace, initial: Float64Array, strategy: AssignStrategy): void {
  ws.centroids.set(initial);
  if (strategy !== 'lloyd') ws.resetBounds();
  else ws.labels.fill(-1);
}

/**
 * One iteration: assign every row (with the sums and weights of the update), move the centres of
 * empty clusters, average into the next centres and make them current. Returns the pass and the
 * total squared shift of the centres.
 */
export function lloydIteration(ws: Workspace, strategy: AssignStrategy): { pass: AssignPass; shift: number } {
  const d = ws.nFeatures;
  const pass = strategy === 'lloyd' ? ws.assign({ update: true, distances: false }) : ws.assignBounded({ strategy });
  // Relocation needs every row's distance; the pass skips them because clusters rarely empty.
  if (ws.counts.includes(0)) ws.labelDistances();
  relocateEmptyClusters(ws.x, d, ws.weights, ws.labels, ws.distances, ws.sums, ws.counts);
  averageCentres(ws.sums, ws.counts, ws.centroids, ws.centroidsNext, d);
  const shift = centreShift(ws.centroids, ws.centroidsNext);
  ws.swapCentroids();
  return { pass, shift };
}

/**
 * One Lloyd run from the given centres: assign, update, until no label changes ("strict"
 * convergence), the total squared centre shift is <= tolerance, or maxIter. A final assignment
 * pass makes labels and inertia match the final centres.
 */
export function singleRun(
  ws: Workspace,
  initial: Float64Array,
  maxIter: number,
  tolerance: number,
  strategy: AssignStrategy = 'lloyd',
): SingleRun {
  startRun(ws, initial, strategy);
  let iterations = 0;
  let converged = false;
  let searchedRows = 0;
  for (let iter = 0; iter < maxIter; iter++) {
    const { pass, shift } = lloydIteration(ws, strategy);
    searchedRows += pass.searched;
    iterations = iter + 1;
    if (pass.changed === 0 || shift <= tolerance) {
      converged = true;
      break;
    }
  }
  // The labels of the final centroids; with bounds, the last pass's bounds still hold, so
  // only the rows they do not settle are searched, then every row's distance is computed.
  let final: AssignPass;
  if (strategy === 'lloyd') final = ws.assign({ update: false, distances: true });
  else {
    final = ws.assignBounded({ strategy, update: false });
    final.inertia = ws.labelDistances();
  }
  return {
    centroids: Float64Array.from(ws.centroids),
    labels: Int32Array.from(ws.labels),
    inertia: final.inertia,
    iterations,
    converged,
    searchedRows: searchedRows + final.searched,
  };
}
