import { SegmintError } from '../errors.js';
import { Random } from '../kmeans/random.js';
import type { Matrix } from '../kmeans/types.js';
import { checkKnownOptions } from '../options.js';
import { silhouetteSamples, SilhouetteThreads } from '../wasm/metrics-workspace.js';
import { init as loadKernels } from '../wasm/module.js';
import { threadsUnavailable } from '../wasm/threads.js';
import type { KernelBackend } from '../wasm/workspace.js';
import { checkClusterCount, type Clustering, comparesClusters, subClustering, toClustering } from './clustering.js';
import { integerOption, threadsOption } from './options.js';
import { derivedSeed, sampleWithoutReplacement, Stream } from './sampling.js';

/**
 * The exact silhouette costs nSamples² distances: at 20,000 rows about half a second with 2
 * features and a few seconds with 16 (bench/silhouette.mjs). Above that, a seeded sample of
 * 10,000 rows costs a quarter of that; on the 20,000-row case of the tests its mean lands within
 * 0.005 of the exact one for each of ten seeds.
 */
export const SILHOUETTE_DEFAULTS = { maxExactSamples: 20_000, sampleSize: 10_000, seed: 0 } as const;

export interface SilhouetteOptions {
  /** Number of columns; required when data is a flat Float64Array. */
  nFeatures?: number;
  /** The most rows scored exactly (every pair of rows); more rows are sampled. Default 20,000. */
  maxExactSamples?: number;
  /** Rows drawn (uniformly, without replacement) when nSamples > maxExactSamples. Default 10,000. */
  sampleSize?: number;
  /** Seed of the sample. Default 0. */
  seed?: number;
  /**
   * Threads (this one and threads - 1 workers) when they are available and the rows are enough
   * to pay for starting them (about 3,000 × 8 features); the same values on any number. Default 1.
   */
  threads?: number;
}

export interface SilhouetteResult {
  /** Mean silhouette of the scored rows, in [-1, 1]: higher means tighter, better separated clusters. */
  mean: number;
  /** Mean silhouette of each cluster's scored rows, indexed by label (NaN for a label with none). */
  perCluster: number[];
  /** The silhouette of each scored row, aligned with `rows`. */
  samples: Float64Array;
  /** The rows scored, increasing: every row when exact, the seeded sample when sampled. */
  rows: Int32Array;
  /** True when the rows are a sample (nSamples > maxExactSamples): then every value is an estimate. */
  sampled: boolean;
}

export type SilhouetteSettings = Required<Omit<SilhouetteOptions, 'nFeatures' | 'threads'>>;

/**
 * Rows² × features from which a silhouette runs on threads: starting them costs tens of ms,
 * the time of a silhouette of about 3,000 rows × 8 features on one thread.
 */
const SILHOUETTE_THREADED_WORK = 3000 * 3000 * 8;

/**
 * Threads for silhouettes of `capacity` (see SilhouetteThreads), or undefined when there are
 * no more than one, the platform has none, or the rows are too few to pay for them. A pool
 * that fails to start leaves the silhouettes on this thread (the same values), said through
 * `warn`. Close what it returns.
 */
