// segmint benchmark: time per Lloyd iteration (assign + centroid update) on seeded Gaussian blobs,
// for segmint's WebAssembly kernels, a plain JavaScript Lloyd loop and scikit-learn's Lloyd.
//
//   npm run bench                 n = 100 000 per shape
//   npm run bench -- --quick      n = 20 000
//   npm run bench -- --json       JSON on stdout instead of the table (progress goes to stderr)
//
// Every implementation starts from the same centres and runs the same fixed number of
// iterations with no convergence test, so it times work rather than how soon a run stops.
// Runs the compiled library in dist/ (`npm run build` first). Not a test: nothing is asserted.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { averageCentres, relocateEmptyClusters, singleRun } from '../dist/kmeans/lloyd.js';
import { init } from '../dist/wasm/module.js';
import { Workspace } from '../dist/wasm/workspace.js';

const PYTHON = '/usr/bin/python3'; // the system Python with Debian's python3-sklearn, not whatever PATH finds
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ITERATIONS = 10;
const SEED = 20240611;
const CHECK_TOLERANCE = 1e-9; // relative: max |Δcentroid| / max |centroid|

const args = process.argv.slice(2);
for (const a of args) {
  if (a !== '--quick' && a !== '--json') {
    console.error(`unknown option ${a}; use --quick and/or --json`);
    process.exit(2);
  }
}
const QUICK = args.includes('--quick');
const JSON_OUT = args.includes('--json');
const N = QUICK ? 20_000 : 100_000;
const MIN_REPEATS = QUICK ? 3 : 7;
const MAX_REPEATS = 30;
const REPEAT_BUDGET_MS = 1500; // per implementation and shape: cheap shapes get more repeats
const SHAPES = [
  { n: N, d: 2, k: 5 },
  { n: N, d: 8, k: 16 },
  { n: N, d: 32, k: 64 },
];

const log = (...m) => console.error(...m); // progress on stderr keeps --json output clean

// ---------------------------------------------------------------------------------------------
// Data: seeded, so every run and every implementation sees the same bits.

/** mulberry32: tiny, 32-bit integer only, good enough for benchmark data. Uniform in [0, 1). */
function uniform(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal via Box–Muller. */
function normal(rand) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const z = spare;
      spare = null;
      return z;
    }
    const r = Math.sqrt(-2 * Math.log(1 - rand())); // 1 - u avoids log(0)
    const theta = 2 * Math.PI * rand();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
}

/**
 * n rows around k centres drawn uniformly in [-10, 10]^d (like sklearn's make_blobs), each row
 * in a random blob. The spread grows with d so that blobs overlap in every shape: boundary
 * rows keep switching clusters, so Lloyd is still moving after ITERATIONS and the library
 * entry points (which stop on "no label changed") run all of them too.
 */
