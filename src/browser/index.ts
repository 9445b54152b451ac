// "segmint/browser": everything a web app needs. The core (k-means, k selection, chart
// configurations, report), data preparation and the CSV pipeline, charts drawn into a <canvas>,
// and the worker API (Web Workers).
import '../wasm/browser-threads.js';

export * from '../index.js';
export * from '../pipeline/index.js';
export { type CanvasOptions, DEFAULT_FONTS, type FontSource, loadChartFonts, renderChart } from '../charts/render-browser.js';
export * from './worker-api.js';