export async function startSilhouetteThreads(
  threads: number,
  capacity: SilhouetteThreads['capacity'],
  warn: (warning: string) => void,
): Promise<SilhouetteThreads | undefined> {
  const { nSamples, nFeatures } = capacity;
  if (threads <= 1 || threadsUnavailable() !== undefined || nSamples * nSamples * nFeatures < SILHOUETTE_THREADED_WORK) return undefined;
  try {
    return await SilhouetteThreads.start(threads, capacity);
  } catch (error) {
    warn(`the silhouettes ran on one thread: their threads did not start (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }
}

/** Fills in the sampling options' defaults (nFeatures is not one of them), validating them. */
export function silhouetteSettings(options: SilhouetteOptions): SilhouetteSettings {
  return {
    maxExactSamples: integerOption('maxExactSamples', options.maxExactSamples, SILHOUETTE_DEFAULTS.maxExactSamples, 2),
    sampleSize: integerOption('sampleSize', options.sampleSize, SILHOUETTE_DEFAULTS.sampleSize, 3),
    seed: integerOption('seed', options.seed, SILHOUETTE_DEFAULTS.seed, 0),
  };
}

/**
 * The silhouette of a labelling (sklearn.metrics.silhouette_samples and silhouette_score):
 * for each row, a = mean distance to the rest of its cluster, b = mean distance to the nearest
 * other cluster, s = (b - a) / max(a, b), and 0 for a row alone in its cluster. Exact (in the
 * WebAssembly kernel) up to maxExactSamples rows; above, computed on a seeded sample of
 * sampleSize rows, as silhouette_score(sample_size=...) does, and reported as sampled.
 * Needs 2 to nSamples - 1 clusters.
 */
export async function silhouette(
  data: Matrix,
  labels: ArrayLike<number>,
  options: SilhouetteOptions = {},
): Promise<SilhouetteResult> {
  checkKnownOptions(options, ['nFeatures', 'maxExactSamples', 'sampleSize', 'seed', 'threads'], 'silhouette');
  const settings = silhouetteSettings(options);
  const threads = threadsOption(options.threads);
  const clustering = toClustering(data, labels, options.nFeatures);
  checkClusterCount(clustering, 'silhouette');
  await loadKernels();
  const scored = silhouetteRowCount(clustering.data.nSamples, settings);
  // A pool that cannot start changes only the time: the values are the same on this thread.
  const pool = await startSilhouetteThreads(threads, { nSamples: scored, nFeatures: clustering.data.nFeatures, nClusters: clustering.nClusters }, () => {});
  try {
    return silhouetteOf(clustering, settings, 'wasm', pool);
  } finally {
    await pool?.close();
  }
}

/** Whether a silhouette of nSamples rows scores a sample rather than every row. */
function sampled(nSamples: number, settings: SilhouetteSettings): boolean {
  return nSamples > settings.maxExactSamples && settings.sampleSize < nSamples;
}

/** How many rows a silhouette scores (those of silhouetteRows), without drawing them. */
export function silhouetteRowCount(nSamples: number, settings: SilhouetteSettings): number {
  return sampled(nSamples, settings) ? settings.sampleSize : nSamples;
}

/** The rows a silhouette scores: all of them, or the seeded sample when there are too many. */
export function silhouetteRows(nSamples: number, settings: SilhouetteSettings): Int32Array | undefined {
  if (!sampled(nSamples, settings)) return undefined;
  const random = new Random(derivedSeed(settings.seed, Stream.silhouetteSample));
  return sampleWithoutReplacement(nSamples, settings.sampleSize, random);
}

/**
 * silhouette() for a validated clustering of 2 to nSamples - 1 clusters; kernels loaded. On
 * `threads` when given and they fit the rows scored (the same values either way).
 */
export function silhouetteOf(
  clustering: Clustering,
  settings: SilhouetteSettings,
  backend: KernelBackend,
  threads?: SilhouetteThreads,
): SilhouetteResult {
  const sample = silhouetteRows(clustering.data.nSamples, settings);
  const scored = sample ? subClustering(clustering, sample) : clustering;
  const { data, labels, nClusters } = scored;
  if (!comparesClusters(scored)) {
    throw new SegmintError(
      'ERR_INVALID_DATA',
      `the silhouette sample of sampleSize=${data.nSamples} rows falls in ${nClusters} cluster(s); it needs 2 to ${data.nSamples - 1} clusters (use a larger sampleSize)`,
    );
  }
  const samples = silhouetteSamples({ ...data, labels, nClusters }, backend, threads);
  const sums = new Float64Array(nClusters);
  const counts = new Float64Array(nClusters);
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    sum += samples[i]!;
    sums[labels[i]!]! += samples[i]!;
    counts[labels[i]!]!++;
  }
  const perCluster = new Array<number>(clustering.clusterLabels.at(-1)! + 1).fill(NaN);
  for (let c = 0; c < nClusters; c++) perCluster[scored.clusterLabels[c]!] = sums[c]! / counts[c]!;
  return {
    mean: sum / samples.length,
    perCluster,
    samples,
    rows: sample ?? Int32Array.from({ length: data.nSamples }, (_, i) => i),
    sampled: sample !== undefined,
  };
}
