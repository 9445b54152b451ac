import type { Precision } from '../kmeans/types.js';
import type { Kernels } from './kernels.js';
import type { WasmMemory } from './webassembly-types.js';

/** The passes elkanChunk's tables can tell apart: ELKAN_STAMPS in assembly/kernels.ts. */
const ELKAN_STAMPS = 256;

/** Candidates scoreCandidates takes at once: SCORED_CANDIDATES in assembly/kernels.ts. */
const SCORED_CANDIDATES = 8;

/**
 * The kernels in plain TypeScript, over the same linear memory and with the same arithmetic
 * (assembly/kernels.ts, "THE ARITHMETIC"), so tests can require bit-identical results from the
 * WebAssembly build. Written for clarity, not speed: every label comes from all k exact
 * distances, and every pass recomputes every partial sum. The WebAssembly kernels reach the
 * same labels through their f32 screen and Hamerly's bounds, which only decide which exact
 * distances are needed, and skip partial sums that cannot have changed; so the reference has
 * no screen, bounds or dirty clusters to keep.
 */
export class ReferenceKernels implements Kernels {
  /** Rows stored as f64 or, like the f32 build's, as f32 (read as the f64 they are). */
  constructor(
    private readonly memory: WasmMemory,
    private readonly precision: Precision = 'f64',
  ) {}

  private f64(): Float64Array {
    return new Float64Array(this.memory.buffer);
  }

  /** The memory as X's values, and the index of the value at byte x. */
  private rows(x: number): { values: Float64Array | Float32Array; at: number } {
    return this.precision === 'f32' ? { values: new Float32Array(this.memory.buffer), at: x / 4 } : { values: this.f64(), at: x / 8 };
  }

  private i32(): Int32Array {
    return new Int32Array(this.memory.buffer);
  }

  /** The reference computes every distance exactly: it needs no screen. */
  screenRows(): void {}

  /** The reference computes every distance exactly: it needs no screen. */
  screenCentroids(): void {}

  assignChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    _screenX: number,
    _rowNorms: number,
    _screen: number,
    labels: number,
    distances: number,
    _dirty: number,
    _current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void {
    const f64 = this.f64();
    const i32 = this.i32();
    const { values: rows, at: X } = this.rows(x);
    const C = centroids / 8;
    if (sums !== 0) {
      f64.fill(0, sums / 8, sums / 8 + k * nFeatures);
      f64.fill(0, counts / 8, counts / 8 + k);
    }
    let inertia = 0;
    let changed = 0;
    for (let i = start; i < end; i++) {
      let best = Infinity;
      let bestJ = 0;
      for (let j = 0; j < k; j++) {
        const d = referenceSquaredDistance(rows, X + i * nFeatures, f64, C + j * nFeatures, nFeatures);
        if (d < best) {
          best = d;
          bestJ = j;
        }
      }
      if (i32[labels / 4 + i] !== bestJ) changed++;
      i32[labels / 4 + i] = bestJ;
      const w = weights !== 0 ? f64[weights / 8 + i]! : 1;
      if (distances !== 0) {
        f64[distances / 8 + i] = best;
        inertia += w * best;
      }
      if (sums !== 0) {
        f64[counts / 8 + bestJ]! += w;
        for (let f = 0; f < nFeatures; f++) {
          f64[sums / 8 + bestJ * nFeatures + f]! += rows[X + i * nFeatures + f]! * w;
        }
      }
    }
    f64.set([inertia, changed, end - start, end - start], totals / 8);
  }

  /** The reference searches every row: it keeps no bounds. */
  centroidMotion(): void {}

  /** Hamerly's bounds only skip work: the reference computes the labels and sums of assignChunk. */
  hamerlyChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    _screenX: number,
    _rowNorms: number,
    _screen: number,
    _scale: number,
    labels: number,
    _upper: number,
    _lower: number,
    _motion: number,
    _scratch: number,
    _dirty: number,
    _current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void {
    this.assignChunk(x, nFeatures, start, end, centroids, k, weights, 0, 0, 0, labels, 0, 0, 0, sums, counts, totals);
  }

