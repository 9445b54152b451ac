/**
 * The typed interface of the kernels' exports (assembly/kernels.ts documents each pointer as
 * IN, OUT or INOUT). Pointers are byte offsets into the module's linear memory; 0 means absent.
 * src/wasm/reference-kernels.ts implements the same interface in plain TypeScript for tests.
 */
export interface Kernels {
  screenRows(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    mean: number,
    scale: number,
    screenX: number,
    rowNorms: number,
  ): void;
  screenCentroids(
    centroids: number,
    nFeatures: number,
    k: number,
    mean: number,
    scale: number,
    maxRowNorm: number,
    screen: number,
  ): void;
  assignChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    screenX: number,
    rowNorms: number,
    screen: number,
    labels: number,
    distances: number,
    dirty: number,
    current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void;
  centroidMotion(previous: number, current: number, nFeatures: number, k: number, motion: number): void;
  hamerlyChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    screenX: number,
    rowNorms: number,
    screen: number,
    scale: number,
    labels: number,
    upper: number,
    lower: number,
    motion: number,
    scratch: number,
    dirty: number,
    current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void;
  /** Bytes of elkanChunk's tables for k centroids. */
  elkanTablesBytes(k: number): number;
  /** Passes elkanChunk's tables can tell apart (elkanRebase starts them over). */
  elkanStamps(): number;
  elkanTables(centroids: number, nFeatures: number, k: number, scale: number, motion: number, pass: number, tables: number): void;
  elkanRebase(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    k: number,
    labels: number,
    upper: number,
    stamps: number,
    bounds: number,
    tables: number,
  ): void;
  elkanChunk(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    k: number,
    weights: number,
    screenX: number,
    rowNorms: number,
    screen: number,
    scale: number,
    labels: number,
    upper: number,
    lower: number,
    motion: number,
    scratch: number,
    stamps: number,
    bounds: number,
    tables: number,
    pass: number,
    dirty: number,
    current: number,
    sums: number,
    counts: number,
    totals: number,
  ): void;
  labelDistances(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    centroids: number,
    weights: number,
    labels: number,
    distances: number,
    totals: number,
  ): void;
  scoreCandidates(
    x: number,
    nFeatures: number,
    start: number,
    end: number,
    candidates: number,
    nCandidates: number,
    closest: number,
    weights: number,
    update: number,
    totals: number,
  ): void;
}

/**
 * The typed interface of the metric kernels' exports (assembly/metrics.ts documents each
 * pointer). src/wasm/reference-metrics.ts implements it in plain TypeScript for tests.
 */
export interface MetricKernels {
  silhouetteChunk(
    xT: number,
    nFeatures: number,
    start: number,
    end: number,
    nSamples: number,
    clusterStarts: number,
    nClusters: number,
    silhouettes: number,
  ): void;
  naturalLog(x: number): number;
}

/** What the compiled module exports: the kernels plus the first free byte of its memory. */
export interface KernelExports extends Kernels, MetricKernels {
  heapBase(): number;
}
