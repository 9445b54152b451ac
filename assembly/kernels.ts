// segmint's k-means kernels.
//
// Flat functions over raw linear memory. TypeScript (src/wasm/workspace.ts) lays out every
// buffer and passes byte offsets; kernels never allocate, validate or loop over chunks.
// Each call covers one row range [start, end) and writes that chunk's own partial results, so
// callers can split work into fixed chunks, run them on any number of threads and reduce the
// partials in chunk order (the result never depends on the thread count).
//
// Shapes: X is nSamples×nFeatures f64 row-major; centroids are k×nFeatures f64 row-major;
// labels are i32; weights, distances and counts are f64. A pointer of 0 means "absent".
//
// THE ARITHMETIC (the contract; src/wasm/reference-kernels.ts mirrors it bit for bit):
// - a squared distance sums even features in lane 0 and odd features in lane 1 of an f64x2
//   accumulator, adds lane 0 + lane 1, then adds the last feature when nFeatures is odd;
// - a row's label is the centroid at the smallest squared distance, the first one on ties;
// - a chunk's sums and counts add w·x and w row after row; its inertia adds w·distance row
//   after row.
//
// THE SCREEN (why the assignment is fast yet exact). Computing k exact distances per row
// costs 3 f64 operations per feature and centroid. Instead, assignChunk first ranks the
// centroids of 4 rows at once in f32 (an f32x4 lane per row) with the expansion
// ||x-c||² = ||x||² + 2(½||c||² - x·c), i.e. 2 f32 operations per feature and centroid for 4
// rows, on copies of X and of the centroids that are centred on the data's mean and scaled
// into [-1, 1] (screenRows, screenCentroids). Translating and scaling both sides changes every
// ||x-c||² by the same factor, so the ranking is that of the original data, up to rounding.
// A proven bound on that rounding (see screenCentroids) then tells whether the screen's nearest
// centroid is certainly the exact one: when the screen's best and second-best are further
// apart than the bound allows, every other centroid's exact distance is strictly larger. A
// row that fails the test (a near tie) gets all k exact distances (nearestExact). Either way
// the label is exactly the contract's, so the screen changes speed, never a result.

// First byte after the module's static data; buffers laid out by TypeScript start here.
export function heapBase(): usize {
  return __heap_base;
}

const U32: f64 = 5.960464477539063e-8; // 2^-24, the f32 unit roundoff
const U64: f64 = 1.1102230246251565e-16; // 2^-53, the f64 unit roundoff
const F32_UNDERFLOW: f64 = 7.006492321624085e-46; // 2^-149 bounds an f32 rounding below 2^-126
const F64_UNDERFLOW: f64 = 4.9406564584124654e-324; // 2^-1074 bounds an f64 rounding below 2^-1022
const F32_MIN_NORMAL: f64 = 1.1754943508222875e-38; // 2^-126
const F64_SAFE_DISTANCE: f64 = 1.0715086071862673e301; // 2^1000: exact distances below it cannot overflow
/** 1 + 2^-18: covers the rounding of the certificate's own arithmetic (see screenCentroids). */
const SLACK: f64 = 1.000003814697265625;
/** Rounds a non-negative bound up when it is stored as f32. */
const F32_ROUND_UP: f64 = 1.0000002384185791; // 1 + 2^-22
/** The screen is used up to this many features: its error bound assumes (nFeatures + 1)·2^-24 <= 1/64. */
const SCREEN_MAX_FEATURES: i32 = 65536;
/** Centred and scaled norms beyond this could overflow the f32 screen: it is then not used. */
const SCREEN_MAX_NORM: f64 = 1099511627776.0; // 2^40

// Squared Euclidean distance between two rows of nFeatures f64 values: the contract's order.
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

// The contract's label of one row: all k exact distances, the first smallest wins.
function nearestExact(row: usize, nFeatures: i32, centroids: usize, k: i32): i32 {
  const rowBytes = <usize>nFeatures << 3;
  let best = Infinity;
  let bestJ = 0;
  for (let j = 0; j < k; j++) {
    const d = squaredDistance(row, centroids + <usize>j * rowBytes, nFeatures);
    if (d < best) {
      best = d;
      bestJ = j;
    }
  }
  return bestJ;
}

