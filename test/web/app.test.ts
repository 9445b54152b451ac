// The demo web app end to end in Chromium, served by `segmint serve`'s server from web/dist:
// the Mall data segmented as `segmint demo` does it (the same model.json, segments.csv and
// charts), downloads, a bad file, and a 100,000-row file fitted while the page stays responsive.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/charts/render-node.js';
import type { ChartSpec } from '../../src/charts/types.js';
import { DEFAULT_PORT, type RunningServer, startWebServer, WEB_APP_DIR } from '../../src/cli/serve.js';
import type { CsvInspection, CsvSegmentation } from '../../src/pipeline/segment-csv.js';
import { chartLayout, launchChromium, recordPageErrors } from '../browser/chromium.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { bits } from '../helpers/data.js';

/** What the page exposes as window.segmintApp. */
interface AppHandle {
  inspection: CsvInspection | undefined;
  result: CsvSegmentation | undefined;
  busy: boolean;
}

/** The result's parts the tests compare (the page keeps Int32Arrays and such; these cross as JSON). */
interface PageResult {
  modelJson: string;
  labelledCsv: string;
  charts: ChartSpec[];
  k: number;
}

/** A seeded CSV of customers around six latent segments: customer_id plus four numeric columns. */
export function customersCsv(rows: number, seed = 7): string {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const centres = [[25, 30, 80, 12], [45, 90, 20, 4], [35, 60, 50, 8], [60, 40, 30, 2], [30, 110, 85, 15], [50, 20, 60, 6]];
  const spread = [8, 15, 15, 3];
  const lines = ['customer_id,age,income,spending,visits'];
  for (let i = 0; i < rows; i++) {
    const centre = centres[Math.floor(uniform() * centres.length)]!;
    lines.push([i + 1, ...centre.map((value, j) => (value + (uniform() + uniform() + uniform() - 1.5) * spread[j]!).toFixed(j === 1 ? 1 : 0))].join(','));
  }
  return lines.join('\n') + '\n';
}

