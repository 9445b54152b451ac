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
/** The screen's header (screenCentroids) before its half norms and coordinates. */
const SCREEN_HEADER_BYTES: usize = 32;
/** hamerlyChunk searches a block of 8 rows where it is when at least this many need it. */
const SEARCH_IN_PLACE: i32 = 5;
/** rowNorms' upper bound on ||x'|| times this is a lower bound (see screenRows). */
const NORM_LOW: f64 = 0.9999980926513672; // 1 - 2^-19
/** Centred and scaled norms beyond this could overflow the f32 screen: it is then not used. */
const SCREEN_MAX_NORM: f64 = 1099511627776.0; // 2^40

// THE ROWS' STORAGE. X holds f64 values, or f32 ones in the f32 build (the *-f32 targets of
// asconfig.json set ROW_BYTES = 4), where each value read is widened to f64, exactly: every
// computation above and below is the same, so the f32 build gives the f64 build's results for
// the rows rounded to f32, bit for bit, while X takes half the memory and a pass over it half
// the reads. Centroids, sums, distances and the screen are the same in both builds.
// @ts-ignore: decorator, and ROW_BYTES is given by asc's --use
@inline const ROW_VALUE: usize = ROW_BYTES;

// Bytes of one row of X.
// @ts-ignore: decorator
@inline
function rowBytesOf(nFeatures: i32): usize {
  return <usize>nFeatures * ROW_VALUE;
}

// The value of X at p, as an f64.
// @ts-ignore: decorator
@inline
function rowValue(p: usize): f64 {
  return ROW_VALUE == 4 ? <f64>load<f32>(p) : load<f64>(p);
}

// The two values of X at p, as an f64x2.
// @ts-ignore: decorator
@inline
function rowPair(p: usize): v128 {
  return ROW_VALUE == 4 ? f64x2.promote_low_f32x4(v128.load64_zero(p)) : v128.load(p);
}

// Squared distance between a row of X and a centroid (nFeatures f64), in squaredDistance's order.
// @ts-ignore: decorator
@inline
function rowDistance(row: usize, centroid: usize, nFeatures: i32): f64 {
  let acc = f64x2.splat(0.0);
  let f = 0;
  for (; f + 1 < nFeatures; f += 2) {
    const diff = f64x2.sub(rowPair(row + <usize>f * ROW_VALUE), v128.load(centroid + (<usize>f << 3)));
    acc = f64x2.add(acc, f64x2.mul(diff, diff));
  }
  let sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  if (f < nFeatures) {
    const diff = rowValue(row + <usize>f * ROW_VALUE) - load<f64>(centroid + (<usize>f << 3));
    sum += diff * diff;
  }
  return sum;
}

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

// The smaller of two distances (b when b < a, else a), without a branch: f64.min, which must
// also order NaNs and signed zeros, compiles to compares and jumps, and those mispredict when
// either side is as likely to be the smaller (measured: a k-means++ pass at d = 8 ran 3 times
// slower). The same value as min() for distances, which are never NaN or -0.
// @ts-ignore: decorator
@inline
function smaller(a: f64, b: f64): f64 {
  return f64x2.extract_lane(f64x2.pmin(f64x2.splat(a), f64x2.splat(b)), 0);
}

// Set by nearestExact: the exact squared distances to the nearest and the second nearest
// centroid (+Infinity when k = 1). Globals belong to the instance, and each thread has its own.
let exactBest: f64 = 0;
let exactSecond: f64 = 0;

