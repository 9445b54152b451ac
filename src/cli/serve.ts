// `segmint serve`: the demo web app (web/dist, built by `npm run build:web`) on 127.0.0.1. The
// app computes everything in the browser; this only serves its files.
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import { SegmintError } from '../errors.js';
import type { CliIo } from './io.js';
import { integerOption } from './options.js';

/** The built web app, shipped in the package beside dist/. */
export const WEB_APP_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export const DEFAULT_PORT = 4173;
const HOST = '127.0.0.1';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
};

/**
 * Everything from this server, nothing from elsewhere; 'wasm-unsafe-eval' compiles the inlined
 * kernels; blob: workers are k-means threads (src/wasm/browser-threads.ts).
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' data: blob:; object-src 'none'; base-uri 'none'; form-action 'none'";

/** Answers a request: status, body and, for a file, its MIME type. */
export type Send = (status: number, body: string | Buffer, type?: string) => void;

/**
 * Sends the file that URL path `pathname` names below `root` (index.html for a path ending in
 * /), with its MIME type; 404 for anything missing, not a file, or outside root (no `..`).
 */
export async function sendStaticFile(root: string, pathname: string, send: Send): Promise<void> {
  const file = resolve(root, `.${pathname.endsWith('/') ? `${pathname}index.html` : pathname}`);
  if (!file.startsWith(root + sep)) return send(404, 'not found');
  try {
    if (!(await stat(file)).isFile()) return send(404, 'not found');
    send(200, await readFile(file), MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream');
  } catch {
    send(404, 'not found');
  }
}

export interface ServeOptions {
  port: number;
  /** The directory to serve. Default WEB_APP_DIR. */
  root?: string;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the static server on 127.0.0.1 (port 0: any free port). */
export async function startWebServer(options: ServeOptions): Promise<RunningServer> {
  const root = resolve(options.root ?? WEB_APP_DIR);
  if (!existsSync(resolve(root, 'index.html'))) {
    throw new SegmintError('ERR_FILE', `the web app is not built (no ${resolve(root, 'index.html')}); run \`npm run build:web\` in the segmint package`);
  }
  const server: Server = createServer((request, response) => {
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void => {
      response.writeHead(status, {
        'Content-Type': type,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': CONTENT_SECURITY_POLICY,
        // Cross-origin isolation: SharedArrayBuffer, so k-means can run on threads.
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Cross-Origin-Embedder-Policy': 'require-corp',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    void (async () => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, 'method not allowed');
      let pathname: string;
      try {
        pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
      } catch {
        return send(400, 'bad request');
      }
      await sendStaticFile(root, pathname, send);
    })().catch((error: unknown) => send(500, String(error)));
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new SegmintError('ERR_INVALID_ARGUMENT', `port ${options.port} on ${HOST} is in use; choose another with --port <n> (0 for any free port)`)
          : error,
      );
    });
    server.listen(options.port, HOST, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${HOST}:${port}/`,
    close: () =>
      new Promise<void>((resolveClose, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolveClose()));
      }),
  };
}

/** Resolves when the process is asked to stop (Ctrl+C or a termination signal). */
function stopRequested(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Serves the web app until `until` resolves (by default, until Ctrl+C). Prints the URL on stdout. */
export async function runServe(options: ServeOptions, io: CliIo, until: Promise<void> = stopRequested()): Promise<void> {
  const server = await startWebServer(options);
  io.stdout(`${server.url}\n`);
  io.stderr(`serving the segmint web app at ${server.url} (only this computer can open it; Ctrl+C stops)\n`);
  await until;
  await server.close();
}

export function serveCommand(io: CliIo): Command {
  return new Command('serve')
    .description('serve the demo web app on 127.0.0.1: drop a CSV file, get segments, charts and model.json, computed in the browser')
    .addOption(new Option('-p, --port <n>', 'port on 127.0.0.1 (0: any free port)').argParser(integerOption(0, 65_535)).default(DEFAULT_PORT))
    .action(async (options: { port: number }) => {
      await runServe(options, io);
    });
}
