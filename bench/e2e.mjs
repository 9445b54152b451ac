// segmint end to end beside pandas + scikit-learn (issue 7): a 1,000,000-row, 8-column CSV to
// segments.csv with k = 16 and one k-means run, each side as its own process, timed from spawn
// to exit, with the process's peak resident memory.
//
//   npm run bench:e2e                         1 000 000 rows, 3 runs per job after a warm-up
//   npm run bench:e2e -- --rows 100000        a quicker run
//   npm run bench:e2e -- --repeat 1           one timed run per job
//   npm run bench:e2e -- --json               JSON on stdout instead of the table (progress on stderr)
//   npm run bench:e2e -- --regenerate         write the data file again even if cached
//
// segmint:  node bin/segmint.js fit <file> -k 16 --n-init 1 -o <dir> --no-report --no-charts
//           [--threads 1], run with --import bench/stream-probe.mjs for its own peak RSS.
// sklearn:  /usr/bin/python3 bench/e2e_sklearn.py fit (read_csv, StandardScaler, KMeans,
//           fit_predict, to_csv), with OMP_NUM_THREADS and friends unset (every core) or 1.
// Both scale with z-scores (population standard deviation) and use the same 8 columns; the
// id column is left out by segmint's automatic selection and by name on the Python side.
// Runs the compiled library in dist/ (`npm run build` first). Not a test: nothing is asserted.

