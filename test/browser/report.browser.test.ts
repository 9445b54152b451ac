// The HTML report, with every chart of the Mall segmentation, opened from a file in headless
// Chromium: it loads nothing from anywhere, logs no error, and shows every chart.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/charts/render-node.js';
import { CHART_PIXEL_RATIO } from '../../src/charts/theme.js';
import type { ChartSpec } from '../../src/charts/types.js';
import { reportHtml } from '../../src/report/html.js';
import { mallCharts } from '../report/mall-segmentation.js';
import { chartLayout, launchChromium } from './chromium.js';

describe('report.html in Chromium', () => {
  let browser: Browser | undefined;
  let directory: string;
  let charts: ChartSpec[];
  let reportUrl: string;

  beforeAll(async () => {
    const { mall, charts: specs } = await mallCharts();
    charts = specs;
    const html = reportHtml({
      data: { source: 'mall_customers.csv', rows: 200, usedRows: mall.data.nSamples, columns: mall.data.report.columns, scaling: 'standard' },
      profiles: mall.profiles,
      names: mall.names,
      quality: { inertia: mall.result.inertia, iterations: mall.result.iterations, converged: mall.result.converged },
      kSelection: { metrics: [{ k: 4, inertia: 108.9 }, { k: 5, inertia: 65.6 }], knee: 5, recommended: 5 },
      charts: await Promise.all(charts.map(async (spec) => ({ spec, png: await renderChartPng(spec) }))),
      reproduce: { command: 'segmint demo -o segmint-demo', seed: 0, version: '0.1.0' },
    });
    directory = mkdtempSync(join(tmpdir(), 'segmint-report-'));
    const file = join(directory, 'report.html');
    writeFileSync(file, html);
    reportUrl = pathToFileURL(file).href;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it('opens offline: no request but the file itself, no console error, every chart decoded at full size', async () => {
    const context = await browser!.newContext({ offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(reportUrl, { waitUntil: 'load' });

    const images = await page.evaluate(() =>
      Array.from(document.images, (image) => ({ alt: image.alt, complete: image.complete, width: image.naturalWidth, height: image.naturalHeight })),
    );
    expect(images.map((image) => image.alt)).toEqual(
      // The elbow goes with the k-selection table, after the profiles: the others keep their order.
      // Each alt is the chart's title; its description is the caption under it, read once.
      [...charts.filter((c) => c.id !== 'elbow'), ...charts.filter((c) => c.id === 'elbow')].map((c) => `${c.title} (chart, described below)`),
    );
    for (const [i, image] of images.entries()) {
      const spec = charts.find((c) => `${c.title} (chart, described below)` === image.alt)!;
      expect(image, `image ${i}`).toMatchObject({ complete: true, width: spec.width * CHART_PIXEL_RATIO, height: spec.height * CHART_PIXEL_RATIO });
    }
    expect(await page.locator('h1').textContent()).toBe('Customer segments');
    expect(await page.locator('#segments tbody tr').count()).toBe(5);
    expect(requests).toEqual([reportUrl]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('on a 320 px screen, each chart keeps 720 px and scrolls sideways in its own box; the page does not', async () => {
    const context = await browser!.newContext({ offline: true, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    await page.goto(reportUrl, { waitUntil: 'load' });
    const layout = await chartLayout(page, 'figure img');
    expect(layout.page).toBe(320);
    expect(layout.charts).toHaveLength(charts.length);
    for (const chart of layout.charts) expect(chart).toEqual({ width: 720, scrolls: true, focusable: true, role: 'region' });
    // On a wide screen the same charts are shown whole, at most at their drawn width.
    await page.setViewportSize({ width: 1280, height: 800 });
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('figure img'), (image) => image.getBoundingClientRect().width));
    for (const width of wide) expect(width).toBeLessThanOrEqual(960);
    expect(Math.min(...wide)).toBeGreaterThan(900);
    // On paper nothing scrolls: each chart fits the page.
    await page.setViewportSize({ width: 700, height: 800 });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => ({
      main: document.querySelector('main')!.getBoundingClientRect().right,
      charts: Array.from(document.querySelectorAll('figure img'), (image) => image.getBoundingClientRect().right),
    }));
    for (const right of printed.charts) expect(right).toBeLessThanOrEqual(printed.main);
    await context.close();
  });
});
