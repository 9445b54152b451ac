import { invalidArgument } from '../errors.js';
import { fitKMeans } from '../kmeans/kmeans.js';
import { Random } from '../kmeans/random.js';
import type { Matrix } from '../kmeans/types.js';
import { type DenseMatrix, toDenseMatrix } from '../kmeans/validate.js';
import { checkKnownOptions } from '../options.js';
import { naturalLog } from '../wasm/metrics-workspace.js';
import { initPrecision } from '../wasm/module.js';
import { callWorker, libraryWorkerSpawner } from '../worker/call.js';
import { FIT_OPTIONS, type FitOptions, type FitSettings, fitSettings, integerOption, kRange, threadsOption } from './options.js';
import { Progress } from './progress.js';
import { derivedSeed, sampleWithoutReplacement, Stream, takeRows } from './sampling.js';

/**
 * The statistic costs (B + 1) k-means fits per k, B of them on uniform data, where k-means
 * needs many iterations (100+ in 8 dimensions). So above maxSamples rows it is computed on a
 * seeded sample of that many rows: its answer depends on the shape of the data, not on how many
 * rows show it.
 */
export const GAP_DEFAULTS = { B: 10, maxSamples: 5_000 } as const;

export interface GapEntry {
  k: number;
  /** log W_k: the log of the data's within-cluster sum of squares (its k-means inertia). */
  logInertia: number;
  /** The mean of log W*_kb over the B reference sets. */
  referenceLogInertia: number;
  /** Gap(k) = referenceLogInertia - logInertia. */
  gap: number;
  /** The (population) standard deviation of log W*_kb over the B reference sets. */
  sd: number;
  /** s_k = sd × sqrt(1 + 1/B), the standard error the 1-SE rule uses. */
  standardError: number;
}

export interface GapResult {
  entries: GapEntry[];
  /** The smallest k with Gap(k) >= Gap(k+1) - s_(k+1), or undefined when no k in range meets it. */
  k: number | undefined;
  /**
   * Whether no k's gap exceeds k = 1's by more than its standard error (Gap(k) - s_k <= Gap(1)
   * at every k of the range): splitting the rows into k groups tightens them no more, at any k,
   * than it tightens uniform data over their bounding box, so they form one group (skewed data
   * too, whose Gap(1) is high), and any segments divide them rather than find groups. Stricter than the
   * 1-SE rule at k = 1, Gap(1) >= Gap(2) - s_2, which the Mall data's five clear groups meet too.
   * (k = 1 is computed beside the range when it starts above it; entries keep to the range.)
   * False for a range of k = 1 alone.
   */
  oneGroup: boolean;
  /** True when computed on a seeded sample of maxSamples rows (data and reference sets alike). */
  sampled: boolean;
  /**
   * Threads the reference sets ran on: 1 unless threads were asked for, the platform has workers
   * (segmint/node, segmint/browser) and the fits are long enough to repay starting them; less
   * one for each worker that failed (its sets then ran on this thread).
   */
  threads: number;
  /** Why reference fits ran on fewer threads than dealt to (a worker failed); usually empty. */
  warnings: string[];
}

export interface GapOptions extends FitOptions {
  /** Smallest k. Default 1 (the gap statistic can answer "no clusters"). */
  kMin?: number;
  /** Largest k. Default min(10, nSamples). */
  kMax?: number;
  /** Reference data sets. Default 10. */
  B?: number;
  /** The most rows used; above, a seeded sample of this many rows is used. Default 5,000. */
  maxSamples?: number;
  /**
   * Threads for the reference fits: each reference set is fitted on one of them, this one or a
   * worker running segmint (segmint/node and segmint/browser provide them). Default 1. The
   * statistic is the same on any number.
   */
  threads?: number;
}

/**
 * One reference set: nSamples rows drawn uniformly over the data's bounding box (each feature
 * uniform between its minimum and maximum), Tibshirani et al.'s reference distribution (a).
 */
