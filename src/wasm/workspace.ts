import type { Precision } from '../kmeans/types.js';
import { type ChunkJob, type ChunkKernel, type ChunkRunner, SerialRunner } from './chunks.js';
import type { Kernels } from './kernels.js';
import { BufferPlan, growToFit, PAGE_BYTES, pagesFor } from './linear-memory.js';
import { instantiateKernels, kernelsModule } from './module.js';
import { ReferenceKernels } from './reference-kernels.js';
import { ThreadPool } from './threads.js';
import type { WasmMemory } from './webassembly-types.js';

/**
 * Rows per kernel call. Every chunk writes its own partial sums, and they are reduced in chunk
 * order, so results do not depend on how chunks are spread over threads. Large enough that the
 * reduction in TypeScript costs little next to the kernel's work; a multiple of ROW_BLOCK.
 */
export const CHUNK_ROWS = 4096;

/** assignChunk settles rows in blocks of 8: the per-row buffers it reads are padded to a multiple. */
const ROW_BLOCK = 8;

/** Per-chunk totals written by the kernels: inertia, changed rows, rows settled exactly, rows searched. */
const TOTALS_PER_CHUNK = 4;
const TOTALS_BYTES = TOTALS_PER_CHUNK * 8;

/** Candidate centres scoreCandidates takes at once, each with a potential in the chunk's totals. */
const SCORED_CANDIDATES = 8;

/**
 * Each chunk's own outputs start on a cache line of their own: two threads writing the
 * partials of neighbouring chunks would otherwise pass a shared line back and forth.
 */
const CACHE_LINE = 64;

function alignLine(bytes: number): number {
  return Math.ceil(bytes / CACHE_LINE) * CACHE_LINE;
}

/** Bytes from one chunk's part of each per-chunk buffer to the next one's. */
interface ChunkStrides {
  scratch: number;
  dirty: number;
  sums: number;
  counts: number;
  totals: number;
}

function chunkStrides(nFeatures: number, k: number): ChunkStrides {
  return {
    scratch: alignLine(boundsScratchBytes(nFeatures, k)),
    dirty: alignLine(k + 2),
    sums: alignLine(k * nFeatures * 8),
    counts: alignLine(k * 8),
    totals: alignLine(Math.max(TOTALS_BYTES, SCORED_CANDIDATES * 8)),
  };
}

/**
 * A pass over fewer point·centroid·feature terms than this (about a millisecond on one thread)
 * runs on this thread even when threads were started: waking them would cost more than they save.
 */
export const MIN_THREADED_WORK = 1 << 22;

/** An argument that points at one part per chunk of a buffer: chunk c's is at + c × bytes. */
interface PerChunk {
  at: number;
  bytes: number;
}

function perChunk(at: number, bytes: number): PerChunk {
  return { at, bytes };
}

/** A chunk job from a kernel's arguments (start and end, the 3rd and 4th, are set per chunk). */
function job(kernel: ChunkKernel, ...args: (number | PerChunk)[]): ChunkJob {
  return {
    kernel,
    args: args.map((arg) => (typeof arg === 'number' ? arg : arg.at)),
    strides: args.map((arg) => (typeof arg === 'number' ? 0 : arg.bytes)),
  };
}

/** 'wasm' runs the compiled kernels; 'reference' runs src/wasm/reference-kernels.ts over the same memory. */
export type KernelBackend = 'wasm' | 'reference';

export interface WorkspaceShape {
  nSamples: number;
  nFeatures: number;
  k: number;
  weighted: boolean;
  /** Room for Hamerly's bounds (16 bytes per row), for assignBounded(). */
  bounds?: boolean;
  /**
   * Room for Elkan's bounds as well (4 bytes per row and centroid, k rounded up to a multiple
   * of 4, plus 4 per row), for assignBounded({ strategy: 'elkan' }). Implies bounds.
   */
  elkan?: boolean;
  /** How the rows are stored: 'f64' (default), or 'f32' (each value rounded; see Precision). */
  precision?: Precision;
}

/** The bounded passes assignBounded() can run. */
export type BoundedStrategy = 'hamerly' | 'elkan';

