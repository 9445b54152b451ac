// segmint cross-runtime benchmark: bench/run.mjs's kernel benchmark (bench/browser-kernels.mjs),
// run in Node and in headless Chromium (Debian's /usr/bin/chromium or CHROMIUM_PATH, driven by
// playwright-core; no browser is downloaded), printed side by side.
//
//   npm run bench:browser              n = 100 000 per shape
//   npm run bench:browser -- --quick   n = 20 000
//   npm run bench:browser -- --smoke   n = 2 000, one repeat: checks that it runs (npm test does)
//   npm run bench:browser -- --json    JSON on stdout (progress on stderr)
//
// Runs the compiled library in dist/ (`npm run build` first). Not a test: nothing is timed
// against a threshold. The check column compares the centroids' bits between the runtimes.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { ITERATIONS, runKernelBench } from './browser-kernels.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
for (const a of args) {
  if (!['--quick', '--smoke', '--json'].includes(a)) {
    console.error(`unknown option ${a}; use --quick, --smoke and/or --json`);
    process.exit(2);
  }
}
const MODE = args.includes('--smoke') ? 'smoke' : args.includes('--quick') ? 'quick' : 'full';
const JSON_OUT = args.includes('--json');
const SETTINGS = {
  full: { n: 100_000, minRepeats: 7, maxRepeats: 30, budgetMs: 1500 },
  quick: { n: 20_000, minRepeats: 3, maxRepeats: 30, budgetMs: 1500 },
  smoke: { n: 2_000, minRepeats: 1, maxRepeats: 1, budgetMs: 0 },
}[MODE];
const log = (...m) => console.error(...m);

if (!existsSync(path.join(ROOT, 'dist/wasm/module.js'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    console.error("Chromium not found: install Debian's chromium package (apt-get install -y chromium) or set CHROMIUM_PATH");
    process.exit(2);
  }
  return found;
}

/** The checkout over HTTP on 127.0.0.1 (ES modules need http, not file:). `/` is a blank page. */
async function staticServer() {
  const types = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.html': 'text/html', '.map': 'application/json' };
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    const send = (status, body, type = 'text/plain') => {
      // Cross-origin isolation gives the page's performance.now() its fine resolution (5 µs, not 100 µs).
      response.writeHead(status, {
        'Content-Type': `${type}; charset=utf-8`,
        'Cache-Control': 'no-store',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      response.end(body);
    };
    if (pathname === '/') return send(200, '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>segmint bench</title>', 'text/html');
    const file = path.resolve(ROOT, `.${pathname}`);
    if (!file.startsWith(ROOT) || !(await stat(file).catch(() => null))?.isFile()) return send(404, 'not found');
    send(200, await readFile(file), types[path.extname(file)] ?? 'application/octet-stream');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => (server.closeAllConnections(), new Promise((r) => server.close(r))) };
}

async function inChromium(settings) {
  const server = await staticServer();
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    page.on('console', (message) => log(`  chromium: ${message.text()}`));
    await page.goto(`${server.url}/`);
    const version = browser.version();
    // Given as a string so nothing rewrites the dynamic import; progress goes to the console.
    const rows = await page.evaluate(
      `import('/bench/browser-kernels.mjs').then((m) => m.runKernelBench({ ...${JSON.stringify(settings)}, log: (text) => console.log(text) }))`,
    );
    return { rows, version };
  } finally {
    await browser.close();
    await server.close();
  }
}

function printTable(node, browser, info) {
  console.log(`segmint kernels in Node and Chromium${MODE === 'full' ? '' : ` (--${MODE})`}`);
  console.log(`machine: ${info.cpu}, ${info.cores} cores; Node ${info.node} (V8 ${process.versions.v8}); Chromium ${info.chromium}`);
  console.log(`${ITERATIONS} Lloyd iterations from the same initial centres (first k rows), no convergence test, the same data; median of the repeats, after a warm-up; single-threaded\n`);
  const ms = (v) => (v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3));
  const header = ['shape (n, d, k)', 'implementation', 'Node ms/iter', 'Chromium ms/iter', 'Chromium ÷ Node', 'same centroid bits?'];
  const body = node.map((row, i) => {
    const other = browser[i];
    return [
      `${row.n}, ${row.d}, ${row.k}`,
      row.label,
      ms(row.msPerIter),
      ms(other.msPerIter),
      `${(other.msPerIter / row.msPerIter).toFixed(2)}×`,
      (row.centroidBits === other.centroidBits && row.iterations === other.iterations ? 'yes' : `NO (${row.centroidBits} vs ${other.centroidBits})`) +
        (row.iterations < ITERATIONS ? ` (stopped after ${row.iterations} iterations: no label changed)` : ''),
    ];
  });
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c].length)));
  const numeric = new Set([2, 3, 4]);
  const line = (cells) => cells.map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : c === cells.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  body.forEach((r, i) => {
    if (i > 0 && r[0] !== body[i - 1][0]) console.log('');
    console.log(line([i > 0 && r[0] === body[i - 1][0] ? '' : r[0], ...r.slice(1)]));
  });
  console.log(`
ms/iter: wall time of one assign + centroid-update step (median of ${node[0].repeats}+ repeats per shape).
segmint kmeans() is the public entry point with the same initial centres: its time includes validation,
copying the data into WebAssembly memory and the final assign-only pass, spread over the iterations.
same centroid bits?: the centroids after ${ITERATIONS} iterations have the same 64 bits in both runtimes
(plain JS included: the same additions in the same order).`);
}

log(`bench:browser: ${MODE}, n = ${SETTINGS.n} per shape; Node first, then Chromium`);
const nodeRows = await runKernelBench({ ...SETTINGS, log: (text) => log(`  node: ${text}`) });
const { rows: browserRows, version } = await inChromium(SETTINGS);
const info = { cpu: os.cpus()[0]?.model ?? 'unknown', cores: os.cpus().length, node: process.version, chromium: version };
if (JSON_OUT) {
  console.log(JSON.stringify({ ...info, mode: MODE, iterations: ITERATIONS, settings: SETTINGS, node: nodeRows, chromium: browserRows }, null, 2));
} else {
  printTable(nodeRows, browserRows, info);
}
