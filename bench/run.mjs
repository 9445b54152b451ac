// segmint benchmark, in two parts, on seeded Gaussian blobs:
//
// 1. Per iteration: 10 Lloyd iterations (assign + centroid update) from the same centres, with
//    no convergence test, for segmint's Lloyd (f64 and f32 rows) and Hamerly on 1 and 2 threads, a plain
//    JavaScript Lloyd loop and scikit-learn's Lloyd.
// 2. To convergence: segmint's Lloyd and Hamerly, 1 and 2 threads, with the library's default
//    tolerance, on (1e6, 8, 16) and (1e5, 32, 64): total time and a check that they end with
//    the same labels and centroids.
//
//   npm run bench                 the full run (a few minutes)
//   npm run bench -- --quick      n / 5 and no 1e6 shape
//   npm run bench -- --json       JSON on stdout instead of the tables (progress goes to stderr)
//   npm run bench -- --tables F   the tables of a run saved with --json in file F (nothing is run)
//
// Runs the compiled library in dist/ (`npm run build` first). Not a test: nothing is asserted.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { meanVariance } from '../dist/kmeans/kmeans.js';
import { lloydIteration, singleRun, startRun } from '../dist/kmeans/lloyd.js';
import { init, initPrecision, initShared, initSharedPrecision } from '../dist/wasm/module.js';
import '../dist/wasm/node-threads.js';
import { Workspace } from '../dist/wasm/workspace.js';
import { kmeans as mlKmeans } from 'ml-kmeans';
import skmeans from 'skmeans';
import { log, machine, median, twoThreadCeiling } from './common.mjs';
import { plainJs } from './plain-js.mjs';
import { normal, uniform } from './random.mjs';

const PYTHON = '/usr/bin/python3'; // the system Python with Debian's python3-sklearn, not whatever PATH finds
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ITERATIONS = 10;
const SEED = 20240611;
const CHECK_TOLERANCE = 1e-9; // relative: max |Δcentroid| / max |centroid|
const THREADS = 2;

const args = process.argv.slice(2);
const tablesAt = args.indexOf('--tables');
const TABLES_FROM = tablesAt >= 0 ? args.splice(tablesAt, 2)[1] : undefined;
for (const a of args) {
  if (a !== '--quick' && a !== '--json') {
    console.error(`unknown option ${a}; use --quick and/or --json, or --tables <file saved by --json>`);
    process.exit(2);
  }
}
if (tablesAt >= 0 && TABLES_FROM === undefined) {
  console.error('--tables needs the file a --json run was saved to');
  process.exit(2);
}
const QUICK = args.includes('--quick');
const JSON_OUT = args.includes('--json');
const SCALE = QUICK ? 5 : 1;
const MIN_REPEATS = QUICK ? 3 : 7;
const MAX_REPEATS = 30;
const REPEAT_BUDGET_MS = 1500; // per implementation and shape: cheap shapes get more repeats
const SHAPES = [
  { n: 100_000 / SCALE, d: 2, k: 5 },
  { n: 100_000 / SCALE, d: 8, k: 16 },
  ...(QUICK ? [] : [{ n: 1_000_000, d: 8, k: 16 }]),
  { n: 100_000 / SCALE, d: 32, k: 64 },
  { n: 2_000_000 / SCALE, d: 2, k: 5 },
];
/** To convergence: overlapping blobs (spread 2) and, at (1e6, 8, 16), separated ones (sd 1). */
const CONVERGENCE_CASES = [
  { n: 1_000_000 / SCALE, d: 8, k: 16, spread: 2, seed: SEED + 100 },
  { n: 1_000_000 / SCALE, d: 8, k: 16, spread: 1 / Math.sqrt(8), seed: SEED + 101 },
  { n: 100_000 / SCALE, d: 32, k: 64, spread: 2, seed: SEED + 102 },
];
const CONVERGENCE_REPEATS = QUICK ? 1 : 3;


// ---------------------------------------------------------------------------------------------
// Data: seeded, so every run and every implementation sees the same bits.

/**
 * n rows around k centres drawn uniformly in [-10, 10]^d (like sklearn's make_blobs), each row
 * in a random blob with standard deviation `spread` × sqrt(d) per feature. The default spread
 * (2) makes blobs overlap in every shape: boundary rows keep switching clusters, so Lloyd is
 * still moving after ITERATIONS.
 */
