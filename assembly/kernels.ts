// segmint's WebAssembly kernels.
//
// Flat functions over raw linear memory. TypeScript (src/wasm/workspace.ts) lays out every
// buffer and passes byte offsets; kernels never allocate, validate or loop over chunks.
// Each call covers one row range [start, end) so callers can split work into fixed chunks
// and reduce partial results in chunk order (the result never depends on thread count).
//
// Shapes: X is nSamples×nFeatures f64 row-major; centroids are k×nFeatures f64 row-major;
// labels are i32; weights, distances and counts are f64. A pointer of 0 means "absent".
//
// Summation order is part of the contract (src/wasm/reference-kernels.ts mirrors it bit for bit):
// a squared distance sums even features in lane 0 and odd features in lane 1 of an f64x2
// accumulator, adds lane 0 + lane 1, then adds the last feature when nFeatures is odd.

// First byte after the module's static data; buffers laid out by TypeScript start here.
export function heapBase(): usize {
  return __heap_base;
}

// Squared Euclidean distance between two rows of nFeatures f64 values.
// @ts-ignore: decorator
@inline
function squaredDistance(a: usize, b: usize, nFeatures: i32): f64 {
  let acc = f64x2.splat(0.0);
  let f = 0;
  for (; f + 1 < nFeatures; f += 2) {
    const offset = <usize>f << 3;
    const diff = f64x2.sub(v128.load(a + offset), v128.load(b + offset));
    acc = f64x2.add(acc, f64x2.mul(diff, diff));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (f < nFeatures) {
    const offset = <usize>f << 3;
    const diff = load<f64>(a + offset) - load<f64>(b + offset);
    sum += diff * diff;
  }
  return sum;
}

// One assignment pass over rows [start, end): each row's nearest centroid (first one on ties)
// and, when sums != 0, this chunk's per-cluster weighted sums and weights for the update step.
// Serves fit (sums != 0) and predict (sums == 0). Returns the chunk's weighted inertia.
//   x          IN    nSamples×nFeatures f64
//   centroids  IN    k×nFeatures f64
//   weights    IN    nSamples f64, or 0 for unit weights
//   labels     OUT   nSamples i32 (rows start..end written)
//   distances  OUT   nSamples f64 squared distance to the chosen centroid, or 0 to skip
//   sums       OUT   k×nFeatures f64, zeroed then accumulated, or 0 to skip the update
//   counts     OUT   k f64 total weight per cluster (written when sums != 0)
//   changed    OUT   one i32: rows whose label differs from the value labels held before, or 0
export function assignChunk(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  centroids: usize,
  k: i32,
  weights: usize,
  labels: usize,
  distances: usize,
  sums: usize,
  counts: usize,
  changed: usize,
): f64 {
  const rowBytes = <usize>nFeatures << 3;
  if (sums != 0) {
    memory.fill(sums, 0, <usize>k * rowBytes);
    memory.fill(counts, 0, <usize>k << 3);
  }
  let inertia = 0.0;
  let nChanged = 0;
  for (let i = start; i < end; i++) {
    const row = x + <usize>i * rowBytes;
    let best = Infinity;
    let bestJ = 0;
    for (let j = 0; j < k; j++) {
      const d = squaredDistance(row, centroids + <usize>j * rowBytes, nFeatures);
      if (d < best) {
        best = d;
        bestJ = j;
      }
    }
    const labelAt = labels + (<usize>i << 2);
    if (load<i32>(labelAt) != bestJ) nChanged++;
    store<i32>(labelAt, bestJ);
    if (distances != 0) store<f64>(distances + (<usize>i << 3), best);
    const w = weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0;
    inertia += w * best;
    if (sums != 0) {
      const sumRow = sums + <usize>bestJ * rowBytes;
      const countAt = counts + (<usize>bestJ << 3);
      store<f64>(countAt, load<f64>(countAt) + w);
      const wv = f64x2.splat(w);
      let f = 0;
      for (; f + 1 < nFeatures; f += 2) {
        const offset = <usize>f << 3;
        const s = f64x2.add(v128.load(sumRow + offset), f64x2.mul(v128.load(row + offset), wv));
        v128.store(sumRow + offset, s);
      }
      if (f < nFeatures) {
        const offset = <usize>f << 3;
        store<f64>(sumRow + offset, load<f64>(sumRow + offset) + load<f64>(row + offset) * w);
      }
    }
  }
  if (changed != 0) store<i32>(changed, nChanged);
  return inertia;
}

// The k-means++ step over rows [start, end): each row's squared distance to its nearest chosen
// centre, given one more candidate centre. Returns the chunk's weighted potential
// sum(w * min(closest, d(row, centre))). With update == 0 the candidate is only scored.
//   x          IN     nSamples×nFeatures f64
//   centre     IN     nFeatures f64
//   closest    INOUT  nSamples f64 (written only when update != 0; +Infinity before any centre)
//   weights    IN     nSamples f64, or 0 for unit weights
export function nearestCentreUpdate(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  centre: usize,
  closest: usize,
  weights: usize,
  update: i32,
): f64 {
  const rowBytes = <usize>nFeatures << 3;
  let potential = 0.0;
  for (let i = start; i < end; i++) {
    const at = closest + (<usize>i << 3);
    const d = min(load<f64>(at), squaredDistance(x + <usize>i * rowBytes, centre, nFeatures));
    if (update != 0) store<f64>(at, d);
    const w = weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0;
    potential += w * d;
  }
  return potential;
}