export function uniformReference(data: DenseMatrix, random: Random): Float64Array {
  const { values, nSamples: n, nFeatures: d } = data;
  const lo = new Float64Array(d).fill(Infinity);
  const hi = new Float64Array(d).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) {
      lo[f] = Math.min(lo[f]!, values[i * d + f]!);
      hi[f] = Math.max(hi[f]!, values[i * d + f]!);
    }
  }
  const reference = new Float64Array(n * d);
  for (let t = 0; t < reference.length; t++) {
    const f = t % d;
    reference[t] = lo[f]! + random.nextFloat() * (hi[f]! - lo[f]!);
  }
  return reference;
}

/** The k-means inertias of a data set at each k in ks; onFit after each fit. Kernels must be loaded. */
export async function inertiasAtEachK(
  values: Float64Array,
  nFeatures: number,
  ks: readonly number[],
  fit: FitSettings,
  onFit: () => unknown,
): Promise<number[]> {
  const inertias: number[] = [];
  for (const k of ks) {
    inertias.push(fitKMeans(values, k, { ...fit, nFeatures }, 'wasm').inertia);
    await onFit();
  }
  return inertias;
}

/**
 * Below this much work (rows × features × ks × reference sets) the reference fits stay on this
 * thread: starting a worker and loading segmint in it costs about as much as the fits of 500
 * rows × 2 features at 10 ks (measured in Node on 2 cores: no gain there, 1.3× at twice that).
 */
export const MIN_GAP_WORKER_WORK = 200_000;

/** Threads for referenceLogInertias, where it reports a failed worker, and what this thread also does. */
export interface ReferenceFitThreads {
  /** Default 1. */
  threads?: number;
  warn?: (warning: string) => void;
  /** Work for this thread while the workers fit (the data's own fits). */
  meanwhile?: () => Promise<void>;
}

/**
 * log W*_kb for every k in ks (rows) and reference set b (columns): B seeded uniform reference
 * sets, each clustered at every k like the data; and the threads they ran on. Kernels must be
 * loaded.
 *
 * With threads > 1 (and a platform that registered library workers), the sets are dealt out
 * round-robin to this thread and to threads - 1 workers running segmint, the workers first
 * (this thread also runs `meanwhile`), all drawn up front. The sets are drawn here, in order,
 * and each fit is the same computation wherever it runs, so the statistic does not depend on
 * the thread count. A worker that fails has its sets fitted here instead, with a warning; one
 * still running when this thread fails is ended.
 */