/** WCAG 2 contrast ratio of two CSS rgb() colours. */
function contrast(foreground: string, background: string): number {
  const luminance = (css: string) => {
    const [r, g, b] = css.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [l1, l2] = [luminance(foreground), luminance(background)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

describe('the demo web app (segmint serve) in Chromium', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const offOrigin: string[] = [];
  const cliDir = tempDir();
  let cliTable = ''; // segmint demo's table of segments (stdout)

  const appState = (): Promise<PageResult | undefined> =>
    page.evaluate(() => {
      const { result } = (window as unknown as { segmintApp: AppHandle }).segmintApp;
      return result && { modelJson: result.modelJson, labelledCsv: result.labelledCsv, charts: result.charts, k: result.model.k };
    });

  /** Waits for the element's text to contain `expected` (or equal it, with exact), then asserts it. */
  const expectText = async (selector: string, expected: string, exact = false) => {
    await page
      .waitForFunction(
        ({ selector, expected, exact }) => {
          const text = document.querySelector(selector)?.textContent ?? '';
          return exact ? text === expected : text.includes(expected);
        },
        { selector, expected, exact },
        { timeout: 20_000 },
      )
      .catch(() => undefined);
    const text = (await page.textContent(selector)) ?? '';
    if (exact) expect(text).toBe(expected);
    else expect(text).toContain(expected);
  };

  /** Waits until the app is idle with a result whose source is `source`, its charts drawn. */
  const settled = (source: string, timeout = 60_000) =>
    page.waitForFunction(
      (source) => {
        const app = (window as unknown as { segmintApp: AppHandle }).segmintApp;
        return !app.busy && app.result?.source === source && document.querySelectorAll('#charts canvas').length === app.result.charts.length;
      },
      source,
      { timeout },
    );

  beforeAll(async () => {
    if (!existsSync(join(WEB_APP_DIR, 'index.html'))) {
      throw new Error(`${WEB_APP_DIR}index.html is missing: run \`npm run build:web\` (npm test builds it in its pretest step)`);
    }
    const demo = await runCli(['demo', '-o', cliDir, '-q']);
    if (demo.code !== 0) throw new Error(`segmint demo failed: ${demo.stderr}`);
    cliTable = demo.stdout;
    server = await startWebServer({ port: 0 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    recordPageErrors(page, pageErrors);
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(server!.url) && !url.startsWith('data:') && !url.startsWith('blob:')) offOrigin.push(url);
    });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves on 127.0.0.1 (segmint serve defaults to port 4173)', () => {
    expect(server!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(DEFAULT_PORT).toBe(4173);
  });

  it('opens with the Mall data segmented as `segmint demo` does: auto k = 5, the same model.json (centroids, inertia) and segments.csv (labels)', async () => {
    await settled('mall_customers.csv');
    // The page opens on its form: the sample's result takes neither the focus nor the scroll.
    expect(await page.evaluate(() => [document.activeElement === document.body, window.scrollY])).toEqual([true, 0]);
    const result = (await appState())!;
    expect(result.k).toBe(5);
    const cliModel = readFileSync(join(cliDir, 'model.json'), 'utf8');
    expect(result.modelJson).toBe(cliModel);
    expect(result.labelledCsv).toBe(readFileSync(join(cliDir, 'segments.csv'), 'utf8'));
    // The text is equal, so are the numbers; the bits, said explicitly.
    const [fromPage, fromCli] = [JSON.parse(result.modelJson), JSON.parse(cliModel)];
    expect(bits([fromPage.inertia])).toEqual(bits([fromCli.inertia]));
    expect(fromPage.segments.map((s: { scaledCentroid: number[] }) => bits(s.scaledCentroid))).toEqual(fromCli.segments.map((s: { scaledCentroid: number[] }) => bits(s.scaledCentroid)));
    await expectText('#summary', '5 segments of 200 rows in mall_customers.csv');
    await expectText('#summary', 'k = 5 chosen automatically');
    expect(await page.locator('#segments-table tbody tr').count()).toBe(5);
    // Its cells read as the CLI's table: size, share and each feature with the same decimals.
    const cells = await page.locator('#segments-table tbody tr').evaluateAll((rows) => rows.map((row) => Array.from(row.querySelectorAll('td.number'), (td) => td.textContent)));
    const cliRows = cliTable.trim().split('\n').slice(1).map((line) => line.trim().split(/\s{2,}/).slice(2));
    expect(cells).toEqual(cliRows);
    // What sets each segment apart, as the report says it.
    expect(await page.locator('#segments-table tbody tr td.highlights').allTextContents()).toEqual([
      'close to the average on every feature',
      'Spending Score (1-100) 82.13 (all 50.20); Annual Income (k$) 86.54 (all 60.56)',
      'Spending Score (1-100) 17.11 (all 50.20); Annual Income (k$) 88.20 (all 60.56)',
      'Annual Income (k$) 26.30 (all 60.56); Spending Score (1-100) 20.91 (all 50.20)',
      'Annual Income (k$) 25.73 (all 60.56); Spending Score (1-100) 79.36 (all 50.20)',
    ]);
    expect(await page.inputValue('#name-1')).toBe('Average income and spending');
    expect(pageErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  it('draws the CLI\'s chart configurations: each PNG made from the page\'s configuration equals the CLI\'s file byte for byte', async () => {
    const { charts } = (await appState())!;
    expect(charts.map((chart) => chart.id)).toEqual(['sizes', 'profiles', 'scatter', 'silhouette', 'elbow']);
    for (const chart of charts) {
      expect(Buffer.compare(await renderChartPng(chart), readFileSync(join(cliDir, 'charts', `${chart.id}.png`))), chart.id).toBe(0);
      const size = await page.evaluate((id) => {
        const canvas = document.querySelector<HTMLCanvasElement>(`#chart-${id}`)!;
        return [canvas.width, canvas.height, canvas.getAttribute('aria-label')];
      }, chart.id);
      expect(size).toEqual([chart.width * 2, chart.height * 2, chart.description]);
    }
  });

  it('downloads segments.csv, model.json, report.html and PNG charts', async () => {
    const save = async (selector: string) => {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { name: download.suggestedFilename(), content: readFileSync((await download.path())!) };
    };
    const model = await save('#download-model');
    expect(model.name).toBe('model.json');
    expect(model.content.toString('utf8')).toBe(readFileSync(join(cliDir, 'model.json'), 'utf8'));
    const csv = await save('#download-csv');
    expect(csv.name).toBe('mall_customers-segments.csv');
    expect(csv.content.toString('utf8')).toBe(readFileSync(join(cliDir, 'segments.csv'), 'utf8'));
    const report = await save('#download-report');
    expect(report.content.toString('utf8')).toContain('High income, low spending');
    expect(report.content.toString('utf8')).toContain('data:image/png;base64,');
    const png = await save('figure[data-chart="scatter"] button');
    expect(png.name).toBe('scatter.png');
    // PNG header, then the IHDR's width and height: the CLI's size (960×600 at pixel ratio 2).
    expect(png.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.content.readUInt32BE(16), png.content.readUInt32BE(20)]).toEqual([1920, 1200]);
  });

  it('renames segments as `segmint demo --names` does: the same model.json and charts', async () => {
    await page.fill('#name-1', 'Bargain hunters');
    await page.press('#name-1', 'Enter');
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.result?.names[0] === 'Bargain hunters');
    await settled('mall_customers.csv');
    const dir = tempDir();
    writeFileSync(join(dir, 'names.json'), '{"1": "Bargain hunters"}\n');
    const cli = await runCli(['demo', '-o', join(dir, 'out'), '-q', '--names', join(dir, 'names.json')]);
    expect(cli.code).toBe(0);
    const result = (await appState())!;
    expect(result.modelJson).toBe(readFileSync(join(dir, 'out', 'model.json'), 'utf8'));
    for (const chart of result.charts) {
      expect(Buffer.compare(await renderChartPng(chart), readFileSync(join(dir, 'out', 'charts', `${chart.id}.png`))), chart.id).toBe(0);
    }
    await expectText('#command', '--names names.json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-names')]);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual({ 1: 'Bargain hunters' });
    // A name the CLI would refuse is refused the same way.
    await page.fill('#name-2', 'Bargain hunters');
    await page.click('#rename-button');
    await expectText('#error', 'segment names: segments 1 and 2 would both be named "Bargain hunters"; every segment needs its own name');
    expect(pageErrors).toEqual([]);
  });

  it('has the accessible basics: every control labelled, keyboard reachable, readable contrast', async () => {
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('input, select, button, textarea'))
        .filter((control) => {
          const labelled = (control as HTMLInputElement).labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
          return !labelled && !control.textContent?.trim();
        })
        .map((control) => control.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    // Keyboard: Tab from the top reaches the skip link, then the file picker.
    await page.evaluate(() => {
      const start = Object.assign(document.createElement('span'), { tabIndex: -1, id: 'tab-start' });
      document.body.prepend(start);
      start.focus();
    });
    await page.keyboard.press('Tab');
    await page.evaluate(() => document.getElementById('tab-start')!.remove());
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the results');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('file-input');
    // Keyboard: the fixed-k radio and its number, then Enter runs the form.
    await page.focus('#k-fixed');
    await page.keyboard.press('Space');
    await page.focus('#k-value');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await settled('mall_customers.csv');
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.result?.model.k === 3);
    await expectText('#summary', 'k = 3 as set');
    // The finished run takes the keyboard to its results (the run button was disabled under it).
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('results');
    // A setting that cannot be used is said beside the button, its field marked and focused, and
    // the last run's "Done" is gone.
    await page.focus('#k-value');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await expectText('#settings-error', 'The number of segments must be a whole number of at least 1, not "0".');
    expect(await page.evaluate(() => [document.activeElement?.id, document.activeElement?.getAttribute('aria-invalid'), document.getElementById('status')!.textContent])).toEqual(['k-value', 'true', '']);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await settled('mall_customers.csv');
    expect(await page.evaluate(() => [document.getElementById('settings-error')!.hidden, document.querySelectorAll('[aria-invalid]').length])).toEqual([true, 0]);
    // The focus ring stands out (3:1) from white and from the page's background.
    const ring = await page.evaluate(() => {
      const probe = document.body.appendChild(Object.assign(document.createElement('span'), { style: 'color: var(--focus)' }));
      const colour = getComputedStyle(probe).color;
      probe.remove();
      return colour;
    });
    expect(contrast(ring, 'rgb(255, 255, 255)')).toBeGreaterThanOrEqual(3);
    // Contrast (WCAG AA, 4.5:1) of the page's text colours on their backgrounds.
    const pairs = await page.evaluate(() => {
      const colours = (selector: string) => {
        const node = document.querySelector(selector)!;
        let background = 'rgba(0, 0, 0, 0)';
        for (let at: Element | null = node; at && /rgba\(.*, 0\)$/.test(background); at = at.parentElement) background = getComputedStyle(at).backgroundColor;
        return [selector, getComputedStyle(node).color, background];
      };
      return ['body', '.lede', '#file-info', '.columns-table th', '#run-button', '#download-csv', '#status', '.chart figcaption span', '.site-footer'].map(colours);
    });
    for (const [selector, foreground, background] of pairs) expect(contrast(foreground!, background!), `${selector}: ${foreground} on ${background}`).toBeGreaterThanOrEqual(4.5);
    expect(pageErrors).toEqual([]);
  });

  it('on a 320 px screen, each chart keeps 720 px and scrolls sideways in its own box', async () => {
    await page.setViewportSize({ width: 320, height: 640 });
    try {
      const layout = await chartLayout(page, '#charts canvas');
      expect(layout.page).toBe(320);
      expect(layout.charts.length).toBeGreaterThan(0);
      for (const chart of layout.charts) expect(chart).toEqual({ width: 720, scrolls: true, focusable: true, role: 'region' });
      // On paper nothing scrolls: each chart fits its figure.
      await page.setViewportSize({ width: 700, height: 800 });
      await page.emulateMedia({ media: 'print' });
      const overflow = await page.evaluate(() =>
        Array.from(document.querySelectorAll('#charts canvas'), (canvas) => canvas.getBoundingClientRect().right - canvas.closest('figure')!.getBoundingClientRect().right),
      );
      for (const excess of overflow) expect(excess).toBeLessThanOrEqual(0);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1366, height: 900 });
    }
  });

  it('shows a clear error in the page for a file that is not CSV text, and for text in a numeric column', async () => {
    await page.setInputFiles('#file-input', { name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]) });
    await page.waitForSelector('#error', { state: 'visible' });
    await expectText('#error', 'Could not read photo.csv.');
    await expectText('#error', 'not a text CSV file');
    await expectText('#file-info', 'Still using mall_customers.csv.', true);

    await page.setInputFiles('#file-input', { name: 'typo.csv', mimeType: 'text/csv', buffer: Buffer.from('id,age,score\n1,30,5\n2,4O,7\n3,22,9\n') });
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.source === 'typo.csv');
    await page.waitForSelector('#error', { state: 'hidden' });
    await page.selectOption('#use-1', 'number');
    await page.click('#run-button');
    await expectText('#error', 'Could not segment typo.csv.');
    await expectText('#error', 'typo.csv, line 3, column "age" (2): expected a number, got "4O"');
    expect(pageErrors).toEqual([]);
  });

  it('reads decimal commas in a tab file when told, as `segmint fit --decimal comma` does', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `K${i}\t${(i % 7) + 0.125 * (i % 4)}\t${((i * 13) % 50) + 0.99}\t${i % 9}`.replace(/\./g, ','));
    const text = ['kunde\tgewicht\tpreis\tbesuche', ...rows].join('\n') + '\n';
    await page.selectOption('#decimal', '');
    await page.setInputFiles('#file-input', { name: 'kunden.tsv', mimeType: 'text/tab-separated-values', buffer: Buffer.from(text) });
    const autoFeatures = () => page.evaluate(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.autoFeatures.join(','));
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.source === 'kunden.tsv');
    expect(await autoFeatures()).toBe('besuche');
    await page.selectOption('#decimal', 'comma');
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.autoFeatures.length === 3);
    expect(await autoFeatures()).toBe('gewicht,preis,besuche');
    await page.click('#k-fixed');
    await page.fill('#k-value', '3');
    await page.click('#run-button');
    await settled('kunden.tsv');
    const dir = tempDir();
    writeFileSync(join(dir, 'kunden.tsv'), text);
    const cli = await runCli(['fit', join(dir, 'kunden.tsv'), '--decimal', 'comma', '-k', '3', '-o', join(dir, 'out'), '-q', '--no-report', '--no-charts']);
    expect(cli.code).toBe(0);
    const result = (await appState())!;
    expect(JSON.parse(result.modelJson).decimal).toBe('comma');
    expect(result.labelledCsv).toBe(readFileSync(join(dir, 'out', 'segments.csv'), 'utf8'));
    await page.selectOption('#decimal', '');
    await page.click('#k-auto');
    expect(pageErrors).toEqual([]);
  });

  it('takes the clip the CLI takes for segmint rfm\'s table, for that file only, and never over the user\'s own', async () => {
    const header = 'CustomerID,recency_days,frequency,monetary,avg_order_value,items,return_rate,tenure_days,cancelled_invoices,r_score,f_score,m_score,rfm_segment';
    const rows = Array.from({ length: 40 }, (_, i) => [12000 + i, (i * 7) % 50, 1 + (i % 5), ((i % 9) * 20).toFixed(2), 1, i % 8, 0, 30 + (i % 11), 0, 1 + (i % 5), 1 + (i % 4), 1 + (i % 3), 'Champions'].join(','));
    const rfmTable = Buffer.from(`${header}\n${rows.join('\n')}\n`);
    const load = async (name: string, buffer: Buffer) => {
      await page.setInputFiles('#file-input', { name, mimeType: 'text/csv', buffer });
      await page.waitForFunction((source) => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.source === source, name);
    };
    await load('customers.csv', rfmTable);
    expect(await page.inputValue('#clip')).toBe('0.05');
    // The next file, not rfm's table, does not keep it.
    await load('people.csv', Buffer.from('id,age,score\n1,30,5\n2,40,7\n3,22,9\n4,35,1\n'));
    expect(await page.inputValue('#clip')).toBe('0');
    // A clip the user gave stays, through another rfm table and another decimal mark.
    await page.evaluate(() => (document.querySelector('#clip')!.closest('details')!.open = true)); // Advanced
    await page.fill('#clip', '0.1');
    await load('customers2.csv', rfmTable);
    expect(await page.inputValue('#clip')).toBe('0.1');
    await page.selectOption('#decimal', 'point');
    await page.selectOption('#decimal', '');
    expect(await page.inputValue('#clip')).toBe('0.1');
    await page.fill('#clip', '0');
    await page.evaluate(() => (document.querySelector('#clip')!.closest('details')!.open = false));
    expect(pageErrors).toEqual([]);
  });

  it('fits a 100,000-row file in the worker while the page keeps drawing frames and answering clicks; Cancel stops a fit', async () => {
    const text = customersCsv(100_000);
    await page.setInputFiles('#file-input', { name: 'customers-100k.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await page.waitForFunction(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection?.source === 'customers-100k.csv', null, { timeout: 30_000 });
    const inspection = await page.evaluate(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.inspection!);
    expect(inspection.rows).toBe(100_000);
    expect(inspection.autoFeatures).toEqual(['age', 'income', 'spending', 'visits']);
    await page.check('#k-fixed');
    await page.fill('#k-value', '6');

    // Record every animation frame and each status text, with the page's clock.
    await page.evaluate(() => {
      const probe = { frames: [] as number[], statuses: [] as [number, string][], stop: false };
      (window as unknown as { probe: typeof probe }).probe = probe;
      const frame = (time: number) => {
        probe.frames.push(time);
        if (!probe.stop) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      new MutationObserver(() => probe.statuses.push([performance.now(), document.getElementById('status')!.textContent ?? ''])).observe(document.getElementById('status')!, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#run-button');
    // While it runs: a click on the page's own controls is handled at once.
    await page.waitForFunction(() => /Fitting k-means|Scoring/.test(document.getElementById('status')!.textContent ?? ''));
    const clickStarted = Date.now();
    await page.click('.advanced summary');
    const clickMs = Date.now() - clickStarted;
    expect(await page.evaluate(() => (document.querySelector('.advanced') as HTMLDetailsElement).open)).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.busy)).toBe(true);
    await settled('customers-100k.csv', 120_000);
    const probe = await page.evaluate(() => {
      const p = (window as unknown as { probe: { frames: number[]; statuses: [number, string][]; stop: boolean } }).probe;
      p.stop = true;
      return p;
    });
    // The fit: from the first progress message to the result's arrival (drawing the charts comes after, on the page).
    const start = probe.statuses.find(([, text]) => /Reading|Preparing|Fitting/.test(text))![0];
    const end = probe.statuses.find(([, text]) => text.startsWith('Drawing the charts'))![0];
    const during = probe.frames.filter((time) => time >= start && time <= end);
    const gaps = during.slice(1).map((time, i) => time - during[i]!);
    expect(end - start, 'the fit should take long enough to measure').toBeGreaterThan(500);
    expect(during.length, `frames drawn in ${Math.round(end - start)} ms`).toBeGreaterThan((end - start) / 100);
    expect(Math.max(...gaps), 'longest time without a frame during the fit (ms)').toBeLessThan(250);
    expect(clickMs).toBeLessThan(1000);
    const result = (await appState())!;
    expect(result.k).toBe(6);
    expect(JSON.parse(result.modelJson).training).toEqual({ file: 'customers-100k.csv', rows: 100_000, usedRows: 100_000 });

    // Cancel: a new fit stops at once and the previous result stays.
    await page.fill('#n-init', '50');
    await page.click('#run-button');
    await page.waitForFunction(() => /Fitting k-means/.test(document.getElementById('status')!.textContent ?? ''));
    await page.click('#cancel-button');
    await expectText('#status', 'Cancelled.', true);
    expect(await page.evaluate(() => (window as unknown as { segmintApp: AppHandle }).segmintApp.busy)).toBe(false);
    expect((await appState())!.k).toBe(6);
    expect(pageErrors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });
});
