import { Command, Option } from 'commander';
import { releaseColumnValues } from '../data/collect.js';
import { unclippedColumns } from '../data/prepare.js';
import { smallSegmentsWarning } from '../report/profile.js';
import { invalidArgument } from '../errors.js';
import type { Algorithm } from '../kmeans/types.js';
import type { SegmentModel } from '../model.js';
import { commandLine, segmentColumnName, segmentColumnNote, segmentField, type SegmentedTable, segmentPrepared } from '../pipeline/segment.js';
import { appendColumnContent } from './csv-file.js';
import { addDataOptions, type DataOptions, loadPreparedFile } from './data-options.js';
import { addEngineOptions, addFitOptions, type EngineOptions } from './fit-options.js';
import type { CliIo, OutputFile } from './io.js';
import { addScanOptions, fitScanNotes, givenScanOptions, type ScanCliOptions, scanSettings } from './k.js';
import { runMiniBatchFit } from './minibatch-fit.js';
import { integerOption, pathOption } from './options.js';
import { describeFiles, modelPath, segmentsPath, writeOutputFolder } from './output-folder.js';
import { progressBar } from './progress.js';
import { readNamesFile, reportFiles } from './report.js';
import { formatInertia, segmentTable, totalSumOfSquares } from './segments.js';

export interface FitOptions extends DataOptions, ScanCliOptions, EngineOptions {
  /** A number of segments, or 'auto' to choose it by the k-selection rule. */
  k: number | 'auto';
  output: string;
  /** A names.json file renaming segments: {"1": "Premium", ...}. */
  names?: string;
  /** Write report.html (--no-report turns it off). */
  report: boolean;
  /** Write charts/*.png (--no-charts turns it off). */
  charts: boolean;
}

export interface FitOutcome {
  model: SegmentModel;
  files: string[];
}

/**
 * `segmint fit`: reads the CSV, prepares the features (selection, encoding, missing values,
 * scaling), chooses k unless given, clusters, names the segments, writes segments.csv (the
 * input's records unchanged plus a segment column), model.json, report.html and charts/*.png,
 * and prints the segment table.
 */
export async function runFit(path: string, options: FitOptions, io: CliIo): Promise<FitOutcome> {
  const unused = options.k === 'auto' ? [] : givenScanOptions(options);
  if (unused.length > 0) io.stderr(`warning: ${unused.join(', ')} ${unused.length === 1 ? 'is' : 'are'} for choosing k; -k ${options.k} was given, so ${unused.length === 1 ? 'it is' : 'they are'} not used\n`);
  if (options.algorithm === 'minibatch') {
    if (options.precision !== 'f64') {
      throw invalidArgument(`--precision ${options.precision} is for the fits that hold the rows in memory; --algorithm minibatch streams them`);
    }
    return runMiniBatchFit(path, options, io);
  }
  if (options.batchSize !== undefined) throw invalidArgument(`--batch-size is for --algorithm minibatch; got --algorithm ${options.algorithm}`);
  const names = options.names === undefined ? undefined : readNamesFile(options.names);
  const { file, table, preparation, data, warnings } = await loadPreparedFile(path, options, io);
  const unclipped = unclippedColumns(preparation, table, data.rows);
  releaseColumnValues(table);
  const fitting = `${data.nSamples} rows × ${data.nFeatures} features (scaling: ${preparation.scale}), ${options.nInit} run(s), seed ${options.seed}`;
  if (!options.quiet) io.stderr(options.k === 'auto' ? `choosing k on ${fitting}\n` : `fitting k=${options.k} on ${fitting}\n`);
  const progress = progressBar(io, options.quiet);
  let segmented: SegmentedTable;
  try {
    segmented = await segmentPrepared(
      { table, preparation, data, warnings, missing: options.missing, decimal: options.decimal, delimiter: options.delimiter, unclipped },
      {
        k: options.k,
        fit: { seed: options.seed, nInit: options.nInit, maxIter: options.maxIter, tol: options.tol, precision: options.precision },
        engine: { threads: options.threads, algorithm: options.algorithm as Algorithm },
        scan: scanSettings(options),
        names,
        namesSource: options.names,
        command: commandLine(io.invocation ?? ['fit', path]),
        charts: options.charts || options.report,
        onProgress: ({ phase, done, total }) => progress.update(phase === 'scan' ? 'trying k' : phase, done / total),
      },
    );
  } finally {
    progress.done();
  }
  const { result, scan, model, segmentIdOfRow } = segmented;
  if (scan && !options.quiet) {
    io.stderr(`k = ${model.k}: ${scan.recommendation.reasons[0]!.replace(/^k = \d+: /, '')} (segmint k shows every metric)\n`);
    io.stderr(fitScanNotes(data, scan));
  }
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  const renamed = segmentColumnNote(table.header);
  if (renamed !== undefined) io.stderr(`warning: ${renamed}\n`);
  const small = smallSegmentsWarning(model.segments.map((segment) => segment.size), data.nSamples);
  if (small !== undefined) io.stderr(`warning: ${small}\n`);

  const files: OutputFile[] = [
    {
      path: segmentsPath(options.output),
      content: appendColumnContent(file, segmentColumnName(table.header), segmentField(segmentIdOfRow), table.emptyLastColumn),
    },
    { path: modelPath(options.output), content: JSON.stringify(model, null, 2) + '\n' },
    ...(await reportFiles(segmented, { dir: options.output, charts: options.charts, report: options.report }, io)),
  ];
  await writeOutputFolder(options.output, files, { csv: path, names: options.names }, io);

  io.stdout(segmentTable(model.segments, preparation.outputs, data.nSamples, segmented.profiles));
  if (!options.quiet) {
    io.stderr(
      `inertia ${formatInertia(result.inertia, totalSumOfSquares(result.inertia, model.segments))} after ${result.iterations} iteration(s)${result.converged ? '' : ' (not converged)'}\n` +
        `wrote ${describeFiles(files.map((f) => f.path), options.output)}\n`,
    );
  }
  return { model, files: files.map((f) => f.path) };
}

function kOption(value: string): number | 'auto' {
  return value.trim().toLowerCase() === 'auto' ? 'auto' : integerOption(1)(value);
}

/** --names, --no-report and --no-charts (fit and demo). */
export function addReportOptions(command: Command): Command {
  return command
    .option('--names <names.json>', 'rename segments: {"1": "Premium", "3": "Bargain hunters"}')
    .option('--no-report', 'do not write report.html')
    .option('--no-charts', 'do not write charts/*.png');
}

export function fitCommand(io: CliIo): Command {
  const command = new Command('fit')
    .description('segment the rows of a CSV file with k-means')
    .argument('<file.csv>', 'input CSV with a header row')
    .addOption(new Option('-k, --k <n>', 'number of segments, or auto to choose it (see segmint k)').argParser(kOption).default('auto'))
    .option('-o, --output <dir>', 'directory for segments.csv, model.json, report.html and charts/', pathOption, 'segmint-output');
  addReportOptions(command);
  addDataOptions(command);
  addScanOptions(command);
  addFitOptions(command);
  addEngineOptions(command, { minibatch: true });
  return command.action(async (file: string, options: FitOptions) => {
    await runFit(file, options, io);
  });
}
