// Threads in browsers: in a cross-origin isolated page, kmeans() inside a Web Worker spreads its
// passes over Web Workers of its own (src/wasm/browser-threads.ts) and gets Node's result bit for
// bit; on the page's main thread, which may not block, it runs on one thread and says why.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmeans } from '../../src/index.js';
import { MIN_THREADED_WORK } from '../../src/wasm/workspace.js';
import { float64Bits, launchChromium, recordPageErrors, startStaticServer, type StaticServer } from './chromium.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const browserEntry = `${repoRoot}dist/wasm/browser-threads.js`;

/** Seeded rows in 12 loose groups: n × k × d is above MIN_THREADED_WORK, so passes go to threads. */
function rows(n: number, d: number): number[][] {
  let state = 12345;
  const next = (): number => (state = (state * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, f) => ((i % 12) * (f + 1)) % 17 + 3 * next()));
}

interface Summary {
  centroidBits: string[][];
  labels: number[];
  threads: number;
  warnings: string[];
}

describe('threads in Chromium (cross-origin isolated)', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const n = 40_000;
  const d = 8;
  const k = 16;
  const data = rows(n, d);
  const options = { seed: 4, nInit: 2, maxIter: 30 };

  beforeAll(async () => {
    if (!existsSync(browserEntry)) throw new Error(`${browserEntry} is missing: run \`npm run build\``);
    server = await startStaticServer(repoRoot, { isolated: true });
    browser = await launchChromium();
    page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.goto(`${server.url}/`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('has enough work per pass to use them', () => {
    expect(n * k * d).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
  });

  it('runs kmeans in a Web Worker on 2 threads with the result of 1 thread, and of Node, bit for bit', async () => {
    expect(await page.evaluate('crossOriginIsolated')).toBe(true);
    // The worker imports the built core and the module segmint/browser loads for threads (the
    // browser entry itself needs a bundler for chart.js), then fits on 1 thread and on 2. Its
    // script is a module Blob with absolute imports.
    const inWorker = (await page.evaluate(
      `new Promise((resolve, reject) => {
        const source = ${JSON.stringify(
          `import '${'ORIGIN'}/dist/wasm/browser-threads.js';
          import * as segmint from '${'ORIGIN'}/dist/index.js';
          const bits = (value) => { const view = new DataView(new ArrayBuffer(8)); view.setFloat64(0, value); return view.getBigUint64(0).toString(16).padStart(16, '0'); };
          onmessage = async ({ data: { rows, k, options } }) => {
            try {
              const out = [];
              for (const threads of [1, 2]) {
                const result = await segmint.kmeans(rows, k, { ...options, threads });
                out.push({ centroidBits: result.centroids.map((c) => c.map(bits)), labels: Array.from(result.labels), threads: result.options.threads, warnings: result.warnings });
              }
              postMessage(out);
            } catch (error) { postMessage({ error: String(error && error.stack || error) }); }
          };`,
        )}.replaceAll('ORIGIN', location.origin);
        const worker = new Worker(URL.createObjectURL(new Blob([source], { type: 'text/javascript' })), { type: 'module' });
        worker.onmessage = (event) => (event.data.error ? reject(new Error(event.data.error)) : resolve(event.data));
        worker.onerror = (event) => reject(new Error('worker failed: ' + event.message));
        worker.postMessage(${JSON.stringify({ rows: data, k, options })});
      })`,
    )) as Summary[];
    const [one, two] = inWorker as [Summary, Summary];
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expect(two.warnings).toEqual([]);
    expect(two.centroidBits).toEqual(one.centroidBits);
    expect(two.labels).toEqual(one.labels);
    const node = await kmeans(data, k, options);
    expect(one.centroidBits).toEqual(node.centroids.map((c) => c.map(float64Bits)));
    expect(pageErrors).toEqual([]);
  });

  it("runs on one thread, and says why, on the page's main thread", async () => {
    const result = (await page.evaluate(
      `import('/dist/wasm/browser-threads.js').then(() => import('/dist/index.js')).then((segmint) => segmint.kmeans([[1, 2], [3, 4], [5, 6], [7, 8]], 2, { threads: 2, nInit: 1 })).then((r) => ({ threads: r.options.threads, warnings: r.warnings }))`,
    )) as { threads: number; warnings: string[] };
    expect(result.threads).toBe(1);
    expect(result.warnings.join()).toMatch(/threads=2 ignored \(this thread may not wait on the others \(a browser page's main thread\): run kmeans in a Web Worker\)/);
  });
});