// The screen's copy of rows [start, end) (start a multiple of 4): x' = f32((x - mean) · scale),
// 4 rows interleaved per block so one f32x4 holds one feature of 4 consecutive rows, and an
// upper bound on each ||x'||. Rows past nSamples in the last blocks must stay 0 (fresh memory).
//   x          IN   nSamples×nFeatures f64
//   mean       IN   nFeatures f64 (any values; the column means make the screen sharpest)
//   scale      IN   a power of two in [2^-500, 2^500], ideally making |x'| <= 1
//   screenX    OUT  ceil(nSamples/8)×2×nFeatures×4 f32: block b, feature f holds rows 4b..4b+3
//   rowNorms   OUT  nSamples f32 (padded like screenX), each >= ||x'|| and >= the norm of its
//                   f32 copy
export function screenRows(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  mean: usize,
  scale: f64,
  screenX: usize,
  rowNorms: usize,
): void {
  const blockBytes = <usize>nFeatures << 4;
  // ||x'|| <= ||f32 copy|| · (1 + 2^-24 + 2^-52); the f64 sum and sqrt add (d + 2)·2^-53.
  const inflate = 1.0 + 2.0 * U32 + <f64>(nFeatures + 8) * U64;
  for (let i = start; i < end; i++) {
    const row = x + ((<usize>i * <usize>nFeatures) << 3);
    const lane = screenX + <usize>(i >> 2) * blockBytes + (<usize>(i & 3) << 2);
    let squares = 0.0;
    for (let f = 0; f < nFeatures; f++) {
      const offset = <usize>f << 3;
      const value = <f32>((load<f64>(row + offset) - load<f64>(mean + offset)) * scale);
      store<f32>(lane + (<usize>f << 4), value);
      squares += <f64>value * <f64>value;
    }
    store<f32>(rowNorms + (<usize>i << 2), <f32>(Math.sqrt(squares) * inflate * F32_ROUND_UP));
  }
}

