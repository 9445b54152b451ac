import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { featureMatrix, splitColumnList } from '../data/columns.js';
import { formatCsv, parseCsv } from '../data/csv.js';
import { kmeans } from '../kmeans/kmeans.js';
import { DEFAULTS } from '../kmeans/types.js';
import { MODEL_FORMAT, MODEL_VERSION, type SegmentModel } from '../model.js';
import { VERSION } from '../version.js';
import { type CliIo, readTextFile, writeFilesAtomically } from './io.js';
import { integerOption, nonNegativeNumber } from './options.js';
import { numberSegments, segmentColumnName, segmentTable } from './segments.js';

export interface FitOptions {
  features: string;
  k: number;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  output: string;
  quiet: boolean;
}

export interface FitOutcome {
  model: SegmentModel;
  files: string[];
}

/**
 * `segmint fit`: reads the CSV, clusters the chosen columns, writes segments.csv (the input's
 * columns unchanged plus a segment column) and model.json, and prints the segment table.
 */
export async function runFit(file: string, options: FitOptions, io: CliIo): Promise<FitOutcome> {
  const table = parseCsv(readTextFile(file), file);
  const matrix = featureMatrix(table, splitColumnList(options.features));
  if (!options.quiet) {
    io.stderr(
      `fitting k=${options.k} on ${matrix.nSamples} rows × ${matrix.nFeatures} features (${matrix.columns.join(', ')}), ${options.nInit} run(s), seed ${options.seed}\n`,
    );
  }
  const result = await kmeans(matrix.values, options.k, {
    nFeatures: matrix.nFeatures,
    seed: options.seed,
    nInit: options.nInit,
    maxIter: options.maxIter,
    tol: options.tol,
  });
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);

  const { segments, segmentOfLabel } = numberSegments(result);
  const { weighted: _weighted, ...fitOptions } = result.options;
  const model: SegmentModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    segmintVersion: VERSION,
    features: matrix.columns,
    k: options.k,
    segments,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    options: fitOptions,
    training: { file: basename(file), rows: matrix.nSamples },
  };
  const segmentColumn = segmentColumnName(table.header);
  const labelled = table.rows.map((row, i) => [...row, String(segmentOfLabel[result.labels[i]!])]);
  const files = [
    { path: join(options.output, 'segments.csv'), content: formatCsv([...table.header, segmentColumn], labelled, table.delimiter, table.newline) },
    { path: join(options.output, 'model.json'), content: JSON.stringify(model, null, 2) + '\n' },
  ];
  writeFilesAtomically(files);

  io.stdout(segmentTable(segments, matrix.columns, matrix.nSamples));
  if (!options.quiet) {
    io.stderr(
      `inertia ${result.inertia} after ${result.iterations} iteration(s)${result.converged ? '' : ' (not converged)'}\n` +
        `wrote ${files.map((f) => f.path).join(' and ')}\n`,
    );
  }
  return { model, files: files.map((f) => f.path) };
}

/** The options fit and demo share. */
export function addFitOptions(command: Command): Command {
  return command
    .addOption(new Option('--seed <n>', 'random seed; the same seed gives the same segments').argParser(integerOption(0)).default(DEFAULTS.seed))
    .addOption(new Option('--n-init <n>', 'k-means runs from different starts; the best is kept').argParser(integerOption(1)).default(DEFAULTS.nInit))
    .addOption(new Option('--max-iter <n>', 'iterations per run at most').argParser(integerOption(1)).default(DEFAULTS.maxIter))
    .addOption(new Option('--tol <x>', 'convergence tolerance, relative to the data variance').argParser(nonNegativeNumber).default(DEFAULTS.tol))
    .option('-q, --quiet', 'no progress or summary on stderr', false);
}

export function fitCommand(io: CliIo): Command {
  const command = new Command('fit')
    .description('segment the rows of a CSV file with k-means')
    .argument('<file.csv>', 'input CSV with a header row')
    .requiredOption('-f, --features <columns>', 'comma-separated feature columns: names (any case) or 1-based indices')
    .requiredOption('-k, --k <n>', 'number of segments', integerOption(1))
    .option('-o, --output <dir>', 'directory for segments.csv and model.json', 'segmint-output');
  addFitOptions(command);
  return command.action(async (file: string, options: FitOptions) => {
    await runFit(file, options, io);
  });
}
