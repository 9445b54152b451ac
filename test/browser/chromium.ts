// Shared plumbing for the browser tests: a static file server over a directory and a headless
// Chromium from the system (Debian's package), driven by playwright-core. Never downloads a browser.
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { sendStaticFile } from '../../src/cli/serve.js';

export interface StaticServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

/**
 * A blank page served at `/`, so tests get a same-origin document to import modules from.
 * The empty data: icon stops Chromium requesting /favicon.ico, whose 404 logs a console error.
 */
export const BLANK_PAGE =
  '<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">' +
  '<title>segmint test</title></head><body></body></html>';

/** The headers that make a page cross-origin isolated (SharedArrayBuffer, shared wasm memory). */
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } as const;

/**
 * Serves the files under rootDir on 127.0.0.1 at a random free port. `/` answers with a blank
 * HTML page; anything outside rootDir or missing is a 404. `isolated`: every response carries
 * the cross-origin isolation headers.
 */
export async function startStaticServer(rootDir: string, { isolated = false } = {}): Promise<StaticServer> {
  const root = resolve(rootDir);
  const server = createServer((request, response) => {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void => {
      // no-store: a rebuilt dist must never be answered from the browser's cache.
      response.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...(isolated ? ISOLATION_HEADERS : {}) });
      response.end(body);
    };
    void (async () => {
      const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      if (pathname === '/') return send(200, BLANK_PAGE, 'text/html; charset=utf-8');
      await sendStaticFile(root, pathname, send);
    })().catch((error: unknown) => send(500, String(error)));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        // Keep-alive sockets would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'] as const;

/** CHROMIUM_PATH, or the first system Chromium found; throws (never skips) when there is none. */
export function chromiumExecutable(): string {
  const advice = "install Debian's chromium package (`apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium executable";
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist: ${advice}`);
    return fromEnv;
  }
  const found = CHROMIUM_CANDIDATES.find((candidate) => existsSync(candidate));
  if (found === undefined) {
    throw new Error(`Chromium not found (looked for ${CHROMIUM_CANDIDATES.join(', ')}): ${advice}`);
  }
  return found;
}

/** A headless system Chromium, quiet on the network so tests stay offline and deterministic. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      '--no-sandbox', // containers and CI usually run as root, where the sandbox cannot start
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Records what should never happen on a test page into `into`: console errors, uncaught errors,
 * and responses of 400 or more with their URL (the console alone says only "404").
 */
export function recordPageErrors(page: Page, into: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => into.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) into.push(`HTTP ${response.status()}: ${response.url()}`);
  });
}

/**
 * The 64 bits of a double as 16 hex digits (distinguishes values that print alike, and -0), as
 * the browser tests' in-page callbacks write them (those repeat it: they must be self-contained).
 */
export function float64Bits(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return view.getBigUint64(0).toString(16).padStart(16, '0');
}

/** How a page lays out its charts (`selector`: each chart's img or canvas, in its scroll box). */
export interface ChartLayout {
  /** The page's own width: more than the viewport when the page itself scrolls sideways. */
  page: number;
  charts: { width: number; scrolls: boolean; focusable: boolean; role: string | null }[];
}

export function chartLayout(page: Page, selector: string): Promise<ChartLayout> {
  return page.evaluate((selector) => ({
    page: document.documentElement.scrollWidth,
    charts: Array.from(document.querySelectorAll(selector), (chart) => {
      const box = chart.parentElement!;
      return { width: chart.getBoundingClientRect().width, scrolls: box.scrollWidth > box.clientWidth, focusable: box.tabIndex === 0, role: box.getAttribute('role') };
    }),
  }), selector);
}
