import { invalidArgument, isSegmintError } from '../errors.js';
import { fitSharingThreads, largestUsefulK } from '../kmeans/kmeans.js';
import type { Algorithm, KMeansResult, Matrix } from '../kmeans/types.js';
import { type DenseMatrix, toDenseMatrix } from '../kmeans/validate.js';
import type { SilhouetteThreads } from '../wasm/metrics-workspace.js';
import { initPrecision } from '../wasm/module.js';
import { comparesClusters, fromLabels } from './clustering.js';
import { type GapEntry, gapFitCount, gapOf, type GapResult, type GapSettings, gapSettings } from './gap.js';
import { KNEE_DEFAULTS } from './kneedle.js';
import { calinskiHarabaszOf, clusterMeans, daviesBouldinOf } from './metrics.js';
import {
  checkScanOptionNames, type FitOptions, type FitSettings, fitSettings, integerOption, kRange, numberOption, threadsOption,
} from './options.js';
import { Progress } from './progress.js';
import { type KRecommendation, recommendK } from './recommend.js';
import { type SilhouetteResult, type SilhouetteSettings, silhouetteOf, silhouetteRowCount, silhouetteSettings, startSilhouetteThreads } from './silhouette.js';
import { type StabilityResult, STABILITY_DEFAULTS, stabilityOf } from './stability.js';

/** Every fit uses `seed` itself: the scan's fit at k equals kmeans(data, k, { seed, nInit }). */
export interface ScanOptions extends FitOptions {
  /** Smallest k. Default 2. */
  kMin?: number;
  /** Largest k, at most nSamples - 1. Default min(10, nSamples - 1). */
  kMax?: number;
  /** Silhouette sampling (see silhouette()). Default: exact up to 20,000 rows, else 10,000 sampled. */
  silhouette?: { maxExactSamples?: number; sampleSize?: number };
  /** The gap statistic: B reference sets (default 10), at most maxSamples rows (default 5,000); false to skip. */
  gap?: { B?: number; maxSamples?: number } | false;
  /** Bootstrap stability: `resamples` refits per k (default 10). Off unless given (true or options). */
  stability?: { resamples?: number } | boolean;
  /** Kneedle's sensitivity S on the inertia curve. Default 1. */
  kneeSensitivity?: number;
  /**
   * Threads for each k's fit (see KMeansOptions.threads) and for the silhouettes: the same
   * numbers, bit for bit, sooner on large data. Used where threads are available and the work
   * is long enough to share (a pass over the data; a silhouette of about 3,000 rows × 8 features).
   */
  threads?: number;
  /** The k-means algorithm of each k's fit (see KMeansOptions.algorithm); the same fits whatever it is. */
  algorithm?: Algorithm;
}

export interface KScanEntry {
  k: number;
  /** The k-means fit at this k (the same as kmeans(data, k, { seed, nInit, ... })). */
  fit: KMeansResult;
  /** Its inertia (WCSS). */
  inertia: number;
  /** Undefined when the fit has fewer than 2 distinct clusters (duplicate rows). */
  silhouette: SilhouetteResult | undefined;
  /** NaN when the fit has fewer than 2 distinct clusters. */
  calinskiHarabasz: number;
  /** NaN when the fit has fewer than 2 distinct clusters. */
  daviesBouldin: number;
  /** Undefined when the gap statistic is off. */
  gap: GapEntry | undefined;
  /** Undefined unless stability was asked for. */
  stability: StabilityResult | undefined;
}

export interface KScan {
  /** One entry per k, kMin..kMax. */
  entries: KScanEntry[];
  recommendation: KRecommendation;
  /** The gap statistic over the scanned ks, when on. */
  gap: GapResult | undefined;
  /** Things worth knowing that are not errors, each naming its k. */
  warnings: string[];
}

interface ScanSettings {
  ks: number[];
  fit: FitSettings;
  silhouette: SilhouetteSettings;
  gap: GapSettings | undefined;
  /** Bootstrap resamples per k; 0 when stability is off. */
  resamples: number;
  kneeSensitivity: number;
  /** Threads for the fits and the silhouettes (1: this thread only). */
  threads: number;
}

/** Validates the scan's options (nested ones too) against data of nSamples rows, with defaults. */
function scanSettings(options: ScanOptions, nSamples: number): ScanSettings {
  checkScanOptionNames(options, 'scanK');
  const kMin = integerOption('kMin', options.kMin, 2, 1);
  const kMax = integerOption('kMax', options.kMax, Math.min(10, nSamples - 1), 1);
  if (kMax > nSamples - 1) {
    throw invalidArgument(
      `kMax=${kMax} must be <= nSamples - 1 = ${nSamples - 1}: silhouette, Calinski-Harabasz and Davies-Bouldin need fewer clusters than rows`,
    );
  }
  if (kMin > kMax) {
    throw invalidArgument(
      options.kMax === undefined
        ? `nSamples=${nSamples} is too few to scan from kMin=${kMin}: k must stay <= nSamples - 1 = ${nSamples - 1}`
        : `kMin=${kMin} must be <= kMax=${kMax}`,
    );
  }
  const fit = fitSettings(options);
  const silhouetteOptions = options.silhouette ?? {};
  const gapOptions = options.gap ?? {};
  const stabilityOptions = options.stability === true ? {} : options.stability || undefined;
  return {
    ks: kRange(kMin, kMax),
    fit,
    threads: threadsOption(options.threads),
    silhouette: silhouetteSettings({ ...silhouetteOptions, seed: fit.seed }),
    gap: gapOptions === false ? undefined : gapSettings(gapOptions),
    resamples: stabilityOptions ? integerOption('resamples', stabilityOptions.resamples, STABILITY_DEFAULTS.resamples, 1) : 0,
    kneeSensitivity: numberOption('kneeSensitivity', options.kneeSensitivity, KNEE_DEFAULTS.sensitivity, 0),
  };
}

