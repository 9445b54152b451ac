// segmint's metric kernels: the O(nSamples²) silhouette and a deterministic logarithm.
//
// Compiled into the same module as assembly/kernels.ts (asconfig.json "entries"), so heapBase()
// and the imported memory are shared. Flat functions over raw linear memory: TypeScript
// (src/wasm/metrics-workspace.ts) lays out every buffer and passes byte offsets; kernels never
// allocate, validate or loop over chunks. Each call covers one row range [start, end).
//
// Layout: xT is nFeatures×nSamples f64, FEATURE-major (column after column), with the rows
// grouped by cluster (stably, so each cluster keeps the rows' original order). Grouping makes
// each cluster a contiguous range of columns, so a row's distance sum to a cluster is a tight
// loop, and feature-major lets one f64x2 hold one feature of two neighbouring rows.
//
// Summation order is part of the contract (src/wasm/reference-metrics.ts mirrors it bit for bit):
// a squared distance adds the features in order f = 0, 1, ..., nFeatures-1; the distance sum of
// a row to a cluster of rows [first, last) accumulates rows first, first+2, ... in lane 0 and
// first+1, first+3, ... in lane 1 of an f64x2, adds lane 0 + lane 1, then adds the last row
// when the cluster has an odd number of rows.

// Sum of the Euclidean distances from row i to rows [first, last), all columns of xT.
// @ts-ignore: decorator
@inline
function distanceSum(xT: usize, featureStride: usize, nFeatures: i32, i: i32, first: i32, last: i32): f64 {
  const rowI = <usize>i << 3;
  let acc = f64x2.splat(0.0);
  let j = first;
  for (; j + 1 < last; j += 2) {
    const rowsJ = <usize>j << 3;
    let squared = f64x2.splat(0.0);
    let column = xT;
    for (let f = 0; f < nFeatures; f++) {
      const diff = f64x2.sub(v128.load(column + rowsJ), v128.load64_splat(column + rowI));
      squared = f64x2.add(squared, f64x2.mul(diff, diff));
      column += featureStride;
    }
    acc = f64x2.add(acc, f64x2.sqrt(squared));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (j < last) {
    const rowJ = <usize>j << 3;
    let squared = 0.0;
    let column = xT;
    for (let f = 0; f < nFeatures; f++) {
      const diff = load<f64>(column + rowJ) - load<f64>(column + rowI);
      squared += diff * diff;
      column += featureStride;
    }
    sum += Math.sqrt(squared);
  }
  return sum;
}

// Silhouette coefficient of rows [start, end), as scikit-learn defines it: a = mean distance to
// the other rows of the row's own cluster, b = the lowest mean distance to the rows of another
// cluster, s = (b - a) / max(a, b); s = 0 for a row alone in its cluster and when a = b = 0.
// Needs nClusters >= 2, every cluster non-empty.
//   xT             IN   nFeatures×nSamples f64, feature-major, rows grouped by cluster
//   clusterStarts  IN   nClusters+1 i32: cluster c holds rows [clusterStarts[c], clusterStarts[c+1])
//   silhouettes    OUT  nSamples f64 (rows start..end written, in grouped order)
export function silhouetteChunk(
  xT: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  nSamples: i32,
  clusterStarts: usize,
  nClusters: i32,
  silhouettes: usize,
): void {
  const featureStride = <usize>nSamples << 3;
  let i = start;
  // Four rows at a time, in two f64x2 of two rows each: each loaded pair of other rows serves
  // all four (see distanceSums4). Lanes hold what the one-row loop below keeps per row.
  const lanesA = i64x2(0, 1);
  const lanesB = i64x2(2, 3);
  for (; i + 3 < end; i += 4) {
    const rowsA = i64x2.add(i64x2.splat(i), lanesA);
    const rowsB = i64x2.add(i64x2.splat(i), lanesB);
    let intraA = f64x2.splat(0.0), intraB = intraA;
    let ownA = i64x2.splat(0), ownB = ownA;
    let nearestA = f64x2.splat(Infinity), nearestB = nearestA;
    for (let c = 0; c < nClusters; c++) {
      const first = load<i32>(clusterStarts + (<usize>c << 2));
      const last = load<i32>(clusterStarts + (<usize>(c + 1) << 2));
      distanceSums4(xT, featureStride, nFeatures, i, first, last);
      const size = f64x2.splat(<f64>(last - first));
      const firstV = i64x2.splat(first);
      const lastV = i64x2.splat(last);
      // Rows of this cluster take its sum as their own; the others compare its mean.
      const inA = v128.and(i64x2.ge_s(rowsA, firstV), i64x2.lt_s(rowsA, lastV));
      const inB = v128.and(i64x2.ge_s(rowsB, firstV), i64x2.lt_s(rowsB, lastV));
      intraA = v128.bitselect(blockSumsA, intraA, inA);
      intraB = v128.bitselect(blockSumsB, intraB, inB);
      ownA = v128.bitselect(i64x2.splat(last - first), ownA, inA);
      ownB = v128.bitselect(i64x2.splat(last - first), ownB, inB);
      nearestA = v128.bitselect(nearestA, f64x2.pmin(nearestA, f64x2.div(blockSumsA, size)), inA);
      nearestB = v128.bitselect(nearestB, f64x2.pmin(nearestB, f64x2.div(blockSumsB, size)), inB);
    }
    const out = silhouettes + (<usize>i << 3);
    store<f64>(out, coefficient(f64x2.extract_lane(intraA, 0), <i32>i64x2.extract_lane(ownA, 0), f64x2.extract_lane(nearestA, 0)));
    store<f64>(out, coefficient(f64x2.extract_lane(intraA, 1), <i32>i64x2.extract_lane(ownA, 1), f64x2.extract_lane(nearestA, 1)), 8);
    store<f64>(out, coefficient(f64x2.extract_lane(intraB, 0), <i32>i64x2.extract_lane(ownB, 0), f64x2.extract_lane(nearestB, 0)), 16);
    store<f64>(out, coefficient(f64x2.extract_lane(intraB, 1), <i32>i64x2.extract_lane(ownB, 1), f64x2.extract_lane(nearestB, 1)), 24);
  }
  for (; i < end; i++) {
    let intra = 0.0; // sum of distances to the own cluster (the row itself adds 0)
    let ownSize = 0;
    let nearest = Infinity; // lowest mean distance to another cluster
    for (let c = 0; c < nClusters; c++) {
      const first = load<i32>(clusterStarts + (<usize>c << 2));
      const last = load<i32>(clusterStarts + (<usize>(c + 1) << 2));
      const total = distanceSum(xT, featureStride, nFeatures, i, first, last);
      if (i >= first && i < last) {
        intra = total;
        ownSize = last - first;
      } else {
        const mean = total / <f64>(last - first);
        if (mean < nearest) nearest = mean;
      }
    }
    store<f64>(silhouettes + (<usize>i << 3), coefficient(intra, ownSize, nearest));
  }
}

// A row's silhouette from the sum of its distances to the rest of its cluster (of ownSize
// rows) and its lowest mean distance to another cluster.
// @ts-ignore: decorator
@inline
function coefficient(intra: f64, ownSize: i32, nearest: f64): f64 {
  let s = 0.0;
  if (ownSize > 1) {
    const a = intra / <f64>(ownSize - 1);
    const larger = max(a, nearest);
    if (larger > 0) s = (nearest - a) / larger;
  }
  return s;
}

// Set by distanceSums4: the distance sums of rows i, i+1 (A) and i+2, i+3 (B). Globals are
// the instance's own, so each thread has its own.
let blockSumsA: v128 = f64x2(0, 0);
let blockSumsB: v128 = f64x2(0, 0);

// distanceSum for rows i..i+3 at once, each summed in distanceSum's order: every pair of rows
// of [first, last) is loaded once for the four, which otherwise each load it.
// @ts-ignore: decorator
@inline
function distanceSums4(xT: usize, featureStride: usize, nFeatures: i32, i: i32, first: i32, last: i32): void {
  const rowI = <usize>i << 3;
  let acc0 = f64x2.splat(0.0), acc1 = acc0, acc2 = acc0, acc3 = acc0;
  let j = first;
  for (; j + 1 < last; j += 2) {
    const rowsJ = <usize>j << 3;
    let q0 = f64x2.splat(0.0), q1 = q0, q2 = q0, q3 = q0;
    let column = xT;
    for (let f = 0; f < nFeatures; f++) {
      const pair = v128.load(column + rowsJ);
      const at = column + rowI;
      const d0 = f64x2.sub(pair, v128.load64_splat(at));
      const d1 = f64x2.sub(pair, v128.load64_splat(at, 8));
      const d2 = f64x2.sub(pair, v128.load64_splat(at, 16));
      const d3 = f64x2.sub(pair, v128.load64_splat(at, 24));
      q0 = f64x2.add(q0, f64x2.mul(d0, d0));
      q1 = f64x2.add(q1, f64x2.mul(d1, d1));
      q2 = f64x2.add(q2, f64x2.mul(d2, d2));
      q3 = f64x2.add(q3, f64x2.mul(d3, d3));
      column += featureStride;
    }
    acc0 = f64x2.add(acc0, f64x2.sqrt(q0));
    acc1 = f64x2.add(acc1, f64x2.sqrt(q1));
    acc2 = f64x2.add(acc2, f64x2.sqrt(q2));
    acc3 = f64x2.add(acc3, f64x2.sqrt(q3));
  }
  // Each row's two lanes added (lane 0 + lane 1, as distanceSum does), rows side by side.
  let sumsA = f64x2.add(v128.shuffle<f64>(acc0, acc1, 0, 2), v128.shuffle<f64>(acc0, acc1, 1, 3));
  let sumsB = f64x2.add(v128.shuffle<f64>(acc2, acc3, 0, 2), v128.shuffle<f64>(acc2, acc3, 1, 3));
  if (j < last) {
    const rowJ = <usize>j << 3;
    let squaresA = f64x2.splat(0.0), squaresB = squaresA;
    let column = xT;
    for (let f = 0; f < nFeatures; f++) {
      const v = v128.load64_splat(column + rowJ);
      const at = column + rowI;
      const eA = f64x2.sub(v, v128.load(at));
      const eB = f64x2.sub(v, v128.load(at, 16));
      squaresA = f64x2.add(squaresA, f64x2.mul(eA, eA));
      squaresB = f64x2.add(squaresB, f64x2.mul(eB, eB));
      column += featureStride;
    }
    sumsA = f64x2.add(sumsA, f64x2.sqrt(squaresA));
    sumsB = f64x2.add(sumsB, f64x2.sqrt(squaresB));
  }
  blockSumsA = sumsA;
  blockSumsB = sumsB;
}

// Natural logarithm. ECMAScript leaves Math.log "implementation-approximated" and engines
// differ in the last bit (JavaScriptCore calls the platform's libm); this one is compiled into
// the module, so the gap statistic's log-WCSS values are the same bits in every engine.
export function naturalLog(x: f64): f64 {
  return Math.log(x);
}