function blobs({ n, d, k }, seed) {
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

// ---------------------------------------------------------------------------------------------
// Implementations. Each returns { ms: per-iteration time of this run, centroids, iterations }.

/**
 * segmint's kernels driven like lloydRun's loop body (assign with sums, relocate empty
 * clusters, average, swap), minus the convergence test and the final assign-only pass.
 */
function segmintLoop(ws, initial) {
  const d = ws.nFeatures;
  ws.centroids.set(initial);
  ws.labels.fill(-1);
  const start = performance.now();
  for (let iter = 0; iter < ITERATIONS; iter++) {
    ws.assign({ update: true, distances: false });
    if (ws.counts.includes(0)) ws.labelDistances();
    relocateEmptyClusters(ws.x, d, ws.weights, ws.labels, ws.distances, ws.sums, ws.counts);
    averageCentres(ws.sums, ws.counts, ws.centroids, ws.centroidsNext, d);
    ws.swapCentroids();
  }
  const ms = performance.now() - start;
  return { ms: ms / ITERATIONS, centroids: Float64Array.from(ws.centroids), iterations: ITERATIONS };
}

/**
 * The library entry point. tolerance -1 can never be met, but lloydRun still stops when no label
 * changes, and always ends with one assign-only pass: its time is (iterations + that pass) / iterations.
 */
function segmintLloydRun(ws, initial) {
  const start = performance.now();
  const run = singleRun(ws, initial, ITERATIONS, -1);
  const ms = performance.now() - start;
  return { ms: ms / run.iterations, centroids: run.centroids, iterations: run.iterations };
}

/** What a careful JavaScript developer would write: direct distances over Float64Arrays. */
function plainJs(x, n, d, k, initial) {
  const centres = Float64Array.from(initial);
  const sums = new Float64Array(k * d);
  const counts = new Float64Array(k);
  const labels = new Int32Array(n);
  const start = performance.now();
  for (let iter = 0; iter < ITERATIONS; iter++) {
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
  return { ms: ms / ITERATIONS, centroids: centres, iterations: ITERATIONS };
}

/** Runs bench/sklearn_lloyd.py on the same data and centres, passed as raw float64 files. */
function sklearnRuns(shape, x, initial, repeats, tmp) {
  const xPath = path.join(tmp, 'x.f64');
  const initPath = path.join(tmp, 'init.f64');
  writeFileSync(xPath, new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
  writeFileSync(initPath, new Uint8Array(initial.buffer, initial.byteOffset, initial.byteLength));
  const script = path.join(HERE, 'sklearn_lloyd.py');
  const env = { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
  const argv = [script, xPath, initPath, shape.n, shape.d, shape.k, ITERATIONS, repeats].map(String);
  const out = spawnSync(PYTHON, argv, { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 600_000 });
  if (out.status !== 0) throw new Error(`sklearn_lloyd.py failed (${out.status ?? out.signal}):\n${out.stderr}`);
  return JSON.parse(out.stdout);
}

function sklearnAvailable() {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

// ---------------------------------------------------------------------------------------------
// Measurement and reporting.

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Max |a - ref| and the same relative to the largest |ref| coordinate. */
function compare(a, ref) {
  let diff = 0;
  let scale = 0;
  for (let t = 0; t < ref.length; t++) {
    diff = Math.max(diff, Math.abs(a[t] - ref[t]));
    scale = Math.max(scale, Math.abs(ref[t]));
  }
  return { maxAbsDiff: diff, relDiff: diff / scale };
}

function benchShape(shape, index, tmp, withSklearn) {
  const { n, d, k } = shape;
  const x = blobs(shape, SEED + index);
  // The first k rows: rows come in random blob order, so these are k random data points.
  const initial = x.slice(0, k * d);

  const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false }, 'wasm');
  ws.setRows(x);

  const impls = [
    { id: 'segmint', label: 'segmint wasm (assign loop)', run: () => segmintLoop(ws, initial) },
    { id: 'segmint-lloydRun', label: 'segmint lloydRun (+final assign)', run: () => segmintLloydRun(ws, initial) },
    { id: 'plain-js', label: 'plain JS', run: () => plainJs(x, n, d, k, initial) },
  ];
  const samples = new Map(impls.map((impl) => [impl.id, []]));
  const last = new Map();
  // Warm-up until JS and wasm have tiered up (V8 swaps in optimised wasm code only for later
  // calls, which takes a run or two) and memory is paged in: at least 2 runs and 300 ms.
  let slowestRunMs = 0;
  for (const impl of impls) {
    const start = performance.now();
    let runs = 0;
    while (runs < 2 || (performance.now() - start < 300 && runs < 10)) {
      impl.run();
      runs++;
    }
    slowestRunMs = Math.max(slowestRunMs, (performance.now() - start) / runs);
  }
  const repeats = Math.min(MAX_REPEATS, Math.max(MIN_REPEATS, Math.ceil(REPEAT_BUDGET_MS / slowestRunMs)));
  // Round-robin so that drifting machine load spreads over all implementations alike.
  for (let r = 0; r < repeats; r++) {
    for (const impl of impls) {
      const result = impl.run();
      samples.get(impl.id).push(result.ms);
      last.set(impl.id, result);
    }
  }
  const rows = impls.map((impl) => ({
    id: impl.id,
    label: impl.label,
    msPerIter: samples.get(impl.id),
    iterations: last.get(impl.id).iterations,
    centroids: last.get(impl.id).centroids,
  }));

  let sklearnInfo;
  if (withSklearn) {
    const sk = sklearnRuns(shape, x, initial, repeats, tmp);
    sklearnInfo = { sklearn: sk.sklearn, numpy: sk.numpy, python: sk.python, threadpools: sk.threadpools };
    if (sk.loop) rows.push({ id: 'sklearn', label: 'sklearn lloyd_iter (loop)', ...sk.loop });
    rows.push({ id: 'sklearn-fit', label: 'sklearn KMeans.fit / n_iter_', ...sk.fit });
  }

  const ref = rows.find((r) => r.id === 'segmint').centroids;
  const baseline = (id) => {
    const row = rows.find((r) => r.id === id) ?? (id === 'sklearn' ? rows.find((r) => r.id === 'sklearn-fit') : undefined);
    return row ? median(row.msPerIter) : undefined;
  };
  const skMs = baseline('sklearn');
  const jsMs = baseline('plain-js');
  const results = rows.map((row) => {
    const ms = median(row.msPerIter);
    const { maxAbsDiff, relDiff } = compare(row.centroids, ref);
    return {
      n, d, k,
      implementation: row.id,
      label: row.label,
      msPerIter: ms,
      msPerIterMin: Math.min(...row.msPerIter),
      msPerIterMax: Math.max(...row.msPerIter),
      repeats: row.msPerIter.length,
      nsPerPointCentroidDim: (ms * 1e6) / (n * k * d),
      vsSklearn: skMs === undefined ? null : ms / skMs,
      vsPlainJs: ms / jsMs,
      iterations: row.iterations,
      maxAbsDiff,
      relDiff,
      sameCentroids: row.iterations === ITERATIONS && relDiff <= CHECK_TOLERANCE,
    };
  });
  return { results, sklearnInfo };
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

function printTable(results, info, notes) {
  const m = info.machine;
  console.log(`segmint Lloyd benchmark${QUICK ? ' (--quick)' : ''}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}`);
  if (info.sklearn) {
    const s = info.sklearn;
    console.log(`scikit-learn ${s.sklearn} (numpy ${s.numpy}, Python ${s.python}), 1 thread: ${(s.threadpools ?? []).join('; ')}`);
  }
  console.log(
    `${ITERATIONS} Lloyd iterations from the same initial centres (first k rows), no convergence test; ` +
      `median of the repeats under each shape, after a warm-up; all single-threaded\n`,
  );

  const fmt = (v, digits) => (v === null || v === undefined ? '—' : v.toFixed(digits));
  const ms = (v) => (v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3));
  const header = ['shape (n, d, k)', 'implementation', 'ms/iter', 'min–max', 'ns/(pt·c·dim)', '÷ sklearn', '÷ plain JS', 'same centroids?'];
  const body = results.map((r) => [
    `${r.n}, ${r.d}, ${r.k}`,
    r.label,
    ms(r.msPerIter),
    `${ms(r.msPerIterMin)}–${ms(r.msPerIterMax)}`,
    fmt(r.nsPerPointCentroidDim, 3),
    r.vsSklearn === null ? '—' : `${fmt(r.vsSklearn, 2)}×`,
    `${fmt(r.vsPlainJs, 2)}×`,
    r.implementation === 'segmint'
      ? 'reference'
      : `${r.sameCentroids ? 'yes' : 'NO'} (rel ${r.relDiff.toExponential(1)}${r.iterations === ITERATIONS ? '' : `, ${r.iterations} iters`})`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : c === cells.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  // The shape is printed once per group, with its repeat count on the line below.
  let rowInGroup = 0;
  for (let i = 0; i < body.length; i++) {
    rowInGroup = i > 0 && body[i][0] === body[i - 1][0] ? rowInGroup + 1 : 0;
    if (i > 0 && rowInGroup === 0) console.log('');
    const shapeCell = rowInGroup === 0 ? body[i][0] : rowInGroup === 1 ? `(${results[i].repeats} repeats)` : '';
    console.log(line([shapeCell, ...body[i].slice(1)]));
  }
  console.log(`
ms/iter: wall time of one assign + centroid-update step; ÷ columns are time ratios (below 1 = faster).
ns/(pt·c·dim): ms/iter per (n × k × d), the cost of one point–centroid–dimension term.
segmint lloydRun and KMeans.fit are the library entry points: their time includes a final
assign-only pass (and, for KMeans.fit, input validation, a copy and centring) spread over the iterations.
sklearn lloyd_iter is the kernel KMeans(algorithm='lloyd') loops over (private API), timed alone;
÷ sklearn divides by it. sklearn works on centred data, so its centroids match to rounding, not bit for bit.
same centroids?: max |Δcentroid| vs segmint's, relative to the largest |centroid|, <= ${CHECK_TOLERANCE}, after ${ITERATIONS} iterations.`);
  for (const note of notes) console.log(`note: ${note}`);
}

async function main() {
  await init();
  const notes = [];
  const withSklearn = sklearnAvailable();
  if (!withSklearn) notes.push(`scikit-learn skipped: \`${PYTHON} -c 'import sklearn'\` failed`);

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'segmint-bench-'));
  const results = [];
  let sklearnInfo;
  try {
    for (let i = 0; i < SHAPES.length; i++) {
      const s = SHAPES[i];
      log(`bench: n=${s.n} d=${s.d} k=${s.k} …`);
      const shape = benchShape(s, i, tmp, withSklearn);
      results.push(...shape.results);
      sklearnInfo ??= shape.sklearnInfo;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (withSklearn && !results.some((r) => r.implementation === 'sklearn')) {
    notes.push('sklearn.cluster._k_means_lloyd.lloyd_iter_chunked_dense not found: ÷ sklearn uses KMeans.fit');
  }
  for (const r of results) {
    if (r.iterations !== ITERATIONS) notes.push(`${r.label} stopped after ${r.iterations} iterations on (${r.n}, ${r.d}, ${r.k})`);
  }

  const info = { machine: machine(), sklearn: sklearnInfo ?? null };
  if (JSON_OUT) {
    const config = { quick: QUICK, iterations: ITERATIONS, minRepeats: MIN_REPEATS, seed: SEED, checkTolerance: CHECK_TOLERANCE };
    console.log(JSON.stringify({ ...info, config, results, notes }, null, 2));
  } else {
    printTable(results, info, notes);
  }
}

await main();
