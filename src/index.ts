// The library's core: no Node built-ins, so the same module runs in Node and in browsers.
export { kmeans, predict } from './kmeans/kmeans.js';
export type { InitMethod, KMeansOptions, KMeansResult, Matrix, ResolvedOptions } from './kmeans/types.js';
export { DEFAULTS } from './kmeans/types.js';
export { init } from './wasm/module.js';
export { SegmintError, isSegmintError, type SegmintErrorCode } from './errors.js';
export { VERSION } from './version.js';
// Choosing k: metrics of a clustering, the gap statistic, knee detection, stability, the scan.
export { calinskiHarabasz, daviesBouldin, inertia, type MetricOptions } from './select/metrics.js';
export { silhouette, SILHOUETTE_DEFAULTS, type SilhouetteOptions, type SilhouetteResult } from './select/silhouette.js';
export { gapStatistic, GAP_DEFAULTS, type GapEntry, type GapOptions, type GapResult } from './select/gap.js';
export { kneedle, KNEE_DEFAULTS, type KneeOptions, type KneeResult } from './select/kneedle.js';
export { adjustedRandIndex } from './select/ari.js';
export { bootstrapStability, STABILITY_DEFAULTS, type StabilityOptions, type StabilityResult } from './select/stability.js';
export { recommendK, RULE, type Criterion, type KMetrics, type KRecommendation } from './select/recommend.js';
export { scanK, type KScan, type KScanEntry, type ScanOptions } from './select/scan.js';
export type { ProgressCallback } from './select/progress.js';