interface Layout {
  x: number;
  weights: number;
  mean: number;
  screenX: number;
  rowNorms: number;
  screen: number;
  centroids: number;
  centroidsNext: number;
  labels: number;
  distances: number;
  upper: number;
  lower: number;
  motion: number;
  boundsScratch: number;
  stamps: number;
  elkanBounds: number;
  elkanTables: number;
  chunkDirty: number;
  chunkSums: number;
  chunkCounts: number;
  chunkTotals: number;
  candidates: number;
  end: number;
}

/** k rounded up to a multiple of 4: elkanChunk's bounds per row. */
function paddedK(k: number): number {
  return Math.ceil(k / 4) * 4;
}

/**
 * Bytes of hamerlyChunk's and elkanChunk's scratch per chunk (assembly/kernels.ts), 16-byte
 * aligned: elkanChunk's first pass adds the screen's values for 8 rows.
 */
function boundsScratchBytes(nFeatures: number, k: number): number {
  return 160 + 32 * nFeatures + 4 * CHUNK_ROWS + 32 * paddedK(k);
}

function layout(shape: WorkspaceShape, base: number, strides: ChunkStrides, elkanTablesBytes: number): Layout {
  const { nSamples: n, nFeatures: d, k, weighted, elkan = false, precision = 'f64' } = shape;
  const bounds = elkan || (shape.bounds ?? false);
  const paddedRows = Math.ceil(n / ROW_BLOCK) * ROW_BLOCK;
  const nChunks = Math.ceil(n / CHUNK_ROWS);
  const plan = new BufferPlan(base);
  return {
    x: plan.take(n * d * (precision === 'f32' ? 4 : 8)),
    weights: weighted ? plan.take(n * 8) : 0,
    mean: plan.take(d * 8),
    // The f32 screen (assembly/kernels.ts): rows in blocks of 4, and the centroids' copy.
    screenX: plan.take(paddedRows * d * 4),
    rowNorms: plan.take(paddedRows * 4),
    screen: plan.take(32 + Math.ceil(k / 4) * 16 + k * d * 4),
    centroids: plan.take(k * d * 8),
    centroidsNext: plan.take(k * d * 8),
    labels: plan.take(paddedRows * 4),
    distances: plan.take(n * 8),
    // Hamerly's bounds (hamerlyChunk): per row, and how the centroids moved.
    upper: bounds ? plan.take(n * 8) : 0,
    lower: bounds ? plan.take(n * 8) : 0,
    motion: bounds ? plan.take(2 * k * 8) : 0,
    boundsScratch: bounds ? plan.take(nChunks * strides.scratch, CACHE_LINE) : 0,
    // Elkan's (elkanChunk): per row a stamp and k lower bounds (f32), and the per-pass tables.
    stamps: elkan ? plan.take(paddedRows * 4) : 0,
    elkanBounds: elkan ? plan.take(n * paddedK(k) * 4) : 0,
    elkanTables: elkan ? plan.take(elkanTablesBytes) : 0,
    // Per chunk: which clusters' partial sums a pass must recompute (the kernels' work area).
    chunkDirty: plan.take(nChunks * strides.dirty, CACHE_LINE),
    chunkSums: plan.take(nChunks * strides.sums, CACHE_LINE),
    chunkCounts: plan.take(nChunks * strides.counts, CACHE_LINE),
    chunkTotals: plan.take(nChunks * strides.totals, CACHE_LINE),
    candidates: plan.take(SCORED_CANDIDATES * 4),
    end: plan.end,
  };
}

/** What one pass over all rows asks for. */
export interface AssignOptions {
  /** Accumulate the per-cluster sums and weights for the update step. */
  update: boolean;
  /** Write each row's exact squared distance and compute the inertia (otherwise inertia is 0). */
  distances: boolean;
}

/** One pass's totals, reduced over chunks in order. */
export interface AssignPass {
  /** Weighted inertia, when distances were asked for (else 0). */
  inertia: number;
  /** Rows whose label changed. */
  changed: number;
  /** Rows the f32 screen could not settle and that got all k exact distances (a diagnostic). */
  exactRows: number;
  /** Rows whose nearest centroid was searched for: all of them, unless bounds settled some. */
  searched: number;
}