// The screen's copy of the centroids for one pass, with the mean and scale of screenRows, and
// the coefficients of the certificate (below) for this pass.
//   centroids    IN   k×nFeatures f64
//   mean, scale  IN   as given to screenRows
//   maxRowNorm   IN   the largest of screenRows' rowNorms
//   screen       OUT  16-byte header [f32 b0, b1, b2, 0] (b0 = +Infinity: do not use the
//                     screen), then k f32 half squared norms ½||c'||² (padded to a multiple
//                     of 4), then the k×nFeatures f32 coordinates c'
//
// The certificate. With x' = (x-m)s, c' = (c-m)s and V_j = ½||c'_j||² - x'·c'_j (exact reals),
// ||x - c_j||² = (||x'||² + 2 V_j) / s². The screen's value v_j (an f32 chain of d multiply-
// subtracts from ½||c'_j||²) differs from V_j by at most
//   E = (2d + 8)·2^-24 · C·(½C + ||x'||) + (2d + 4)·2^-149 · (1 + C + ||x'||)
// (d + 1 roundings along the chain, one of ½||c'||², two of x' and c' to f32, each relative
// 2^-24 or, below 2^-126, absolute 2^-150; C bounds every ||c'||, requires (d+1)·2^-24 <= 1/64).
// So if the screen ranks centroid a first with value `best` and every other one at or above
// `second`, then for every j != a, with G = second - best - 2E,
//   ||x - c_j||² - ||x - c_a||² >= 2G / s².
// The exact f64 distances carry a relative error below γ = (d + 8)·2^-53 and an absolute one
// below α = (d + 8)·2^-1074 (underflow), so the exact distance to a is strictly the smallest
// when G·(1 - γ) > γ·Δ + s²·α, where Δ >= s²·||x - c_a||²; and since
// best <= ½C² + C·||x'|| + E, Δ = (||x'|| + C)² + 4E will do. All of that is a quadratic in
// ||x'|| with non-negative coefficients, so a row keeps the screen's label when
//   second - best > b0 + b1·||x'|| + b2·||x'||²,
// which the kernel evaluates in f32 for 4 rows at once. The coefficients are inflated by SLACK
// for the (1 - γ) factor and for the rounding of this evaluation, of second - best and of
// the coefficients themselves (each well below 2^-20 in total), and floored at 2^-126 so that
// f32 underflow cannot shrink them. The screen is not used (b0 = +Infinity) when its f32 values
// could overflow (norms above 2^40), when d is too large for E, or when the exact distance to
// a row's nearest centroid could overflow ((||x'|| + C)² + 4E >= s²·2^1000).
export function screenCentroids(
  centroids: usize,
  nFeatures: i32,
  k: i32,
  mean: usize,
  scale: f64,
  maxRowNorm: f64,
  screen: usize,
): void {
  const halfNorms = screen + 16;
  const coordinates = halfNorms + ((<usize>(k + 3) >> 2) << 4);
  let maxSquares = 0.0;
  for (let j = 0; j < k; j++) {
    const centroid = centroids + ((<usize>j * <usize>nFeatures) << 3);
    const screened = coordinates + ((<usize>j * <usize>nFeatures) << 2);
    let squares = 0.0;
    for (let f = 0; f < nFeatures; f++) {
      const value = <f32>((load<f64>(centroid + (<usize>f << 3)) - load<f64>(mean + (<usize>f << 3))) * scale);
      store<f32>(screened + (<usize>f << 2), value);
      squares += <f64>value * <f64>value;
    }
    store<f32>(halfNorms + (<usize>j << 2), <f32>(0.5 * squares));
    maxSquares = max(maxSquares, squares);
  }
  const d = <f64>nFeatures;
  const c = Math.sqrt(maxSquares) * (1.0 + 2.0 * U32 + (d + 8.0) * U64);
  const gamma = (d + 8.0) * U64;
  const errorScale = (2.0 * d + 8.0) * U32;
  const underflowScale = (2.0 * d + 4.0) * F32_UNDERFLOW;
  // E(nx) = a + b·nx
  const a = errorScale * 0.5 * c * c + underflowScale * (1.0 + c);
  const b = errorScale * c + underflowScale;
  const scaledUnderflow = scale * scale * (d + 8.0) * F64_UNDERFLOW;
  const b0 = ((2.0 + 4.0 * gamma) * a + gamma * c * c + scaledUnderflow) * SLACK;
  const b1 = ((2.0 + 4.0 * gamma) * b + 2.0 * gamma * c) * SLACK;
  const b2 = gamma * SLACK;
  const worstDelta = (maxRowNorm + c) * (maxRowNorm + c) + 4.0 * (a + b * maxRowNorm);
  const usable =
    nFeatures <= SCREEN_MAX_FEATURES &&
    c <= SCREEN_MAX_NORM &&
    maxRowNorm <= SCREEN_MAX_NORM &&
    worstDelta * SLACK < scale * scale * F64_SAFE_DISTANCE;
  store<f32>(screen, usable ? f32RoundedUp(b0) : Infinity);
  store<f32>(screen, f32RoundedUp(b1), 4);
  store<f32>(screen, f32RoundedUp(b2), 8);
  store<f32>(screen, 0, 12);
}

// A non-negative bound as an f32 that is at least as large, and at least 2^-126.
// @ts-ignore: decorator
@inline
function f32RoundedUp(bound: f64): f32 {
  return <f32>max(bound * F32_ROUND_UP, F32_MIN_NORMAL);
}

// Bit r (r < 4) set when row r of a block of 4 certainly keeps the screen's label (see
// screenCentroids): second - best > b0 + b1·||x'|| + b2·||x'||², in f32.
// @ts-ignore: decorator
@inline
function certainRows(best: v128, second: v128, norms: v128, b0: v128, b1: v128, b2: v128): i32 {
  const bound = f32x4.add(f32x4.mul(f32x4.add(f32x4.mul(b2, norms), b1), norms), b0);
  return i32x4.bitmask(f32x4.gt(f32x4.sub(second, best), bound));
}

