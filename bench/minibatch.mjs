// segmint mini-batch benchmark: `segmint fit --algorithm minibatch -k 16` streaming a CSV file of
// 10 000 000 rows × (id + 8 numeric columns) of Gaussian blobs, with its peak memory and time,
// and the quality of its segments next to full Lloyd's on a 1 000 000-row sample of the same data.
//
//   npm run bench:minibatch                          10 000 000 rows, Lloyd on the first 1 000 000
//   npm run bench:minibatch -- --rows 200000         a quicker run (the sample: min(1e6, rows / 10))
//   npm run bench:minibatch -- --sample-rows 100000  another sample size
//   npm run bench:minibatch -- --batch-size 4096     another batch size (default: segmint's)
//   npm run bench:minibatch -- --json                JSON on stdout instead of the table
//   npm run bench:minibatch -- --regenerate          write the data files again even if cached
//
// The data is generated from a fixed seed into os.tmpdir() and kept there. The sample is the
// first rows of the same generator (the same rows as the head of the big file). Each job is
// its own child process (peak RSS: its ru_maxrss, reported through bench/stream-probe.mjs).
// Quality is measured in one space: the sample is prepared with the mini-batch model's own
// preparation (model.json), Lloyd (kmeans(), k-means++, nInit 10) runs on that matrix, and the
// mini-batch centres label the same matrix; both inertias are sums over the same sample rows.
// Runs the compiled library in dist/ (`npm run build` first). Not a test: nothing is asserted.

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cachedFile, lineBatches, log, machine, ROOT, runProbed } from './common.mjs';
import { normal, uniform } from './random.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SEED = 20250107;
const GENERATOR_VERSION = 1;
const FEATURES = 8;
const BLOBS = 12;
const K = 16;
const MB = 1e6;
const TARGET_RSS_BYTES = 600 * MB;

// ---------------------------------------------------------------------------------------------
// Child mode: `node --import stream-probe.mjs minibatch.mjs --child lloyd <model.json> <sample.csv> <threads>`.

async function child([job, modelPath, samplePath, threads]) {
  if (job !== 'lloyd') throw new Error(`unknown child job ${job}`);
  const lib = await import(pathToFileURL(path.join(ROOT, 'dist/node/index.js')).href);
  const model = lib.parseModel(readFileSync(modelPath, 'utf8'), modelPath);
  const start = performance.now();
  const table = await lib.readCsvFile(lib.inspectCsvFile(samplePath), { missing: model.missing, keep: (header) => model.preparation.inputs.map((input) => header.indexOf(input.name)) });
  const data = lib.applyPreparation(model.preparation, table);
  lib.releaseColumnValues(table);
  const readMs = performance.now() - start;
  const d = data.nFeatures;
  // Mini-batch's centres on the sample: the inertia of their assignment.
  const centres = model.segments.map((s) => s.scaledCentroid);
  const labels = await lib.predict(centres, data.matrix, { nFeatures: d });
  let miniInertia = 0;
  for (let i = 0; i < data.nSamples; i++) {
    const c = centres[labels[i]];
    for (let f = 0; f < d; f++) miniInertia += (data.matrix[i * d + f] - c[f]) ** 2;
  }
  const fitStart = performance.now();
  const lloyd = await lib.kmeans(data.matrix, model.k, { nFeatures: d, seed: 0, nInit: 10, algorithm: 'lloyd', threads: Number(threads) });
  const lloydMs = performance.now() - fitStart;
  globalThis.__segmintBench = { rows: data.nSamples, readMs, lloydMs, lloydInertia: lloyd.inertia, lloydIterations: lloyd.iterations, lloydConverged: lloyd.converged, miniInertia };
}

// ---------------------------------------------------------------------------------------------

function parseArgs(argv) {
  const options = { rows: 10_000_000, sampleRows: undefined, batchSize: undefined, json: false, regenerate: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const valued = /^--(rows|sample-rows|batch-size)(?:=(.*))?$/.exec(a);
    if (a === '--json') options.json = true;
    else if (a === '--regenerate') options.regenerate = true;
    else if (valued) {
      const text = valued[2] ?? argv[++i];
      const n = Number(text);
      if (!Number.isInteger(n) || n < 1000) {
        console.error(`--${valued[1]} expects a whole number of at least 1000 (1e6 is fine), got ${JSON.stringify(text)}`);
        process.exit(2);
      }
      options[valued[1].replace(/-(\w)/g, (_, c) => c.toUpperCase())] = n;
    } else {
      console.error(`unknown option ${a}; use --rows <n>, --sample-rows <n>, --batch-size <n>, --json and/or --regenerate`);
      process.exit(2);
    }
  }
  options.sampleRows = Math.min(options.rows, options.sampleRows ?? Math.min(1_000_000, Math.round(options.rows / 10)));
  return options;
}

