import { invalidArgument } from '../errors.js';
import { fitSharingThreads } from '../kmeans/kmeans.js';
import { Random } from '../kmeans/random.js';
import type { Matrix } from '../kmeans/types.js';
import { checkInteger, type DenseMatrix, toDenseMatrix } from '../kmeans/validate.js';
import { checkKnownOptions } from '../options.js';
import { initPrecision } from '../wasm/module.js';
import { adjustedRandIndex } from './ari.js';
import { FIT_OPTIONS, type FitOptions, type FitSettings, fitSettings, integerOption, threadsOption } from './options.js';
import { Progress } from './progress.js';
import { bootstrapIndices, derivedSeed, Stream, takeRows } from './sampling.js';

export const STABILITY_DEFAULTS = { resamples: 10 } as const;

export interface StabilityResult {
  k: number;
  /** Mean adjusted Rand index over the resamples: 1 = every resample finds the same clusters. */
  meanAri: number;
  /** The adjusted Rand index of each resample. */
  ari: number[];
}

export interface StabilityOptions extends FitOptions {
  /** Bootstrap resamples. Default 10. */
  resamples?: number;
  /** Threads for the fits whose passes are long enough to share (see KMeansOptions.threads); the same result. Default 1. */
  threads?: number;
}

/**
 * Bootstrap stability of the k-means clustering `labels` (a fit of all of `data` at k): refits
 * k-means on `resamples` seeded bootstrap resamples (n rows drawn with replacement), labels every
 * row with each refit's centroids, and compares those labels with `labels` by the adjusted Rand
 * index. The resamples are the same for every k (same seed), so values compare across k.
 * Kernels must be loaded.
 */
export async function stabilityOf(
  data: DenseMatrix,
  k: number,
  labels: Int32Array,
  resamples: number,
  fit: FitSettings,
  progress: Progress,
  threads = 1,
): Promise<StabilityResult> {
  const random = new Random(derivedSeed(fit.seed, Stream.bootstrap));
  const ari: number[] = [];
  for (let r = 0; r < resamples; r++) {
    const resample = takeRows(data.values, data.nFeatures, bootstrapIndices(data.nSamples, random));
    const refit = await fitSharingThreads(resample, k, { ...fit, nFeatures: data.nFeatures }, threads);
    ari.push(adjustedRandIndex(labels, refit.predict(data.values, { nFeatures: data.nFeatures })));
    await progress.step();
  }
  return { k, meanAri: ari.reduce((sum, value) => sum + value, 0) / resamples, ari };
}

/**
 * How stable k-means with k clusters is on `data`: fits all the rows, then refits on seeded
 * bootstrap resamples and reports the adjusted Rand index between each refit's labelling of
 * the rows and the full fit's. High stability says the clusters are a property of the data
 * rather than of one sample of it. It tends to favour small k, so scanK reports it but does not
 * vote with it.
 */
export async function bootstrapStability(data: Matrix, k: number, options: StabilityOptions = {}): Promise<StabilityResult> {
  checkKnownOptions(options, ['resamples', 'threads', ...FIT_OPTIONS], 'bootstrapStability');
  const matrix = toDenseMatrix(data, options.nFeatures);
  checkInteger('k', k, 1);
  if (k > matrix.nSamples) throw invalidArgument(`k=${k} must be <= nSamples=${matrix.nSamples}`);
  const resamples = integerOption('resamples', options.resamples, STABILITY_DEFAULTS.resamples, 1);
  const threads = threadsOption(options.threads);
  const fit = fitSettings(options);
  await initPrecision(fit.precision);
  const progress = new Progress(resamples + 1, options.onProgress);
  const full = await fitSharingThreads(matrix.values, k, { ...fit, nFeatures: matrix.nFeatures }, threads);
  await progress.step();
  return stabilityOf(matrix, k, full.labels, resamples, fit, progress, threads);
}