/**
 * A power of two that brings every |x - mean| into [-1, 1], so the f32 screen neither
 * overflows nor underflows. Any power of two in [2^-500, 2^500] gives exact labels (its square
 * must be a normal f64); this one keeps the screen sharp.
 */
function screenScale(maxDeviation: number): number {
  if (!(maxDeviation > 0) || !Number.isFinite(maxDeviation)) return 1;
  return 2 ** -Math.min(500, Math.max(-500, Math.ceil(Math.log2(maxDeviation))));
}

/**
 * The threads of the last threaded workspace of each precision (their builds differ), kept with
 * its memory for the next one of that precision that fits in it, for IDLE_MS. Starting workers
 * costs tens of milliseconds a fit (a k scan makes dozens), and each fit's memory left to the
 * collector is not counted as the engine's own: a loop of threaded fits held gigabytes before a
 * collection ran (measured in Node: 0.9-1.5 GB after 200 fits of 100,000 × 8, against 0.1 GB on
 * one thread).
 */
interface ParkedThreads {
  memory: WasmMemory;
  pool: ThreadPool;
  timer: ReturnType<typeof setTimeout>;
}

/** How long parked threads wait for a workspace before they stop. */
const IDLE_MS = 5000;

const parked = new Map<Precision, ParkedThreads>();

/** Parks a workspace's threads with its memory, stopping any parked before at its precision. */
async function parkThreads(memory: WasmMemory, precision: Precision, pool: ThreadPool): Promise<void> {
  const previous = parked.get(precision);
  const timer = setTimeout(() => {
    if (parked.get(precision)?.pool !== pool) return;
    parked.delete(precision);
    void pool.close();
  }, IDLE_MS);
  // Parked threads must not keep a Node process alive.
  (timer as { unref?: () => void }).unref?.();
  parked.set(precision, { memory, pool, timer });
  if (previous !== undefined) {
    clearTimeout(previous.timer);
    await previous.pool.close();
  }
}