function blobs({ n, d, k }, seed, spread = 2) {
  const rand = uniform(seed);
  const gauss = normal(rand);
  const centres = new Float64Array(k * d);
  for (let t = 0; t < centres.length; t++) centres[t] = -10 + 20 * rand();
  const std = spread * Math.sqrt(d);
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
 * segmint's Lloyd iterations as singleRun runs them (lloydIteration: assign with sums or with
 * Hamerly's or Elkan's bounds, relocate empty clusters, average, swap), minus the convergence
 * test and the final assign-only pass: the same work as scikit-learn's lloyd_iter loop.
 */
function segmintIterations(ws, initial, strategy) {
  startRun(ws, initial, strategy);
  const start = performance.now();
  for (let iter = 0; iter < ITERATIONS; iter++) lloydIteration(ws, strategy);
  const ms = performance.now() - start;
  return { ms: ms / ITERATIONS, centroids: Float64Array.from(ws.centroids), iterations: ITERATIONS };
}

/** Rows as arrays, the input the JavaScript peers take (converted once, outside the timing). */
function toRows(values, d) {
  const rows = [];
  for (let start = 0; start < values.length; start += d) rows.push(Array.from(values.subarray(start, start + d)));
  return rows;
}

/**
 * A JavaScript peer from the same centres for ITERATIONS iterations at most (both stop early
 * when no label changes; ms are per iteration they ran, and the check column compares centroids).
 */
function peerRun(run) {
  const start = performance.now();
  const { iterations, centroids } = run();
  const ms = performance.now() - start;
  return { ms: ms / iterations, centroids: Float64Array.from(centroids.flat()), iterations };
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
  const out = spawnSync(PYTHON, argv, { env, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 900_000 });
  if (out.status !== 0) throw new Error(`sklearn_lloyd.py failed (${out.status ?? out.signal}):\n${out.stderr}`);
  return JSON.parse(out.stdout);
}

function sklearnAvailable() {
  return spawnSync(PYTHON, ['-c', 'import sklearn'], { stdio: 'ignore' }).status === 0;
}

/** A workspace holding x, with room for Hamerly's and Elkan's bounds; on `threads` threads; rows stored at `precision`. */
async function workspace({ n, d, k }, x, threads, precision = 'f64') {
  const ws = Workspace.create({ nSamples: n, nFeatures: d, k, weighted: false, elkan: true, precision }, 'wasm', { shared: threads > 1 });
  ws.setRows(x);
  await ws.startThreads(threads);
  return ws;
}

// ---------------------------------------------------------------------------------------------
// Measurement and reporting.

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

