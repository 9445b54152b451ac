// package.json "exports" as Node and TypeScript see them: the "node" condition of segmint/worker
// is worker_threads, segmint/node has what only Node can do, and a TypeScript app (bundler
// resolution, strict) type-checks against every entry. The "browser" side is proven by
// test/browser/vite-app.browser.test.ts, which bundles it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data.js';

describe('package entries', () => {
  it('Node resolves segmint/worker to worker_threads, segmint/node to the Node entry, segmint/browser/worker to the Web Worker script', () => {
    const script = `
      const worker = await import('segmint/worker');
      const node = await import('segmint/node');
      const core = await import('segmint');
      const fit = await worker.fitInWorker([[1, 2], [1, 4], [10, 2], [10, 4]], 2, { seed: 42 });
      const local = await core.kmeans([[1, 2], [1, 4], [10, 2], [10, 4]], 2, { seed: 42 });
      console.log(JSON.stringify({
        workerFile: import.meta.resolve('segmint/worker'),
        nodeFile: import.meta.resolve('segmint/node'),
        // For bundlers that do not see the worker's URL (see useWorker); resolved only: it runs in browsers.
        browserWorkerFile: import.meta.resolve('segmint/browser/worker'),
        useWorker: 'useWorker' in worker,
        png: typeof node.renderChartPng,
        readCsvFile: typeof node.readCsvFile,
        same: fit.inertia === local.inertia && fit.labels.join() === local.labels.join(),
        // The kernels as a file, for runtimes that compile modules but not bytes: init(module).
        kernelsFile: import.meta.resolve('segmint/kernels.wasm'),
        fromModule: await (async () => {
          const { readFileSync } = await import('node:fs');
          const module = new WebAssembly.Module(readFileSync(new URL(import.meta.resolve('segmint/kernels.wasm'))));
          return (await core.init(module)) === module && (await core.kmeans([[1, 2], [1, 4], [10, 2], [10, 4]], 2, { seed: 42 })).inertia === local.inertia;
        })(),
      }));`;
    // Inside the package folder, 'segmint' resolves to this package (self-reference), as in an app that installed it.
    mkdirSync(join(ROOT, 'build'), { recursive: true });
    const file = join(ROOT, 'build', 'exports-check.mjs');
    writeFileSync(file, script);
    const output = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      workerFile: `file://${ROOT}dist/node/worker-api.js`,
      nodeFile: `file://${ROOT}dist/node/index.js`,
      browserWorkerFile: `file://${ROOT}dist/browser/worker.js`,
      useWorker: false,
      png: 'function',
      readCsvFile: 'function',
      same: true,
      kernelsFile: `file://${ROOT}build/kernels.wasm`,
      fromModule: true,
    });
  });

  it('a strict TypeScript app type-checks against segmint, segmint/browser, segmint/worker and segmint/node', () => {
    const app = mkdtempSync(join(tmpdir(), 'segmint-types-'));
    try {
      mkdirSync(join(app, 'node_modules'));
      symlinkSync(ROOT, join(app, 'node_modules', 'segmint'), 'dir');
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], strict: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, types: [] },
          include: ['app.ts'],
        }),
      );
      writeFileSync(
        join(app, 'app.ts'),
        `import { ALGORITHMS, type Algorithm, kmeans, type KMeansResult, PRECISIONS, type Precision } from 'segmint';
import { type Algorithm as BrowserAlgorithm, type Precision as BrowserPrecision, renderChart, segmentCsv, type CsvSegmentation, useWorker } from 'segmint/browser';
import { fitInWorker, scanInWorker, segmentCsvInWorker } from 'segmint/worker';
import type { Algorithm as NodeAlgorithm, Precision as NodePrecision, renderChartPng } from 'segmint/node';

export async function run(canvas: HTMLCanvasElement, text: string, signal: AbortSignal): Promise<number> {
  // KMeansOptions' algorithm and precision, by the names every entry point exports.
  const algorithm: Algorithm & BrowserAlgorithm & NodeAlgorithm = ALGORITHMS[1];
  const precision: Precision & BrowserPrecision & NodePrecision = PRECISIONS[0];
  const here: KMeansResult = await kmeans([[1, 2], [3, 4]], 1, { algorithm, precision });
  const there: KMeansResult = await fitInWorker([[1, 2], [3, 4]], 1, { signal, onProgress: (done: number, total: number) => void (done / total) });
  const scan = await scanInWorker([[1], [2], [3]], { kMax: 2, signal });
  const segmented: CsvSegmentation = await segmentCsvInWorker(text, 'a.csv', { k: 'auto', onProgress: ({ phase, done, total }) => void [phase, done, total] });
  const inThread = await segmentCsv(text, 'a.csv', { features: ['x'], scale: 'robust' });
  const chart = await renderChart(canvas, segmented.charts[0]!);
  chart.destroy();
  useWorker(() => new Worker('worker.js', { type: 'module' }));
  const png: typeof renderChartPng | undefined = undefined;
  return here.inertia + there.inertia + scan.recommendation.k + inThread.model.k + (png ? 1 : 0);
}
`,
      );
      // Throws with tsc's messages if anything does not type-check.
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });

  // Bundler resolution does not take segmint/worker's "node" condition: its types are the
  // browser's, which must need no DOM types either.
  it.each([
    ['NodeNext', 'NodeNext'],
    ['ESNext', 'Bundler'],
  ])('a strict Node TypeScript app without DOM types (lib ES2022, @types/node 20, module %s) type-checks against segmint, segmint/node and segmint/worker', (module, moduleResolution) => {
    const app = mkdtempSync(join(tmpdir(), 'segmint-node-types-'));
    try {
      mkdirSync(join(app, 'node_modules', '@types'), { recursive: true });
      symlinkSync(ROOT, join(app, 'node_modules', 'segmint'), 'dir');
      symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(app, 'node_modules', '@types', 'node'), 'dir');
      writeFileSync(join(app, 'package.json'), JSON.stringify({ type: 'module' }));
      writeFileSync(
        join(app, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: { target: 'ES2022', module, moduleResolution, lib: ['ES2022'], strict: true, noUncheckedIndexedAccess: true, noEmit: true, skipLibCheck: false, types: ['node'] },
          include: ['app.ts'],
        }),
      );
      writeFileSync(
        join(app, 'app.ts'),
        `import { init, kmeans, type KMeansResult } from 'segmint';
import { readCsvFile, renderChartPng, sizesChart } from 'segmint/node';
import { fitInWorker } from 'segmint/worker';

export async function run(wasm: Uint8Array, read: typeof readCsvFile): Promise<number> {
  await init(wasm);
  const here: KMeansResult = await kmeans([[1, 2], [3, 4]], 1, { threads: 2 });
  const there: KMeansResult = await fitInWorker([[1, 2], [3, 4]], 1);
  const png: Buffer = await renderChartPng(sizesChart({ sizes: [1], segmentNames: ['One'] }));
  return here.inertia + there.inertia + png.length + read.length;
}
`,
      );
      execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', app], { encoding: 'utf8' });
    } finally {
      rmSync(app, { recursive: true, force: true });
    }
  });
});
