// The same chart configurations drawn in Chromium by dist/charts/render-browser.js: canvases of
// the chart size × the pixel ratio, not blank, in the segment colours, with the bundled font,
// and close to what Node draws into the PNGs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEGMENT_COLOURS } from '../../src/charts/palette.js';
import { renderChartPng } from '../../src/charts/render-node.js';
import { CHART_PIXEL_RATIO } from '../../src/charts/theme.js';
import type { renderChart as RenderChart } from '../../src/charts/render-browser.js';
import type { ChartSpec } from '../../src/charts/types.js';
import { censusOf, type PixelCensus, pngCensus, rgb } from '../charts/pixels.js';
import { mallCharts } from '../report/mall-segmentation.js';
import { launchChromium, recordPageErrors, startStaticServer, type StaticServer } from './chromium.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const K = 5;
/** The five segments' colours, then a sixth segment's, which must not appear. */
const colours = SEGMENT_COLOURS.slice(0, K + 1);

/**
 * A page that can import dist/ as ES modules: Chart.js is a bare specifier in
 * render-browser.js, so an import map points it (and its one dependency) at node_modules, as a
 * web app's bundler would.
 */
const CHART_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>segmint charts</title>' +
  '<script type="importmap">{"imports":{"chart.js":"/node_modules/chart.js/dist/chart.js",' +
  '"@kurkle/color":"/node_modules/@kurkle/color/dist/color.esm.js"}}</script></head><body></body></html>';

interface CanvasResult extends PixelCensus {
  styleWidth: string;
  interLoaded: boolean;
}

/** Draws one chart into a fresh canvas in the page and counts its pixels there. */
function drawInPage(page: Page, spec: ChartSpec): Promise<CanvasResult> {
  return page.evaluate(
    async ({ spec, colours }) => {
      const { renderChart, census } = globalThis as unknown as { renderChart: typeof RenderChart; census: typeof censusOf };
      const canvas = document.createElement('canvas');
      document.body.append(canvas);
      const chart = await renderChart(canvas, spec);
      const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
      const result = { ...census(data, canvas.width, canvas.height, colours, 2), styleWidth: canvas.style.width, interLoaded: document.fonts.check('600 18px Inter') };
      chart.destroy();
      canvas.remove();
      return result;
    },
    { spec, colours: colours.map(rgb) },
  );
}

describe('charts in Chromium (dist/charts/render-browser.js)', () => {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let charts: ChartSpec[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const entry = `${repoRoot}dist/charts/render-browser.js`;
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test builds it in its pretest step)`);
    ({ charts } = await mallCharts());
    server = await startStaticServer(repoRoot);
    browser = await launchChromium();
    page = await browser.newPage();
    recordPageErrors(page, pageErrors);
    await page.route(`${server.url}/charts.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: CHART_PAGE }));
    await page.goto(`${server.url}/charts.html`);
    // Given as strings: vitest rewrites import() inside test functions into a Node-only helper.
    await page.evaluate("import('/dist/charts/render-browser.js').then((module) => { globalThis.renderChart = module.renderChart; })");
    // The pixel counter, sent as source: the page counts, so megabytes of pixels stay there.
    await page.evaluate(`globalThis.census = ${censusOf.toString()}`);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(['sizes', 'profiles', 'scatter', 'silhouette', 'elbow'])('%s: drawn at its size with the bundled font, like the PNG made in Node', async (id) => {
    const spec = charts.find((chart) => chart.id === id)!;
    const inBrowser = await drawInPage(page, spec);
    expect(pageErrors).toEqual([]);
    expect(inBrowser.interLoaded).toBe(true);
    expect([inBrowser.width, inBrowser.height]).toEqual([spec.width * CHART_PIXEL_RATIO, spec.height * CHART_PIXEL_RATIO]);
    expect(inBrowser.styleWidth).toBe(`${spec.width}px`);
    expect(inBrowser.inked / (inBrowser.width * inBrowser.height)).toBeGreaterThan(0.02);

    const inNode = await pngCensus(await renderChartPng(spec), colours);
    if (id !== 'elbow') {
      for (let s = 0; s < K; s++) expect(inBrowser.counts[s], `segment ${s + 1}`).toBeGreaterThan(200);
    }
    expect(inBrowser.counts[K], 'a sixth segment colour').toBe(0);
    // Same font, size and marks: the same amount of ink (up to antialiasing of text and edges)
    // and of each segment colour. Measured: within 0.5% and exactly equal.
    expect(Math.abs(inBrowser.inked - inNode.inked) / inNode.inked).toBeLessThan(0.02);
    for (let s = 0; s < K; s++) {
      const [a, b] = [inBrowser.counts[s]!, inNode.counts[s]!];
      expect(Math.abs(a - b), `segment ${s + 1}: ${a} pixels in Chromium, ${b} in Node`).toBeLessThanOrEqual(Math.max(20, 0.01 * b));
    }
  });
});
