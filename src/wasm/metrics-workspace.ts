import type { MetricKernels } from './kernels.js';
import { BufferPlan, growToFit } from './linear-memory.js';
import { instantiateKernels } from './module.js';
import { ReferenceMetricKernels } from './reference-metrics.js';
import type { KernelBackend } from './workspace.js';

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

/**
 * The silhouette of every row (scikit-learn's silhouette_samples), by the silhouetteChunk
 * kernel in a fresh instance: lays out X feature-major and grouped by cluster, runs the kernel
 * chunk by chunk and copies the values out in the rows' original order.
 */
export function silhouetteSamples(rows: LabelledRows, backend: KernelBackend = 'wasm'): Float64Array {
  const { values, nSamples: n, nFeatures: d, labels, nClusters } = rows;
  const memory = new WebAssembly.Memory({ initial: 1 });
  let kernels: MetricKernels;
  let base = 0;
  if (backend === 'wasm') {
    const exports = instantiateKernels(memory);
    kernels = exports;
    base = exports.heapBase();
  } else {
    kernels = new ReferenceMetricKernels(memory);
  }
  const plan = new BufferPlan(base);
  const at = {
    xT: plan.take(n * d * 8),
    clusterStarts: plan.take((nClusters + 1) * 4),
    silhouettes: plan.take(n * 8),
  };
  growToFit(memory, plan.end, `the silhouette of nSamples=${n} × nFeatures=${d}`);

  const { order, starts } = groupByCluster(labels, nClusters);
  const xT = new Float64Array(memory.buffer, at.xT, n * d);
  for (let p = 0; p < n; p++) {
    const row = order[p]! * d;
    for (let f = 0; f < d; f++) xT[f * n + p] = values[row + f]!;
  }
  new Int32Array(memory.buffer, at.clusterStarts, nClusters + 1).set(starts);
  for (let start = 0; start < n; start += SILHOUETTE_CHUNK_ROWS) {
    const end = Math.min(n, start + SILHOUETTE_CHUNK_ROWS);
    kernels.silhouetteChunk(at.xT, n, d, start, end, at.clusterStarts, nClusters, at.silhouettes);
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