async function benchShape(shape, index, tmp, withSklearn) {
  const { n, d, k } = shape;
  const x = blobs(shape, SEED + index);
  // The first k rows: rows come in random blob order, so these are k random data points.
  const initial = x.slice(0, k * d);

  const serial = await workspace(shape, x, 1);
  const threaded = await workspace(shape, x, THREADS);
  // precision 'f32': rows stored as f32. Its check is against the f64 fit of the rounded rows.
  const serialF32 = await workspace(shape, x, 1, 'f32');
  const threadedF32 = await workspace(shape, x, THREADS, 'f32');
  const roundedReference = segmintIterations(await workspace(shape, Float64Array.from(Float32Array.from(x)), 1), initial, 'lloyd').centroids;
  const impls = [
    { id: 'segmint-lloyd', label: 'segmint lloyd, 1 thread', run: () => segmintIterations(serial, initial, 'lloyd') },
    { id: 'segmint-lloyd-threads', label: `segmint lloyd, ${THREADS} threads`, run: () => segmintIterations(threaded, initial, 'lloyd') },
    { id: 'segmint-lloyd-f32', label: 'segmint lloyd f32, 1 thread', run: () => segmintIterations(serialF32, initial, 'lloyd') },
    { id: 'segmint-lloyd-f32-threads', label: `segmint lloyd f32, ${THREADS} threads`, run: () => segmintIterations(threadedF32, initial, 'lloyd') },
    { id: 'segmint-hamerly', label: 'segmint hamerly, 1 thread', run: () => segmintIterations(serial, initial, 'hamerly') },
    { id: 'segmint-hamerly-threads', label: `segmint hamerly, ${THREADS} threads`, run: () => segmintIterations(threaded, initial, 'hamerly') },
    { id: 'segmint-elkan', label: 'segmint elkan, 1 thread', run: () => segmintIterations(serial, initial, 'elkan') },
    { id: 'plain-js', label: 'plain JS', run: () => plainJs(x, n, d, k, initial, ITERATIONS) },
  ];
  const rowsOfX = toRows(x, d);
  const initialRows = toRows(initial, d);
  impls.push(
    {
      id: 'ml-kmeans',
      label: 'ml-kmeans 7',
      run: () => peerRun(() => mlKmeans(rowsOfX, k, { initialization: initialRows, maxIterations: ITERATIONS, tolerance: 0 })),
    },
    {
      id: 'skmeans',
      label: 'skmeans 0.11',
      run: () => peerRun(() => {
        const result = skmeans(rowsOfX, k, initialRows.map((row) => row.slice()), ITERATIONS);
        return { iterations: result.it, centroids: result.centroids };
      }),
    },
  );
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
  await threaded.close();
  await threadedF32.close();
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

  const ref = rows.find((r) => r.id === 'segmint-lloyd').centroids;
  const baseline = (id) => {
    const row = rows.find((r) => r.id === id) ?? (id === 'sklearn' ? rows.find((r) => r.id === 'sklearn-fit') : undefined);
    return row ? median(row.msPerIter) : undefined;
  };
  const skMs = baseline('sklearn');
  const jsMs = baseline('plain-js');
  const results = rows.map((row) => {
    const ms = median(row.msPerIter);
    const f32 = row.id.startsWith('segmint-lloyd-f32');
    const { maxAbsDiff, relDiff } = compare(row.centroids, f32 ? roundedReference : ref);
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
      bitIdentical: relDiff === 0,
      // Checked against the f64 fit of the rows rounded to f32, not against the reference row.
      roundedRows: f32,
      sameCentroids: row.iterations === ITERATIONS && relDiff <= CHECK_TOLERANCE,
    };
  });
  return { results, sklearnInfo };
}

/**
 * Lloyd, Hamerly and Elkan to convergence (tolerance 1e-4 × the mean feature variance, or no label
 * changing), 1 and THREADS threads. singleRun() includes the final assign-only pass.
 */
async function benchConvergence() {
  const results = [];
  for (const { spread, seed, ...shape } of CONVERGENCE_CASES) {
    const { n, d, k } = shape;
    const data = spread === 2 ? 'overlapping blobs (sd 2·sqrt(d))' : 'separated blobs (sd 1)';
    log(`bench: to convergence, n=${n} d=${d} k=${k}, ${data} …`);
    const x = blobs(shape, seed, spread);
    const initial = x.slice(0, k * d);
    const tolerance = 1e-4 * meanVariance({ values: x, nSamples: n, nFeatures: d });
    const spaces = { 1: await workspace(shape, x, 1), [THREADS]: await workspace(shape, x, THREADS) };
    const runs = [];
    for (const threads of [1, THREADS]) {
      for (const strategy of ['lloyd', 'hamerly', 'elkan']) {
        const times = [];
        let run;
        for (let r = 0; r < CONVERGENCE_REPEATS; r++) {
          const start = performance.now();
          run = singleRun(spaces[threads], initial, 1000, tolerance, strategy);
          times.push(performance.now() - start);
        }
        runs.push({ strategy, threads, ms: median(times), iterations: run.iterations, searchedPasses: run.searchedRows / n, labels: run.labels, centroids: run.centroids });
      }
    }
    await spaces[THREADS].close();
    const reference = runs[0];
    for (const run of runs) {
      results.push({
        n, d, k,
        data,
        implementation: `segmint-${run.strategy}${run.threads > 1 ? '-threads' : ''}`,
        label: `segmint ${run.strategy}, ${run.threads} thread${run.threads > 1 ? 's' : ''}`,
        ms: run.ms,
        iterations: run.iterations,
        searchedPasses: run.searchedPasses,
        speedup: reference.ms / run.ms,
        sameLabels: run.labels.every((label, i) => label === reference.labels[i]),
        sameCentroids: compare(run.centroids, reference.centroids).relDiff === 0,
      });
    }
  }
  return results;
}