import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedFile, lineBatches, log, machine, median, ROOT, runChild, runProbed, warmPageCache } from './common.mjs';
import { normal, uniform } from './random.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PY_SCRIPT = path.join(HERE, 'e2e_sklearn.py');
const PY_MARKER = '@@segmint-e2e-sklearn '; // as in e2e_sklearn.py
const PYTHON = '/usr/bin/python3';
const SEED = 20260701;
const GENERATOR_VERSION = 1; // bump when the generator changes, so cached files are not reused
const K = 16;
const CENTRES = 16;
const MB = 1e6;
const THREAD_VARS = ['OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'BLIS_NUM_THREADS'];

function parseArgs(argv) {
  const options = { rows: 1_000_000, repeat: 3, json: false, regenerate: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const valued = /^--(rows|repeat)(?:=(.*))?$/.exec(a);
    if (a === '--json') options.json = true;
    else if (a === '--regenerate') options.regenerate = true;
    else if (valued) {
      const [, name, inline] = valued;
      const text = inline ?? argv[++i];
      const n = Number(text);
      const min = name === 'rows' ? 1000 : 1;
      if (!Number.isInteger(n) || n < min) {
        console.error(`--${name} expects a whole number of at least ${min}, got ${JSON.stringify(text)}`);
        process.exit(2);
      }
      options[name] = n;
    } else {
      console.error(`unknown option ${a}; use --rows <n>, --repeat <n>, --json and/or --regenerate`);
      process.exit(2);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// Seeded data, cached in os.tmpdir() the way bench/stream.mjs does it (that script runs its
// benchmark when imported, so its helpers are not importable).

/**
 * A customer table: `customer_id` (unique integers) and 8 numeric columns drawn as Gaussian
 * blobs around 16 centres with unequal weights, clamped to plausible ranges and written with
 * 0, 1, 2 or 4 decimals. Each centre's coordinate is uniform in the column's `centre` range;
 * the spread is `sd`, or `rel` × the centre. The blobs overlap, so k-means needs a realistic
 * number of iterations.
 */
const FEATURES = [
  { name: 'age', digits: 0, min: 18, max: 90, centre: [22, 70], sd: 6 },
  { name: 'annual_income_k', digits: 2, min: 5, max: 400, centre: [20, 150], sd: 12 },
  { name: 'spending_score', digits: 0, min: 1, max: 100, centre: [10, 90], sd: 9 },
  { name: 'visits_per_month', digits: 1, min: 0, max: 60, centre: [0.5, 12], sd: 1.5 },
  { name: 'avg_basket', digits: 2, min: 1, max: 2000, centre: [12, 180], rel: 0.25 },
  { name: 'days_since_last', digits: 0, min: 0, max: 730, centre: [2, 200], rel: 0.4 },
  { name: 'tenure_months', digits: 0, min: 0, max: 240, centre: [3, 120], rel: 0.3 },
  { name: 'return_rate', digits: 4, min: 0, max: 1, centre: [0.01, 0.25], sd: 0.03 },
];
const FEATURE_NAMES = FEATURES.map((f) => f.name);

function generateCustomers(rows, write) {
  const rand = uniform(SEED);
  const gauss = normal(rand);
  const centres = Array.from({ length: CENTRES }, () => FEATURES.map((f) => f.centre[0] + (f.centre[1] - f.centre[0]) * rand()));
  const weights = Array.from({ length: CENTRES }, () => 0.5 + rand());
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  weights.reduce((sum, w, i) => (cumulative[i] = sum + w / total), 0);
  const counts = new Array(CENTRES).fill(0);
  write(['customer_id', ...FEATURE_NAMES].join(',') + '\n');
  const out = lineBatches(write);
  for (let i = 0; i < rows; i++) {
    const u = rand();
    let s = 0;
    while (s < CENTRES - 1 && u >= cumulative[s]) s++;
    counts[s]++;
    const fields = [String(100001 + i)];
    FEATURES.forEach((f, j) => {
      const mean = centres[s][j];
      const v = Math.min(f.max, Math.max(f.min, mean + (f.sd ?? f.rel * mean) * gauss()));
      fields.push(f.digits === 0 ? String(Math.round(v)) : v.toFixed(f.digits));
    });
    out.push(fields.join(','));
  }
  out.flush();
  return { rows, columns: 1 + FEATURES.length, features: FEATURE_NAMES, centres: CENTRES, blobSizes: counts, seed: SEED, version: GENERATOR_VERSION };
}

// ---------------------------------------------------------------------------------------------
// Children.

function envWithThreads(threads) {
  const env = { ...process.env };
  for (const v of THREAD_VARS) {
    if (threads === undefined) delete env[v];
    else env[v] = String(threads);
  }
  return env;
}

function segmintJob(id, label, threads, file, outDir) {
  const argv = ['bin/segmint.js', 'fit', file, '-k', String(K), '--n-init', '1', '-o', outDir, '--no-report', '--no-charts', ...(threads === undefined ? [] : ['--threads', String(threads)])];
  return {
    id,
    side: 'segmint',
    label,
    outDir,
    command: `node ${argv.map((a) => (a === file ? '<file>' : a === outDir ? '<dir>' : a)).join(' ')}`,
    once() {
      const r = runProbed(argv);
      const model = JSON.parse(readFileSync(path.join(outDir, 'model.json'), 'utf8'));
      const summary = /inertia (\S+) after (\d+) iteration/.exec(r.stderr);
      return {
        wallMs: r.wallMs,
        peakRssBytes: r.peakRssBytes,
        cpuMs: r.probe.userCpuMs + r.probe.systemCpuMs,
        detail: {
          features: model.features,
          usedRows: model.training?.usedRows,
          iterations: model.iterations ?? (summary ? Number(summary[2]) : undefined),
          inertia: model.inertia ?? (summary ? Number(summary[1]) : undefined),
          converged: model.converged,
          algorithm: model.options?.algorithm ?? model.fit?.algorithm,
          segmentsCsvBytes: statSync(path.join(outDir, 'segments.csv')).size,
        },
      };
    },
  };
}

function sklearnJob(id, label, algorithm, threads, file, outFile) {
  const args = [PY_SCRIPT, 'fit', file, outFile, '--features', FEATURE_NAMES.join(','), '--k', String(K), '--algorithm', algorithm, '--seed', '0'];
  const env = envWithThreads(threads);
  return {
    id,
    side: 'sklearn',
    label,
    outFile,
    command: `${threads === undefined ? '' : THREAD_VARS.map((v) => `${v}=${threads} `).join('')}${PYTHON} ${args.map((a) => (a === file ? '<file>' : a === outFile ? '<out.csv>' : a === PY_SCRIPT ? 'bench/e2e_sklearn.py' : a)).join(' ')}`,
    once() {
      const r = runChild(PYTHON, args, { env, marker: PY_MARKER });
      const rep = r.report;
      // Children of the script's own process (none expected) would not be counted; OpenMP
      // threads are in the same process, so ru_maxrss covers them.
      return {
        wallMs: r.wallMs,
        peakRssBytes: rep.maxRssKiB * 1024,
        detail: { rows: rep.rows, algorithm: rep.algorithm, iterations: rep.iterations, inertia: rep.inertia, phasesS: rep.phasesS, inProcessS: rep.inProcessS, versions: rep.versions, segmentsCsvBytes: statSync(outFile).size },
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!existsSync(path.join(ROOT, 'dist/cli/main.js'))) {
    console.error('dist/cli/main.js is missing: run `npm run build` first (the benchmark runs the compiled CLI)');
    process.exit(2);
  }
  const { rows, repeat } = options;
  const notes = [];
  const tmp = os.tmpdir();
  const data = cachedFile(
    path.join(tmp, `segmint-bench-e2e-${rows}x${FEATURES.length}-k${CENTRES}-seed${SEED}-v${GENERATOR_VERSION}.csv`),
    options.regenerate,
    `${rows} rows × customer_id + ${FEATURES.length} numeric columns, ${CENTRES} blobs`,
    (write) => generateCustomers(rows, write),
  );
  warmPageCache(data.path);

  // Is Debian's scikit-learn there?
  let python = null;
  try {
    python = runChild(PYTHON, [PY_SCRIPT, 'info'], { env: envWithThreads(undefined), marker: PY_MARKER }).report;
  } catch (error) {
    notes.push(`pandas + scikit-learn skipped: \`${PYTHON} -c 'import sklearn, pandas'\` failed (${String(error.message).split('\n').find((l) => /Error/.test(l)) ?? 'not runnable'})`);
  }

  const work = mkdtempSync(path.join(tmp, 'segmint-bench-e2e-'));
  const cores = os.availableParallelism();
  const jobs = [
    segmintJob('segmint-default', `segmint fit, --threads default (${cores})`, undefined, data.path, path.join(work, 'segmint-default')),
    segmintJob('segmint-1', 'segmint fit, --threads 1', 1, data.path, path.join(work, 'segmint-1')),
  ];
  if (python) {
    const algorithms = ['lloyd'];
    if (python.defaultAlgorithm !== 'lloyd') algorithms.push('default');
    else notes.push(`KMeans' default algorithm in scikit-learn ${python.sklearn} is 'lloyd', so the default-algorithm rows are the lloyd rows; 'elkan' (bounds, like segmint's hamerly) is run instead`);
    algorithms.push('elkan');
    for (const algorithm of algorithms) {
      const name = algorithm === 'default' ? `default (${python.defaultAlgorithm})` : algorithm;
      jobs.push(sklearnJob(`sklearn-${algorithm}-all`, `pandas+sklearn ${name}, OMP threads unset (${cores})`, algorithm, undefined, data.path, path.join(work, `sklearn-${algorithm}-all.csv`)));
      jobs.push(sklearnJob(`sklearn-${algorithm}-1`, `pandas+sklearn ${name}, OMP_NUM_THREADS=1`, algorithm, 1, data.path, path.join(work, `sklearn-${algorithm}-1.csv`)));
    }
  }

  const results = new Map(jobs.map((j) => [j.id, []]));
  try {
    // One untimed warm-up per job (page cache, Python's bytecode cache, the OS's allocator),
    // then the jobs take turns so that a change in the machine's load hits them all alike.
    for (let r = 0; r <= repeat; r++) {
      for (const j of jobs) {
        log(`${r === 0 ? 'warm-up' : `run ${r}/${repeat}`}: ${j.label} …`);
        const once = j.once();
        log(`  ${(once.wallMs / 1000).toFixed(2)} s, peak RSS ${(once.peakRssBytes / MB).toFixed(0)} MB`);
        if (r > 0) results.get(j.id).push(once);
      }
    }

    // Quality: both solutions scored on the same standardized data, in Python.
    let score = null;
    const segmintOut = path.join(jobs[0].outDir, 'segments.csv');
    const firstSklearn = jobs.find((j) => j.side === 'sklearn');
    if (python && firstSklearn) {
      log('score: inertia of both label files on the same standardized features …');
      score = runChild(PYTHON, [PY_SCRIPT, 'score', data.path, '--features', FEATURE_NAMES.join(','), segmintOut, firstSklearn.outFile], { env: envWithThreads(undefined), marker: PY_MARKER }).report;
      score.files = ['segmint (threads default)', firstSklearn.label];
    }
    const segmintRows = countLines(segmintOut) - 1;

    const summary = jobs.map((j) => {
      const runs = results.get(j.id);
      const peaks = runs.map((x) => x.peakRssBytes);
      return {
        id: j.id,
        side: j.side,
        label: j.label,
        command: j.command,
        wallMs: median(runs.map((x) => x.wallMs)),
        wallMinMs: Math.min(...runs.map((x) => x.wallMs)),
        wallMaxMs: Math.max(...runs.map((x) => x.wallMs)),
        peakRssBytes: median(peaks),
        peakRssMaxBytes: Math.max(...peaks),
        phasesS: j.side === 'sklearn' ? Object.fromEntries(Object.keys(runs[0].detail.phasesS).map((p) => [p, median(runs.map((x) => x.detail.phasesS[p]))])) : undefined,
        detail: runs[0].detail,
        runs,
      };
    });
    const byId = (id) => summary.find((s) => s.id === id);
    const reference = { wall: byId('segmint-default').wallMs, rss: byId('segmint-default').peakRssBytes };
    for (const s of summary) {
      s.wallRatio = s.wallMs / reference.wall;
      s.rssRatio = s.peakRssBytes / reference.rss;
    }
    // The like-for-like pairs: all threads against all threads, one against one.
    const pairs = [];
    for (const s of summary.filter((x) => x.side === 'sklearn')) {
      const against = byId(s.id.endsWith('-1') ? 'segmint-1' : 'segmint-default');
      pairs.push({ sklearn: s.label, segmint: against.label, wallRatio: s.wallMs / against.wallMs, rssRatio: s.peakRssBytes / against.peakRssBytes });
    }
    if (byId('segmint-default').detail.features.join(',') !== FEATURE_NAMES.join(',')) {
      notes.push(`segmint's automatic selection chose ${byId('segmint-default').detail.features.join(', ')}, not the 8 generated features`);
    }

    const result = {
      machine: machine(),
      python,
      config: { rows, features: FEATURE_NAMES, k: K, nInit: 1, seed: SEED, centres: CENTRES, repeats: repeat, warmUp: 1, mb: MB },
      data: { path: data.path, bytes: data.bytes, reused: data.reused, generateMs: data.generateMs, blobSizes: data.blobSizes },
      rows: { segmint: segmintRows, sklearn: score?.results?.[1]?.rows ?? null },
      jobs: summary,
      pairs,
      score,
      notes,
    };
    if (options.json) console.log(JSON.stringify(result, null, 2));
    else printReport(result);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function countLines(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  let n;
  let last = 10;
  try {
    while ((n = readSync(fd, buffer, 0, buffer.length, null)) > 0) {
      for (let i = 0; i < n; i++) if (buffer[i] === 10) lines++;
      last = buffer[n - 1];
    }
  } finally {
    closeSync(fd);
  }
  return last === 10 ? lines : lines + 1;
}

// ---------------------------------------------------------------------------------------------
// Report.

const mb = (bytes) => (bytes / MB).toFixed(0);
const int = (n) => Math.round(n).toLocaleString('en-US');
const sec = (ms) => (ms / 1000).toFixed(2);

function table(header, body, numeric) {
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
  const line = (cells) => cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function printReport(r) {
  const m = r.machine;
  console.log(`segmint end to end beside pandas + scikit-learn: ${int(r.config.rows)} rows × ${r.config.features.length} features, k = ${r.config.k}, one k-means run`);
  console.log(`machine: ${m.cpu}, ${m.cores} cores, ${mb(m.memoryBytes)} MB RAM, Node ${m.node}, ${m.platform}`);
  if (r.python) console.log(`python: ${PYTHON} ${r.python.python}, scikit-learn ${r.python.sklearn}, pandas ${r.python.pandas}, numpy ${r.python.numpy}`);
  console.log(`data: ${r.data.path} (${mb(r.data.bytes)} MB, ${r.data.reused ? 'reused' : `generated in ${sec(r.data.generateMs)} s`})`);
  console.log(`each job: 1 warm-up, then ${r.config.repeats} runs taking turns with the other jobs; median wall (spawn to exit) and median peak RSS (the process's ru_maxrss); MB = 10^6 bytes\n`);

  const body = r.jobs.map((j) => [
    j.label,
    sec(j.wallMs),
    `${sec(j.wallMinMs)}–${sec(j.wallMaxMs)}`,
    mb(j.peakRssBytes),
    j.side === 'segmint' && j.id === 'segmint-default' ? '1.00 (ref)' : `${j.wallRatio.toFixed(2)}`,
    `${j.rssRatio.toFixed(2)}`,
    String(j.detail.iterations ?? '—'),
    j.detail.inertia === undefined ? '—' : j.detail.inertia.toFixed(1),
  ]);
  console.log(table(['job', 'wall s', 'min–max', 'peak RSS MB', 'wall ÷ segmint', 'RSS ÷ segmint', 'iter', 'inertia'], body, new Set([1, 2, 3, 4, 5, 6, 7])));
  console.log(`(÷ segmint: against segmint with its default threads)\n`);

  if (r.pairs.length > 0) {
    console.log('like for like, pandas + sklearn ÷ segmint (same thread count):');
    console.log(table(['pandas + sklearn', 'segmint', 'wall ratio', 'RSS ratio'], r.pairs.map((p) => [p.sklearn, p.segmint, p.wallRatio.toFixed(2), p.rssRatio.toFixed(2)]), new Set([2, 3])));
    console.log('');
    const phases = r.jobs.filter((j) => j.side === 'sklearn');
    const names = Object.keys(phases[0].phasesS);
    console.log('pandas + sklearn in-process phases, seconds (median):');
    console.log(table(['job', ...names, 'in process', 'wall'], phases.map((j) => [j.label, ...names.map((p) => j.phasesS[p].toFixed(2)), median(j.runs.map((x) => x.detail.inProcessS)).toFixed(2), sec(j.wallMs)]), new Set(names.map((_, i) => i + 1).concat([names.length + 1, names.length + 2]))));
    console.log('');
  }

  const seg = r.jobs.find((j) => j.id === 'segmint-default');
  console.log(`segmint: features chosen automatically: ${seg.detail.features.join(', ')}; ${int(seg.detail.usedRows ?? r.rows.segmint)} rows; algorithm ${seg.detail.algorithm ?? '?'}; ${seg.detail.iterations} iterations${seg.detail.converged === false ? ' (not converged)' : ''}; segments.csv ${mb(seg.detail.segmentsCsvBytes)} MB`);
  if (r.score) {
    const [a, b] = r.score.results;
    console.log(`rows written: segmint ${int(r.rows.segmint)}, pandas ${int(b.rows)} (input ${int(r.config.rows)})`);
    console.log(`inertia of each solution's labels on the same standardized data (sum of squared distances to its segment means, computed in Python):`);
    console.log(`  ${r.score.files[0]}: ${a.inertia.toFixed(1)} (${a.segments} segments)`);
    console.log(`  ${r.score.files[1]}: ${b.inertia.toFixed(1)} (${b.segments} segments)`);
    console.log(`  sklearn ÷ segmint: ${(b.inertia / a.inertia).toFixed(4)}; adjusted Rand index between the two labelings: ${r.score.adjustedRandIndex.toFixed(4)}`);
  } else {
    console.log(`rows written: segmint ${int(r.rows.segmint)} (input ${int(r.config.rows)})`);
  }
  for (const note of r.notes) console.log(`note: ${note}`);
}

await main();
