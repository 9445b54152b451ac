// The plain JavaScript peer of the kernel benchmarks (bench/run.mjs in Node, bench/browser-kernels.mjs
// in Node and browsers): one Lloyd loop, so both measure the same code.

/** What a careful JavaScript developer would write: direct distances over Float64Arrays. */
export function plainJs(x, n, d, k, initial, iterations) {
  const centres = Float64Array.from(initial);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const labels = new Int32Array(n);
  const start = performance.now();
  for (let iter = 0; iter < iterations; iter++) {
    sums.fill(0);
    counts.fill(0);
    for (let i = 0, row = 0; i < n; i++, row += d) {
      let best = Infinity;
      let bestJ = 0;
      for (let j = 0, c = 0; j < k; j++, c += d) {
        let dist = 0;
        for (let f = 0; f < d; f++) {
          const diff = x[row + f] - centres[c + f];
          dist += diff * diff;
        }
        if (dist < best) {
          best = dist;
          bestJ = j;
        }
      }
      labels[i] = bestJ;
      counts[bestJ] += 1;
      const s = bestJ * d;
      for (let f = 0; f < d; f++) sums[s + f] += x[row + f];
    }
    // An empty cluster keeps its centre (segmint and sklearn relocate it instead; the check
    // column would show the difference should it ever happen on this data).
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let f = 0; f < d; f++) centres[j * d + f] = sums[j * d + f] / counts[j];
    }
  }
  const ms = performance.now() - start;
  return { ms: ms / iterations, centroids: centres, iterations: iterations };
}
