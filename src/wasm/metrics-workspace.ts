import type { MetricKernels } from './kernels.js';
import { BufferPlan, growToFit, pagesFor } from './linear-memory.js';
import { compiledSharedModule, initShared, instantiateKernels } from './module.js';
import { ThreadPool } from './threads.js';
import { ReferenceMetricKernels } from './reference-metrics.js';
import type { KernelBackend } from './workspace.js';
import type { WasmMemory } from './webassembly-types.js';

/**
 * Rows per silhouette kernel call. Each row costs a pass over all nSamples rows, so chunks are
 * small: the engine swaps its baseline code for optimised code only between calls, and small
 * calls let that happen within milliseconds rather than after a long first call.
 */
export const SILHOUETTE_CHUNK_ROWS = 256;

/** Rows and clusters for the silhouette kernel. Labels are 0..nClusters-1, every cluster non-empty. */
export interface LabelledRows {
  /** Row-major nSamples×nFeatures. */
  values: Float64Array;
  nSamples: number;
  nFeatures: number;
  labels: Int32Array;
  nClusters: number;
}

/**
 * Rows grouped by cluster, stably: `order[p]` is the original index of grouped row p, and
 * cluster c holds grouped rows [starts[c], starts[c + 1]).
 */
function groupByCluster(labels: Int32Array, nClusters: number): { order: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(nClusters + 1);
  for (const label of labels) starts[label + 1]!++;
  for (let c = 0; c < nClusters; c++) starts[c + 1]! += starts[c]!;
  const next = starts.slice(0, nClusters);
  const order = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) order[next[labels[i]!]!++] = i;
  return { order, starts };
}

/** Where silhouetteSamples lays out its buffers, from `base` on. */
function silhouetteLayout(base: number, nSamples: number, nFeatures: number, nClusters: number) {
  const plan = new BufferPlan(base);
  return {
    xT: plan.take(nSamples * nFeatures * 8),
    clusterStarts: plan.take((nClusters + 1) * 4),
    silhouettes: plan.take(nSamples * 8),
    end: plan.end,
  };
}

/**
 * Threads for silhouetteSamples: a shared memory with room for rows of one size and a pool of
 * workers over it, kept for call after call (starting the workers costs tens of ms, so a
 * pool per call would eat much of what two threads save). Call close() when done.
 */
export class SilhouetteThreads {
  private constructor(
    readonly memory: WasmMemory,
    readonly kernels: MetricKernels & { heapBase(): number },
    readonly pool: ThreadPool,
    /** The rows these threads take: exactly this many, of at most these features and clusters. */
    readonly capacity: { nSamples: number; nFeatures: number; nClusters: number },
  ) {}

  /** Starts `threads` threads (this one and threads - 1 workers); needs threadsUnavailable() undefined. */
  static async start(threads: number, capacity: SilhouetteThreads['capacity']): Promise<SilhouetteThreads> {
    await initShared();
    const { nSamples, nFeatures, nClusters } = capacity;
    // The pool's memory may not grow, so it is made at its size and reserves no more; where
    // the layout starts is the module's own, read from a one-page instance.
    const base = instantiateKernels(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true })).heapBase();
    const end = silhouetteLayout(base, nSamples, nFeatures, nClusters).end;
    const pages = pagesFor(end, `the silhouette of nSamples=${nSamples} × nFeatures=${nFeatures}`);
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    const kernels = instantiateKernels(memory);
    const pool = await ThreadPool.start(threads, compiledSharedModule(), memory, kernels, nSamples, SILHOUETTE_CHUNK_ROWS);
    return new SilhouetteThreads(memory, kernels, pool, capacity);
  }

  /** Whether these threads can take the rows. */
  fits(rows: LabelledRows): boolean {
    const { nSamples, nFeatures, nClusters } = this.capacity;
    return rows.nSamples === nSamples && rows.nFeatures <= nFeatures && rows.nClusters <= nClusters;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/**
 * The silhouette of every row (scikit-learn's silhouette_samples), by the silhouetteChunk
 * kernel: lays out X feature-major and grouped by cluster, runs the kernel chunk by chunk and
 * copies the values out in the rows' original order. In a fresh instance on this thread, or on
 * `threads` when they fit the rows; every chunk writes only its own rows, so the values are the
 * same bits either way.
 */
export function silhouetteSamples(rows: LabelledRows, backend: KernelBackend = 'wasm', threads?: SilhouetteThreads): Float64Array {
  const { values, nSamples: n, nFeatures: d, labels, nClusters } = rows;
  const pooled = backend === 'wasm' && threads !== undefined && threads.fits(rows) ? threads : undefined;
  let memory: WasmMemory;
  let kernels: MetricKernels;
  let base = 0;
  if (pooled) {
    ({ memory, kernels } = pooled);
    base = pooled.kernels.heapBase();
  } else {
    memory = new WebAssembly.Memory({ initial: 1 });
    if (backend === 'wasm') {
      const exports = instantiateKernels(memory);
      kernels = exports;
      base = exports.heapBase();
    } else {
      kernels = new ReferenceMetricKernels(memory);
    }
  }
  const at = silhouetteLayout(base, n, d, nClusters);
  growToFit(memory, at.end, `the silhouette of nSamples=${n} × nFeatures=${d}`);

  const { order, starts } = groupByCluster(labels, nClusters);
  const xT = new Float64Array(memory.buffer, at.xT, n * d);
  for (let p = 0; p < n; p++) {
    const row = order[p]! * d;
    for (let f = 0; f < d; f++) xT[f * n + p] = values[row + f]!;
  }
  new Int32Array(memory.buffer, at.clusterStarts, nClusters + 1).set(starts);
  const args = [at.xT, d, 0, 0, n, at.clusterStarts, nClusters, at.silhouettes];
  if (pooled) {
    pooled.pool.run({ kernel: 'silhouetteChunk', args, strides: args.map(() => 0) });
  } else {
    for (let start = 0; start < n; start += SILHOUETTE_CHUNK_ROWS) {
      const end = Math.min(n, start + SILHOUETTE_CHUNK_ROWS);
      kernels.silhouetteChunk(at.xT, d, start, end, n, at.clusterStarts, nClusters, at.silhouettes);
    }
  }
  const grouped = new Float64Array(memory.buffer, at.silhouettes, n);
  const silhouettes = new Float64Array(n);
  for (let p = 0; p < n; p++) silhouettes[order[p]!] = grouped[p]!;
  return silhouettes;
}

let logKernels: MetricKernels | undefined;

/**
 * The natural logarithm by the module's kernel: the same bits in every JavaScript engine, which
 * Math.log does not promise (assembly/metrics.ts). The kernels must be loaded (await init()).
 */
export function naturalLog(x: number): number {
  logKernels ??= instantiateKernels(new WebAssembly.Memory({ initial: 1 }));
  return logKernels.naturalLog(x);
}
