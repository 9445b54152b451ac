import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { applyPreparation, fitPreparation, toOriginalUnits } from '../data/prepare.js';
import { kmeans } from '../kmeans/kmeans.js';
import { DEFAULTS } from '../kmeans/types.js';
import { MODEL_FORMAT, MODEL_VERSION, type SegmentModel } from '../model.js';
import { VERSION } from '../version.js';
import { appendColumnContent } from './csv-file.js';
import { addDataOptions, type DataOptions, prepareOptions, readFeatureColumns, reportPreparation } from './data-options.js';
import { type CliIo, writeFilesAtomically } from './io.js';
import { integerOption, nonNegativeNumber } from './options.js';
import { numberSegments, segmentColumnName, segmentTable } from './segments.js';

export interface FitOptions extends DataOptions {
  k: number;
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  output: string;
}

export interface FitOutcome {
  model: SegmentModel;
  files: string[];
}

/**
 * `segmint fit`: reads the CSV, prepares the features (selection, encoding, missing values,
 * scaling), clusters them, writes segments.csv (the input's records unchanged plus a segment
 * column) and model.json, and prints the segment table.
 */
export async function runFit(path: string, options: FitOptions, io: CliIo): Promise<FitOutcome> {
  const features = await readFeatureColumns(path, options, io);
  const { file, table } = features;
  const { preparation, warnings } = fitPreparation(table, features.columns, prepareOptions(options, features));
  const data = applyPreparation(preparation, table);
  reportPreparation(data, warnings, io, options.quiet);
  if (!options.quiet) {
    io.stderr(
      `fitting k=${options.k} on ${data.nSamples} rows × ${data.nFeatures} features (scaling: ${preparation.scale}), ${options.nInit} run(s), seed ${options.seed}\n`,
    );
  }
  const result = await kmeans(data.matrix, options.k, {
    nFeatures: data.nFeatures,
    seed: options.seed,
    nInit: options.nInit,
    maxIter: options.maxIter,
    tol: options.tol,
  });
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);

  const { segments, segmentOfLabel } = numberSegments(result, toOriginalUnits(preparation, result.centroids));
  const { weighted: _weighted, ...fitOptions } = result.options;
  const model: SegmentModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    segmintVersion: VERSION,
    features: preparation.outputs,
    missing: options.missing,
    preparation,
    k: options.k,
    segments,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    options: fitOptions,
    training: { file: basename(path), rows: table.nRows, usedRows: data.nSamples },
  };
  // Rows dropped for missing values keep their place in the output with an empty segment.
  const segmentOfRow = new Int32Array(table.nRows);
  data.rows.forEach((row, i) => (segmentOfRow[row] = segmentOfLabel[result.labels[i]!]!));
  const files = [
    {
      path: join(options.output, 'segments.csv'),
      content: appendColumnContent(file, segmentColumnName(table.header), (row) => (segmentOfRow[row] ? String(segmentOfRow[row]) : '')),
    },
    { path: join(options.output, 'model.json'), content: JSON.stringify(model, null, 2) + '\n' },
  ];
  await writeFilesAtomically(files);

  io.stdout(segmentTable(segments, preparation.outputs, data.nSamples));
  if (!options.quiet) {
    io.stderr(
      `inertia ${result.inertia} after ${result.iterations} iteration(s)${result.converged ? '' : ' (not converged)'}\n` +
        `wrote ${files.map((f) => f.path).join(' and ')}\n`,
    );
  }
  return { model, files: files.map((f) => f.path) };
}

/** The k-means options fit and demo share. */
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
    .requiredOption('-k, --k <n>', 'number of segments', integerOption(1))
    .option('-o, --output <dir>', 'directory for segments.csv and model.json', 'segmint-output');
  addDataOptions(command);
  addFitOptions(command);
  return command.action(async (file: string, options: FitOptions) => {
    await runFit(file, options, io);
  });
}