export async function referenceLogInertias(
  data: DenseMatrix,
  ks: readonly number[],
  B: number,
  fit: FitSettings,
  progress: Progress,
  parallel: ReferenceFitThreads = {},
): Promise<{ logs: Float64Array[]; threads: number }> {
  const { threads = 1, warn = () => undefined, meanwhile } = parallel;
  const d = data.nFeatures;
  const random = new Random(derivedSeed(fit.seed, Stream.gapReferences));
  const spawn = libraryWorkerSpawner();
  const work = data.nSamples * d * ks.length * B;
  const lanes = spawn === undefined || work < MIN_GAP_WORKER_WORK ? 1 : Math.min(threads, B);
  const step = (): Promise<void> => progress.step();
  const inertias: number[][] = new Array(B);
  if (lanes === 1) {
    // One set at a time, drawn as it is fitted.
    await meanwhile?.();
    for (let b = 0; b < B; b++) inertias[b] = await inertiasAtEachK(uniformReference(data, random), d, ks, fit, step);
    return { logs: logsOf(inertias, ks), threads: 1 };
  }
  // Lane 0 is this thread; each other lane is one worker, given all of its sets at once.
  const sets = Array.from({ length: lanes }, () => ({ indices: [] as number[], references: [] as Float64Array[], reported: 0 }));
  for (let b = 0; b < B; b++) {
    const lane = (b + 1) % lanes;
    sets[lane]!.indices.push(b);
    sets[lane]!.references.push(uniformReference(data, random));
  }
  const stop = new AbortController();
  const inWorkers = sets.slice(1).map((set) =>
    callWorker<number[][]>(spawn!, { op: 'referenceInertias', args: [set.references, d, ks, fit] }, {
      signal: stop.signal,
      onProgress: () => {
        set.reported++;
        void step();
      },
    }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))),
  );
  // Fits here; those a failed worker already counted are not counted twice.
  const fitHere = async (set: (typeof sets)[number]): Promise<void> => {
    let uncounted = set.reported;
    const onFit = (): Promise<void> | undefined => {
      if (uncounted === 0) return step();
      uncounted--;
      return undefined;
    };
    for (let s = 0; s < set.indices.length; s++) inertias[set.indices[s]!] = await inertiasAtEachK(set.references[s]!, d, ks, fit, onFit);
  };
  let failed = 0;
  try {
    await meanwhile?.();
    await fitHere(sets[0]!);
    for (let lane = 1; lane < lanes; lane++) {
      const set = sets[lane]!;
      const answer = await inWorkers[lane - 1]!;
      if (answer instanceof Error) {
        failed++;
        warn(`gap statistic: a worker failed (${answer.message}); its ${set.indices.length} reference sets were fitted on this thread`);
        await fitHere(set);
      } else {
        answer.forEach((values, s) => (inertias[set.indices[s]!] = values));
      }
    }
  } finally {
    stop.abort();
  }
  return { logs: logsOf(inertias, ks), threads: lanes - failed };
}

/** Each k's log inertias over the reference sets, from each set's inertias at every k. */
function logsOf(inertias: readonly number[][], ks: readonly number[]): Float64Array[] {
  return ks.map((_, t) => Float64Array.from(inertias, (values) => naturalLog(values[t]!)));
}

/** The gap table from the data's inertias and the reference sets' log inertias (same ks). */
export function gapEntries(ks: readonly number[], inertias: readonly number[], referenceLogs: readonly Float64Array[]): GapEntry[] {
  return ks.map((k, t) => {
    const logs = referenceLogs[t]!;
    const B = logs.length;
    let mean = 0;
    for (const value of logs) mean += value;
    mean /= B;
    let squares = 0;
    for (const value of logs) squares += (value - mean) * (value - mean);
    const sd = Math.sqrt(squares / B);
    const logInertia = naturalLog(inertias[t]!);
    return { k, logInertia, referenceLogInertia: mean, gap: mean - logInertia, sd, standardError: sd * Math.sqrt(1 + 1 / B) };
  });
}

/**
 * Tibshirani, Walther & Hastie's 1-standard-error rule: the smallest k with
 * Gap(k) >= Gap(k+1) - s_(k+1), over consecutive entries; undefined when none qualifies.
 */
export function gapChoice(entries: readonly GapEntry[]): number | undefined {
  for (let t = 0; t + 1 < entries.length; t++) {
    const here = entries[t]!;
    const next = entries[t + 1]!;
    if (next.k === here.k + 1 && here.gap >= next.gap - next.standardError) return here.k;
  }
  return undefined;
}

export interface GapSettings {
  B: number;
  maxSamples: number;
}

/** The gap options' defaults filled in (B, maxSamples), validating them. */
export function gapSettings(options: { B?: number; maxSamples?: number }): GapSettings {
  return {
    B: integerOption('B', options.B, GAP_DEFAULTS.B, 1),
    maxSamples: integerOption('maxSamples', options.maxSamples, GAP_DEFAULTS.maxSamples, 2),
  };
}

/** The ks the gap statistic fits: the range, with k = 1 first when the range starts above it (see GapResult.oneGroup). */
function gapKs(ks: readonly number[]): number[] {
  return ks[0]! > 1 ? [1, ...ks] : [...ks];
}

