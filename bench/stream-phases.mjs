// Where `segmint fit` spends its memory: the steps of runFit (src/cli/fit.ts) replayed one by
// one from dist/, with the process's resident memory after each step and how much each step
// raised the peak (ru_maxrss is a high-water mark, so the step that raises it is where the peak
// happens). A diagnostic for bench/stream.mjs, not part of it.
//
//   node bench/stream-phases.mjs [file.csv]         default: the 1 000 000-row file stream.mjs made
//   node bench/stream-phases.mjs [file.csv] --gc    collect garbage before each reading: the live
//                                                   set after each step instead of what V8 left
//
// Two what-ifs, to size a cause without editing src/ (neither is what the CLI does today):
//   --settle         after reading, let the event loop run for 50 ms before the next step. The
//                    ColumnCollector (with its growable buffers) stays reachable from the file
//                    stream's listeners until the stream has closed, and runFit's next steps are
//                    synchronous, so today those buffers live on through fitPreparation and
//                    applyPreparation.
//   --drop-columns   let go of the table's columns once the matrix is built, before kmeans.
//
// The numbers are for one process doing nothing else; run it as its own `node` invocation.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath, pathToFileURL } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
const MB = 1e6;
const K = 16;

const args = process.argv.slice(2);
const withGc = args.includes('--gc');
const settle = args.includes('--settle');
const dropColumns = args.includes('--drop-columns');
const file = args.find((a) => !a.startsWith('--')) ?? path.join(os.tmpdir(), 'segmint-bench-customers-1000000x8-seed20240611-v1.csv');
if (!existsSync(file)) {
  console.error(`${file} not found: run \`npm run bench:stream\` first (it generates it), or name a CSV file`);
  process.exit(2);
}
let gc = () => {};
if (withGc) {
  v8.setFlagsFromString('--expose-gc');
  gc = vm.runInNewContext('gc');
}

const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);
const { readFeatureColumns, prepareOptions } = await dist('cli/data-options.js');
const { applyPreparation, fitPreparation, toOriginalUnits } = await dist('data/prepare.js');
const { kmeans } = await dist('kmeans/kmeans.js');
const { DEFAULTS } = await dist('kmeans/types.js');
const { appendColumnContent } = await dist('cli/csv-file.js');
const { writeFilesAtomically } = await dist('cli/io.js');
const { numberSegments, segmentColumnName } = await dist('cli/segments.js');
const { DEFAULT_MISSING } = await dist('data/values.js');

const rows = [];
let lastPeak = 0;
function mark(step, live = '') {
  gc();
  const m = process.memoryUsage();
  const peak = process.resourceUsage().maxRSS * 1024;
  rows.push({ step, rss: m.rss, peak, raised: peak - lastPeak, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, live });
  lastPeak = peak;
}

const quietIo = { stdout() {}, stderr() {}, stderrIsTTY: false };
const options = {
  missing: [...DEFAULT_MISSING], encode: 'onehot', scale: 'standard', clip: 0, quiet: true,
  k: K, seed: DEFAULTS.seed, nInit: 1, maxIter: DEFAULTS.maxIter, tol: DEFAULTS.tol,
};
const bytes = (n) => `${(n / MB).toFixed(1)} MB`;

mark('start (modules loaded)');

const features = await readFeatureColumns(file, options, quietIo);
const { table } = features;
const columnBytes =
  table.lines.byteLength + table.columns.reduce((s, c) => s + (c.numbers?.byteLength ?? 0) + (c.codes?.byteLength ?? 0), 0);
mark('read columns (readFeatureColumns)', `table: ${table.columns.filter((c) => c.numbers).length} columns + line numbers = ${bytes(columnBytes)}`);
if (settle) {
  await new Promise((resolve) => setTimeout(resolve, 50));
  mark('--settle: 50 ms of event loop', 'the collector and its growable buffers are unreachable now');
}

const { preparation } = fitPreparation(table, features.columns, prepareOptions(options, features));
mark('fitPreparation (statistics)', `its unscaled draft matrix (${bytes(table.nRows * features.columns.length * 8)}) is garbage now`);

const data = applyPreparation(preparation, table);
mark('applyPreparation (scaled matrix)', `matrix ${bytes(data.matrix.byteLength)} + rows ${bytes(data.rows.byteLength)}`);

if (dropColumns) {
  for (const column of table.columns) column.numbers = column.codes = undefined;
  mark('--drop-columns: table columns released');
}
const result = await kmeans(data.matrix, K, { nFeatures: data.nFeatures, seed: options.seed, nInit: 1, maxIter: options.maxIter, tol: options.tol });
const wsBytes = data.matrix.byteLength + data.nSamples * (4 + 8);
mark('kmeans (k-means++, Lloyd)', `its Workspace: wasm memory ≥ ${bytes(wsBytes)} (x copy, labels, distances), garbage after`);

const { segmentOfLabel } = numberSegments(result, toOriginalUnits(preparation, result.centroids));
const segmentOfRow = new Int32Array(table.nRows);
data.rows.forEach((row, i) => (segmentOfRow[row] = segmentOfLabel[result.labels[i]]));
const out = mkdtempSync(path.join(os.tmpdir(), 'segmint-phases-'));
try {
  await writeFilesAtomically([
    {
      path: path.join(out, 'segments.csv'),
      content: appendColumnContent(features.file, segmentColumnName(table.header), (row) => (segmentOfRow[row] ? String(segmentOfRow[row]) : '')),
    },
  ]);
} finally {
  rmSync(out, { recursive: true, force: true });
}
mark('write segments.csv (streamed)');

console.log(`${file}: ${table.nRows} rows; feature matrix ${data.nSamples} × ${data.nFeatures} = ${bytes(data.matrix.byteLength)}`);
const what = [settle && '--settle', dropColumns && '--drop-columns'].filter(Boolean).join(' ');
console.log(`${withGc ? 'after a full garbage collection at each step (the live set)' : 'as V8 left it (no forced collection)'}${what ? `, with ${what}` : ''}:`);
const header = ['step', 'RSS MB', 'peak RSS MB', 'step raised peak by MB', 'heap used MB', 'ArrayBuffers MB', 'alive / note'];
const body = rows.map((r) => [
  r.step, (r.rss / MB).toFixed(1), (r.peak / MB).toFixed(1), (r.raised / MB).toFixed(1), (r.heapUsed / MB).toFixed(1), (r.arrayBuffers / MB).toFixed(1), r.live,
]);
const widths = header.map((h, c) => Math.max(h.length, ...body.map((row) => row[c].length)));
const line = (cells) => cells.map((cell, c) => (c === 0 || c === cells.length - 1 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of body) console.log(line(row));
console.log('ArrayBuffers counts typed arrays in JS and the WebAssembly memory, while they are reachable.');
