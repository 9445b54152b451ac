// segmint benchmark: how long the exact silhouette takes (every pair of rows, in the WebAssembly
// kernel) at the exact limit of 20,000 rows, for 2 and 16 features, and the sampled silhouette
// (10,000 rows) used above that limit.
//
//   node bench/silhouette.mjs          (after `npm run build`: runs the compiled library in dist/)
//
// Data: seeded Gaussian blobs around 8 centres, labelled by a k-means fit (k = 8). Each case
// runs once to let the engine optimise the kernel, then REPEATS times; the median is printed.
// Not a test: nothing is asserted.

import os from 'node:os';
import { kmeans, silhouette } from '../dist/index.js';
import { uniform } from './random.mjs';

const REPEATS = 3;
const K = 8;
const CASES = [
  { n: 20_000, d: 2 },
  { n: 20_000, d: 16 },
  { n: 100_000, d: 2 },
  { n: 100_000, d: 16 },
];


function blobs(n, d, seed) {
  const random = uniform(seed);
  const centres = Array.from({ length: K * d }, () => random() * 20 - 10);
  const values = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * K);
    for (let f = 0; f < d; f++) {
      const noise = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      values[i * d + f] = centres[c * d + f] + 2 * noise;
    }
  }
  return values;
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log(`segmint silhouette, ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}`);
console.log('     n   d  rows scored   mean silhouette   median time');
for (const { n, d } of CASES) {
  const values = blobs(n, d, 20240611 + d);
  const { labels } = await kmeans(values, K, { nFeatures: d, seed: 0, nInit: 1 });
  let result;
  const times = [];
  for (let run = 0; run <= REPEATS; run++) {
    const start = performance.now();
    result = await silhouette(values, labels, { nFeatures: d });
    if (run > 0) times.push(performance.now() - start);
  }
  const scored = result.sampled ? `${result.rows.length} (sample)` : `${result.rows.length} (exact)`;
  console.log(
    `${String(n).padStart(6)} ${String(d).padStart(3)}  ${scored.padStart(16)}  ${result.mean.toFixed(4).padStart(16)}  ${`${(median(times) / 1000).toFixed(2)} s`.padStart(12)}`,
  );
}
