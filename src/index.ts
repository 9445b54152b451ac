// The library's core: no Node built-ins, so the same module runs in Node and in browsers.
export { kmeans, predict } from './kmeans/kmeans.js';
export type { Algorithm, InitMethod, KMeansOptions, KMeansResult, Matrix, Precision, ResolvedOptions } from './kmeans/types.js';
export { ALGORITHMS, DEFAULTS, PRECISIONS } from './kmeans/types.js';
export {
  meanFeatureVariance, MINIBATCH_DEFAULTS, MiniBatchKMeans, miniBatchKMeans, type MiniBatchOptions, type MiniBatchResult, type MiniBatchStep,
  type MiniBatchStepOptions, type RowBatches, RowReservoir, RowShuffler, updateCentres,
} from './kmeans/minibatch.js';
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
// Charts (Chart.js configurations as plain data) and the report. The renderers are not here:
// src/charts/render-node.ts needs Node and @napi-rs/canvas, src/charts/render-browser.ts loads
// Chart.js; each belongs in its own package entry (e.g. "segmint/node", "segmint/browser").
export type * from './charts/types.js';
export { SEGMENT_COLOURS, segmentColour } from './charts/palette.js';
export { CHART_PIXEL_RATIO, CHART_SIZE, formatShare } from './charts/theme.js';
export { elbowChart, type KSelection, type KSelectionRow } from './charts/elbow.js';
export { silhouetteChart, SILHOUETTE_MAX_POINTS, type SilhouetteData } from './charts/silhouette.js';
export { scatterChart, SCATTER_MAX_POINTS, type ScatterData } from './charts/scatter.js';
export { profileChart, PROFILE_MAX_FEATURES, type ProfileData } from './charts/profiles.js';
export { sizesChart, type SizesData } from './charts/sizes.js';
export { pca, projectRows, type Pca } from './charts/pca.js';
export { profileSegments, featureLabel, type ProfileFeature, type ProfileInput, type SegmentProfile, type SegmentProfiles } from './report/profile.js';
export { nameSegments, segmentHighlights, shortFeatureName, NAMING_DEFAULTS, type NamingOptions } from './report/names.js';
export { applySegmentNames, parseSegmentNames, MAX_NAME_LENGTH } from './report/rename.js';
export { segmentCharts, type Segmentation, type SegmentChartsInput, type SilhouetteSamples } from './report/charts.js';
export { reportHtml, escapeHtml, type DataSummary, type ReportChart, type ReportInput, type Reproduction } from './report/html.js';
export { kSelectionOf } from './report/k-selection.js';
export { formatValues } from './report/numbers.js';
export { segmentFeatureCells } from './report/segment-cells.js';
