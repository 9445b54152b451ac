// What the benchmarks share in Node: seeded data files cached on disk, child processes measured
// by bench/stream-probe.mjs, medians and the machine's description.

import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { closeSync, existsSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
const PROBE = path.join(HERE, 'stream-probe.mjs');

/** Starts the line bench/stream-probe.mjs writes on a child's stdout as it exits. */
export const MARKER = '@@segmint-bench-probe ';

/** Progress goes to stderr, so that --json output on stdout stays clean. */
export const log = (...m) => console.error(...m);

export { median } from './median.mjs';

export function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    availableParallelism: os.availableParallelism(),
    memoryBytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
  };
}

/**
 * How much faster this machine runs two threads than one right now, for two kinds of work: a
 * fixed arithmetic loop (no memory traffic) and a sum streaming through a 64 MB array of the
 * worker's own (memory bandwidth). Each sample is 2 × (one worker's time) ÷ (two workers' time
 * doing the same at once), 2 at best; `samples` of each. A shared or throttled host shows here
 * what it will also do to any program's second thread.
 */
export async function twoThreadCeiling(samples = 5) {
  const source = `import('node:worker_threads').then(({ parentPort }) => {
  const values = new Float64Array(1 << 23).fill(1);
  parentPort.on('message', (kind) => {
    let s = 0;
    if (kind === 'arithmetic') {
      let a = 1.0000001;
      for (let i = 0; i < 3e7; i++) { s += a; a *= 1.0000000001; }
    } else {
      // Four sums side by side, so that memory, not the adds' latency, sets the pace.
      let s1 = 0, s2 = 0, s3 = 0;
      for (let r = 0; r < 3; r++) {
        for (let i = 0; i < values.length; i += 4) { s += values[i]; s1 += values[i + 1]; s2 += values[i + 2]; s3 += values[i + 3]; }
      }
      s += s1 + s2 + s3;
    }
    parentPort.postMessage(s);
  });
});`;
  const workers = [0, 1, 2].map(() => new Worker(source, { eval: true }));
  const run = (some, kind) => {
    const start = performance.now();
    return Promise.all(some.map((w) => new Promise((done) => { w.once('message', done); w.postMessage(kind); }))).then(() => performance.now() - start);
  };
  try {
    const ratios = { arithmetic: [], memory: [] };
    for (const kind of Object.keys(ratios)) {
      await run(workers, kind); // warm-up: every worker compiled and its array paged in
      for (let i = 0; i < samples; i++) ratios[kind].push((2 * (await run([workers[0]], kind))) / (await run([workers[1], workers[2]], kind)));
    }
    return ratios;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * Writes `produce(write)` to `target` through a temporary file renamed into place, with a
 * sidecar `<target>.json` holding the byte count and the generator's own figures. A file is
 * reused when its sidecar exists and the size on disk matches: an interrupted run leaves only
 * a temporary file, never a truncated target.
 */
export function cachedFile(target, regenerate, describe, produce) {
  const sidecar = `${target}.json`;
  if (!regenerate && existsSync(target) && existsSync(sidecar)) {
    try {
      const meta = JSON.parse(readFileSync(sidecar, 'utf8'));
      if (statSync(target).size === meta.bytes) {
        log(`data: reusing ${target} (${describe})`);
        return { path: target, ...meta, reused: true, generateMs: null };
      }
    } catch {
      // unreadable sidecar: generate again
    }
  }
  log(`data: generating ${target} (${describe}) …`);
  const temporary = `${target}.${process.pid}.tmp`;
  const start = performance.now();
  const fd = openSync(temporary, 'w');
  let bytes = 0;
  let stats;
  try {
    stats = produce((text) => {
      bytes += writeSync(fd, text);
    });
  } finally {
    closeSync(fd);
  }
  const generateMs = performance.now() - start;
  const meta = { bytes, ...stats };
  writeFileSync(sidecar, JSON.stringify(meta, null, 2) + '\n');
  renameSync(temporary, target);
  return { path: target, ...meta, reused: false, generateMs };
}

/** A generator's lines, written through `write` 20,000 at a time rather than one call per line. */
export function lineBatches(write) {
  let lines = [];
  return {
    push(line) {
      lines.push(line);
      if (lines.length === 20_000) this.flush();
    },
    flush() {
      if (lines.length > 0) write(lines.join('\n') + '\n');
      lines = [];
    },
  };
}

/** Reads the file once so that no job pays for the disk and every job finds it in the page cache. */
export function warmPageCache(file) {
  const fd = openSync(file, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  try {
    while (readSync(fd, buffer, 0, buffer.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs `command args` in ROOT and waits; its stdout must end with a line `marker` + JSON (the
 * probe's, or a script's own report). Returns the wall time, that report and stderr; throws
 * with the child's stderr when it fails or reports nothing.
 */
export function runChild(command, args, { env = process.env, marker = MARKER } = {}) {
  const start = performance.now();
  const out = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const wallMs = performance.now() - start;
  if (out.error) throw out.error;
  const stdout = out.stdout ?? '';
  const at = stdout.lastIndexOf(marker);
  const report = at === -1 ? null : JSON.parse(stdout.slice(at + marker.length).split('\n', 1)[0]);
  if (out.status !== 0 || report === null) {
    throw new Error(`child failed (${out.status ?? out.signal}): ${command} ${args.join(' ')}\n${out.stderr}${report === null ? '\n(no report on stdout)' : ''}`);
  }
  return { wallMs, report, stderr: out.stderr ?? '' };
}

/** Runs `node argv` with the probe preloaded: wall time, peak RSS and the probe's report. */
export function runProbed(argv, env = process.env) {
  const { wallMs, report, stderr } = runChild(process.execPath, ['--import', pathToFileURL(PROBE).href, ...argv], { env });
  return { wallMs, peakRssBytes: report.maxRssKiB * 1024, probe: report, stderr };
}