/**
 * Issue 7's targets, read off this run's own rows: each as the measured ratio beside the target
 * (facts, not asserts: the machine's noise moves them from run to run).
 */
function targets(results, convergence, machineInfo) {
  const at = (n, d, k) => results.filter((r) => r.n === n && r.d === d && r.k === k);
  const ms = (rows, id) => rows.find((r) => r.implementation === id)?.msPerIter;
  // Each implementation's fastest repeat too: load from other tenants only ever adds time, so
  // when the medians of a ratio caught a loaded stretch, the fastest repeats show it.
  const fastest = (rows, id) => rows.find((r) => r.implementation === id)?.msPerIterMin;
  const lines = [];
  const shapes = [...new Map(results.map((r) => [`${r.n},${r.d},${r.k}`, r])).values()];
  for (const { n, d, k } of shapes) {
    const rows = at(n, d, k);
    // f64, one thread, per iteration: segmint's fastest algorithm.
    const ours = Math.min(...['segmint-lloyd', 'segmint-hamerly', 'segmint-elkan'].map((id) => ms(rows, id) ?? Infinity));
    const lloyd = ms(rows, 'segmint-lloyd');
    const sk = ms(rows, 'sklearn') ?? ms(rows, 'sklearn-fit');
    const ml = ms(rows, 'ml-kmeans');
    const skFastest = fastest(rows, 'sklearn') ?? fastest(rows, 'sklearn-fit');
    const ratio = (peer, mine) => (peer === undefined ? '—' : `${(peer / mine).toFixed(2)}×`);
    const lloydFastest = fastest(rows, 'segmint-lloyd');
    lines.push({
      target: `(${n}, ${d}, ${k}) f64, 1 thread, per iteration`,
      measured:
        `lloyd ÷ sklearn ${ratio(sk, lloyd)} (fastest repeats ${ratio(skFastest, lloydFastest)}), best ${ratio(sk, ours)} (target ${d <= 8 ? '≥ 2' : '> 1'}×); ` +
        `lloyd ÷ ml-kmeans ${ratio(ml, lloyd)} (fastest repeats ${ratio(fastest(rows, 'ml-kmeans'), lloydFastest)}), best ${ratio(ml, ours)} (target ≥ 15×)`,
    });
    const f32 = rows.find((r) => r.implementation === 'segmint-lloyd-f32');
    if (n === 100_000 / SCALE && d === 32 && f32) {
      lines.push({
        target: `(${n}, ${d}, ${k}) f32 ÷ f64, lloyd, 1 thread, per iteration`,
        measured: `${(lloyd / f32.msPerIter).toFixed(2)}× (fastest repeats ${(lloydFastest / f32.msPerIterMin).toFixed(2)}×; target ≥ 1.5×), ${f32.bitIdentical ? 'bit-identical to the f64 fit of the rows rounded to f32' : 'DIFFERENT from the f64 fit of the rounded rows'}`,
      });
    }
    const threaded = rows.find((r) => r.implementation === 'segmint-lloyd-threads');
    if (n === 1_000_000 / SCALE && d === 8 && threaded) {
      lines.push({
        target: `(${n}, ${d}, ${k}) ${THREADS} threads ÷ 1 thread, per iteration`,
        measured:
          `${(lloyd / threaded.msPerIter).toFixed(2)}× (fastest repeats ${(fastest(rows, 'segmint-lloyd') / threaded.msPerIterMin).toFixed(2)}×; target ≥ 1.7×), centroids ${threaded.bitIdentical ? 'bit-identical' : 'DIFFERENT'}` +
          `${ceilingText(machineInfo) ? `; the machine's own: ${ceilingText(machineInfo)}` : ''}`,
      });
    }
  }
  for (const data of new Set(convergence.filter((r) => r.d === 8).map((r) => r.data))) {
    const rows = convergence.filter((r) => r.d === 8 && r.data === data);
    const best = rows.filter((r) => r.implementation === 'segmint-hamerly' || r.implementation === 'segmint-elkan').sort((a, b) => b.speedup - a.speedup)[0];
    if (best) {
      lines.push({
        target: `(${best.n}, 8, 16) ${data}, to convergence: bounds ÷ Lloyd, 1 thread`,
        measured: `${best.label}: ${best.speedup.toFixed(2)}× (target ≥ 3×), labels ${best.sameLabels ? 'the same' : 'DIFFERENT'}`,
      });
    }
  }
  return lines;
}

