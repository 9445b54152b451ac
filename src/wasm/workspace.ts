import { SegmintError } from '../errors.js';
import { ReferenceKernels } from './reference-kernels.js';
import type { Kernels } from './kernels.js';
import { instantiateKernels } from './module.js';

/**
 * Rows per kernel call. Partial sums are produced per chunk and reduced in chunk order, so
 * results do not depend on how chunks are later spread over threads. Large enough that the
 * reduction in TypeScript costs little next to the kernel's work.
 */
export const CHUNK_ROWS = 4096;

const PAGE_BYTES = 65536;
const MAX_PAGES = 65536; // wasm32: 4 GiB

/** 'wasm' runs the compiled kernels; 'reference' runs src/wasm/reference-kernels.ts over the same memory. */
export type KernelBackend = 'wasm' | 'reference';

export interface WorkspaceShape {
  nSamples: number;
  nFeatures: number;
  k: number;
  weighted: boolean;
}

interface Layout {
  x: number;
  weights: number;
  centroids: number;
  centroidsNext: number;
  labels: number;
  distances: number;
  sums: number;
  counts: number;
  changed: number;
  end: number;
}

function align16(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

function layout(shape: WorkspaceShape, base: number): Layout {
  const { nSamples, nFeatures, k, weighted } = shape;
  let at = align16(Math.max(base, 16)); // keep 0 free: it means "absent" to the kernels
  const take = (bytes: number): number => {
    const start = at;
    at = align16(at + bytes);
    return start;
  };
  const x = take(nSamples * nFeatures * 8);
  const weights = weighted ? take(nSamples * 8) : 0;
  const centroids = take(k * nFeatures * 8);
  const centroidsNext = take(k * nFeatures * 8);
  const labels = take(nSamples * 4);
  const distances = take(nSamples * 8);
  const sums = take(k * nFeatures * 8);
  const counts = take(k * 8);
  const changed = take(8);
  return { x, weights, centroids, centroidsNext, labels, distances, sums, counts, changed, end: at };
}

/** One pass's totals, reduced over chunks in order. */
export interface AssignPass {
  inertia: number;
  changed: number;
}

/**
 * Buffers for one clustering problem in a kernel instance's linear memory, and the chunked
 * passes over them. The only code that handles pointers. Views never leave the library:
 * callers copy what they return.
 */
export class Workspace {
  readonly nSamples: number;
  readonly nFeatures: number;
  readonly k: number;
  /** X, row-major nSamples×nFeatures. Filled by the caller. */
  x!: Float64Array;
  /** Sample weights (nSamples), when the shape is weighted. */
  weights: Float64Array | undefined;
  /** The current centroids (k×nFeatures), read by assign(). */
  centroids!: Float64Array;
  /** The next centroids, written by the update step, then swapped in. */
  centroidsNext!: Float64Array;
  labels!: Int32Array;
  /** After assign(): each row's squared distance to its centroid. During k-means++: to its nearest chosen centre. */
  distances!: Float64Array;
  /** After assign(true): per-cluster weighted sums (k×nFeatures) and weights (k), over all rows. */
  readonly sums: Float64Array;
  readonly counts: Float64Array;

  private readonly kernels: Kernels;
  private readonly memory: WebAssembly.Memory;
  private readonly at: Layout;
  private chunkSums!: Float64Array;
  private chunkCounts!: Float64Array;
  private changedView!: Int32Array;

  private constructor(kernels: Kernels, memory: WebAssembly.Memory, base: number, shape: WorkspaceShape) {
    this.kernels = kernels;
    this.memory = memory;
    this.nSamples = shape.nSamples;
    this.nFeatures = shape.nFeatures;
    this.k = shape.k;
    this.at = layout(shape, base);
    const pages = Math.ceil(this.at.end / PAGE_BYTES);
    if (pages > MAX_PAGES) {
      throw new SegmintError(
        'ERR_INVALID_DATA',
        `nSamples=${shape.nSamples} × nFeatures=${shape.nFeatures} needs ${(this.at.end / 2 ** 30).toFixed(2)} GiB of WebAssembly memory; the limit is 4 GiB`,
      );
    }
    const current = memory.buffer.byteLength / PAGE_BYTES;
    if (pages > current) memory.grow(pages - current);
    this.sums = new Float64Array(this.k * this.nFeatures);
    this.counts = new Float64Array(this.k);
    this.rebuildViews();
  }

  static create(shape: WorkspaceShape, backend: KernelBackend = 'wasm'): Workspace {
    const memory = new WebAssembly.Memory({ initial: 1 });
    if (backend === 'reference') return new Workspace(new ReferenceKernels(memory), memory, 0, shape);
    const exports = instantiateKernels(memory);
    return new Workspace(exports, memory, exports.heapBase(), shape);
  }

  // Growing memory detaches the old ArrayBuffer, so views are (re)built from the current one.
  private rebuildViews(): void {
    const buffer = this.memory.buffer;
    const { nSamples: n, nFeatures: d, k } = this;
    const at = this.at;
    this.x = new Float64Array(buffer, at.x, n * d);
    this.weights = at.weights !== 0 ? new Float64Array(buffer, at.weights, n) : undefined;
    this.centroids = new Float64Array(buffer, at.centroids, k * d);
    this.centroidsNext = new Float64Array(buffer, at.centroidsNext, k * d);
    this.labels = new Int32Array(buffer, at.labels, n);
    this.distances = new Float64Array(buffer, at.distances, n);
    this.chunkSums = new Float64Array(buffer, at.sums, k * d);
    this.chunkCounts = new Float64Array(buffer, at.counts, k);
    this.changedView = new Int32Array(buffer, at.changed, 1);
  }

  /** Makes the next centroids current (double buffering, no copy). */
  swapCentroids(): void {
    const at = this.at;
    [at.centroids, at.centroidsNext] = [at.centroidsNext, at.centroids];
    [this.centroids, this.centroidsNext] = [this.centroidsNext, this.centroids];
  }

  /**
   * Assigns every row to its nearest current centroid, writing labels and distances. With
   * update, also reduces the per-chunk sums and weights into `sums` and `counts`, chunk by chunk.
   */
  assign(update: boolean): AssignPass {
    const { nSamples: n, nFeatures: d, k, at, kernels } = this;
    if (update) {
      this.sums.fill(0);
      this.counts.fill(0);
    }
    let inertia = 0;
    let changed = 0;
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      inertia += kernels.assignChunk(
        at.x, d, start, end, at.centroids, k, at.weights, at.labels, at.distances,
        update ? at.sums : 0, update ? at.counts : 0, at.changed,
      );
      changed += this.changedView[0]!;
      if (update) {
        const chunkSums = this.chunkSums;
        const chunkCounts = this.chunkCounts;
        for (let t = 0; t < chunkSums.length; t++) this.sums[t]! += chunkSums[t]!;
        for (let j = 0; j < k; j++) this.counts[j]! += chunkCounts[j]!;
      }
    }
    return { inertia, changed };
  }

  /**
   * The k-means++ step with row `row` as the candidate centre: returns the potential
   * sum(w * min(distances, d(x, row))); with update, stores the new minima in `distances`.
   */
  nearestCentreUpdate(row: number, update: boolean): number {
    const { nSamples: n, nFeatures: d, at, kernels } = this;
    const centre = at.x + row * d * 8;
    let potential = 0;
    for (let start = 0; start < n; start += CHUNK_ROWS) {
      const end = Math.min(n, start + CHUNK_ROWS);
      potential += kernels.nearestCentreUpdate(at.x, d, start, end, centre, at.distances, at.weights, update ? 1 : 0);
    }
    return potential;
  }
}
