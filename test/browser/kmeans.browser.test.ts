// The library's promise is "the same result in Node and in browsers": fit the Mall Customers
// data in Node (TypeScript source) and in headless Chromium (the built dist), and require the
// results to agree bit for bit, not merely to within a tolerance.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kmeans, type KMeansOptions } from '../../src/index.js';
import { float64Bits, launchChromium, recordPageErrors, startStaticServer, type StaticServer } from './chromium.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const distEntry = `${repoRoot}dist/index.js`;

/** What both sides report, with every float as its IEEE-754 bits so comparisons are exact. */
interface FitSummary {
  centroidBits: string[][];
  inertiaBits: string;
  labels: number[];
  sizes: number[];
  iterations: number;
  converged: boolean;
  warnings: string[];
}

/** Annual Income (k$) and Spending Score (1-100), the 4th and 5th columns of the CSV (CRLF). */
function readMallCustomers(): number[][] {
  const lines = readFileSync(`${repoRoot}data/mall_customers.csv`, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  // Called while vitest collects the tests, so a plain throw rather than expect().
  const header = 'CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100)';
  if (lines[0] !== header) throw new Error(`unexpected header in mall_customers.csv: ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const fields = line.split(',');
    return [Number(fields[3]), Number(fields[4])];
  });
}

async function fitInNode(rows: number[][], k: number, options: KMeansOptions): Promise<FitSummary> {
  const result = await kmeans(rows, k, options);
  return {
    centroidBits: result.centroids.map((centroid) => centroid.map(float64Bits)),
    inertiaBits: float64Bits(result.inertia),
    labels: Array.from(result.labels),
    sizes: result.sizes,
    iterations: result.iterations,
    converged: result.converged,
    warnings: result.warnings,
  };
}

type Segmint = typeof import('../../src/index.js');

/**
 * Imports dist/index.js into the page as globalThis.segmint. The import is given as a string
 * because vitest rewrites `import()` inside this file's functions into a helper that exists
 * only in Node, and page.evaluate sends a function's rewritten source to the browser.
 */
async function loadLibraryInPage(page: Page): Promise<void> {
  await page.evaluate("import('/dist/index.js').then((module) => { globalThis.segmint = module; })");
}

function fitInBrowser(page: Page, rows: number[][], k: number, options: KMeansOptions): Promise<FitSummary> {
  // The callback is serialized into the page, so it must be self-contained: float64Bits is
  // repeated inside it. The bits are taken in the page so no float crosses the wire as text.
  return page.evaluate(
    async ({ rows, k, options }) => {
      const { segmint } = globalThis as unknown as { segmint: Segmint };
      const result = await segmint.kmeans(rows, k, options);
      const bits = (value: number): string => {
        const view = new DataView(new ArrayBuffer(8));
        view.setFloat64(0, value);
        return view.getBigUint64(0).toString(16).padStart(16, '0');
      };
      return {
        centroidBits: result.centroids.map((centroid) => centroid.map(bits)),
        inertiaBits: bits(result.inertia),
        labels: Array.from(result.labels),
        sizes: result.sizes,
        iterations: result.iterations,
        converged: result.converged,
        warnings: result.warnings,
      };
    },
    { rows, k, options },
  );
}

describe('kmeans in Chromium matches Node bit for bit', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const rows = readMallCustomers();

  beforeAll(async () => {
    if (!existsSync(distEntry)) {
      throw new Error(`${distEntry} is missing: run \`npm run build\` (npm test builds it in its pretest step)`);
    }
    server = await startStaticServer(repoRoot);
    browser = await launchChromium();
    page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.goto(`${server.url}/`);
    await loadLibraryInPage(page);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads the 200 customers', () => {
    expect(rows).toHaveLength(200);
    expect(rows[0]).toEqual([15, 39]);
  });

  const cases: { name: string; k: number; options: KMeansOptions }[] = [
    { name: 'k=5, k-means++, seed 0', k: 5, options: { seed: 0 } },
    { name: 'k=3, random init, nInit 3, seed 7', k: 3, options: { seed: 7, init: 'random', nInit: 3 } },
  ];

  it.each(cases)('$name', async ({ k, options }) => {
    const inNode = await fitInNode(rows, k, options);
    const inBrowser = await fitInBrowser(page, rows, k, options);

    // A stale dist (built from older source) shows up here as a mismatch.
    const hint = 'browser (dist/) and Node (src/) differ; if src changed, run `npm run build`';
    expect(inBrowser.centroidBits, hint).toEqual(inNode.centroidBits);
    expect(inBrowser.inertiaBits, hint).toEqual(inNode.inertiaBits);
    expect(inBrowser.labels, hint).toEqual(inNode.labels);
    expect(inBrowser.sizes, hint).toEqual(inNode.sizes);
    expect(inBrowser.iterations, hint).toBe(inNode.iterations);
    expect(inBrowser.converged, hint).toBe(inNode.converged);
    expect(inBrowser.warnings, hint).toEqual(inNode.warnings);
    expect(inNode.labels).toHaveLength(rows.length);
    expect(pageErrors).toEqual([]);
  });

  it("precision 'f32' (its kernels loaded on demand) gives Node's result, bit for bit", async () => {
    // Sevenths need more digits than an f32 holds, so the rounding shows in the result.
    const sevenths = rows.map((row) => row.map((value) => value / 7));
    const options: KMeansOptions = { seed: 3, precision: 'f32' };
    const inNode = await fitInNode(sevenths, 5, options);
    expect(await fitInBrowser(page, sevenths, 5, options)).toEqual(inNode);
    expect(inNode.inertiaBits).not.toEqual((await fitInNode(sevenths, 5, { seed: 3 })).inertiaBits);
    expect(pageErrors).toEqual([]);
  });

  it('finds the known five segments (so the comparison above is of a real fit)', async () => {
    const result = await kmeans(rows, 5, { seed: 0 });
    expect(Math.abs(result.inertia - 44448.45544793369) / 44448.45544793369).toBeLessThan(1e-9);
    expect([...result.sizes].sort((a, b) => b - a)).toEqual([81, 39, 35, 23, 22]);
    expect(result.converged).toBe(true);
  });
});