/**
 * Rows of BLOBS Gaussian blobs in 8 dimensions: blob centres drawn uniformly in [0, 100)^8,
 * spreads 3..12 per blob and feature, blob shares uneven (weights 1..3); values with 2 decimals;
 * an id column first. Rows are independent: the first n rows of any file are the n-row file.
 */
function generate(rows, write) {
  const setup = uniform(SEED);
  const centres = Array.from({ length: BLOBS }, () => Array.from({ length: FEATURES }, () => 100 * setup()));
  const spreads = Array.from({ length: BLOBS }, () => Array.from({ length: FEATURES }, () => 3 + 9 * setup()));
  const weights = Array.from({ length: BLOBS }, () => 1 + 2 * setup());
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  weights.reduce((sum, w, i) => (cumulative[i] = (sum + w) / total) * total, 0);
  const rand = uniform(SEED + 1);
  const gauss = normal(rand);
  write(['id', ...Array.from({ length: FEATURES }, (_, f) => `x${f + 1}`)].join(',') + '\n');
  const out = lineBatches(write);
  for (let i = 0; i < rows; i++) {
    const u = rand();
    let b = 0;
    while (b < BLOBS - 1 && u >= cumulative[b]) b++;
    const fields = [String(i + 1)];
    for (let f = 0; f < FEATURES; f++) fields.push((centres[b][f] + spreads[b][f] * gauss()).toFixed(2));
    out.push(fields.join(','));
  }
  out.flush();
  return { rows, blobs: BLOBS, features: FEATURES, seed: SEED, version: GENERATOR_VERSION };
}



