// Screenshots of the demo app for a person to look at (not a test): the first view while the
// sample is being segmented, the page after the fit, the results, a phone-sized view and a bad
// file's error. Writes PNGs into build/screenshots/ (or the directory given).
//   npm run build && node web/screenshots.mjs [dir]
import { mkdirSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startWebServer } from '../dist/cli/serve.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? `${root}build/screenshots`);
mkdirSync(out, { recursive: true });
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => p && existsSync(p));
if (!executablePath) throw new Error('Chromium not found: apt-get install -y chromium, or set CHROMIUM_PATH');

const server = await startWebServer({ port: 0 });
const browser = await chromium.launch({ executablePath, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
const done = (page) => page.waitForFunction(() => !window.segmintApp.busy && window.segmintApp.result && document.querySelectorAll('#charts canvas').length === window.segmintApp.result.charts.length, null, { timeout: 120_000 });
const shots = [];
const shot = async (page, name, options = {}) => {
  const path = `${out}/${name}.png`;
  await page.screenshot({ path, ...options });
  shots.push(path);
};
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction(() => /Trying k|Fitting|Preparing/.test(document.getElementById('status').textContent));
  await shot(page, '1-first-view');
  await done(page);
  await shot(page, '2-after-fit');
  await page.evaluate(() => document.getElementById('results').scrollIntoView());
  await shot(page, '3-results');
  await shot(page, '4-full-page', { fullPage: true });
  await page.setInputFiles('#file-input', { name: 'photo.csv', mimeType: 'text/csv', buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]) });
  await page.waitForSelector('#error', { state: 'visible' });
  await page.evaluate(() => window.scrollTo(0, 0));
  await shot(page, '5-bad-file');
  const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await phone.goto(server.url);
  await done(phone);
  await shot(phone, '6-phone');
} finally {
  await browser.close();
  await server.close();
}
console.log(shots.join('\n'));
