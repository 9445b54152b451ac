import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { MINIBATCH_DEFAULTS } from '../kmeans/minibatch.js';
import { ALGORITHMS, type Algorithm, DEFAULTS, PRECISIONS } from '../kmeans/types.js';
import { MAX_THREADS } from '../kmeans/validate.js';
import { integerOption, nonNegativeNumber } from './options.js';

/** The k-means options every fitting command shares (fit, k, demo). */
export function addFitOptions(command: Command): Command {
  return command
    .addOption(new Option('--seed <n>', 'random seed; the same seed gives the same segments').argParser(integerOption(0)).default(DEFAULTS.seed))
    .addOption(new Option('--n-init <n>', 'k-means runs from different starts; the best is kept').argParser(integerOption(1)).default(DEFAULTS.nInit))
    .addOption(new Option('--max-iter <n>', 'iterations per run at most').argParser(integerOption(1)).default(DEFAULTS.maxIter))
    .addOption(new Option('--tol <x>', 'convergence tolerance, relative to the data variance').argParser(nonNegativeNumber).default(DEFAULTS.tol))
    .addOption(
      new Option('--precision <p>', 'how the fits store the features: f32 rounds them to 7 digits and halves the memory they take; the arithmetic stays f64')
        .choices(PRECISIONS)
        .default(DEFAULTS.precision),
    )
    .option('-q, --quiet', 'no progress or summary on stderr', false);
}

/** The --algorithm choices: the library's, and 'minibatch', the streamed fit (fit only). */
export const STREAMED_ALGORITHMS = ['minibatch'] as const;
export type CliAlgorithm = Algorithm | (typeof STREAMED_ALGORITHMS)[number];

/** How a single fit runs (fit and demo): results are the same bit for bit whatever is chosen, but for minibatch. */
export interface EngineOptions {
  threads: number;
  algorithm: CliAlgorithm;
  /** Rows per mini-batch step (--algorithm minibatch). */
  batchSize?: number;
}

/** --threads (default: the machine's cores) and --algorithm for the fit at a given k; with `minibatch`, also that choice and --batch-size. */
export function addEngineOptions(command: Command, { minibatch = false } = {}): Command {
  const choices: string[] = [...ALGORITHMS, ...(minibatch ? STREAMED_ALGORITHMS : [])];
  command
    .addOption(new Option('--threads <n>', 'threads for the k-means fits on large data').argParser(integerOption(1)).default(Math.min(availableParallelism(), MAX_THREADS), 'the number of cores (at most 256)'))
    .addOption(
      new Option('--algorithm <name>', minibatch ? 'k-means algorithm; all but minibatch give the same segments; minibatch streams a file larger than memory' : 'k-means algorithm; every one gives the same segments')
        .choices(choices)
        .default(DEFAULTS.algorithm),
    );
  if (minibatch) {
    command.addOption(new Option('--batch-size <n>', `rows per mini-batch step (--algorithm minibatch; default ${MINIBATCH_DEFAULTS.batchSize})`).argParser(integerOption(1)));
  }
  return command;
}
