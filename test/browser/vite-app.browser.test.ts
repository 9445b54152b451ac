// Packaging: a tiny web app that imports `segmint` like any npm package (node_modules/segmint
// links to this checkout, so package.json's "exports" and its "browser" conditions decide what
// is bundled), built by Vite with no configuration at all, then run in Chromium. Its fits, on
// the page's thread and in a module Web Worker, must equal Node's bit for bit.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build, createLogger, createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmeans, scanK } from '../../src/index.js';
import { gapStatistic, MIN_GAP_WORKER_WORK } from '../../src/select/gap.js';
import { bits, blobs, mallIncomeSpending, ROOT } from '../helpers/data.js';
import { launchChromium, recordPageErrors, startStaticServer, type StaticServer } from './chromium.js';

const APP_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>segmint in a Vite app</title>
<script type="module" src="./main.js"></script></head><body><canvas id="chart"></canvas></body></html>
`;

// Three entries, as an app would use them: the core, the browser entry, and the worker API
// (its "browser" condition). The page exposes what the test drives.
const APP_MAIN = `import { gapStatistic, kmeans, sizesChart, VERSION } from 'segmint';
import { renderChart } from 'segmint/browser';
import { fitInWorker, scanInWorker } from 'segmint/worker';

const bits = (value) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16);
};
const summary = (result) => ({
  centroids: result.centroids.map((centroid) => centroid.map(bits)),
  inertia: bits(result.inertia),
  labels: Array.from(result.labels),
  iterations: result.iterations,
  predicted: Array.from(result.predict([[90, 95], [20, 10]])),
});

const gapSummary = (gap) => ({ k: gap.k, threads: gap.threads, warnings: gap.warnings, gaps: gap.entries.map((entry) => bits(entry.gap)) });

