// The kernel benchmark of bench/run.mjs as one module that runs unchanged in Node and in a
// browser (it imports only the compiled library in dist/, which has no Node built-ins):
// bench/browser.mjs runs it in both and prints them side by side.
//
// The same data (bench/run.mjs's seeded blobs and shapes) and the same fixed 10 Lloyd
// iterations from the same initial centres (the first k rows), with no convergence test:
//   - segmint wasm (assign loop): the body of the library's Lloyd loop, on a Workspace;
//   - segmint kmeans(): the public entry point with those centres, maxIter 10 (its time
//     includes validation, copying the data in and the final assign-only pass);
//   - plain JS: a straightforward Lloyd loop over Float64Arrays.
import { kmeans } from '../dist/kmeans/kmeans.js';
import { lloydIteration, startRun } from '../dist/kmeans/lloyd.js';
import { init } from '../dist/wasm/module.js';
import { Workspace } from '../dist/wasm/workspace.js';
import { median } from './median.mjs';
import { plainJs } from './plain-js.mjs';
import { normal, uniform } from './random.mjs';

export const ITERATIONS = 10;
const SEED = 20240611; // bench/run.mjs's

export function shapes(n) {
  return [
    { n, d: 2, k: 5 },
    { n, d: 8, k: 16 },
    { n, d: 32, k: 64 },
  ];
}

// --- Data: bench/run.mjs's blobs over bench/random.mjs's generators, so both benchmarks see the same bits.

export function blobs({ n, d, k }, seed) {
  const rand = uniform(seed);
  const gauss = normal(rand);
  const centres = new Float64Array(k * d);
  for (let t = 0; t < centres.length; t++) centres[t] = -10 + 20 * rand();
  const std = 2 * Math.sqrt(d);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * k) * d;
    for (let f = 0; f < d; f++) x[i * d + f] = centres[c + f] + std * gauss();
  }
  return x;
}

// --- Implementations: each returns { ms per iteration, centroids, iterations }.

function segmintLoop(ws, initial) {
  startRun(ws, initial, 'lloyd');
  const start = performance.now();
  for (let iter = 0; iter < ITERATIONS; iter++) lloydIteration(ws, 'lloyd');
  const ms = performance.now() - start;
  return { ms: ms / ITERATIONS, centroids: Float64Array.from(ws.centroids), iterations: ITERATIONS };
}

async function segmintKmeans(x, d, initial) {
  const start = performance.now();
  const result = await kmeans(x, initial.length / d, { nFeatures: d, init: initial, maxIter: ITERATIONS, tol: 0 });
  const ms = performance.now() - start;
  return { ms: ms / result.iterations, centroids: Float64Array.from(result.centroids.flat()), iterations: result.iterations };
}


/** The 64 bits of each double, in hex: compared across runtimes, they must be equal. */
function bitsOf(values) {
  const view = new DataView(new ArrayBuffer(8));
  return Array.from(values, (v) => {
    view.setFloat64(0, v);
    return view.getBigUint64(0).toString(16).padStart(16, '0');
  }).join('');
}

/** A short fingerprint of the centroids' bits (FNV-1a over the hex digits). */
function fingerprint(values) {
  let hash = 0x811c9dc5;
  for (const c of bitsOf(values)) hash = Math.imul(hash ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * Times every implementation on every shape: a warm-up (at least 2 runs and 300 ms), then the
 * implementations take turns, `minRepeats` times at least and more while within
 * `budgetMs` per implementation and shape. Returns one row per shape and implementation.
 */
export async function runKernelBench({ n = 100_000, minRepeats = 7, maxRepeats = 30, budgetMs = 1500, log = () => {} } = {}) {
  await init();
  const rows = [];
  const list = shapes(n);
  for (let index = 0; index < list.length; index++) {
    const shape = list[index];
    const { d, k } = shape;
    log(`n=${n} d=${d} k=${k} …`);
    const x = blobs(shape, SEED + index);
    const initial = x.slice(0, k * d);
    const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false }, 'wasm');
    ws.setRows(x);
    const impls = [
      { id: 'segmint', label: 'segmint wasm (assign loop)', run: () => segmintLoop(ws, initial) },
      { id: 'segmint-kmeans', label: 'segmint kmeans() (+final assign)', run: () => segmintKmeans(x, d, initial) },
      { id: 'plain-js', label: 'plain JS', run: () => plainJs(x, n, d, k, initial, ITERATIONS) },
    ];
    let slowest = 0;
    for (const impl of impls) {
      const start = performance.now();
      let runs = 0;
      while (runs < 2 || (performance.now() - start < 300 && runs < 10)) {
        await impl.run();
        runs++;
      }
      slowest = Math.max(slowest, (performance.now() - start) / runs);
    }
    const repeats = Math.min(maxRepeats, Math.max(minRepeats, Math.ceil(budgetMs / slowest)));
    const samples = new Map(impls.map((impl) => [impl.id, []]));
    const last = new Map();
    for (let r = 0; r < repeats; r++) {
      for (const impl of impls) {
        const result = await impl.run();
        samples.get(impl.id).push(result.ms);
        last.set(impl.id, result);
      }
    }
    for (const impl of impls) {
      const times = samples.get(impl.id);
      const result = last.get(impl.id);
      rows.push({
        n, d, k,
        implementation: impl.id,
        label: impl.label,
        msPerIter: median(times),
        msPerIterMin: Math.min(...times),
        msPerIterMax: Math.max(...times),
        repeats,
        iterations: result.iterations,
        centroidBits: fingerprint(result.centroids),
      });
    }
  }
  return rows;
}
