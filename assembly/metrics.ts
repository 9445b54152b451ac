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
  // Four rows at a time: each loaded pair of other rows serves all four (see distanceSums4).
  for (; i + 3 < end; i += 4) {
    let intra0 = 0.0, intra1 = 0.0, intra2 = 0.0, intra3 = 0.0;
    let own0 = 0, own1 = 0, own2 = 0, own3 = 0;
    let nearest0 = Infinity, nearest1 = Infinity, nearest2 = Infinity, nearest3 = Infinity;
    for (let c = 0; c < nClusters; c++) {
      const first = load<i32>(clusterStarts + (<usize>c << 2));
      const last = load<i32>(clusterStarts + (<usize>(c + 1) << 2));
      distanceSums4(xT, featureStride, nFeatures, i, first, last);
      const size = <f64>(last - first);
      if (i >= first && i < last) {
        intra0 = blockSum0;
        own0 = last - first;
      } else if (blockSum0 / size < nearest0) nearest0 = blockSum0 / size;
      if (i + 1 >= first && i + 1 < last) {
        intra1 = blockSum1;
        own1 = last - first;
      } else if (blockSum1 / size < nearest1) nearest1 = blockSum1 / size;
      if (i + 2 >= first && i + 2 < last) {
        intra2 = blockSum2;
        own2 = last - first;
      } else if (blockSum2 / size < nearest2) nearest2 = blockSum2 / size;
      if (i + 3 >= first && i + 3 < last) {
        intra3 = blockSum3;
        own3 = last - first;
      } else if (blockSum3 / size < nearest3) nearest3 = blockSum3 / size;
    }
    const out = silhouettes + (<usize>i << 3);
    store<f64>(out, coefficient(intra0, own0, nearest0));
    store<f64>(out, coefficient(intra1, own1, nearest1), 8);
    store<f64>(out, coefficient(intra2, own2, nearest2), 16);
    store<f64>(out, coefficient(intra3, own3, nearest3), 24);
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

// Set by distanceSums4: the four rows' distance sums (globals are the instance's own, so each
// thread has its own).
let blockSum0: f64 = 0;
let blockSum1: f64 = 0;
let blockSum2: f64 = 0;
let blockSum3: f64 = 0;

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
  let s0 = f64x2.extract_lane(acc0, 0) + f64x2.extract_lane(acc0, 1);
  let s1 = f64x2.extract_lane(acc1, 0) + f64x2.extract_lane(acc1, 1);
  let s2 = f64x2.extract_lane(acc2, 0) + f64x2.extract_lane(acc2, 1);
  let s3 = f64x2.extract_lane(acc3, 0) + f64x2.extract_lane(acc3, 1);
  if (j < last) {
    const rowJ = <usize>j << 3;
    let r0 = 0.0, r1 = 0.0, r2 = 0.0, r3 = 0.0;
    let column = xT;
    for (let f = 0; f < nFeatures; f++) {
      const v = load<f64>(column + rowJ);
      const at = column + rowI;
      const e0 = v - load<f64>(at);
      const e1 = v - load<f64>(at, 8);
      const e2 = v - load<f64>(at, 16);
      const e3 = v - load<f64>(at, 24);
      r0 += e0 * e0;
      r1 += e1 * e1;
      r2 += e2 * e2;
      r3 += e3 * e3;
      column += featureStride;
    }
    s0 += Math.sqrt(r0);
    s1 += Math.sqrt(r1);
    s2 += Math.sqrt(r2);
    s3 += Math.sqrt(r3);
  }
  blockSum0 = s0;
  blockSum1 = s1;
  blockSum2 = s2;
  blockSum3 = s3;
}

// Natural logarithm. ECMAScript leaves Math.log "implementation-approximated" and engines
// differ in the last bit (JavaScriptCore calls the platform's libm); this one is compiled into
// the module, so the gap statistic's log-WCSS values are the same bits in every engine.
export function naturalLog(x: f64): f64 {
  return Math.log(x);
}