// The screen's running nearest (best), second nearest (second) and nearest index (index) of 4
// rows, updated with their values for one more centroid whose index is splat in `j`.
// @ts-ignore: decorator
@inline
function nextSecond(second: v128, best: v128, value: v128): v128 {
  return f32x4.pmin(second, f32x4.pmax(best, value));
}
// @ts-ignore: decorator
@inline
function nextIndex(index: v128, best: v128, value: v128, j: v128): v128 {
  return v128.bitselect(j, index, f32x4.lt(value, best));
}

// What the contract asks of one row once its label is known: its exact distance (when
// distances != 0) and its weighted sum (when sums != 0). Returns w·distance, or 0.
// @ts-ignore: decorator
@inline
function settleRow(
  x: usize,
  nFeatures: i32,
  i: i32,
  label: i32,
  centroids: usize,
  weights: usize,
  distances: usize,
  sums: usize,
  counts: usize,
): f64 {
  const rowBytes = <usize>nFeatures << 3;
  const row = x + <usize>i * rowBytes;
  const w = weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0;
  let weightedDistance = 0.0;
  if (distances != 0) {
    const d = squaredDistance(row, centroids + <usize>label * rowBytes, nFeatures);
    store<f64>(distances + (<usize>i << 3), d);
    weightedDistance = w * d;
  }
  if (sums != 0) {
    const sumRow = sums + <usize>label * rowBytes;
    const countAt = counts + (<usize>label << 3);
    store<f64>(countAt, load<f64>(countAt) + w);
    const wv = f64x2.splat(w);
    let f = 0;
    for (; f + 1 < nFeatures; f += 2) {
      const offset = <usize>f << 3;
      v128.store(sumRow + offset, f64x2.add(v128.load(sumRow + offset), f64x2.mul(v128.load(row + offset), wv)));
    }
    if (f < nFeatures) {
      const offset = <usize>f << 3;
      store<f64>(sumRow + offset, load<f64>(sumRow + offset) + load<f64>(row + offset) * w);
    }
  }
  return weightedDistance;
}

