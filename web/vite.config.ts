// Builds the demo web app into web/dist (npm run build:web; scripts/setup.mjs runs it). The app
// imports the library as a web app would ('segmint', 'segmint/browser'), resolved here to the
// compiled package in ../dist through package.json's "exports" with the "browser" condition.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));
const { exports } = JSON.parse(readFileSync(`${packageRoot}package.json`, 'utf8')) as { exports: Record<string, unknown> };

/** The file an entry of "exports" names for a browser ("browser", then "default"). */
function browserTarget(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (entry === null || typeof entry !== 'object') return undefined;
  const conditions = entry as Record<string, unknown>;
  for (const condition of ['browser', 'import', 'default']) {
    if (condition in conditions) return browserTarget(conditions[condition]);
  }
  return undefined;
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs: the app works from any directory and any server path (segmint serve, a file share).
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
  // ES module workers can split: the f32 kernels then load only if a fit asks for them.
  worker: { format: 'es' },
  resolve: {
    alias: Object.entries(exports).flatMap(([subpath, entry]) => {
      const target = browserTarget(entry);
      if (target === undefined || subpath.includes('*') || !target.endsWith('.js')) return [];
      return [{ find: new RegExp(`^${`segmint${subpath.slice(1)}`.replaceAll('/', '\\/')}$`), replacement: `${packageRoot}${target.slice(2)}` }];
    }),
  },
});
