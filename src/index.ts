// The library's core: no Node built-ins, so the same module runs in Node and in browsers.
export { kmeans, predict } from './kmeans/kmeans.js';
export type { InitMethod, KMeansOptions, KMeansResult, Matrix, ResolvedOptions } from './kmeans/types.js';
export { DEFAULTS } from './kmeans/types.js';
export { init } from './wasm/module.js';
export { SegmintError, isSegmintError, type SegmintErrorCode } from './errors.js';
export { VERSION } from './version.js';
