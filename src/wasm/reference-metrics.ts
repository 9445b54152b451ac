import type { MetricKernels } from './kernels.js';
import type { WasmMemory } from './webassembly-types.js';

/**
 * The metric kernels in plain TypeScript, over the same linear memory and with the same
 * summation order (assembly/metrics.ts), so tests can require bit-identical silhouettes from
 * the WebAssembly build. Written for clarity, not speed.
 */
export class ReferenceMetricKernels implements MetricKernels {
  constructor(private readonly memory: WasmMemory) {}

  silhouetteChunk(
    xT: number,
    nFeatures: number,
    start: number,
    end: number,
    nSamples: number,
    clusterStarts: number,
    nClusters: number,
    silhouettes: number,
  ): void {
    const f64 = new Float64Array(this.memory.buffer);
    const starts = new Int32Array(this.memory.buffer, clusterStarts, nClusters + 1);
    const columns = xT / 8;
    for (let i = start; i < end; i++) {
      let intra = 0;
      let ownSize = 0;
      let nearest = Infinity;
      for (let c = 0; c < nClusters; c++) {
        const first = starts[c]!;
        const last = starts[c + 1]!;
        const total = referenceDistanceSum(f64, columns, nSamples, nFeatures, i, first, last);
        if (i >= first && i < last) {
          intra = total;
          ownSize = last - first;
        } else {
          nearest = Math.min(nearest, total / (last - first));
        }
      }
      let s = 0;
      if (ownSize > 1) {
        const a = intra / (ownSize - 1);
        const larger = Math.max(a, nearest);
        if (larger > 0) s = (nearest - a) / larger;
      }
      f64[silhouettes / 8 + i] = s;
    }
  }

  /**
   * Math.log: within an ulp of the kernel's logarithm but not always the same bits, which is
   * why the kernel exists (see assembly/metrics.ts).
   */
  naturalLog(x: number): number {
    return Math.log(x);
  }
}

/**
 * Sum of the Euclidean distances from row i to rows [first, last) of the feature-major matrix
 * starting at index `columns` of `values`, in the kernel's order: rows first, first+2, ... and
 * first+1, first+3, ... summed apart, the two sums added, then the last row when the count is
 * odd. Each squared distance adds the features in order.
 */
function referenceDistanceSum(
  values: Float64Array,
  columns: number,
  nSamples: number,
  nFeatures: number,
  i: number,
  first: number,
  last: number,
): number {
  const distance = (j: number): number => {
    let squared = 0;
    for (let f = 0; f < nFeatures; f++) {
      const diff = values[columns + f * nSamples + j]! - values[columns + f * nSamples + i]!;
      squared += diff * diff;
    }
    return Math.sqrt(squared);
  };
  let even = 0;
  let odd = 0;
  let j = first;
  for (; j + 1 < last; j += 2) {
    even += distance(j);
    odd += distance(j + 1);
  }
  let sum = even + odd;
  if (j < last) sum += distance(j);
  return sum;
}
