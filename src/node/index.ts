// "segmint/node": the core, data preparation and the CSV pipeline, plus what only Node has:
// charts as PNG files, CSV files streamed from disk, and the worker API over worker_threads.
export * from '../index.js';
// Threads for kmeans({ threads }) over worker_threads (registers itself).
import '../wasm/node-threads.js';
export * from '../pipeline/index.js';
export { FONTS_DIR, type PngOptions, renderChartPng } from '../charts/render-node.js';
export { appendColumnContent, type CsvFile, inspectCsvFile, readCsvFile, streamCsvFile } from '../cli/csv-file.js';
export * from './worker-api.js';