/** The parked threads and memory, taken, when a workspace of `pages` at `precision` fits in them. */
function unparkThreads(precision: Precision, pages: number): { memory: WasmMemory; pool: ThreadPool } | undefined {
  const taken = parked.get(precision);
  if (taken === undefined || taken.memory.buffer.byteLength / PAGE_BYTES < pages) return undefined;
  parked.delete(precision);
  clearTimeout(taken.timer);
  return taken;
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
  /** X, row-major nSamples×nFeatures, as given to setRows() (rounded to f32 in an f32 workspace). Read-only. */
  x!: Float64Array | Float32Array;
  /** How X is stored. */
  readonly precision: Precision;
  /** Sample weights (nSamples), when the shape is weighted. Filled by the caller. */
  weights: Float64Array | undefined;
  /** The current centroids (k×nFeatures), read by assign(). */
  centroids!: Float64Array;
  /** The next centroids, written by the update step, then swapped in. */
  centroidsNext!: Float64Array;
  /** Each row's cluster, written by the passes; callers may only reset it to -1 (no label). */
  labels!: Int32Array;
  /**
   * After assign() with distances, or labelDistances(): each row's squared distance to its
   * centroid. During k-means++: to its nearest chosen centre.
   */
  distances!: Float64Array;
  /** After assign() with update: per-cluster weighted sums (k×nFeatures) and weights (k), over all rows. */
  readonly sums: Float64Array;
  readonly counts: Float64Array;

  private readonly kernels: Kernels;
  private readonly memory: WasmMemory;
  private readonly serial: ChunkRunner;
  private threads: ChunkRunner | undefined;
  /** Threads parked with this workspace's memory, taken over by startThreads(). */
  private adopted: ThreadPool | undefined;
  private minThreadedWork = MIN_THREADED_WORK;
  private readonly at: Layout;
  private readonly nChunks: number;
  private scale = 1;
  private maxRowNorm = 0;
  /** Whether the per-chunk partial sums and counts belong to the labels as they are. */
  private partialsCurrent = false;
  /** The bounded pass the bounds belong to since resetBounds(), or undefined when they are stale. */
  private boundsRun: { strategy: BoundedStrategy | undefined; pass: number } | undefined;
  private readonly strides: ChunkStrides;
  private chunkSums!: Float64Array;
  private chunkCounts!: Float64Array;
  private chunkTotals!: Float64Array;

  private constructor(kernels: Kernels, memory: WasmMemory, base: number, shape: WorkspaceShape) {
    this.kernels = kernels;
    this.memory = memory;
    this.serial = new SerialRunner(kernels, shape.nSamples, CHUNK_ROWS);
    this.nSamples = shape.nSamples;
    this.nFeatures = shape.nFeatures;
    this.k = shape.k;
    this.precision = shape.precision ?? 'f64';
    this.nChunks = Math.ceil(shape.nSamples / CHUNK_ROWS);
    this.strides = chunkStrides(shape.nFeatures, shape.k);
    this.at = layout(shape, base, this.strides, shape.elkan ? kernels.elkanTablesBytes(shape.k) : 0);
    const elkanNote = shape.elkan ? ` with Elkan's bounds for k=${shape.k} (4 bytes per row and centroid; algorithm 'hamerly' or 'lloyd' needs far less)` : '';
    growToFit(memory, this.at.end, `nSamples=${shape.nSamples} × nFeatures=${shape.nFeatures}${elkanNote}`);
    this.sums = new Float64Array(this.k * this.nFeatures);
    this.counts = new Float64Array(this.k);
    this.rebuildViews();
  }

  /**
   * A workspace in a fresh memory. `shared`: a shared memory, so that startThreads() can run
   * the chunks on several threads. The build for the shape's precision must be loaded
   * (initPrecision(), and initSharedPrecision() for a shared memory).
   */
  static create(shape: WorkspaceShape, backend: KernelBackend = 'wasm', { shared = false } = {}): Workspace {
    const precision = shape.precision ?? 'f64';
    const kernelsIn = (memory: WasmMemory): Kernels & { heapBase?: () => number } =>
      backend === 'reference' ? new ReferenceKernels(memory, precision) : instantiateKernels(memory, precision);
    const baseOf = (kernels: { heapBase?: () => number }): number => kernels.heapBase?.() ?? 0;
    let memory: WasmMemory = new WebAssembly.Memory({ initial: 1 });
    let adopted: ThreadPool | undefined;
    if (shared) {
      // Made at its size, from the layout a one-page instance gives: the threads' memory may
      // not grow. Or the last threaded workspace's, with its threads, when this one fits in it
      // (see ParkedThreads): laid out anew over memory that must read as fresh.
      const probe = kernelsIn(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }));
      const base = baseOf(probe);
      const end = layout(shape, base, chunkStrides(shape.nFeatures, shape.k), shape.elkan ? probe.elkanTablesBytes(shape.k) : 0).end;
      const pages = pagesFor(end, `nSamples=${shape.nSamples} × nFeatures=${shape.nFeatures}`);
      const reused = backend === 'wasm' ? unparkThreads(precision, pages) : undefined;
      if (reused !== undefined) {
        memory = reused.memory;
        adopted = reused.pool;
        new Uint8Array(memory.buffer, base, end - base).fill(0);
      } else {
        memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
      }
    }
    const kernels = kernelsIn(memory);
    const workspace = new Workspace(kernels, memory, baseOf(kernels), shape);
    workspace.adopted = adopted;
    return workspace;
  }

  /**
   * Runs the chunks of the following passes on `threads` threads (this one and threads - 1
   * workers), those of at least `minWork` point·centroid·feature terms; the results do not
   * change. Needs a workspace created with shared: true and a platform with threads
   * (threadsUnavailable()). Call close() when done.
   */
  async startThreads(threads: number, { minWork = MIN_THREADED_WORK } = {}): Promise<void> {
    const adopted = this.adopted;
    this.adopted = undefined;
    if (adopted !== undefined && adopted.size === threads) {
      adopted.rebind(this.kernels, this.nSamples);
      this.minThreadedWork = minWork;
      this.threads = adopted;
      return;
    }
    await adopted?.close();
    if (threads <= 1) return;
    this.minThreadedWork = minWork;
    this.threads = await ThreadPool.start(threads, kernelsModule(this.precision, true), this.memory, this.kernels, this.nSamples, CHUNK_ROWS);
  }

  /**
   * Lets the threads go, if any (the workspace then runs on this thread only): they wait,
   * parked with this memory, for the next threaded workspace that fits in it (ParkedThreads).
   */
  async close(): Promise<void> {
    const threads = this.threads;
    const adopted = this.adopted;
    this.threads = undefined;
    this.adopted = undefined;
    await adopted?.close();
    if (threads instanceof ThreadPool) await parkThreads(this.memory, this.precision, threads);
    else await threads?.close();
  }

  /** Runs a job of about `work` point·centroid·feature terms, on the threads when it is worth it. */
  private run(chunkJob: ChunkJob, work: number): void {
    const runner = this.threads !== undefined && work >= this.minThreadedWork ? this.threads : this.serial;
    runner.run(chunkJob);
  }

  // Growing memory detaches the old ArrayBuffer, so views are (re)built from the current one.
  private rebuildViews(): void {
    const buffer = this.memory.buffer;
    const { nSamples: n, nFeatures: d, k, nChunks } = this;
    const at = this.at;
    this.x = this.precision === 'f32' ? new Float32Array(buffer, at.x, n * d) : new Float64Array(buffer, at.x, n * d);
    this.weights = at.weights !== 0 ? new Float64Array(buffer, at.weights, n) : undefined;
    this.centroids = new Float64Array(buffer, at.centroids, k * d);
    this.centroidsNext = new Float64Array(buffer, at.centroidsNext, k * d);
    this.labels = new Int32Array(buffer, at.labels, n);
    this.distances = new Float64Array(buffer, at.distances, n);
    this.chunkSums = new Float64Array(buffer, at.chunkSums, (nChunks * this.strides.sums) / 8);
    this.chunkCounts = new Float64Array(buffer, at.chunkCounts, (nChunks * this.strides.counts) / 8);
    this.chunkTotals = new Float64Array(buffer, at.chunkTotals, (nChunks * this.strides.totals) / 8);
  }

  /**
   * Copies the rows (row-major nSamples×nFeatures) in, rounded to f32 in an f32 workspace, and
   * builds their f32 screen.
   */
  setRows(values: Float64Array): void {
    const { nSamples: n, nFeatures: d, at } = this;
    const x = this.x;
    x.set(values);
    this.partialsCurrent = false;
    // From the rows as stored: an f32 workspace then is an f64 one given the rounded rows.
    const mean = new Float64Array(d);
    for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f]! += x[i * d + f]!;
    for (let f = 0; f < d; f++) mean[f]! /= n;
    let maxDeviation = 0;
    for (let i = 0; i < n; i++) {
      for (let f = 0; f < d; f++) maxDeviation = Math.max(maxDeviation, Math.abs(x[i * d + f]! - mean[f]!));
    }
    this.scale = screenScale(maxDeviation);
    new Float64Array(this.memory.buffer, at.mean, d).set(mean);
    this.run(job('screenRows', at.x, d, 0, 0, at.mean, this.scale, at.screenX, at.rowNorms), n * d);
    this.maxRowNorm = 0;
    for (const norm of new Float32Array(this.memory.buffer, at.rowNorms, n)) this.maxRowNorm = Math.max(this.maxRowNorm, norm);
  }

  /**
   * Makes the next centroids current (double buffering, no copy). With bounds, first records
   * how far each centroid moves, for the next assignBounded().
   */
  swapCentroids(): void {
    const { at, kernels, nFeatures: d, k } = this;
    const run = this.boundsRun;
    if (run !== undefined) kernels.centroidMotion(at.centroids, at.centroidsNext, d, k, at.motion);
    [at.centroids, at.centroidsNext] = [at.centroidsNext, at.centroids];
    [this.centroids, this.centroidsNext] = [this.centroidsNext, this.centroids];
    if (run?.strategy === 'elkan') {
      run.pass++;
      kernels.elkanTables(at.centroids, d, k, this.scale, at.motion, run.pass, at.elkanTables);
      if (run.pass === kernels.elkanStamps() - 1) {
        // The tables are full: bring every row's bounds to this pass and start them over.
        this.run(job('elkanRebase', at.x, d, 0, 0, k, at.labels, at.upper, at.stamps, at.elkanBounds, at.elkanTables), this.nSamples * k);
        run.pass = 0;
        kernels.elkanTables(at.centroids, d, k, this.scale, at.motion, 0, at.elkanTables);
      }
    }
  }

  /**
   * Forgets every row's bounds (and label), so the next assignBounded() searches all rows:
   * call it after setting the initial centroids of a run. Needs a shape with bounds.
   */
  resetBounds(): void {
    const { nSamples: n, nFeatures: d, k, at, kernels } = this;
    if (at.upper === 0) throw new Error('this workspace has no room for bounds (shape.bounds)');
    const buffer = this.memory.buffer;
    this.labels.fill(-1);
    this.partialsCurrent = false;
    new Float64Array(buffer, at.upper, n).fill(Infinity);
    new Float64Array(buffer, at.lower, n).fill(0);
    kernels.centroidMotion(0, at.centroids, d, k, at.motion);
    this.boundsRun = { strategy: undefined, pass: 0 };
  }

  /**
   * The pass of assign({ update, distances: false }) with Hamerly's or Elkan's bounds (Elkan's
   * when the shape has room for them): the same labels, sums and counts, bit for bit, with
   * distances computed only for rows the bounds do not settle. Needs a shape with bounds and
   * resetBounds() at the start of a run; a run keeps the strategy of its first pass.
   */
  assignBounded({ update = true, strategy = this.at.elkanBounds !== 0 ? 'elkan' : 'hamerly' }: { update?: boolean; strategy?: BoundedStrategy } = {}): AssignPass {
    const { nFeatures: d, k, at, kernels } = this;
    const run = this.boundsRun;
    if (run === undefined) throw new Error('resetBounds() must start a run of assignBounded()');
    if (strategy === 'elkan' && at.elkanBounds === 0) throw new Error('this workspace has no room for Elkan\'s bounds (shape.elkan)');
    if (run.strategy === undefined) {
      run.strategy = strategy;
      if (strategy === 'elkan') kernels.elkanTables(at.centroids, d, k, this.scale, at.motion, 0, at.elkanTables);
    } else if (run.strategy !== strategy) {
      throw new Error(`this run's bounds are ${run.strategy}'s: resetBounds() before switching to ${strategy}`);
    }
    kernels.screenCentroids(at.centroids, d, k, at.mean, this.scale, this.maxRowNorm, at.screen);
    const common = [
      at.x, d, 0, 0, at.centroids, k, at.weights, at.screenX, at.rowNorms, at.screen, this.scale, at.labels, at.upper, at.lower,
      at.motion, perChunk(at.boundsScratch, this.strides.scratch),
    ] as const;
    this.run(
      strategy === 'elkan'
        ? job('elkanChunk', ...common, at.stamps, at.elkanBounds, at.elkanTables, run.pass, ...this.settleArgs(update))
        : job('hamerlyChunk', ...common, ...this.settleArgs(update)),
      this.nSamples * k * d,
    );
    return this.finishPass(update);
  }

  /**
   * Assigns every row to its nearest current centroid, writing labels (and distances when
   * asked). With update, also reduces the per-chunk sums and weights into `sums` and
   * `counts`, in chunk order.
   */
  assign(options: AssignOptions): AssignPass {
    const { nFeatures: d, k, at, kernels } = this;
    kernels.screenCentroids(at.centroids, d, k, at.mean, this.scale, this.maxRowNorm, at.screen);
    const update = options.update;
    this.run(
      job(
        'assignChunk', at.x, d, 0, 0, at.centroids, k, at.weights, at.screenX, at.rowNorms, at.screen, at.labels,
        options.distances ? at.distances : 0,
        ...this.settleArgs(update),
      ),
      this.nSamples * k * d,
    );
    // The bounds no longer follow the labels.
    this.boundsRun = undefined;
    return this.finishPass(update);
  }

  /** Each row's exact squared distance to its labelled centroid, into `distances`; returns the inertia. */
  labelDistances(): number {
    const at = this.at;
    this.run(
      job('labelDistances', at.x, this.nFeatures, 0, 0, at.centroids, at.weights, at.labels, at.distances, this.totalsArg()),
      this.nSamples * this.nFeatures,
    );
    return this.reduceTotals().inertia;
  }

  /**
   * The k-means++ step with row `row` as the candidate centre: returns the potential
   * sum(w * min(distances, d(x, row))); with update, stores the new minima in `distances`.
   */
  nearestCentreUpdate(row: number, update: boolean): number {
    return this.scoreCandidates([row], update)[0]!;
  }

  /**
   * The k-means++ potentials of several candidate centres (rows of x) in one pass: for each,
   * sum(w * min(distances, d(x, row))), in row order (as if scored alone, bit for bit). With
   * update (one row only), also stores the new minima in `distances`.
   */
  scoreCandidates(rows: ArrayLike<number>, update = false): Float64Array {
    const { nFeatures: d, at } = this;
    if (update && rows.length !== 1) throw new Error('scoreCandidates updates the distances for one candidate only');
    const potentials = new Float64Array(rows.length);
    for (let first = 0; first < rows.length; first += SCORED_CANDIDATES) {
      const count = Math.min(SCORED_CANDIDATES, rows.length - first);
      const candidates = new Int32Array(this.memory.buffer, at.candidates, count);
      for (let t = 0; t < count; t++) candidates[t] = rows[first + t]!;
      this.run(
        job('scoreCandidates', at.x, d, 0, 0, at.candidates, count, at.distances, at.weights, update ? 1 : 0, this.totalsArg()),
        this.nSamples * d * count,
      );
      potentials.set(this.sumChunkTotals(count), first);
    }
    return potentials;
  }

  private reduceSums(): void {
    const { sums, counts, chunkSums, chunkCounts } = this;
    const kd = sums.length;
    const k = counts.length;
    const sumsStride = this.strides.sums / 8;
    const countsStride = this.strides.counts / 8;
    sums.fill(0);
    counts.fill(0);
    for (let chunk = 0; chunk < this.nChunks; chunk++) {
      for (let t = 0; t < kd; t++) sums[t]! += chunkSums[chunk * sumsStride + t]!;
      for (let j = 0; j < k; j++) counts[j]! += chunkCounts[chunk * countsStride + j]!;
    }
  }

  /** After an assigning pass: the partials' state, the reduced sums (with update) and totals. */
  private finishPass(update: boolean): AssignPass {
    // Without the update the labels may change while the partials stay behind.
    this.partialsCurrent = update;
    if (update) this.reduceSums();
    return this.reduceTotals();
  }

  /** The per-chunk arguments that end every assigning kernel's list: dirty, current, sums, counts, totals. */
  private settleArgs(update: boolean): [PerChunk, number, PerChunk | 0, PerChunk | 0, PerChunk] {
    const { at, strides } = this;
    return [
      perChunk(at.chunkDirty, strides.dirty),
      this.partialsCurrent ? 1 : 0,
      update ? perChunk(at.chunkSums, strides.sums) : 0,
      update ? perChunk(at.chunkCounts, strides.counts) : 0,
      this.totalsArg(),
    ];
  }

  /** Each chunk's totals (the last argument of every k-means chunk kernel but screenRows). */
  private totalsArg(): PerChunk {
    return perChunk(this.at.chunkTotals, this.strides.totals);
  }

  /** The first `count` totals of every chunk, each added up over the chunks in chunk order. */
  private sumChunkTotals(count: number): Float64Array {
    const sums = new Float64Array(count);
    const stride = this.strides.totals / 8;
    for (let chunk = 0; chunk < this.nChunks; chunk++) {
      for (let t = 0; t < count; t++) sums[t]! += this.chunkTotals[chunk * stride + t]!;
    }
    return sums;
  }

  private reduceTotals(): AssignPass {
    const totals = this.sumChunkTotals(TOTALS_PER_CHUNK);
    return { inertia: totals[0]!, changed: totals[1]!, exactRows: totals[2]!, searched: totals[3]! };
  }
}