// One assignment pass over rows [start, end) (start a multiple of 8, end too unless it is
// nSamples, since rows are settled 8 at a time): each row's label by the
// contract and, when sums != 0, this chunk's per-cluster weighted sums and weights for the
// update step. Serves fit (sums != 0) and predict (sums == 0).
//   x          IN    nSamples×nFeatures f64
//   centroids  IN    k×nFeatures f64
//   weights    IN    nSamples f64, or 0 for unit weights
//   screenX    IN    the rows' screen (screenRows), zero rows padding it to a multiple of 8
//   rowNorms   IN    nSamples f32 (screenRows), padded to a multiple of 8
//   screen     IN    the centroids' screen for these centroids (screenCentroids)
//   labels     INOUT nSamples i32, padded to a multiple of 8: read to count changes, rows
//                    start..end written (and the padding of the last block)
//   distances  OUT   nSamples f64 exact squared distance to the chosen centroid, or 0 to skip
//                    (then the inertia is 0 too)
//   sums       OUT   k×nFeatures f64, zeroed then accumulated, or 0 to skip the update
//   counts     OUT   k f64 total weight per cluster (written when sums != 0)
//   totals     OUT   4 f64: weighted inertia, rows whose label changed, rows the screen could
//                    not settle (they got all k exact distances), 0
export function assignChunk(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  centroids: usize,
  k: i32,
  weights: usize,
  screenX: usize,
  rowNorms: usize,
  screen: usize,
  labels: usize,
  distances: usize,
  sums: usize,
  counts: usize,
  totals: usize,
): void {
  const rowBytes = <usize>nFeatures << 3;
  if (sums != 0) {
    memory.fill(sums, 0, <usize>k * rowBytes);
    memory.fill(counts, 0, <usize>k << 3);
  }
  let inertia = 0.0;
  let changed = 0;
  let exactRows = 0;
  if (!(load<f32>(screen) < Infinity)) {
    // No usable screen: every row gets its k exact distances.
    for (let i = start; i < end; i++) {
      const label = nearestExact(x + <usize>i * rowBytes, nFeatures, centroids, k);
      const labelAt = labels + (<usize>i << 2);
      if (load<i32>(labelAt) != label) changed++;
      store<i32>(labelAt, label);
      inertia += settleRow(x, nFeatures, i, label, centroids, weights, distances, sums, counts);
    }
    exactRows = end - start;
  } else {
    const halfNorms = screen + 16;
    const screenedCentroids = halfNorms + ((<usize>(k + 3) >> 2) << 4);
    const screenedCentroidBytes = <usize>nFeatures << 2;
    const blockBytes = <usize>nFeatures << 4; // one block of 4 screened rows
    const bound0 = v128.load32_splat(screen);
    const bound1 = v128.load32_splat(screen, 4);
    const bound2 = v128.load32_splat(screen, 8);
    const infinity = f32x4.splat(Infinity);
    const one = i32x4.splat(1);

    // Two blocks of 4 rows (A, B) against four centroids at a time: 8 accumulators, so each
    // loaded row feature serves 4 centroids and each loaded centroid feature serves 8 rows.
    for (let i = start; i < end; i += 8) {
      const rowsA = screenX + <usize>(i >> 2) * blockBytes;
      const rowsB = rowsA + blockBytes;
      let bestA = infinity, secondA = infinity, indexA = i32x4.splat(0);
      let bestB = infinity, secondB = infinity, indexB = i32x4.splat(0);
      let jv = i32x4.splat(0);
      let centroid = screenedCentroids;
      let j = 0;
      for (; j + 3 < k; j += 4) {
        const h = halfNorms + (<usize>j << 2);
        let a0 = v128.load32_splat(h), a1 = v128.load32_splat(h, 4), a2 = v128.load32_splat(h, 8), a3 = v128.load32_splat(h, 12);
        let b0 = a0, b1 = a1, b2 = a2, b3 = a3;
        for (let f = 0; f < nFeatures; f++) {
          const xa = v128.load(rowsA + (<usize>f << 4));
          const xb = v128.load(rowsB + (<usize>f << 4));
          const at = centroid + (<usize>f << 2);
          const c0 = v128.load32_splat(at);
          const c1 = v128.load32_splat(at + screenedCentroidBytes);
          const c2 = v128.load32_splat(at + 2 * screenedCentroidBytes);
          const c3 = v128.load32_splat(at + 3 * screenedCentroidBytes);
          a0 = f32x4.sub(a0, f32x4.mul(xa, c0));
          a1 = f32x4.sub(a1, f32x4.mul(xa, c1));
          a2 = f32x4.sub(a2, f32x4.mul(xa, c2));
          a3 = f32x4.sub(a3, f32x4.mul(xa, c3));
          b0 = f32x4.sub(b0, f32x4.mul(xb, c0));
          b1 = f32x4.sub(b1, f32x4.mul(xb, c1));
          b2 = f32x4.sub(b2, f32x4.mul(xb, c2));
          b3 = f32x4.sub(b3, f32x4.mul(xb, c3));
        }
        secondA = nextSecond(secondA, bestA, a0); indexA = nextIndex(indexA, bestA, a0, jv); bestA = f32x4.pmin(bestA, a0);
        secondB = nextSecond(secondB, bestB, b0); indexB = nextIndex(indexB, bestB, b0, jv); bestB = f32x4.pmin(bestB, b0);
        jv = i32x4.add(jv, one);
        secondA = nextSecond(secondA, bestA, a1); indexA = nextIndex(indexA, bestA, a1, jv); bestA = f32x4.pmin(bestA, a1);
        secondB = nextSecond(secondB, bestB, b1); indexB = nextIndex(indexB, bestB, b1, jv); bestB = f32x4.pmin(bestB, b1);
        jv = i32x4.add(jv, one);
        secondA = nextSecond(secondA, bestA, a2); indexA = nextIndex(indexA, bestA, a2, jv); bestA = f32x4.pmin(bestA, a2);
        secondB = nextSecond(secondB, bestB, b2); indexB = nextIndex(indexB, bestB, b2, jv); bestB = f32x4.pmin(bestB, b2);
        jv = i32x4.add(jv, one);
        secondA = nextSecond(secondA, bestA, a3); indexA = nextIndex(indexA, bestA, a3, jv); bestA = f32x4.pmin(bestA, a3);
        secondB = nextSecond(secondB, bestB, b3); indexB = nextIndex(indexB, bestB, b3, jv); bestB = f32x4.pmin(bestB, b3);
        jv = i32x4.add(jv, one);
        centroid += 4 * screenedCentroidBytes;
      }
      for (; j < k; j++) {
        let a0 = v128.load32_splat(halfNorms + (<usize>j << 2));
        let b0 = a0;
        for (let f = 0; f < nFeatures; f++) {
          const c0 = v128.load32_splat(centroid + (<usize>f << 2));
          a0 = f32x4.sub(a0, f32x4.mul(v128.load(rowsA + (<usize>f << 4)), c0));
          b0 = f32x4.sub(b0, f32x4.mul(v128.load(rowsB + (<usize>f << 4)), c0));
        }
        secondA = nextSecond(secondA, bestA, a0); indexA = nextIndex(indexA, bestA, a0, jv); bestA = f32x4.pmin(bestA, a0);
        secondB = nextSecond(secondB, bestB, b0); indexB = nextIndex(indexB, bestB, b0, jv); bestB = f32x4.pmin(bestB, b0);
        jv = i32x4.add(jv, one);
        centroid += screenedCentroidBytes;
      }

      // Bit r of `certain` says row i + r certainly keeps the screen's label.
      const norms = rowNorms + (<usize>i << 2);
      const certain =
        certainRows(bestA, secondA, v128.load(norms), bound0, bound1, bound2) |
        (certainRows(bestB, secondB, v128.load(norms, 16), bound0, bound1, bound2) << 4);

      // Labels: the screen's, then the exact ones of the uncertain rows; then count changes.
      const rows = min(end - i, 8);
      const inChunk = (1 << rows) - 1;
      const labelsAt = labels + (<usize>i << 2);
      const oldA = v128.load(labelsAt);
      const oldB = v128.load(labelsAt, 16);
      v128.store(labelsAt, indexA);
      v128.store(labelsAt, indexB, 16);
      let uncertain = ~certain & inChunk;
      exactRows += popcnt(uncertain);
      while (uncertain != 0) {
        const r = ctz(uncertain);
        store<i32>(labelsAt + (<usize>r << 2), nearestExact(x + <usize>(i + r) * rowBytes, nFeatures, centroids, k));
        uncertain &= uncertain - 1;
      }
      const changedRows = i32x4.bitmask(i32x4.ne(oldA, v128.load(labelsAt))) | (i32x4.bitmask(i32x4.ne(oldB, v128.load(labelsAt, 16))) << 4);
      changed += popcnt(changedRows & inChunk);

      for (let r = 0; r < rows; r++) {
        const label = load<i32>(labelsAt + (<usize>r << 2));
        inertia += settleRow(x, nFeatures, i + r, label, centroids, weights, distances, sums, counts);
      }
    }
  }
  store<f64>(totals, inertia);
  store<f64>(totals + 8, <f64>changed);
  store<f64>(totals + 16, <f64>exactRows);
  store<f64>(totals + 24, 0.0);
}

// Exact squared distance of each row in [start, end) to its labelled centroid, and the
// chunk's weighted inertia (rows in order). For a pass that skipped distances.
//   x          IN    nSamples×nFeatures f64
//   centroids  IN    k×nFeatures f64
//   weights    IN    nSamples f64, or 0 for unit weights
//   labels     IN    nSamples i32
//   distances  OUT   nSamples f64 (rows start..end written)
//   totals     OUT   4 f64: weighted inertia, 0, 0, 0
export function labelDistances(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  centroids: usize,
  weights: usize,
  labels: usize,
  distances: usize,
  totals: usize,
): void {
  const rowBytes = <usize>nFeatures << 3;
  let inertia = 0.0;
  for (let i = start; i < end; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    const d = squaredDistance(x + <usize>i * rowBytes, centroids + <usize>label * rowBytes, nFeatures);
    store<f64>(distances + (<usize>i << 3), d);
    inertia += (weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0) * d;
  }
  memory.fill(totals, 0, 32);
  store<f64>(totals, inertia);
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