  /** The same size as the compiled kernels' (assembly/kernels.ts), so layouts match. */
  elkanTablesBytes(k: number): number {
    const kp = (k + 3) & ~3;
    return kp * k * 4 + ELKAN_STAMPS * kp * 4 + ELKAN_STAMPS * k * 8;
  }

  elkanStamps(): number {
    return ELKAN_STAMPS;
  }

  elkanTables(): void {}

  elkanRebase(): void {}

  /** Elkan's bounds only skip work: the reference computes the labels and sums of assignChunk. */
  elkanChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    _screenX: number,
    _rowNorms: number,
    _screen: number,
    _scale: number,
    labels: number,
    _upper: number,
    _lower: number,
    _motion: number,
    _scratch: number,
    _stamps: number,
    _bounds: number,
    _tables: number,
    _pass: number,
    _dirty: number,
    _current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void {
    this.assignChunk(x, nFeatures, start, end, centroids, k, weights, 0, 0, 0, labels, 0, 0, 0, sums, counts, totals);
  }

  labelDistances(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    weights: number,
    labels: number,
    distances: number,
    totals: number,
  ): void {
    const f64 = this.f64();
    const i32 = this.i32();
    const { values: rows, at: X } = this.rows(x);
    let inertia = 0;
    for (let i = start; i < end; i++) {
      const label = i32[labels / 4 + i]!;
      const d = referenceSquaredDistance(rows, X + i * nFeatures, f64, centroids / 8 + label * nFeatures, nFeatures);
      f64[distances / 8 + i] = d;
      inertia += (weights !== 0 ? f64[weights / 8 + i]! : 1) * d;
    }
    f64.set([inertia, 0, 0, 0], totals / 8);
  }

  /**
   * The k-means++ potential of each candidate row, sum(w * min(closest, d(row, candidate))) in
   * row order; with update (one candidate), closest becomes those minima.
   */
  scoreCandidates(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    candidates: number,
    nCandidates: number,
    closest: number,
    weights: number,
    update: number,
    totals: number,
  ): void {
    const f64 = this.f64();
    const i32 = this.i32();
    const { values: rows, at: X } = this.rows(x);
    const potentials = new Array<number>(SCORED_CANDIDATES).fill(0);
    for (let t = 0; t < nCandidates; t++) {
      const centre = X + i32[candidates / 4 + t]! * nFeatures;
      let potential = 0;
      for (let i = start; i < end; i++) {
        const d = Math.min(f64[closest / 8 + i]!, referenceSquaredDistance(rows, X + i * nFeatures, rows, centre, nFeatures));
        if (update !== 0) f64[closest / 8 + i] = d;
        potential += (weights !== 0 ? f64[weights / 8 + i]! : 1) * d;
      }
      potentials[t] = potential;
    }
    f64.set(potentials, totals / 8);
  }
}

/**
 * Squared distance between the nFeatures values of `a` from index aAt and of `b` from bAt,
 * summed in the kernels' order: even features, odd features (of complete pairs), their sum,
 * then the last feature when nFeatures is odd.
 */
export function referenceSquaredDistance(
  a: Float64Array | Float32Array,
  aAt: number,
  b: Float64Array | Float32Array,
  bAt: number,
  nFeatures: number,
): number {
  let even = 0;
  let odd = 0;
  let f = 0;
  for (; f + 1 < nFeatures; f += 2) {
    const d0 = a[aAt + f]! - b[bAt + f]!;
    const d1 = a[aAt + f + 1]! - b[bAt + f + 1]!;
    even += d0 * d0;
    odd += d1 * d1;
  }
  let sum = even + odd;
  if (f < nFeatures) {
    const d = a[aAt + f]! - b[bAt + f]!;
    sum += d * d;
  }
  return sum;
}
