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
  nSamples: i32,
  nFeatures: i32,
  start: i32,
  end: i32,
  clusterStarts: usize,
  nClusters: i32,
  silhouettes: usize,
): void {
  const featureStride = <usize>nSamples << 3;
  for (let i = start; i < end; i++) {
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
    let s = 0.0;
    if (ownSize > 1) {
      const a = intra / <f64>(ownSize - 1);
      const larger = max(a, nearest);
      if (larger > 0) s = (nearest - a) / larger;
    }
    store<f64>(silhouettes + (<usize>i << 3), s);
  }
}

// Natural logarithm. ECMAScript leaves Math.log "implementation-approximated" and engines
// differ in the last bit (JavaScriptCore calls the platform's libm); this one is compiled into
// the module, so the gap statistic's log-WCSS values are the same bits in every engine.
export function naturalLog(x: f64): f64 {
  return Math.log(x);
}