window.app = {
  version: VERSION,
  gapHere: async (rows, options) => gapSummary(await gapStatistic(rows, options)),
  gapInWorker: async (rows, options) => gapSummary((await scanInWorker(rows, options)).gap),
  fitHere: async (rows, k, options) => summary(await kmeans(rows, k, options)),
  fitInWorker: async (rows, k, options) => {
    const progress = [];
    const result = await fitInWorker(rows, k, { ...options, onProgress: (done, total) => progress.push([done, total]) });
    return { ...summary(result), progress };
  },
  scanInWorker: async (rows, options) => {
    const steps = [];
    const scan = await scanInWorker(rows, { ...options, onProgress: (done, total) => steps.push(done / total) });
    return {
      k: scan.recommendation.k,
      votes: scan.recommendation.votes,
      inertias: scan.entries.map((entry) => bits(entry.inertia)),
      silhouettes: scan.entries.map((entry) => bits(entry.silhouette.mean)),
      labels: scan.entries.map((entry) => Array.from(entry.fit.labels)),
      lastStep: steps.at(-1),
    };
  },
  abortScan: async (rows) => {
    const controller = new AbortController();
    const started = performance.now();
    const scan = scanInWorker(rows, { kMax: 10, signal: controller.signal, onProgress: (done) => done === 1 && controller.abort() });
    const error = await scan.then(() => undefined, (e) => e);
    return { name: error?.name, ms: performance.now() - started };
  },
  drawChart: async () => {
    const canvas = document.getElementById('chart');
    const chart = await renderChart(canvas, sizesChart({ sizes: [3, 2], segmentNames: ['One', 'Two'] }));
    chart.destroy();
    return { width: canvas.width, interLoaded: document.fonts.check('600 18px Inter') };
  },
};
document.title = 'ready';
`;

interface FitBits {
  centroids: string[][];
  inertia: string;
  labels: number[];
  iterations: number;
  predicted: number[];
}

describe('a Vite app that imports segmint runs in Chromium', () => {
  const appDir = mkdtempSync(join(tmpdir(), 'segmint-vite-app-'));
  const outDir = join(appDir, 'dist');
  const rows = mallIncomeSpending();
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(join(appDir, 'node_modules'));
    symlinkSync(ROOT, join(appDir, 'node_modules', 'segmint'), 'dir');
    writeFileSync(join(appDir, 'index.html'), APP_HTML);
    writeFileSync(join(appDir, 'main.js'), APP_MAIN);
    // Vite's warnings (e.g. "Module "node:fs" has been externalized for browser compatibility")
    // would mean a Node-only module reached the browser bundle.
    const logger = createLogger('warn');
    logger.warn = (message) => void warnings.push(message);
    logger.warnOnce = (message) => void warnings.push(message);
    await build({ root: appDir, configFile: false, logLevel: 'warn', customLogger: logger, build: { outDir, emptyOutDir: true } });
    server = await startStaticServer(outDir);
    browser = await launchChromium();
    page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => document.title === 'ready');
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(appDir, { recursive: true, force: true });
  });

  it('builds with no configuration and no warnings; the worker and the fonts are bundled files', () => {
    expect(warnings).toEqual([]);
    const assets = readdirSync(join(outDir, 'assets'));
    expect(assets.some((file) => /^worker-.*\.js$/.test(file))).toBe(true);
    expect(assets.filter((file) => file.endsWith('.woff2'))).toHaveLength(2);
    // Only code, styles and the fonts: a font URL built from a template made Vite emit the fonts
    // folder's LICENSE too.
    expect(assets.filter((file) => !/\.(js|css|woff2)$/.test(file)), 'assets besides code and fonts').toEqual([]);
    // Nothing from Node's side of the package: no PNG renderer, no worker_threads.
    const code = assets.filter((file) => file.endsWith('.js')).map((file) => readFileSync(join(outDir, 'assets', file), 'utf8')).join('\n');
    const nodeOnly = [...new Set(code.match(/worker_threads|@napi-rs\/canvas|node:fs/g) ?? [])];
    expect(nodeOnly, 'Node-only modules in the browser bundle').toEqual([]);
  });

  async function nodeFit(k: number, options: { seed: number; init?: 'random'; nInit?: number }): Promise<FitBits> {
    const result = await kmeans(rows, k, options);
    return {
      centroids: result.centroids.map((centroid) => bits(centroid)),
      inertia: bits([result.inertia])[0]!,
      labels: Array.from(result.labels),
      iterations: result.iterations,
      predicted: Array.from(result.predict([[90, 95], [20, 10]])),
    };
  }

  it.each([
    { k: 5, options: { seed: 0 } },
    { k: 3, options: { seed: 7, init: 'random' as const, nInit: 3 } },
  ])('fits the Mall data (k=$k) on the page and in a Web Worker exactly as Node does', async ({ k, options }) => {
    const expected = await nodeFit(k, options);
    const here = await page.evaluate(({ rows, k, options }) => (window as unknown as { app: { fitHere: (...a: unknown[]) => Promise<FitBits> } }).app.fitHere(rows, k, options), { rows, k, options });
    const inWorker = await page.evaluate(
      ({ rows, k, options }) => (window as unknown as { app: { fitInWorker: (...a: unknown[]) => Promise<FitBits & { progress: number[][] }> } }).app.fitInWorker(rows, k, options),
      { rows, k, options },
    );
    expect(here).toEqual(expected);
    const { progress, ...workerFit } = inWorker;
    expect(workerFit).toEqual(expected);
    expect(progress).toEqual([[0, 1], [1, 1]]);
    expect(pageErrors).toEqual([]);
  });

  it('scans k in a Web Worker exactly as scanK does in Node, and an AbortSignal stops it', async () => {
    const expected = await scanK(rows, { seed: 0 });
    type Scanned = { k: number; votes: unknown; inertias: string[]; silhouettes: string[]; labels: number[][]; lastStep: number };
    const scanned = await page.evaluate((rows) => (window as unknown as { app: { scanInWorker: (...a: unknown[]) => Promise<Scanned> } }).app.scanInWorker(rows, { seed: 0 }), rows);
    expect(scanned).toEqual({
      k: expected.recommendation.k,
      votes: expected.recommendation.votes,
      inertias: expected.entries.map((entry) => bits([entry.inertia])[0]),
      silhouettes: expected.entries.map((entry) => bits([entry.silhouette!.mean])[0]),
      labels: expected.entries.map((entry) => Array.from(entry.fit.labels)),
      lastStep: 1,
    });
    const aborted = await page.evaluate((rows) => (window as unknown as { app: { abortScan: (...a: unknown[]) => Promise<{ name: string; ms: number }> } }).app.abortScan(rows), rows);
    expect(aborted.name).toBe('AbortError');
    expect(pageErrors).toEqual([]);
  });

  it('fits the gap statistic\'s reference sets in Web Workers, on the page and inside a worker, exactly as Node does on one thread', async () => {
    const data = blobs(2_000, 3, 4, 9);
    const rows3 = Array.from({ length: 2_000 }, (_, i) => Array.from(data.subarray(i * 3, i * 3 + 3)));
    const options = { kMin: 2, kMax: 7, seed: 2, nInit: 2 };
    expect(2_000 * 3 * 6 * 10).toBeGreaterThanOrEqual(MIN_GAP_WORKER_WORK);
    const expected = await gapStatistic(rows3, options);
    type GapBits = { k: number; threads: number; warnings: string[]; gaps: string[] };
    const want = { k: expected.k, threads: 2, warnings: [], gaps: expected.entries.map((entry) => bits([entry.gap])[0]) };
    type GapApp = { app: Record<string, (...a: unknown[]) => Promise<GapBits>> };
    const here = await page.evaluate(({ rows, options }) => (window as unknown as GapApp).app.gapHere!(rows, { ...options, threads: 2 }), { rows: rows3, options });
    expect(here).toEqual(want);
    // scanK in a worker deals the reference sets to workers of its own.
    const scan = await scanK(rows3, options);
    const inWorker = await page.evaluate(({ rows, options }) => (window as unknown as GapApp).app.gapInWorker!(rows, { ...options, threads: 2 }), { rows: rows3, options });
    expect(inWorker).toEqual({ k: scan.gap!.k, threads: 2, warnings: [], gaps: scan.gap!.entries.map((entry) => bits([entry.gap])[0]) });
    expect(pageErrors).toEqual([]);
  });

  it('draws a chart with the bundled font', async () => {
    const drawn = await page.evaluate(() => (window as unknown as { app: { drawChart: () => Promise<{ width: number; interLoaded: boolean }> } }).app.drawChart());
    expect(drawn.interLoaded).toBe(true);
    expect(drawn.width).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
});

describe("Vite's dev server, with segmint installed as files (pre-bundled), in Chromium", () => {
  // A copy, not a link: Vite pre-bundles what is under node_modules (a link resolves to this
  // checkout, which it serves as source), and the fonts' URLs must survive that pre-bundling.
  // The worker's imports are not pre-bundled: each must be an ES module as served.
  it('draws a chart with the bundled fonts and segments CSV text in the worker', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'segmint-vite-dev-'));
    const installed = join(appDir, 'node_modules', 'segmint');
    let server: ViteDevServer | undefined;
    let browser: Browser | undefined;
    try {
      for (const part of ['package.json', 'dist', 'assets']) cpSync(join(ROOT, part), join(installed, part), { recursive: true });
      // segmint's own dependencies (Chart.js) resolve from its node_modules, as after npm install.
      symlinkSync(join(ROOT, 'node_modules'), join(installed, 'node_modules'), 'dir');
      writeFileSync(join(appDir, 'index.html'), APP_HTML);
      writeFileSync(
        join(appDir, 'main.js'),
        `import { sizesChart } from 'segmint';