async function main() {
  const options = parseArgs(process.argv.slice(2));
  for (const file of ['dist/cli/main.js', 'dist/node/index.js']) {
    if (!existsSync(path.join(ROOT, file))) {
      console.error(`${file} is missing: run \`npm run build\` first (the benchmark runs the compiled library)`);
      process.exit(2);
    }
  }
  const tmp = os.tmpdir();
  const name = (rows) => path.join(tmp, `segmint-bench-blobs-${rows}x${FEATURES}-seed${SEED}-v${GENERATOR_VERSION}.csv`);
  const big = cachedFile(name(options.rows), options.regenerate, `${options.rows} rows × id + ${FEATURES} numeric columns, ${BLOBS} blobs`, (write) => generate(options.rows, write));
  const sample = cachedFile(name(options.sampleRows), options.regenerate, `the first ${options.sampleRows} rows of the same data`, (write) => generate(options.sampleRows, write));
  const work = mkdtempSync(path.join(tmp, 'segmint-bench-minibatch-'));
  const threads = os.availableParallelism();
  let mini;
  let lloyd;
  try {
    const out = path.join(work, 'fit');
    const argv = ['bin/segmint.js', 'fit', big.path, '--algorithm', 'minibatch', '-k', String(K), '-o', out, ...(options.batchSize ? ['--batch-size', String(options.batchSize)] : [])];
    log(`job: segmint fit --algorithm minibatch -k ${K} on ${options.rows} rows …`);
    const run = runProbed(argv);
    const model = JSON.parse(readFileSync(path.join(out, 'model.json'), 'utf8'));
    const segmentsBytes = statSync(path.join(out, 'segments.csv')).size;
    mini = {
      command: `node ${argv.join(' ').replace(big.path, '<big.csv>').replace(out, '<out>')}`,
      wallMs: run.wallMs,
      peakRssBytes: run.peakRssBytes,
      inertia: model.inertia,
      features: model.features,
      usedRows: model.training.usedRows,
      miniBatch: model.miniBatch,
      converged: model.converged,
      segmentsCsvBytes: segmentsBytes,
      stderr: run.stderr.trim().split('\n'),
    };
    log(`job: Lloyd (kmeans, nInit 10, ${threads} threads) on the ${options.sampleRows}-row sample, prepared as model.json says …`);
    const lloydRun = runProbed([path.join(HERE, 'minibatch.mjs'), '--child', 'lloyd', path.join(out, 'model.json'), sample.path, String(threads)]);
    lloyd = { wallMs: lloydRun.wallMs, peakRssBytes: lloydRun.peakRssBytes, ...lloydRun.probe.extra, threads };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const result = {
    machine: { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, memoryBytes: os.totalmem(), node: process.version },
    config: { rows: options.rows, sampleRows: options.sampleRows, k: K, blobs: BLOBS, features: FEATURES, seed: SEED, batchSize: mini.miniBatch?.batchSize },
    data: { big: { path: big.path, bytes: big.bytes, reused: big.reused }, sample: { path: sample.path, bytes: sample.bytes, reused: sample.reused } },
    minibatch: mini,
    lloyd,
    facts: {
      peakRssMB: mini.peakRssBytes / MB,
      peakRssOverTarget: mini.peakRssBytes / TARGET_RSS_BYTES,
      rowsPerSecond: options.rows / (mini.wallMs / 1000),
      sampleInertiaMinibatch: lloyd.miniInertia,
      sampleInertiaLloyd: lloyd.lloydInertia,
      inertiaDifferencePercent: (100 * (lloyd.miniInertia - lloyd.lloydInertia)) / lloyd.lloydInertia,
    },
  };
  if (options.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  const f = result.facts;
  const s = (ms) => (ms / 1000).toFixed(1);
  console.log(`segmint mini-batch benchmark: ${options.rows.toLocaleString('en-US')} rows × ${FEATURES} features (+ id), ${BLOBS} Gaussian blobs, k = ${K}`);
  console.log(`machine: ${result.machine.cpu}, ${result.machine.cores} cores, ${(result.machine.memoryBytes / MB).toFixed(0)} MB RAM, Node ${result.machine.node}; MB = 10^6 bytes`);
  console.log(`data: ${big.path} (${(big.bytes / MB).toFixed(1)} MB), sample: the first ${options.sampleRows.toLocaleString('en-US')} rows (${(sample.bytes / MB).toFixed(1)} MB)\n`);
  const rows = [
    ['job', 'wall s', 'peak RSS MB', 'inertia on the sample'],
    [`fit --algorithm minibatch (${options.rows.toLocaleString('en-US')} rows, CLI end to end)`, s(mini.wallMs), (mini.peakRssBytes / MB).toFixed(1), f.sampleInertiaMinibatch.toFixed(1)],
    [`Lloyd, nInit 10, on the sample (read + fit; fit alone ${s(lloyd.lloydMs)} s)`, s(lloyd.wallMs), (lloyd.peakRssBytes / MB).toFixed(1), f.sampleInertiaLloyd.toFixed(1)],
  ];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  for (const [i, r] of rows.entries()) {
    console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
    if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  }
  const m = mini.miniBatch ?? {};
  console.log(
    `\nmini-batch: batches of ${m.batchSize} rows, ${m.epochs} epoch(s), ${m.steps} steps, stopped by ${m.stoppedBy}, ${m.reassigned} reassignment(s); ` +
      `inertia over all ${mini.usedRows.toLocaleString('en-US')} rows ${mini.inertia.toFixed(1)}; segments.csv ${(mini.segmentsCsvBytes / MB).toFixed(1)} MB; ` +
      `${Math.round(f.rowsPerSecond).toLocaleString('en-US')} rows/s end to end`,
  );
  console.log(`peak RSS ${f.peakRssMB.toFixed(1)} MB = ${f.peakRssOverTarget.toFixed(2)} × 600 MB`);
  console.log(`inertia on the ${lloyd.rows.toLocaleString('en-US')}-row sample: mini-batch ${f.sampleInertiaMinibatch.toFixed(1)}, Lloyd ${f.sampleInertiaLloyd.toFixed(1)} (${lloyd.lloydIterations} iterations${lloyd.lloydConverged ? '' : ', not converged'}): mini-batch is ${f.inertiaDifferencePercent >= 0 ? '+' : ''}${f.inertiaDifferencePercent.toFixed(3)}% vs Lloyd`);
}

if (process.argv[2] === '--child') await child(process.argv.slice(3));
else await main();