// The contract's label of one row: all k exact distances, the first smallest wins.
function nearestExact(row: usize, nFeatures: i32, centroids: usize, k: i32): i32 {
  const centroidBytes = <usize>nFeatures << 3;
  let best = Infinity;
  let second = Infinity;
  let bestJ = 0;
  for (let j = 0; j < k; j++) {
    const d = rowDistance(row, centroids + <usize>j * centroidBytes, nFeatures);
    if (d < best) {
      second = best;
      best = d;
      bestJ = j;
    } else if (d < second) {
      second = d;
    }
  }
  exactBest = best;
  exactSecond = second;
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
//                   f32 copy, and at most (1 + 2^-21) times the latter, so that
//                   rowNorms·(1 - 2^-19) <= ||x'|| too
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
    const row = x + <usize>i * rowBytesOf(nFeatures);
    const lane = screenX + <usize>(i >> 2) * blockBytes + (<usize>(i & 3) << 2);
    let squares = 0.0;
    for (let f = 0; f < nFeatures; f++) {
      const value = <f32>((rowValue(row + <usize>f * ROW_VALUE) - load<f64>(mean + (<usize>f << 3))) * scale);
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
//   screen       OUT  32-byte header [f32 b0, b1, b2, 0, e0, e1, 0, 0] (b0 = +Infinity: do not
//                     use the screen; E <= e0 + e1·||x'||), then k f32 half squared norms
//                     ½||c'||² (padded to a multiple of 4), then the k×nFeatures f32
//                     coordinates c'
//
// The certificate. With x' = (x-m)s, c' = (c-m)s and V_j = ½||c'_j||² - x'·c'_j (exact reals),
// ||x - c_j||² = (||x'||² + 2 V_j) / s². The screen's value v_j (an f32 chain of d multiply-
// subtracts from ½||c'_j||²) differs from V_j by at most
//   E = (2d + 8)·2^-24 · C·(½C + ||x'||) + (2d + 4)·2^-149 · (1 + C + ||x'||)
// (d + 1 roundings along the chain, one of ½||c'||², two of x' and c' to f32, each relative
// 2^-24 or, below 2^-126, absolute 2^-150; C bounds every ||c'||, requires (d+1)·2^-24 <= 1/64),
// plus, for k <= EMBED_MAX_K, what the index embedded in the values' low bits adds (below).
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
  const halfNorms = screen + SCREEN_HEADER_BYTES;
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
  // With a k-centroid index embedded in its m low bits (screenBlock), each value is off by a
  // further 2^(m-23) of its magnitude at most (below 2^-126: 2^m·2^-149), and its magnitude is
  // at most ½C² + C·||x'|| + E: 2^(m+2)·2^-24 covers both terms with room.
  const embedded: f64 = k <= EMBED_MAX_K ? <f64>(1 << indexBits(k)) : 0.0;
  const errorScale = (2.0 * d + 8.0 + 4.0 * embedded) * U32;
  const underflowScale = (2.0 * d + 4.0 + embedded) * F32_UNDERFLOW;
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
  store<f32>(screen, f32RoundedUp(a * SLACK), 16);
  store<f32>(screen, f32RoundedUp(b * SLACK), 20);
  store<f64>(screen, 0, 24);
}

// Whether screenCentroids found the screen usable (b0 < +Infinity; false for NaN too).
// @ts-ignore: decorator
@inline
function screenUsable(screen: usize): bool {
  return load<f32>(screen) < Infinity;
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

// Results of the last screenBlock call (the instance's own, so each thread has its own): for
// the two blocks A and B of 4 rows, each row's best and second-best screen values and the
// index of its best centroid (on a tie, any of them: the certificate then fails anyway).
let screenedBestA: v128 = i32x4(0, 0, 0, 0);
let screenedSecondA: v128 = i32x4(0, 0, 0, 0);
let screenedIndexA: v128 = i32x4(0, 0, 0, 0);
let screenedBestB: v128 = i32x4(0, 0, 0, 0);
let screenedSecondB: v128 = i32x4(0, 0, 0, 0);
let screenedIndexB: v128 = i32x4(0, 0, 0, 0);

// The screen of two blocks of 4 rows (rowsA, rowsB: nFeatures×4 f32 each, screenRows' layout)
// against all k centroids of `screen` (screenCentroids). Two blocks against four centroids at
// a time: 8 accumulators, so each loaded row feature serves 4 centroids and each loaded
// centroid feature serves 8 rows.
// With out != 0, also writes every value: centroid j's at out + 32j, rows A then rows B.
// Inlined: as a call, once per 8 rows, it cost 3-5% of a pass at d = 2 (measured).
// @ts-ignore: decorator
@inline
function screenBlock(rowsA: usize, rowsB: usize, nFeatures: i32, k: i32, screen: usize, out: usize): void {
  if (k <= EMBED_MAX_K) rankBlock<Embedded>(rowsA, rowsB, nFeatures, k, screen, out);
  else rankBlock<Tracked>(rowsA, rowsB, nFeatures, k, screen, out);
}

// Up to this many centroids, screenBlock embeds each centroid's index in the low bits of its
// values (see screenCentroids for the cost to the certificate): the running minimum then
// carries its index along, which saves following it with a compare and a select.
const EMBED_MAX_K: i32 = 256;

// Bits that hold an index below k.
// @ts-ignore: decorator
@inline
function indexBits(k: i32): i32 {
  return k > 1 ? 32 - clz(k - 1) : 0;
}

// How screenBlock follows each row's best index: embedded in the values, or tracked beside
// them. Marker types, so that each way is compiled on its own (a plain bool argument stayed
// a branch taken at run time).
class Embedded {}
class Tracked {}

// @ts-ignore: decorator
@inline
function rankBlock<Mode>(rowsA: usize, rowsB: usize, nFeatures: i32, k: i32, screen: usize, out: usize): void {
  const embedded = idof<Mode>() == idof<Embedded>();
  const halfNorms = screen + SCREEN_HEADER_BYTES;
  const screenedCentroidBytes = <usize>nFeatures << 2;
  const infinity = f32x4.splat(Infinity);
  const one = i32x4.splat(1);
  const low = i32x4.splat(embedded ? (1 << indexBits(k)) - 1 : 0);
  const high = v128.not(low);
  let centroid = halfNorms + ((<usize>(k + 3) >> 2) << 4);
  let bestA = infinity, secondA = infinity, indexA = i32x4.splat(0);
  let bestB = infinity, secondB = infinity, indexB = i32x4.splat(0);
  let jv = i32x4.splat(0);
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
    if (out != 0) {
      const at = out + (<usize>j << 5);
      v128.store(at, a0); v128.store(at, b0, 16);
      v128.store(at, a1, 32); v128.store(at, b1, 48);
      v128.store(at, a2, 64); v128.store(at, b2, 80);
      v128.store(at, a3, 96); v128.store(at, b3, 112);
    }
    if (embedded) {
      a0 = withIndex(a0, high, jv); b0 = withIndex(b0, high, jv); jv = i32x4.add(jv, one);
      a1 = withIndex(a1, high, jv); b1 = withIndex(b1, high, jv); jv = i32x4.add(jv, one);
      a2 = withIndex(a2, high, jv); b2 = withIndex(b2, high, jv); jv = i32x4.add(jv, one);
      a3 = withIndex(a3, high, jv); b3 = withIndex(b3, high, jv); jv = i32x4.add(jv, one);
      secondA = nextSecond(secondA, bestA, a0); bestA = f32x4.pmin(bestA, a0);
      secondB = nextSecond(secondB, bestB, b0); bestB = f32x4.pmin(bestB, b0);
      secondA = nextSecond(secondA, bestA, a1); bestA = f32x4.pmin(bestA, a1);
      secondB = nextSecond(secondB, bestB, b1); bestB = f32x4.pmin(bestB, b1);
      secondA = nextSecond(secondA, bestA, a2); bestA = f32x4.pmin(bestA, a2);
      secondB = nextSecond(secondB, bestB, b2); bestB = f32x4.pmin(bestB, b2);
      secondA = nextSecond(secondA, bestA, a3); bestA = f32x4.pmin(bestA, a3);
      secondB = nextSecond(secondB, bestB, b3); bestB = f32x4.pmin(bestB, b3);
    } else {
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
    }
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
    if (out != 0) {
      v128.store(out + (<usize>j << 5), a0);
      v128.store(out + (<usize>j << 5), b0, 16);
    }
    if (embedded) {
      a0 = withIndex(a0, high, jv);
      b0 = withIndex(b0, high, jv);
    } else {
      indexA = nextIndex(indexA, bestA, a0, jv);
      indexB = nextIndex(indexB, bestB, b0, jv);
    }
    secondA = nextSecond(secondA, bestA, a0); bestA = f32x4.pmin(bestA, a0);
    secondB = nextSecond(secondB, bestB, b0); bestB = f32x4.pmin(bestB, b0);
    jv = i32x4.add(jv, one);
    centroid += screenedCentroidBytes;
  }
  if (embedded) {
    indexA = v128.and(bestA, low);
    indexB = v128.and(bestB, low);
  }
  screenedBestA = bestA;
  screenedSecondA = secondA;
  screenedIndexA = indexA;
  screenedBestB = bestB;
  screenedSecondB = secondB;
  screenedIndexB = indexB;
}

// A screen value with its low bits replaced by the centroid index in `index`.
// @ts-ignore: decorator
@inline
function withIndex(value: v128, high: v128, index: v128): v128 {
  return v128.or(v128.and(value, high), index);
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
  const centroidBytes = <usize>nFeatures << 3;
  const row = x + <usize>i * rowBytesOf(nFeatures);
  const w = weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0;
  let weightedDistance = 0.0;
  if (distances != 0) {
    const d = rowDistance(row, centroids + <usize>label * centroidBytes, nFeatures);
    store<f64>(distances + (<usize>i << 3), d);
    weightedDistance = w * d;
  }
  if (sums != 0) {
    const sumRow = sums + <usize>label * centroidBytes;
    const countAt = counts + (<usize>label << 3);
    store<f64>(countAt, load<f64>(countAt) + w);
    if (weights == 0) addRow(sumRow, row, nFeatures);
    else addWeightedRow(sumRow, row, nFeatures, w);
  }
  return weightedDistance;
}

// sum += x over nFeatures (a row of X into f64 sums): the w·x of the contract with w = 1,
// which is x exactly. Eight features a step with constant offsets: this add is half of a Lloyd
// pass's work at small d, and the loop's own address arithmetic would otherwise cost as much
// as the adds.
// @ts-ignore: decorator
@inline
function addRow(sum: usize, x: usize, nFeatures: i32): void {
  if (nFeatures == 2) {
    v128.store(sum, f64x2.add(v128.load(sum), rowPair(x)));
    return;
  }
  let f = 0;
  for (; f + 7 < nFeatures; f += 8) {
    const s = sum + (<usize>f << 3);
    const r = x + <usize>f * ROW_VALUE;
    v128.store(s, f64x2.add(v128.load(s), rowPair(r)));
    v128.store(s, f64x2.add(v128.load(s, 16), rowPair(r + 2 * ROW_VALUE)), 16);
    v128.store(s, f64x2.add(v128.load(s, 32), rowPair(r + 4 * ROW_VALUE)), 32);
    v128.store(s, f64x2.add(v128.load(s, 48), rowPair(r + 6 * ROW_VALUE)), 48);
  }
  for (; f + 1 < nFeatures; f += 2) {
    const offset = <usize>f << 3;
    v128.store(sum + offset, f64x2.add(v128.load(sum + offset), rowPair(x + <usize>f * ROW_VALUE)));
  }
  if (f < nFeatures) {
    const offset = <usize>f << 3;
    store<f64>(sum + offset, load<f64>(sum + offset) + rowValue(x + <usize>f * ROW_VALUE));
  }
}

// sum += w·x over nFeatures (a row of X into f64 sums).
// @ts-ignore: decorator
@inline
function addWeightedRow(sum: usize, x: usize, nFeatures: i32, w: f64): void {
  const wv = f64x2.splat(w);
  let f = 0;
  for (; f + 1 < nFeatures; f += 2) {
    const offset = <usize>f << 3;
    v128.store(sum + offset, f64x2.add(v128.load(sum + offset), f64x2.mul(rowPair(x + <usize>f * ROW_VALUE), wv)));
  }
  if (f < nFeatures) {
    const offset = <usize>f << 3;
    store<f64>(sum + offset, load<f64>(sum + offset) + rowValue(x + <usize>f * ROW_VALUE) * w);
  }
}

// PARTIAL SUMS. A chunk's sums and counts for a cluster add that cluster's rows of the chunk
// in row order, so while no row of the chunk joins or leaves the cluster they are the same
// bits as last pass: a pass only recomputes the clusters its label changes made "dirty".

// Marks the clusters a row left and joined. A row without a label yet (old = -1) says the
// partials may belong to other labels altogether: all k clusters are marked.
// @ts-ignore: decorator
@inline
function markMoved(dirty: usize, k: i32, old: i32, label: i32): void {
  if (old < 0) memory.fill(dirty, 1, <usize>k);
  else store<u8>(dirty + <usize>old, 1);
  store<u8>(dirty + <usize>label, 1);
}

// The end of a pass over rows [start, end) whose labels are set: each row's exact distance
// (when distances != 0) and, when sums != 0, the partial sums and counts of the dirty clusters
// (all of them unless current != 0). Clears dirty. Returns the weighted inertia (0 without
// distances).
// @ts-ignore: decorator
@inline
function settleChunk(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  centroids: usize,
  k: i32,
  weights: usize,
  labels: usize,
  distances: usize,
  dirty: usize,
  current: i32,
  sums: usize,
  counts: usize,
): f64 {
  const rowBytes = rowBytesOf(nFeatures);
  const sumBytes = <usize>nFeatures << 3;
  let nDirty = 0;
  if (sums != 0) {
    if (current == 0) memory.fill(dirty, 1, <usize>k);
    for (let j = 0; j < k; j++) nDirty += <i32>load<u8>(dirty + <usize>j);
    // With most clusters to recompute, recomputing them all costs no more rows, and whole
    // blocks of 8 rows then settle without looking up whether each row's cluster is dirty.
    const whole = weights == 0 && distances == 0 && nDirty * 2 > k;
    if (whole) {
      memory.fill(dirty, 1, <usize>k);
      nDirty = k;
    }
    for (let j = 0; j < k; j++) {
      if (load<u8>(dirty + <usize>j) != 0) {
        memory.fill(sums + <usize>j * sumBytes, 0, sumBytes);
        store<f64>(counts + (<usize>j << 3), 0.0);
      }
    }
    if (whole) {
      let i = start;
      for (; i + 8 <= end; i += 8) {
        const labelsAt = labels + (<usize>i << 2);
        settleUnitBlock(x + <usize>i * rowBytes, nFeatures, v128.load(labelsAt), v128.load(labelsAt, 16), sums, counts);
      }
      for (; i < end; i++) settleUnitRow(x + <usize>i * rowBytes, nFeatures, load<i32>(labels + (<usize>i << 2)), sums, counts);
      memory.fill(dirty, 0, <usize>k + 1);
      return 0.0;
    }
  }
  let inertia = 0.0;
  // Late in a run most chunks have no row that moved: nothing to add up, so no rows to read.
  if (distances == 0 && nDirty == 0) {
    memory.fill(dirty, 0, <usize>k + 1);
    return inertia;
  }
  for (let i = start; i < end; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    const summed = sums != 0 && load<u8>(dirty + <usize>label) != 0;
    if (distances != 0 || summed) inertia += settleRow(x, nFeatures, i, label, centroids, weights, distances, summed ? sums : 0, counts);
  }
  memory.fill(dirty, 0, <usize>k + 1);
  return inertia;
}

// The fused settle of a whole block of 8 rows with unit weights and no distances: each row
// added to its cluster's sum (in row order, as settleRow does), its count by one.
// @ts-ignore: decorator
@inline
function settleUnitBlock(rows: usize, nFeatures: i32, labelsA: v128, labelsB: v128, sums: usize, counts: usize): void {
  const rowBytes = rowBytesOf(nFeatures);
  settleUnitRow(rows, nFeatures, i32x4.extract_lane(labelsA, 0), sums, counts);
  settleUnitRow(rows + rowBytes, nFeatures, i32x4.extract_lane(labelsA, 1), sums, counts);
  settleUnitRow(rows + 2 * rowBytes, nFeatures, i32x4.extract_lane(labelsA, 2), sums, counts);
  settleUnitRow(rows + 3 * rowBytes, nFeatures, i32x4.extract_lane(labelsA, 3), sums, counts);
  settleUnitRow(rows + 4 * rowBytes, nFeatures, i32x4.extract_lane(labelsB, 0), sums, counts);
  settleUnitRow(rows + 5 * rowBytes, nFeatures, i32x4.extract_lane(labelsB, 1), sums, counts);
  settleUnitRow(rows + 6 * rowBytes, nFeatures, i32x4.extract_lane(labelsB, 2), sums, counts);
  settleUnitRow(rows + 7 * rowBytes, nFeatures, i32x4.extract_lane(labelsB, 3), sums, counts);
}

// @ts-ignore: decorator
@inline
function settleUnitRow(row: usize, nFeatures: i32, label: i32, sums: usize, counts: usize): void {
  const countAt = counts + (<usize>label << 3);
  store<f64>(countAt, load<f64>(countAt) + 1.0);
  addRow(sums + ((<usize>label * <usize>nFeatures) << 3), row, nFeatures);
}

// markMoved for the rows of a block of 8 whose bit is set in `moved`, given their old and new
// labels (lanes of oldA, oldB and newA, newB). Without branches, which would mispredict: a row
// that did not move marks the spare byte after the k clusters' instead.
// @ts-ignore: decorator
@inline
function markBlockMoved(dirty: usize, k: i32, moved: i32, oldA: v128, oldB: v128, newA: v128, newB: v128): void {
  if ((i32x4.bitmask(oldA) | (i32x4.bitmask(oldB) << 4)) & moved) {
    memory.fill(dirty, 1, <usize>k); // a row had no label (-1): see markMoved
    return;
  }
  const spare = <i32>k;
  markLane(dirty, moved & 1, i32x4.extract_lane(oldA, 0), i32x4.extract_lane(newA, 0), spare);
  markLane(dirty, moved & 2, i32x4.extract_lane(oldA, 1), i32x4.extract_lane(newA, 1), spare);
  markLane(dirty, moved & 4, i32x4.extract_lane(oldA, 2), i32x4.extract_lane(newA, 2), spare);
  markLane(dirty, moved & 8, i32x4.extract_lane(oldA, 3), i32x4.extract_lane(newA, 3), spare);
  markLane(dirty, moved & 16, i32x4.extract_lane(oldB, 0), i32x4.extract_lane(newB, 0), spare);
  markLane(dirty, moved & 32, i32x4.extract_lane(oldB, 1), i32x4.extract_lane(newB, 1), spare);
  markLane(dirty, moved & 64, i32x4.extract_lane(oldB, 2), i32x4.extract_lane(newB, 2), spare);
  markLane(dirty, moved & 128, i32x4.extract_lane(oldB, 3), i32x4.extract_lane(newB, 3), spare);
}

// @ts-ignore: decorator
@inline
function markLane(dirty: usize, moved: i32, old: i32, label: i32, spare: i32): void {
  store<u8>(dirty + <usize>select(old, spare, moved), 1);
  store<u8>(dirty + <usize>select(label, spare, moved), 1);
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
//   dirty      WORK  k + 2 u8, this chunk's own: k + 1 flags, 0 between calls (see PARTIAL
//                    SUMS), then whether the chunk's labels moved in its last assignChunk
//   current    IN    1 when sums and counts hold this chunk's partials for the labels as they
//                    are (the last pass that wrote these labels updated them), else 0
//   sums       INOUT k×nFeatures f64, this chunk's weighted sums per cluster, or 0 to skip the
//                    update
//   counts     INOUT k f64, this chunk's total weight per cluster (when sums != 0)
//   totals     OUT   4 f64: weighted inertia, rows whose label changed, rows the screen could
//                    not settle (they got all k exact distances), rows searched (all of them)
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
  dirty: usize,
  current: i32,
  sums: usize,
  counts: usize,
  totals: usize,
): void {
  const rowBytes = rowBytesOf(nFeatures);
  let changed = 0;
  let exactRows = 0;
  let fused = false;
  let inertia = 0.0;
  if (!screenUsable(screen)) {
    // No usable screen: every row gets its k exact distances.
    for (let i = start; i < end; i++) {
      const label = nearestExact(x + <usize>i * rowBytes, nFeatures, centroids, k);
      const labelAt = labels + (<usize>i << 2);
      const old = load<i32>(labelAt);
      if (old != label) {
        changed++;
        markMoved(dirty, k, old, label);
      }
      store<i32>(labelAt, label);
    }
    exactRows = end - start;
  } else {
    const blockBytes = <usize>nFeatures << 4; // one block of 4 screened rows
    const bound0 = v128.load32_splat(screen);
    const bound1 = v128.load32_splat(screen, 4);
    const bound2 = v128.load32_splat(screen, 8);
    // Settling each block of 8 as soon as its labels are known (every cluster recomputed)
    // reads the f64 rows while the screen computes, rather than in a pass of their own that
    // waits on memory. Worth it unless the chunk's labels stood still last pass: then only the
    // clusters they make dirty are recomputed, after the loop (see PARTIAL SUMS).
    fused = sums != 0 && (current == 0 || load<u8>(dirty + <usize>k + 1) != 0);
    if (fused) {
      memory.fill(sums, 0, (<usize>k * <usize>nFeatures) << 3);
      memory.fill(counts, 0, <usize>k << 3);
    }
    for (let i = start; i < end; i += 8) {
      const rowsA = screenX + <usize>(i >> 2) * blockBytes;
      screenBlock(rowsA, rowsA + blockBytes, nFeatures, k, screen, 0);

      // Bit r of `certain` says row i + r certainly keeps the screen's label.
      const norms = rowNorms + (<usize>i << 2);
      const certain =
        certainRows(screenedBestA, screenedSecondA, v128.load(norms), bound0, bound1, bound2) |
        (certainRows(screenedBestB, screenedSecondB, v128.load(norms, 16), bound0, bound1, bound2) << 4);

      // Labels: the screen's, then the exact ones of the uncertain rows; then count changes.
      const rows = min(end - i, 8);
      const inChunk = (1 << rows) - 1;
      const labelsAt = labels + (<usize>i << 2);
      const oldA = v128.load(labelsAt);
      const oldB = v128.load(labelsAt, 16);
      let newA = screenedIndexA;
      let newB = screenedIndexB;
      let uncertain = ~certain & inChunk;
      if (uncertain != 0) {
        exactRows += popcnt(uncertain);
        v128.store(labelsAt, newA);
        v128.store(labelsAt, newB, 16);
        while (uncertain != 0) {
          const r = ctz(uncertain);
          store<i32>(labelsAt + (<usize>r << 2), nearestExact(x + <usize>(i + r) * rowBytes, nFeatures, centroids, k));
          uncertain &= uncertain - 1;
        }
        newA = v128.load(labelsAt);
        newB = v128.load(labelsAt, 16);
      }
      const differs = i32x4.bitmask(i32x4.ne(oldA, newA)) | (i32x4.bitmask(i32x4.ne(oldB, newB)) << 4);
      // Labels are written only when they change (the padding past the chunk's end too):
      // a pass that moves few rows then dirties few cache lines.
      if (differs != 0) {
        v128.store(labelsAt, newA);
        v128.store(labelsAt, newB, 16);
      }
      const moved = differs & inChunk;
      changed += popcnt(moved);
      // Settled as it goes, a fused pass recomputes every cluster: nothing to mark.
      if (moved != 0 && !fused) markBlockMoved(dirty, k, moved, oldA, oldB, newA, newB);
      if (fused && rows == 8 && weights == 0 && distances == 0) {
        settleUnitBlock(x + <usize>i * rowBytes, nFeatures, newA, newB, sums, counts);
      } else if (fused) {
        for (let r = 0; r < rows; r++) {
          inertia += settleRow(x, nFeatures, i + r, load<i32>(labelsAt + (<usize>r << 2)), centroids, weights, distances, sums, counts);
        }
      }
    }
  }
  if (fused) memory.fill(dirty, 0, <usize>k + 1);
  else inertia = settleChunk(x, nFeatures, start, end, centroids, k, weights, labels, distances, dirty, current, sums, counts);
  // Whether this chunk's labels moved, for the next pass's choice of settling.
  store<u8>(dirty + <usize>k + 1, changed != 0 ? 1 : 0);
  store<f64>(totals, inertia);
  store<f64>(totals + 8, <f64>changed);
  store<f64>(totals + 16, <f64>exactRows);
  store<f64>(totals + 24, <f64>(end - start));
}

// HAMERLY'S BOUNDS (Hamerly 2010, "Making k-means even faster"). Each row keeps an upper
// bound u on its distance to its own centroid a and a lower bound l on its distance to every
// other centroid; centroids keep half the distance to their nearest other centroid, s. After
// the centroids move, u grows by a's move and l shrinks by the largest other move; while
// u < max(l, s_a) the row's label cannot change and no distance is computed. The bounds are
// conservative in floating point: every stored u is rounded up and every l and s down, and a
// label is kept only when
//   u·(1 + μ) + τ < max(l, s_a),   μ = (4d + 40)·2^-53, τ = 2^-500,
// which leaves room for the exact f64 distances' own relative error ((d + 8)·2^-53) and
// underflow, so a kept label is exactly the one the contract's exact distances would give:
// the pass yields the labels, sums and counts of assignChunk, bit for bit.
const TINY_DISTANCE: f64 = 3.0549363634996047e-151; // 2^-500, τ above
const ROUND_UP: f64 = 1.0000000000000004; // 1 + 2^-51: one f64 rounding, with room
const ROUND_DOWN: f64 = 0.9999999999999996; // 1 - 2^-51

// An upper bound on `unit` (a power of two) times the distance whose squared distance is
// `squared`, up to a relative error covered by mu (τ covers underflow).
// @ts-ignore: decorator
@inline
function upperDistance(squared: f64, mu: f64, unit: f64 = 1.0): f64 {
  return Math.sqrt(squared) * (1.0 + mu) * unit + TINY_DISTANCE;
}

// A lower bound likewise. A squared distance that overflowed to +Infinity still means a
// distance of at least 1e154.
// @ts-ignore: decorator
@inline
function lowerDistance(squared: f64, mu: f64, unit: f64 = 1.0): f64 {
  return Math.sqrt(min(squared, 1e308)) * (1.0 - mu) * unit - TINY_DISTANCE;
}

// What a lower bound must exceed for a row with upper bound u to keep its label: u with room
// for the exact distances' rounding (μ) and underflow (τ).
// @ts-ignore: decorator
@inline
function keepBound(u: f64, mu: f64): f64 {
  return u * (1.0 + mu) + TINY_DISTANCE;
}

// Whether a row with upper bound u and lower bound z (on every other centroid) keeps its label.
// @ts-ignore: decorator
@inline
function keepsLabel(u: f64, z: f64, mu: f64): bool {
  return keepBound(u, mu) < z;
}

// How far each centroid moved, and how far each one is from its nearest other one.
//   previous   IN   k×nFeatures f64, the centroids of the last pass, or 0 for none (no move)
//   current    IN   k×nFeatures f64, the centroids of the next pass
//   motion     OUT  2k f64: k upper bounds on ||current_j - previous_j||, then k lower bounds
//                   on ½ min over j' != j of ||current_j - current_j'||
export function centroidMotion(previous: usize, current: usize, nFeatures: i32, k: i32, motion: usize): void {
  const rowBytes = <usize>nFeatures << 3;
  const mu = <f64>(4 * nFeatures + 40) * U64;
  const separations = motion + (<usize>k << 3);
  for (let j = 0; j < k; j++) {
    const centroid = current + <usize>j * rowBytes;
    const move = previous != 0 ? upperDistance(squaredDistance(centroid, previous + <usize>j * rowBytes, nFeatures), mu) : 0.0;
    store<f64>(motion + (<usize>j << 3), move);
    let nearest = Infinity;
    for (let other = 0; other < k; other++) {
      if (other != j) nearest = min(nearest, squaredDistance(centroid, current + <usize>other * rowBytes, nFeatures));
    }
    store<f64>(separations + (<usize>j << 3), 0.5 * lowerDistance(nearest, mu));
  }
}

// Scratch of a chunk's hamerlyChunk calls (160 + 32·nFeatures + 4·rows bytes): the rows that
// need a full search, 8 at a time, and the list of rows whose bounds fail.
const GATHERED_ROWS = 0; // 8 i32: their row indices
const GATHERED_NORMS = 32; // 8 f32: their rowNorms
const GATHERED_RESULTS = 64; // 6 v128: screenBlock's results, spilled so lanes can be indexed
const GATHERED_BLOCKS = 160; // 2 blocks of 4 screened rows (2 × 16·nFeatures bytes), then
// end - start i32: the rows whose bounds fail

// One fit pass over rows [start, end) with Hamerly's bounds: the labels, sums and counts of
// assignChunk (bit for bit), computing distances only for rows whose bounds do not settle them.
// Those are searched with the screen 8 at a time (all k exact distances when it cannot decide,
// as in assignChunk), which also gives their new bounds. Sums and counts are only recomputed for the clusters
// whose rows in this chunk changed: the others' would add the same rows in the same order.
//   x, weights, screenX, rowNorms, screen: as for assignChunk
//   scale       IN    as given to screenRows
//   centroids   IN    k×nFeatures f64, the centroids `motion` moved to
//   labels      INOUT nSamples i32 (-1 before the first pass)
//   upper       INOUT nSamples f64, >= each row's distance to its centroid (+Infinity at first)
//   lower       INOUT nSamples f64, <= each row's distance to every other centroid (0 at first)
//   motion      IN    2k f64 from centroidMotion(last pass's centroids, centroids)
//   scratch     WORK  160 + 32·nFeatures + 4·(end - start) bytes, 16-byte aligned, this
//                     chunk's own
//   dirty, current, sums, counts: as for assignChunk (sums required)
//   totals      OUT   4 f64: 0 (no inertia), rows whose label changed, rows given all k exact
//                     distances, rows searched
export function hamerlyChunk(
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
  scale: f64,
  labels: usize,
  upper: usize,
  lower: usize,
  motion: usize,
  scratch: usize,
  dirty: usize,
  current: i32,
  sums: usize,
  counts: usize,
  totals: usize,
): void {
  const mu = <f64>(4 * nFeatures + 40) * U64;
  const separations = motion + (<usize>k << 3);
  // The largest move, its centroid, and the largest move of any other centroid.
  let farthest = -1;
  let largestMove = 0.0;
  let secondMove = 0.0;
  for (let j = 0; j < k; j++) {
    const move = load<f64>(motion + (<usize>j << 3));
    if (move > largestMove) {
      secondMove = largestMove;
      largestMove = move;
      farthest = j;
    } else if (move > secondMove) {
      secondMove = move;
    }
  }

  memory.fill(totals, 0, 32);
  // 1. Move every row's bounds with the centroids; list the rows they no longer settle. Two
  //    rows at a time in f64x2 lanes, without a branch (the outcomes are data-dependent, and
  //    scalar max() and selects compile to branches): every row is stored in the list, only
  //    the count advances for the unsettled ones.
  const candidates = scratch + GATHERED_BLOCKS + (<usize>nFeatures << 5);
  const farthestV = i64x2.splat(farthest);
  const largestMoveV = f64x2.splat(largestMove);
  const secondMoveV = f64x2.splat(secondMove);
  const roundUp = f64x2.splat(ROUND_UP);
  const roundDown = f64x2.splat(ROUND_DOWN);
  const keepScale = f64x2.splat(1.0 + mu);
  const tiny = f64x2.splat(TINY_DISTANCE);
  const zero = f64x2.splat(0.0);
  let nCandidates = 0;
  for (let i = start; i < end; i += 2) {
    const second = i + 1 < end;
    const a0 = load<i32>(labels + (<usize>i << 2));
    const a1 = second ? load<i32>(labels + (<usize>i << 2), 4) : -1;
    // A row without a label yet (-1) reads centroid 0's entries and is never kept.
    const j0 = <usize>max(a0, 0) << 3;
    const j1 = <usize>max(a1, 0) << 3;
    const labelled = (a0 >= 0 ? 1 : 0) | (a1 >= 0 ? 2 : 0);
    const moves = f64x2.replace_lane(f64x2.splat(load<f64>(motion + j0)), 1, load<f64>(motion + j1));
    const u = f64x2.mul(f64x2.add(v128.load(upper + (<usize>i << 3)), moves), roundUp);
    const isFarthest = i64x2.eq(i64x2.replace_lane(i64x2.splat(<i64>a0), 1, <i64>a1), farthestV);
    let l = f64x2.sub(v128.load(lower + (<usize>i << 3)), v128.bitselect(secondMoveV, largestMoveV, isFarthest));
    l = v128.bitselect(f64x2.mul(l, roundDown), f64x2.mul(l, roundUp), f64x2.gt(l, zero));
    if (second) {
      v128.store(upper + (<usize>i << 3), u);
      v128.store(lower + (<usize>i << 3), l);
    } else {
      v128.store64_lane(upper + (<usize>i << 3), u, 0);
      v128.store64_lane(lower + (<usize>i << 3), l, 0);
    }
    const separations2 = f64x2.replace_lane(f64x2.splat(load<f64>(separations + j0)), 1, load<f64>(separations + j1));
    const z = f64x2.pmax(l, separations2);
    const kept = i64x2.bitmask(f64x2.lt(f64x2.add(f64x2.mul(u, keepScale), tiny), z)) & labelled;
    store<i32>(candidates + (<usize>nCandidates << 2), i);
    nCandidates += ~kept & 1;
    store<i32>(candidates + (<usize>nCandidates << 2), i + 1);
    nCandidates += (~kept >> 1) & <i32>second;
  }
  // 2. Search them: a block of 8 rows where it is when enough of it needs it, else gathered
  //    8 at a time. (Hamerly first tightens u with the exact distance to its centroid; with
  //    the screen, searching all k centroids costs about as much, so it goes straight there.)
  const blockBytes = <usize>nFeatures << 4; // one block of 4 screened rows
  const gatheredBlocks = scratch + GATHERED_BLOCKS;
  let gathered = 0;
  for (let c = 0; c < nCandidates; ) {
    // The listed rows of the block of 8 the next one falls in.
    const block = load<i32>(candidates + (<usize>c << 2)) & ~7;
    let lanes = 0;
    for (; c < nCandidates; c++) {
      const i = load<i32>(candidates + (<usize>c << 2));
      if (i >= block + 8) break;
      lanes |= 1 << (i - block);
    }
    if (popcnt(lanes) >= SEARCH_IN_PLACE) {
      const rowsA = screenX + <usize>(block >> 2) * blockBytes;
      searchRows(x, nFeatures, centroids, k, screen, scale, labels, upper, lower, scratch, dirty, rowsA, rowNorms + (<usize>block << 2), block, lanes, mu, totals, 0);
      continue;
    }
    for (; lanes != 0; lanes &= lanes - 1) {
      const row = block + ctz(lanes);
      store<i32>(scratch + GATHERED_ROWS + (<usize>gathered << 2), row);
      store<f32>(scratch + GATHERED_NORMS + (<usize>gathered << 2), load<f32>(rowNorms + (<usize>row << 2)));
      const from = screenX + <usize>(row >> 2) * blockBytes + (<usize>(row & 3) << 2);
      const to = gatheredBlocks + <usize>(gathered >> 2) * blockBytes + (<usize>(gathered & 3) << 2);
      for (let f = 0; f < nFeatures; f++) store<f32>(to + (<usize>f << 4), load<f32>(from + (<usize>f << 4)));
      if (++gathered == 8) {
        searchRows(x, nFeatures, centroids, k, screen, scale, labels, upper, lower, scratch, dirty, gatheredBlocks, scratch + GATHERED_NORMS, -1, 0xff, mu, totals, 0);
        gathered = 0;
      }
    }
  }
  if (gathered > 0) {
    searchRows(x, nFeatures, centroids, k, screen, scale, labels, upper, lower, scratch, dirty, gatheredBlocks, scratch + GATHERED_NORMS, -1, (1 << gathered) - 1, mu, totals, 0);
  }

  settleChunk(x, nFeatures, start, end, centroids, k, weights, labels, 0, dirty, current, sums, counts);
}

// The full search of up to 8 rows in two blocks of 4 screened rows (rowsA, then rowsB right
// after it) with their norms (8 f32): the rows of lanes whose bit is set in `lanes`, lane r
// being row firstRow + r, or the row gathered as the r-th in scratch when firstRow < 0. Each
// one gets its label (the screen's when certain, else from all k exact distances) and fresh
// bounds; a changed label marks its old and new cluster dirty. Adds the rows whose label
// changed, those given all k exact distances and those searched to totals[1], [2] and [3].
// With out != 0 (and a usable screen), screenBlock's values are left there (see screenBlock).
function searchRows(
  x: usize,
  nFeatures: i32,
  centroids: usize,
  k: i32,
  screen: usize,
  scale: f64,
  labels: usize,
  upper: usize,
  lower: usize,
  scratch: usize,
  dirty: usize,
  rowsA: usize,
  norms: usize,
  firstRow: i32,
  lanes: i32,
  mu: f64,
  totals: usize,
  out: usize,
): void {
  const rowBytes = rowBytesOf(nFeatures);
  const results = scratch + GATHERED_RESULTS;
  let certain = 0;
  if (screenUsable(screen)) {
    screenBlock(rowsA, rowsA + (<usize>nFeatures << 4), nFeatures, k, screen, out);
    const bound0 = v128.load32_splat(screen);
    const bound1 = v128.load32_splat(screen, 4);
    const bound2 = v128.load32_splat(screen, 8);
    certain =
      certainRows(screenedBestA, screenedSecondA, v128.load(norms), bound0, bound1, bound2) |
      (certainRows(screenedBestB, screenedSecondB, v128.load(norms, 16), bound0, bound1, bound2) << 4);
    v128.store(results, screenedIndexA);
    v128.store(results, screenedIndexB, 16);
    v128.store(results, screenedBestA, 32);
    v128.store(results, screenedBestB, 48);
    v128.store(results, screenedSecondA, 64);
    v128.store(results, screenedSecondB, 80);
  }
  const inverseScale = 1.0 / scale; // exact: a power of two
  let changed = 0;
  let exactRows = 0;
  for (let rest = lanes; rest != 0; rest &= rest - 1) {
    const r = ctz(rest);
    const i = firstRow >= 0 ? firstRow + r : load<i32>(scratch + GATHERED_ROWS + (<usize>r << 2));
    let label: i32;
    let l: f64;
    let u: f64;
    if ((certain >> r) & 1) {
      label = load<i32>(results + (<usize>r << 2));
      // From the screen alone (see screenCentroids): ||x - c||² = (||x'||² + 2V)/s² with V
      // within E of the screen's value, so the nearest distance is at most that of `best`,
      // and every other one at least that of `second`, with ||x'|| bounded by the row's norm
      // above and NORM_LOW times it below. `slack` covers the roundings (terms may cancel).
      const norm = <f64>load<f32>(norms + (<usize>r << 2));
      const best = <f64>load<f32>(results + 32 + (<usize>r << 2));
      const second = <f64>load<f32>(results + 64 + (<usize>r << 2));
      const e = <f64>load<f32>(screen, 16) + norm * <f64>load<f32>(screen, 20);
      const squares = norm * norm;
      const slack = 8.0 * U64 * (squares + 2.0 * (Math.abs(best) + min(Math.abs(second), F64_SAFE_DISTANCE) + e));
      u = upperDistance(max(squares + 2.0 * (best + e) + slack, 0.0), mu, inverseScale);
      l = lowerDistance(max(squares * (NORM_LOW * NORM_LOW) + 2.0 * (second - e) - slack, 0.0), mu, inverseScale);
    } else {
      label = nearestExact(x + <usize>i * rowBytes, nFeatures, centroids, k);
      u = upperDistance(exactBest, mu);
      l = lowerDistance(exactSecond, mu);
      exactRows++;
    }
    const labelAt = labels + (<usize>i << 2);
    const old = load<i32>(labelAt);
    if (old != label) {
      changed++;
      markMoved(dirty, k, old, label);
    }
    store<i32>(labelAt, label);
    store<f64>(upper + (<usize>i << 3), u);
    store<f64>(lower + (<usize>i << 3), l);
  }
  store<f64>(totals + 8, load<f64>(totals + 8) + <f64>changed);
  store<f64>(totals + 16, load<f64>(totals + 16) + <f64>exactRows);
  store<f64>(totals + 24, load<f64>(totals + 24) + <f64>popcnt(lanes));
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
  let inertia = 0.0;
  for (let i = start; i < end; i++) {
    const label = load<i32>(labels + (<usize>i << 2));
    const d = rowDistance(x + <usize>i * rowBytesOf(nFeatures), centroids + ((<usize>label * <usize>nFeatures) << 3), nFeatures);
    store<f64>(distances + (<usize>i << 3), d);
    inertia += (weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0) * d;
  }
  memory.fill(totals, 0, 32);
  store<f64>(totals, inertia);
}

// ELKAN'S BOUNDS (Elkan 2003, "Using the triangle inequality to accelerate k-means"). Each row
// keeps, besides Hamerly's upper bound u on its distance to its own centroid a, a lower bound
// L_j on its distance to every centroid j, and a row is searched only against the centroids j
// with u >= max(L_j, ½||c_a - c_j||). The bounds are kept lazily: a row's bounds are those of
// the pass given by its stamp, and the tables below say how far each centroid has moved since
// any pass (a sum of moves, rounded up), so a row that the global test u < s_a settles costs a
// few loads and no write. L is stored as f32 in the screen's scaled units (distance × scale,
// rounded down), so the n×k bounds take 4 bytes each. As for Hamerly, a label is kept only
// with the margins μ and τ, so the pass gives the labels, sums and counts of assignChunk, bit
// for bit.

/** Passes a row's stamp can refer to; elkanRebase starts the tables over when they run out. */
const ELKAN_STAMPS: i32 = 256;
const F32_DOWN: f32 = 0.9999997615814209; // 1 - 2^-22: f32 products rounded down with room
const F32_TINY: f32 = 7.888609052210118e-31; // 2^-100: smaller lower bounds are taken as 0

// Lower bounds L less the drifts, still lower bounds after f32 rounding: (L - drift)·(1 - 2^-22),
// or 0 below 2^-100. No operation meets a subnormal f32, which costs a hundred cycles or more.
// @ts-ignore: decorator
@inline
function lowered(bounds: v128, drift: v128, down: v128, tiny: v128): v128 {
  const difference = f32x4.sub(bounds, drift);
  return v128.and(f32x4.mul(f32x4.pmax(difference, tiny), down), f32x4.gt(difference, tiny));
}

// @ts-ignore: decorator
@inline
function paddedK(k: i32): i32 {
  return (k + 3) & ~3;
}

// The layout of elkanChunk's tables at `tables` (see elkanTables): gaps first, then the
// scaled drifts, then the unscaled ones.
// @ts-ignore: decorator
@inline
function driftScaledAt(tables: usize, k: i32): usize {
  return tables + <usize>k * <usize>paddedK(k) * 4;
}
// @ts-ignore: decorator
@inline
function driftUpAt(tables: usize, k: i32): usize {
  return driftScaledAt(tables, k) + <usize>ELKAN_STAMPS * <usize>paddedK(k) * 4;
}

/**
 * Bytes of the tables of elkanChunk for k centroids (TypeScript lays them out with this): the
 * layout of driftScaledAt and driftUpAt, in f64 arithmetic, so that a size past 2^31 bytes (k
 * above about 23,000: an i32 turned negative) or past wasm32's 4 GiB (k above 32,768: a usize
 * wraps) reaches the caller's memory check whole.
 */
export function elkanTablesBytes(k: i32): f64 {
  const kp = <f64>paddedK(k);
  return <f64>k * kp * 4 + <f64>ELKAN_STAMPS * kp * 4 + <f64>ELKAN_STAMPS * <f64>k * 8;
}

/** How many passes elkanChunk's tables can tell apart. */
export function elkanStamps(): i32 {
  return ELKAN_STAMPS;
}

// A value as an f32 at most as large (0 below 2^-120, negative values included).
// @ts-ignore: decorator
@inline
function f32RoundedDown(value: f64): f32 {
  return value < 7.52316384526264e-37 ? <f32>0 : <f32>(value * 0.9999997615814209);
}

// Elkan's f32 lower bound, in scaled units, on the distance whose exact squared distance is
// `squared`.
// @ts-ignore: decorator
@inline
function scaledLowerBound(squared: f64, mu: f64, scale: f64): f32 {
  return f32RoundedDown(lowerDistance(squared, mu) * scale);
}

// keepBound(u) in scaled units as an f32 at least as large, to compare with Elkan's bounds.
// @ts-ignore: decorator
@inline
function scaledKeepBound(u: f64, mu: f64, scale: f64): f32 {
  return f32RoundedUp(keepBound(u, mu) * scale);
}

// The tables of elkanChunk (elkanTablesBytes(k) bytes at `tables`), for the centroids of pass
// `pass`, given how far each one moved from the previous pass (motion, from centroidMotion):
//   gaps         k×paddedK f32: ½||c_a - c_j||·scale rounded down (0 for j = a, +Infinity
//                 for the padding)
//   driftScaled  ELKAN_STAMPS×paddedK f32: for a stamp s <= pass, an upper bound on how far
//                 each centroid moved from pass s to this one, ·scale (0 in the padding)
//   driftUp      ELKAN_STAMPS×k f64: the same, unscaled
// With pass == 0 the drifts start over (motion is not read).
export function elkanTables(centroids: usize, nFeatures: i32, k: i32, scale: f64, motion: usize, pass: i32, tables: usize): void {
  const kp = paddedK(k);
  const rowBytes = <usize>nFeatures << 3;
  const mu = <f64>(4 * nFeatures + 40) * U64;
  const gaps = tables;
  const driftScaled = driftScaledAt(tables, k);
  const driftUp = driftUpAt(tables, k);
  for (let a = 0; a < k; a++) {
    const row = gaps + <usize>a * <usize>kp * 4;
    for (let j = 0; j < kp; j++) {
      let gap: f32 = Infinity;
      if (j == a) gap = 0;
      else if (j < k) {
        const squared = squaredDistance(centroids + <usize>a * rowBytes, centroids + <usize>j * rowBytes, nFeatures);
        gap = f32RoundedDown(0.5 * lowerDistance(squared, mu) * scale);
      }
      store<f32>(row + (<usize>j << 2), gap);
    }
  }
  if (pass == 0) {
    memory.fill(driftUp, 0, <usize>k << 3);
    memory.fill(driftScaled, 0, <usize>kp << 2);
    return;
  }
  for (let s = 0; s <= pass; s++) {
    const up = driftUp + <usize>s * <usize>k * 8;
    const scaled = driftScaled + <usize>s * <usize>kp * 4;
    for (let j = 0; j < k; j++) {
      const drift = s == pass ? 0.0 : (load<f64>(up + (<usize>j << 3)) + load<f64>(motion + (<usize>j << 3))) * ROUND_UP;
      store<f64>(up + (<usize>j << 3), drift);
      store<f32>(scaled + (<usize>j << 2), drift == 0 ? <f32>0 : f32RoundedUp(drift * scale));
    }
    for (let j = k; j < kp; j++) store<f32>(scaled + (<usize>j << 2), 0);
  }
}

// Brings the bounds of rows [start, end) from their stamps to pass `pass` (stamp 0), so the
// tables can start over (elkanTables with pass 0) with the same centroids.
export function elkanRebase(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  k: i32,
  labels: usize,
  upper: usize,
  stamps: usize,
  bounds: usize,
  tables: usize,
): void {
  const kp = paddedK(k);
  const driftScaled = driftScaledAt(tables, k);
  const driftUp = driftUpAt(tables, k);
  const down = f32x4.splat(F32_DOWN);
  const tiny = f32x4.splat(F32_TINY);
  for (let i = start; i < end; i++) {
    const a = load<i32>(labels + (<usize>i << 2));
    const s = load<i32>(stamps + (<usize>i << 2));
    if (a >= 0) {
      const at = upper + (<usize>i << 3);
      store<f64>(at, (load<f64>(at) + load<f64>(driftUp + (<usize>s * <usize>k + <usize>a) * 8)) * ROUND_UP);
    }
    const row = bounds + <usize>i * <usize>kp * 4;
    const drift = driftScaled + <usize>s * <usize>kp * 4;
    for (let j = 0; j < kp; j += 4) {
      const offset = <usize>j << 2;
      v128.store(row + offset, lowered(v128.load(row + offset), v128.load(drift + offset), down, tiny));
    }
    store<i32>(stamps + (<usize>i << 2), 0);
  }
}

// Lower bounds on every centroid's distance (scaled) for a block of up to 8 rows, from the
// screen's values (screenBlock's `out`) and the rows' norms: with n = the row's norm (an upper
// bound on ||x'||, NORM_LOW·n a lower one) and E = e0 + e1·n,
//   s²||x - c_j||² >= (NORM_LOW·n)² + 2(v_j - E),
// evaluated in f32 less 2^-20 times the sum of the magnitudes involved (which covers the
// roundings of the few f32 operations), then the square root rounded down.
function screenedBounds(values: usize, k: i32, screen: usize, norms: usize, bounds: usize, boundBytes: usize, rows: i32): void {
  const e0 = f32x4.splat(load<f32>(screen, 16));
  const e1 = f32x4.splat(load<f32>(screen, 20));
  const low = f32x4.splat(<f32>(NORM_LOW * NORM_LOW * 0.9999995231628418)); // rounded down
  const two = f32x4.splat(2);
  const slackScale = f32x4.splat(<f32>9.5367431640625e-7); // 2^-20
  const down = f32x4.splat(F32_DOWN);
  const zero = f32x4.splat(0);
  const tiny = f32x4.splat(F32_TINY);
  for (let half = 0; half < 2; half++) {
    const n = v128.load(norms + (<usize>half << 4));
    const squares = f32x4.mul(f32x4.mul(n, n), low);
    const e = f32x4.add(e0, f32x4.mul(e1, n));
    const base = f32x4.sub(squares, f32x4.mul(two, e));
    const magnitude = f32x4.add(squares, f32x4.mul(two, e));
    for (let j = 0; j < k; j += 4) {
      // Centroids j..j+3 for rows 4·half..4·half+3, then transposed to one vector per row.
      let c0 = zero, c1 = zero, c2 = zero, c3 = zero;
      const at = values + (<usize>j << 5) + (<usize>half << 4);
      c0 = lowerFromScreen(v128.load(at), base, magnitude, two, slackScale, down, tiny);
      if (j + 1 < k) c1 = lowerFromScreen(v128.load(at, 32), base, magnitude, two, slackScale, down, tiny);
      if (j + 2 < k) c2 = lowerFromScreen(v128.load(at, 64), base, magnitude, two, slackScale, down, tiny);
      if (j + 3 < k) c3 = lowerFromScreen(v128.load(at, 96), base, magnitude, two, slackScale, down, tiny);
      const t0 = v128.shuffle<i32>(c0, c1, 0, 4, 1, 5);
      const t1 = v128.shuffle<i32>(c0, c1, 2, 6, 3, 7);
      const t2 = v128.shuffle<i32>(c2, c3, 0, 4, 1, 5);
      const t3 = v128.shuffle<i32>(c2, c3, 2, 6, 3, 7);
      const first = <i32>(half << 2);
      const column = <usize>j << 2;
      if (first < rows) v128.store(bounds + <usize>first * boundBytes + column, v128.shuffle<i64>(t0, t2, 0, 2));
      if (first + 1 < rows) v128.store(bounds + <usize>(first + 1) * boundBytes + column, v128.shuffle<i64>(t0, t2, 1, 3));
      if (first + 2 < rows) v128.store(bounds + <usize>(first + 2) * boundBytes + column, v128.shuffle<i64>(t1, t3, 0, 2));
      if (first + 3 < rows) v128.store(bounds + <usize>(first + 3) * boundBytes + column, v128.shuffle<i64>(t1, t3, 1, 3));
    }
  }
}

// @ts-ignore: decorator
@inline
function lowerFromScreen(value: v128, base: v128, magnitude: v128, two: v128, slackScale: v128, down: v128, tiny: v128): v128 {
  const twice = f32x4.mul(two, value);
  const slack = f32x4.mul(slackScale, f32x4.add(magnitude, f32x4.abs(twice)));
  const squared = f32x4.sub(f32x4.add(base, twice), slack);
  // Below 2^-100 the bound is 0 (no subnormal operands, see lowered).
  return v128.and(f32x4.mul(f32x4.sqrt(f32x4.pmax(squared, tiny)), down), f32x4.gt(squared, tiny));
}

// One fit pass over rows [start, end) with Elkan's bounds: the labels, sums and counts of
// assignChunk (bit for bit). Rows without a label (the first pass after a reset) are searched
// with the screen 8 at a time, as hamerlyChunk does, and their bounds start from its result.
//   x ... scale, labels, upper, lower, motion, scratch: as for hamerlyChunk (motion: from
//                 centroidMotion; lower is only used as scratch by the first pass)
//   stamps      INOUT nSamples i32: the pass each row's bounds belong to
//   bounds      INOUT nSamples×paddedK(k) f32: the rows' lower bounds L_j, scaled
//   tables      IN    elkanTables for this pass
//   pass        IN    this pass's number since the tables started (< ELKAN_STAMPS)
//   dirty, current, sums, counts: as for assignChunk (sums may be 0: no update)
//   totals      OUT   4 f64: 0, rows whose label changed, exact distances computed / k (in
//                     rows' worth), rows searched (any distance computed)
export function elkanChunk(
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
  scale: f64,
  labels: usize,
  upper: usize,
  lower: usize,
  motion: usize,
  scratch: usize,
  stamps: usize,
  bounds: usize,
  tables: usize,
  pass: i32,
  dirty: usize,
  current: i32,
  sums: usize,
  counts: usize,
  totals: usize,
): void {
  const kp = paddedK(k);
  const rowBytes = rowBytesOf(nFeatures);
  const centroidBytes = <usize>nFeatures << 3;
  const boundBytes = <usize>kp << 2;
  const mu = <f64>(4 * nFeatures + 40) * U64;
  const separations = motion + (<usize>k << 3);
  const gaps = tables;
  const driftScaled = driftScaledAt(tables, k);
  const driftUp = driftUpAt(tables, k);
  memory.fill(totals, 0, 32);

  // The first pass: the screen's search of hamerlyChunk, which leaves the screen's value of
  // every centroid; each one gives that centroid's lower bound (with the screen's error bound,
  // as for searchRows' bounds). Without a usable screen, every bound starts from the row's
  // second-nearest centroid.
  if (load<i32>(labels + (<usize>start << 2)) < 0) {
    const blockBytes = <usize>nFeatures << 4;
    const values = scratch + GATHERED_BLOCKS + (<usize>nFeatures << 5) + ((<usize>(end - start) * 4 + 15) & ~15);
    const screened = screenUsable(screen);
    for (let block = start; block < end; block += 8) {
      const rows = min(end - block, 8);
      const rowsA = screenX + <usize>(block >> 2) * blockBytes;
      searchRows(x, nFeatures, centroids, k, screen, scale, labels, upper, lower, scratch, dirty, rowsA, rowNorms + (<usize>block << 2), block, (1 << rows) - 1, mu, totals, values);
      if (screened) screenedBounds(values, k, screen, rowNorms + (<usize>block << 2), bounds + <usize>block * boundBytes, boundBytes, rows);
      for (let r = 0; r < rows; r++) {
        const i = block + r;
        const row = bounds + <usize>i * boundBytes;
        if (!screened) {
          const lb = f32x4.splat(f32RoundedDown(load<f64>(lower + (<usize>i << 3)) * scale));
          for (let j = 0; j < kp; j += 4) v128.store(row + (<usize>j << 2), lb);
          store<f32>(row + (<usize>load<i32>(labels + (<usize>i << 2)) << 2), 0);
        }
        store<i32>(stamps + (<usize>i << 2), pass);
      }
    }
    settleChunk(x, nFeatures, start, end, centroids, k, weights, labels, 0, dirty, current, sums, counts);
    return;
  }

  const down = f32x4.splat(F32_DOWN);
  const tiny = f32x4.splat(F32_TINY);
  let changed = 0;
  let distancesComputed = 0;
  let searched = 0;
  for (let i = start; i < end; i++) {
    const labelAt = labels + (<usize>i << 2);
    const a = load<i32>(labelAt);
    const s = load<i32>(stamps + (<usize>i << 2));
    let u = load<f64>(upper + (<usize>i << 3));
    if (s != pass) u = (u + load<f64>(driftUp + (<usize>s * <usize>k + <usize>a) * 8)) * ROUND_UP;
    if (keepsLabel(u, load<f64>(separations + (<usize>a << 3)), mu)) continue;

    // Bring L to this pass and list the centroids it does not rule out.
    const row = bounds + <usize>i * boundBytes;
    const drift = driftScaled + <usize>s * boundBytes;
    const gapRow = gaps + <usize>a * boundBytes;
    const uTest = f32x4.splat(scaledKeepBound(u, mu, scale));
    let candidates: u64 = 0;
    let beyond = 0; // candidates among centroids 64 and up
    for (let j = 0; j < kp; j += 4) {
      const offset = <usize>j << 2;
      const lb = lowered(v128.load(row + offset), v128.load(drift + offset), down, tiny);
      v128.store(row + offset, lb);
      let open = ~i32x4.bitmask(f32x4.lt(uTest, f32x4.max(lb, v128.load(gapRow + offset)))) & 15;
      if (a >= j && a < j + 4) open &= ~(1 << (a - j));
      if (j < 64) candidates |= <u64>open << <u64>j;
      else beyond |= open;
    }
    store<i32>(stamps + (<usize>i << 2), pass);
    if (candidates == 0 && beyond == 0) {
      store<f64>(upper + (<usize>i << 3), u);
      continue;
    }

    // Tighten u with the exact distance to a, then search the centroids still in the running,
    // keeping the contract's choice: the smallest exact squared distance, the first on ties.
    // The candidates are listed once, against the tightened bound, and the running best is
    // kept without branches: which centroid wins is data, and mispredictions cost more than
    // the few distances a bound on the running best would skip.
    const rowAt = x + <usize>i * rowBytes;
    let best = rowDistance(rowAt, centroids + <usize>a * centroidBytes, nFeatures);
    let bestJ = a;
    store<f32>(row + (<usize>a << 2), scaledLowerBound(best, mu, scale));
    const testA = f32x4.splat(scaledKeepBound(upperDistance(best, mu), mu, scale));
    distancesComputed++;
    searched++;
    for (let word = 0; word < kp; word += 64) {
      let rest: u64 = 0;
      for (let j = word; j < min(kp, word + 64); j += 4) {
        const offset = <usize>j << 2;
        const open = ~i32x4.bitmask(f32x4.lt(testA, f32x4.max(v128.load(row + offset), v128.load(gapRow + offset)))) & 15;
        rest |= <u64>open << <u64>(j - word);
      }
      if (a >= word && a < word + 64) rest &= ~(<u64>1 << <u64>(a - word));
      while (rest != 0) {
        const j = word + <i32>ctz(rest);
        rest &= rest - 1;
        const d = rowDistance(rowAt, centroids + <usize>j * centroidBytes, nFeatures);
        distancesComputed++;
        store<f32>(row + (<usize>j << 2), scaledLowerBound(d, mu, scale));
        const better = d < best || (d == best && j < bestJ);
        bestJ = select(j, bestJ, better);
        best = select(d, best, better);
      }
    }
    store<f64>(upper + (<usize>i << 3), upperDistance(best, mu));
    if (bestJ != a) {
      changed++;
      markMoved(dirty, k, a, bestJ);
      store<i32>(labelAt, bestJ);
    }
  }
  settleChunk(x, nFeatures, start, end, centroids, k, weights, labels, 0, dirty, current, sums, counts);
  store<f64>(totals + 8, <f64>changed);
  store<f64>(totals + 16, <f64>distancesComputed / <f64>k);
  store<f64>(totals + 24, <f64>searched);
}

// The k-means++ step for several candidate centres at once (rows of x), over rows [start, end):
// for each candidate, the chunk's weighted potential sum(w * min(closest, d(row, candidate))),
// added row after row; with update (one candidate), each row's closest becomes that minimum.
// One pass scores all candidates, four at a time, while each row is in cache.
//   x           IN     nSamples×nFeatures f64
//   candidates  IN     nCandidates i32 row indices (nCandidates <= SCORED_CANDIDATES)
//   closest     INOUT  nSamples f64 (+Infinity before any centre; written only with update)
//   weights     IN     nSamples f64, or 0 for unit weights
//   update      IN     1: write closest (nCandidates must then be 1), else 0
//   totals      OUT    SCORED_CANDIDATES f64: the candidates' potentials, then zeros
export function scoreCandidates(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  candidates: usize,
  nCandidates: i32,
  closest: usize,
  weights: usize,
  update: i32,
  totals: usize,
): void {
  const rowBytes = rowBytesOf(nFeatures);
  memory.fill(totals, 0, SCORED_CANDIDATES << 3);
  for (let g = 0; g < nCandidates; g += 4) {
    const m = min(nCandidates - g, 4);
    const at = candidates + (<usize>g << 2);
    const c0 = x + <usize>load<i32>(at) * rowBytes;
    const out = totals + (<usize>g << 3);
    if (m == 1) {
      scoreGroup<One>(x, nFeatures, start, end, c0, c0, c0, c0, closest, weights, update, out);
    } else {
      // Two or three candidates are scored as four, the spare ones repeating the first.
      const c1 = x + <usize>load<i32>(at, 4) * rowBytes;
      const c2 = m > 2 ? x + <usize>load<i32>(at, 8) * rowBytes : c0;
      const c3 = m > 3 ? x + <usize>load<i32>(at, 12) * rowBytes : c0;
      scoreGroup<Four>(x, nFeatures, start, end, c0, c1, c2, c3, closest, weights, 0, out);
      if (m < 4) memory.fill(out + (<usize>m << 3), 0, <usize>(4 - m) << 3);
    }
  }
}

// How many candidates scoreGroup scores: marker types, so each count is compiled on its own.
class One {}
class Four {}

// scoreCandidates for one group of candidates (c0; or c0..c3), their potentials to out. The
// distances of a row to all of them are summed in one loop over its features, each in the
// contract's order (pairs of features in an f64x2, then its two lanes, then an odd last
// feature), so the row is loaded once and the four sums proceed side by side.
// @ts-ignore: decorator
@inline
function scoreGroup<Count>(
  x: usize,
  nFeatures: i32,
  start: i32,
  end: i32,
  c0: usize,
  c1: usize,
  c2: usize,
  c3: usize,
  closest: usize,
  weights: usize,
  update: i32,
  out: usize,
): void {
  const four = idof<Count>() == idof<Four>();
  const rowBytes = rowBytesOf(nFeatures);
  const pairBytes = <usize>(nFeatures & ~1) * ROW_VALUE;
  const odd = (nFeatures & 1) != 0;
  let p0 = 0.0, p1 = 0.0, p2 = 0.0, p3 = 0.0;
  for (let i = start; i < end; i++) {
    const row = x + <usize>i * rowBytes;
    let a0 = f64x2.splat(0.0), a1 = a0, a2 = a0, a3 = a0;
    for (let offset: usize = 0; offset < pairBytes; offset += 2 * ROW_VALUE) {
      const r = rowPair(row + offset);
      const d0 = f64x2.sub(r, rowPair(c0 + offset));
      a0 = f64x2.add(a0, f64x2.mul(d0, d0));
      if (four) {
        const d1 = f64x2.sub(r, rowPair(c1 + offset));
        const d2 = f64x2.sub(r, rowPair(c2 + offset));
        const d3 = f64x2.sub(r, rowPair(c3 + offset));
        a1 = f64x2.add(a1, f64x2.mul(d1, d1));
        a2 = f64x2.add(a2, f64x2.mul(d2, d2));
        a3 = f64x2.add(a3, f64x2.mul(d3, d3));
      }
    }
    let s0 = f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
    let s1 = 0.0, s2 = 0.0, s3 = 0.0;
    if (four) {
      s1 = f64x2.extract_lane(a1, 0) + f64x2.extract_lane(a1, 1);
      s2 = f64x2.extract_lane(a2, 0) + f64x2.extract_lane(a2, 1);
      s3 = f64x2.extract_lane(a3, 0) + f64x2.extract_lane(a3, 1);
    }
    if (odd) {
      const last = rowValue(row + pairBytes);
      const e0 = last - rowValue(c0 + pairBytes);
      s0 += e0 * e0;
      if (four) {
        const e1 = last - rowValue(c1 + pairBytes);
        const e2 = last - rowValue(c2 + pairBytes);
        const e3 = last - rowValue(c3 + pairBytes);
        s1 += e1 * e1;
        s2 += e2 * e2;
        s3 += e3 * e3;
      }
    }
    const nearAt = closest + (<usize>i << 3);
    const near = load<f64>(nearAt);
    const w = weights != 0 ? load<f64>(weights + (<usize>i << 3)) : 1.0;
    const d0 = smaller(near, s0);
    if (update != 0) store<f64>(nearAt, d0);
    p0 += w * d0;
    if (four) {
      p1 += w * smaller(near, s1);
      p2 += w * smaller(near, s2);
      p3 += w * smaller(near, s3);
    }
  }
  store<f64>(out, p0);
  if (four) {
    store<f64>(out, p1, 8);
    store<f64>(out, p2, 16);
    store<f64>(out, p3, 24);
  }
}

/** Candidates scoreCandidates takes at once (its totals hold one potential each). */
const SCORED_CANDIDATES: usize = 8;