import { renderChart } from 'segmint/browser';
import { segmentCsvInWorker } from 'segmint/worker';

try {
  const chart = await renderChart(document.getElementById('chart'), sizesChart({ sizes: [3, 2], segmentNames: ['One', 'Two'] }));
  chart.destroy();
  window.interLoaded = document.fonts.check('600 18px Inter');
  const segmented = await segmentCsvInWorker('a;b\\n1;2\\n2;1\\n10;12\\n11;10\\n', 'x.csv', { k: 2 });
  window.segmentOfRow = Array.from(segmented.segmentOfRow);
  document.title = 'ready';
} catch (error) {
  console.error(String(error));
  document.title = 'failed';
}
`,
      );
      server = await createServer({ root: appDir, configFile: false, logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
      await server.listen();
      const url = server.resolvedUrls!.local[0]!;
      browser = await launchChromium();
      const page = await browser.newPage();
      const errors: string[] = [];
      recordPageErrors(page, errors);
      const fonts: string[] = [];
      page.on('request', (request) => request.resourceType() === 'font' && fonts.push(new URL(request.url()).pathname));
      await page.goto(url);
      await page.waitForFunction(() => document.title === 'ready' || document.title === 'failed');
      expect(errors).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { interLoaded: boolean }).interLoaded)).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { segmentOfRow: number[] }).segmentOfRow)).toEqual([1, 1, 2, 2]);
      expect(fonts.sort()).toEqual(['/node_modules/segmint/assets/fonts/inter-latin-400-normal.woff2', '/node_modules/segmint/assets/fonts/inter-latin-600-normal.woff2']);
    } finally {
      await browser?.close();
      await server?.close();
      rmSync(appDir, { recursive: true, force: true });
    }
  });
});

/** The fenced block after an HTML comment marker in the README. */
function readmeBlock(marker: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- ${marker} -->`);
  if (at === -1) throw new Error(`README marker ${marker} is missing`);
  return /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
}

describe("the README's browser example, built by Vite and run in Chromium", () => {
  it('logs what the README says it logs', async () => {
    const appDir = mkdtempSync(join(tmpdir(), 'segmint-readme-app-'));
    let browser: Browser | undefined;
    let server: StaticServer | undefined;
    try {
      mkdirSync(join(appDir, 'node_modules'));
      symlinkSync(ROOT, join(appDir, 'node_modules', 'segmint'), 'dir');
      writeFileSync(join(appDir, 'index.html'), APP_HTML);
      // Top-level await needs an ES2022 target, as any modern app has.
      writeFileSync(join(appDir, 'main.js'), `${readmeBlock('readme-browser-example: app')}document.title = 'ready';\n`);
      await build({ root: appDir, configFile: false, logLevel: 'silent', build: { outDir: join(appDir, 'dist'), target: 'es2022' } });
      server = await startStaticServer(join(appDir, 'dist'));
      browser = await launchChromium();
      const page = await browser.newPage();
      const logged: string[] = [];
      const errors: string[] = [];
      page.on('console', (message) => (message.type() === 'error' ? errors : logged).push(message.text()));
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => document.title === 'ready');
      expect(errors).toEqual([]);
      expect(logged.join('\n') + '\n').toBe(readmeBlock('readme-browser-example-output: app'));
    } finally {
      await browser?.close();
      await server?.close();
      rmSync(appDir, { recursive: true, force: true });
    }
  });
});