/** k-means fits the gap statistic makes for these ks (the progress it reports). */
export function gapFitCount(nSamples: number, ks: readonly number[], settings: GapSettings, haveInertias: boolean): number {
  const fitted = gapKs(ks).length;
  const fitsData = nSamples > settings.maxSamples || !haveInertias;
  return fitted * settings.B + (fitsData ? fitted : fitted - ks.length);
}

/**
 * The gap statistic of `data` for consecutive ks. `inertias` are the data's k-means inertias at
 * those ks when already known; they are used unless the data is sampled. Kernels must be loaded.
 */
export async function gapOf(
  data: DenseMatrix,
  ks: readonly number[],
  settings: GapSettings,
  fit: FitSettings,
  progress: Progress,
  inertias?: readonly number[],
  threads = 1,
): Promise<GapResult> {
  const sampled = data.nSamples > settings.maxSamples;
  let used = data;
  if (sampled) {
    const rows = sampleWithoutReplacement(data.nSamples, settings.maxSamples, new Random(derivedSeed(fit.seed, Stream.gapSample)));
    used = { values: takeRows(data.values, data.nFeatures, rows), nSamples: rows.length, nFeatures: data.nFeatures };
  }
  const fitted = gapKs(ks);
  const known = sampled ? undefined : inertias;
  let dataInertias: number[] | undefined;
  const warnings: string[] = [];
  const references = await referenceLogInertias(used, fitted, settings.B, fit, progress, {
    threads,
    warn: (warning) => warnings.push(warning),
    meanwhile: async () => {
      // The range's inertias when the scan has them; k = 1's (added) is fitted either way.
      const added = fitted.slice(0, fitted.length - ks.length);
      dataInertias = known
        ? [...(await inertiasAtEachK(used.values, used.nFeatures, added, fit, () => progress.step())), ...known]
        : await inertiasAtEachK(used.values, used.nFeatures, fitted, fit, () => progress.step());
    },
  });
  const all = gapEntries(fitted, dataInertias!, references.logs);
  const entries = all.slice(fitted.length - ks.length);
  const one = all[0]!;
  // A range of k = 1 alone compares nothing: it finds no evidence either way.
  const oneGroup = all.length > 1 && all.slice(1).every((entry) => entry.gap - entry.standardError <= one.gap);
  return { entries, k: gapChoice(entries), oneGroup, sampled, threads: references.threads, warnings };
}

/**
 * The gap statistic (Tibshirani, Walther & Hastie 2001) for k = kMin..kMax: k-means on the
 * data and on B reference sets drawn uniformly over its bounding box,
 * Gap(k) = mean_b log W*_kb - log W_k, with its standard error, and the k the 1-standard-error
 * rule picks. Above maxSamples rows, computed on a seeded sample (reported as sampled).
 */
export async function gapStatistic(data: Matrix, options: GapOptions = {}): Promise<GapResult> {
  checkKnownOptions(options, ['kMin', 'kMax', 'B', 'maxSamples', 'threads', ...FIT_OPTIONS], 'gapStatistic');
  const matrix = toDenseMatrix(data, options.nFeatures);
  const kMin = integerOption('kMin', options.kMin, 1, 1);
  const kMax = integerOption('kMax', options.kMax, Math.max(kMin, Math.min(10, matrix.nSamples)), kMin);
  if (kMax > matrix.nSamples) throw invalidArgument(`kMax=${kMax} must be <= nSamples=${matrix.nSamples}`);
  const settings = gapSettings(options);
  const fit = fitSettings(options);
  const threads = threadsOption(options.threads);
  await initPrecision(fit.precision);
  const ks = kRange(kMin, kMax);
  const progress = new Progress(gapFitCount(matrix.nSamples, ks, settings, false), options.onProgress);
  return gapOf(matrix, ks, settings, fit, progress, undefined, threads);
}