/** Prints rows as an aligned table; cells of columns in `numeric` are right-aligned. */
function printRows(header, body, numeric) {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : c === cells.length - 1 ? cell : cell.padEnd(widths[c])))
      .join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of body) console.log(line(row));
}

/** The two-thread ceiling sampled in a run (twoThreadCeiling), as text; '' when not sampled. */
function ceilingText(machineInfo) {
  const ceiling = machineInfo?.twoThreadCeiling;
  if (!ceiling?.arithmetic?.length) return '';
  const range = (samples) => `${median(samples).toFixed(2)}× (${Math.min(...samples).toFixed(2)}–${Math.max(...samples).toFixed(2)})`;
  return `2 threads ran ${range(ceiling.arithmetic)} one on an arithmetic loop, ${range(ceiling.memory)} streaming memory`;
}

function printTables(results, convergence, info, notes) {
  const m = info.machine;
  console.log(`segmint Lloyd benchmark${QUICK ? ' (--quick)' : ''}`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.platform}${ceilingText(m) ? `; ${ceilingText(m)}` : ''}`);
  if (info.sklearn) {
    const s = info.sklearn;
    console.log(`scikit-learn ${s.sklearn} (numpy ${s.numpy}, Python ${s.python}), 1 thread: ${(s.threadpools ?? []).join('; ')}`);
  }
  console.log(
    `\n1. Per iteration: ${ITERATIONS} Lloyd iterations from the same initial centres (first k rows), no convergence test; ` +
      'median of the repeats under each shape, after a warm-up\n',
  );
  const fmt = (v, digits) => (v === null || v === undefined ? '—' : v.toFixed(digits));
  const ms = (v) => (v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3));
  const body = [];
  // The shape is printed once per group, with its repeat count on the line below.
  let rowInGroup = 0;
  results.forEach((r, i) => {
    const shape = `${r.n}, ${r.d}, ${r.k}`;
    const previous = results[i - 1];
    rowInGroup = previous && `${previous.n}, ${previous.d}, ${previous.k}` === shape ? rowInGroup + 1 : 0;
    if (i > 0 && rowInGroup === 0) body.push(['', '', '', '', '', '', '', '']);
    body.push([
      rowInGroup === 0 ? shape : rowInGroup === 1 ? `(${r.repeats} repeats)` : '',
      r.label,
      ms(r.msPerIter),
      `${ms(r.msPerIterMin)}–${ms(r.msPerIterMax)}`,
      fmt(r.nsPerPointCentroidDim, 3),
      r.vsSklearn === null ? '—' : `${fmt(r.vsSklearn, 2)}×`,
      `${fmt(r.vsPlainJs, 3)}×`,
      r.implementation === 'segmint-lloyd'
        ? 'reference'
        : r.bitIdentical
          ? r.roundedRows ? 'bit-identical to f64 on rounded rows' : 'bit-identical'
          : `${r.sameCentroids ? 'yes' : 'NO'} (rel ${r.relDiff.toExponential(1)}${r.iterations === ITERATIONS ? '' : `, ${r.iterations} iters`})`,
    ]);
  });
  printRows(['shape (n, d, k)', 'implementation', 'ms/iter', 'min–max', 'ns/(pt·c·dim)', '÷ sklearn', '÷ plain JS', 'same centroids?'], body, new Set([2, 3, 4, 5, 6]));
  console.log(`
ms/iter: wall time of one assign + centroid-update step; ÷ columns are time ratios (below 1 = faster).
ns/(pt·c·dim): ms/iter per (n × k × d), the cost of one point–centroid–dimension term.
segmint rows run singleRun()'s iteration without its convergence test and final assign-only pass, like
sklearn lloyd_iter (the kernel KMeans(algorithm='lloyd') loops over, private API, timed alone; ÷ sklearn
divides by it). KMeans.fit also validates, copies and centres the data and ends with an E-step.
same centroids?: vs segmint lloyd on 1 thread after ${ITERATIONS} iterations; others (plain JS adds in another
order, sklearn works on centred data) must be within ${CHECK_TOLERANCE} relative. The f32 rows (precision 'f32':
rows stored as f32, arithmetic in f64) are checked against segmint lloyd on the rows rounded to f32.`);

  console.log(`\n2. To convergence (tolerance 1e-4 × mean feature variance, or no label changing), median of ${CONVERGENCE_REPEATS}\n`);
  printRows(
    ['n, d, k: data', 'implementation', 'ms', 'iterations', 'rows searched (passes)', 'speedup', 'same labels and centroids?'],
    convergence.map((r, i) => [
      i === 0 || convergence[i - 1].data !== r.data || convergence[i - 1].d !== r.d ? `${r.n}, ${r.d}, ${r.k}: ${r.data}` : '',
      r.label,
      r.ms.toFixed(0),
      String(r.iterations),
      r.searchedPasses.toFixed(2),
      `${r.speedup.toFixed(2)}×`,
      r.sameLabels && r.sameCentroids ? 'yes, bit-identical' : 'NO',
    ]),
    new Set([2, 3, 4, 5]),
  );
  console.log(`
speedup: segmint lloyd on 1 thread's time ÷ this row's. rows searched: rows whose nearest centroid was
searched for, in passes over the data (Lloyd searches every row every iteration; Hamerly's bounds skip some).`);
  for (const note of notes) console.log(`note: ${note}`);
}

async function main() {
  await init();
  await initShared();
  await initPrecision('f32');
  await initSharedPrecision('f32');
  const notes = [];
  const withSklearn = sklearnAvailable();
  if (!withSklearn) notes.push(`scikit-learn skipped: \`${PYTHON} -c 'import sklearn'\` failed`);

  // Sampled before and after everything else: what this machine gives any second thread.
  const ceiling = await twoThreadCeiling();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'segmint-bench-'));
  const results = [];
  let sklearnInfo;
  try {
    for (let i = 0; i < SHAPES.length; i++) {
      const s = SHAPES[i];
      log(`bench: n=${s.n} d=${s.d} k=${s.k} …`);
      const shape = await benchShape(s, i, tmp, withSklearn);
      results.push(...shape.results);
      sklearnInfo ??= shape.sklearnInfo;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const convergence = await benchConvergence();
  if (withSklearn && !results.some((r) => r.implementation === 'sklearn')) {
    notes.push('sklearn.cluster._k_means_lloyd.lloyd_iter_chunked_dense not found: ÷ sklearn uses KMeans.fit');
  }
  for (const r of results) {
    if (r.iterations !== ITERATIONS) notes.push(`${r.label} stopped after ${r.iterations} iterations on (${r.n}, ${r.d}, ${r.k})`);
  }

  const after = await twoThreadCeiling();
  for (const kind of Object.keys(ceiling)) ceiling[kind].push(...after[kind]);
  const info = { machine: { ...machine(), twoThreadCeiling: ceiling }, sklearn: sklearnInfo ?? null };
  if (JSON_OUT) {
    const config = { quick: QUICK, iterations: ITERATIONS, minRepeats: MIN_REPEATS, seed: SEED, checkTolerance: CHECK_TOLERANCE, threads: THREADS };
    console.log(JSON.stringify({ ...info, config, results, convergence, targets: targets(results, convergence, info.machine), notes }, null, 2));
  } else {
    report(results, convergence, info, notes);
  }
}

function report(results, convergence, info, notes) {
  printTables(results, convergence, info, notes);
  console.log('\n3. Issue 7\'s targets, from this run\n');
  printRows(['target', 'measured'], targets(results, convergence, info.machine).map((t) => [t.target, t.measured]), new Set());
}

if (TABLES_FROM !== undefined) {
  const saved = JSON.parse(readFileSync(TABLES_FROM, 'utf8'));
  report(saved.results, saved.convergence, { machine: saved.machine, sklearn: saved.sklearn }, saved.notes);
} else {
  await main();
}
