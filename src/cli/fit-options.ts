import { availableParallelism } from 'node:os';
import { Command, Option } from 'commander';
import { type Algorithm, DEFAULTS } from '../kmeans/types.js';
import { integerOption, nonNegativeNumber } from './options.js';

/** The k-means options every fitting command shares (fit, k, demo). */
export function addFitOptions(command: Command): Command {
  return command
    .addOption(new Option('--seed <n>', 'random seed; the same seed gives the same segments').argParser(integerOption(0)).default(DEFAULTS.seed))
    .addOption(new Option('--n-init <n>', 'k-means runs from different starts; the best is kept').argParser(integerOption(1)).default(DEFAULTS.nInit))
    .addOption(new Option('--max-iter <n>', 'iterations per run at most').argParser(integerOption(1)).default(DEFAULTS.maxIter))
    .addOption(new Option('--tol <x>', 'convergence tolerance, relative to the data variance').argParser(nonNegativeNumber).default(DEFAULTS.tol))
    .option('-q, --quiet', 'no progress or summary on stderr', false);
}

/** How a single fit runs (fit and demo): results are the same bit for bit whatever is chosen. */
export interface EngineOptions {
  threads: number;
  algorithm: Algorithm;
}

/** --threads (default: the machine's cores) and --algorithm for the fit at a given k. */
export function addEngineOptions(command: Command): Command {
  return command
    .addOption(new Option('--threads <n>', 'threads for the fit at a given k (the k scan runs on one)').argParser(integerOption(1)).default(availableParallelism(), 'the number of cores'))
    .addOption(new Option('--algorithm <name>', 'k-means algorithm; every one gives the same segments').choices(['auto', 'lloyd', 'hamerly']).default(DEFAULTS.algorithm));
}