/**
 * The metrics of one fit. Those that compare clusters are left undefined (with a warning) when
 * duplicate rows leave the fit with a single distinct cluster, or the silhouette's sample does.
 */
function measure(
  data: DenseMatrix,
  k: number,
  fit: KMeansResult,
  silhouette: SilhouetteSettings,
  warnings: string[],
  threads: SilhouetteThreads | undefined,
): KScanEntry {
  const entry: KScanEntry = {
    k, fit, inertia: fit.inertia, silhouette: undefined, calinskiHarabasz: NaN, daviesBouldin: NaN, gap: undefined, stability: undefined,
  };
  const clustering = fromLabels(data, fit.labels);
  if (!comparesClusters(clustering)) {
    warnings.push(`k=${k}: the fit has ${clustering.nClusters} distinct cluster(s), so silhouette, Calinski-Harabasz and Davies-Bouldin are undefined`);
    return entry;
  }
  const means = clusterMeans(clustering);
  entry.calinskiHarabasz = calinskiHarabaszOf(clustering, means);
  entry.daviesBouldin = daviesBouldinOf(clustering, means);
  try {
    entry.silhouette = silhouetteOf(clustering, silhouette, 'wasm', threads);
  } catch (error) {
    if (!isSegmintError(error)) throw error;
    warnings.push(`k=${k}: no silhouette: ${error.message}`);
  }
  return entry;
}

/**
 * Scans k = kMin..kMax: one k-means fit per k, then every metric of each fit (inertia,
 * silhouette, Calinski-Harabasz, Davies-Bouldin), the gap statistic (unless gap: false),
 * bootstrap stability (when asked), the knee of the inertia curve, and the recommended k with
 * its reasons (see recommendK for the rule). Deterministic for a seed, in Node and browsers.
 *
 * ```ts
 * const scan = await scanK(rows, { kMin: 2, kMax: 10, seed: 0 });
 * scan.recommendation.k;       // e.g. 5
 * scan.recommendation.reasons; // which criteria chose which k
 * ```
 */
export async function scanK(data: Matrix, options: ScanOptions = {}): Promise<KScan> {
  const matrix = toDenseMatrix(data, options.nFeatures);
  const settings = scanSettings(options, matrix.nSamples);
  const { ks, fit, gap, resamples } = settings;
  await initPrecision(fit.precision);
  const progress = new Progress(
    ks.length * (2 + resamples) + (gap ? gapFitCount(matrix.nSamples, ks, gap, true) : 0),
    options.onProgress,
  );
  const warnings: string[] = [];
  const entries: KScanEntry[] = [];
  // Threads pay off only when a pass over the data is long: starting them costs a few ms a fit.
  const threads = settings.threads;
  const kmeansOptions = { ...fit, nFeatures: matrix.nFeatures, algorithm: options.algorithm };
  // The silhouettes score the same rows at every k: one pool of threads serves them all.
  const scored = silhouetteRowCount(matrix.nSamples, settings.silhouette);
  const silhouetteThreads = await startSilhouetteThreads(threads, { nSamples: scored, nFeatures: matrix.nFeatures, nClusters: ks.at(-1)! }, (warning) =>
    warnings.push(warning),
  );
  try {
    for (const k of ks) {
      const result = await fitSharingThreads(matrix.values, k, kmeansOptions, threads);
      for (const warning of result.warnings) {
        // Threads that would not start are the scan's, not one k's: said once.
        const text = warning.startsWith('threads=') ? warning : `k=${k}: ${warning}`;
        if (!warnings.includes(text)) warnings.push(text);
      }
      await progress.step();
      entries.push(measure(matrix, k, result, settings.silhouette, warnings, silhouetteThreads));
      await progress.step();
    }
  } finally {
    await silhouetteThreads?.close();
  }
  let gapResult: GapResult | undefined;
  if (gap) {
    gapResult = await gapOf(matrix, ks, gap, fit, progress, entries.map((e) => e.inertia), threads);
    warnings.push(...gapResult.warnings);
    gapResult.entries.forEach((gapEntry, t) => (entries[t]!.gap = gapEntry));
  }
  for (const entry of resamples > 0 ? entries : []) {
    entry.stability = await stabilityOf(matrix, entry.k, entry.fit.labels, resamples, fit, progress, threads);
  }
  const recommendation = recommendK(
    entries.map((e) => ({
      k: e.k,
      inertia: e.inertia,
      silhouette: e.silhouette?.mean ?? NaN,
      calinskiHarabasz: e.calinskiHarabasz,
      daviesBouldin: e.daviesBouldin,
    })),
    {
      kneeSensitivity: settings.kneeSensitivity,
      gap: gapResult,
      kLimit: largestUsefulK(matrix, ks.at(-1)! + 1),
    },
  );
  return { entries, recommendation, gap: gapResult, warnings };
}
