import { basename, join } from 'node:path';
import { Command, Option } from 'commander';
import { releaseColumnValues } from '../data/collect.js';
import { toOriginalUnits } from '../data/prepare.js';
import { kmeans } from '../kmeans/kmeans.js';
import type { KMeansResult } from '../kmeans/types.js';
import type { KScan } from '../select/scan.js';
import { MODEL_FORMAT, MODEL_VERSION, type SegmentModel } from '../model.js';
import { VERSION } from '../version.js';
import { appendColumnContent } from './csv-file.js';
import { addDataOptions, type DataOptions, loadPreparedFile } from './data-options.js';
import { addFitOptions } from './fit-options.js';
import { type CliIo, type OutputFile, writeFilesAtomically } from './io.js';
import { commandLine, type FitReportInput, reportFiles, segmentNames } from './report.js';
import { addScanOptions, runScan, type ScanCliOptions } from './k.js';
import { integerOption } from './options.js';
import { numberSegments, segmentColumnName, segmentTable } from './segments.js';

export interface FitOptions extends DataOptions, ScanCliOptions {
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
  const { file, table, preparation, data, warnings } = await loadPreparedFile(path, options, io);
  releaseColumnValues(table);
  const fitting = `${data.nSamples} rows × ${data.nFeatures} features (scaling: ${preparation.scale}), ${options.nInit} run(s), seed ${options.seed}`;
  let result: KMeansResult;
  let scan: KScan | undefined;
  if (options.k === 'auto') {
    if (!options.quiet) io.stderr(`choosing k on ${fitting}\n`);
    scan = await runScan(data, options, io);
    const { k, reasons } = scan.recommendation;
    // The scan's fit at k is the fit kmeans() gives for the same seed and options.
    result = scan.entries.find((entry) => entry.k === k)!.fit;
    if (!options.quiet) io.stderr(`k = ${k}: ${reasons[0]!.replace(/^k = \d+: /, '')} (segmint k shows every metric)\n`);
  } else {
    if (!options.quiet) io.stderr(`fitting k=${options.k} on ${fitting}\n`);
    result = await kmeans(data.matrix, options.k, {
      nFeatures: data.nFeatures,
      seed: options.seed,
      nInit: options.nInit,
      maxIter: options.maxIter,
      tol: options.tol,
    });
  }
  const k = result.centroids.length;
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);

  const { segments, segmentOfLabel } = numberSegments(result, toOriginalUnits(preparation, result.centroids));
  const reportInput: FitReportInput = {
    source: basename(path),
    rows: table.nRows,
    preparation,
    data,
    warnings,
    segments,
    segmentOfMatrixRow: Int32Array.from(result.labels, (label) => segmentOfLabel[label]! - 1),
    result,
    scan,
    seed: options.seed,
    command: commandLine(io.invocation ?? ['fit', path]),
  };
  const { names, segmentation } = segmentNames(reportInput, options.names);
  segments.forEach((segment, i) => (segment.name = names[i]!));
  const { weighted: _weighted, ...fitOptions } = result.options;
  const model: SegmentModel = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    segmintVersion: VERSION,
    features: preparation.outputs,
    missing: options.missing,
    preparation,
    k,
    segments,
    inertia: result.inertia,
    iterations: result.iterations,
    converged: result.converged,
    options: fitOptions,
    training: { file: basename(path), rows: table.nRows, usedRows: data.nSamples },
    ...(scan && { kSelection: { recommended: scan.recommendation.k, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons } }),
  };
  // Each data row's segment id (0: none). Rows dropped for missing values keep their place in
  // the output with an empty segment.
  const segmentIdOfRow = new Int32Array(table.nRows);
  data.rows.forEach((row, i) => (segmentIdOfRow[row] = segmentOfLabel[result.labels[i]!]!));
  const files: OutputFile[] = [
    {
      path: join(options.output, 'segments.csv'),
      content: appendColumnContent(file, segmentColumnName(table.header), (row) => (segmentIdOfRow[row] ? String(segmentIdOfRow[row]) : '')),
    },
    { path: join(options.output, 'model.json'), content: JSON.stringify(model, null, 2) + '\n' },
    ...(await reportFiles(reportInput, names, segmentation, { dir: options.output, charts: options.charts, report: options.report })),
  ];
  await writeFilesAtomically(files);

  io.stdout(segmentTable(segments, preparation.outputs, data.nSamples));
  if (!options.quiet) {
    io.stderr(
      `inertia ${result.inertia} after ${result.iterations} iteration(s)${result.converged ? '' : ' (not converged)'}\n` +
        `wrote ${describeFiles(files.map((f) => f.path), options.output)}\n`,
    );
  }
  return { model, files: files.map((f) => f.path) };
}

/** "out/segments.csv, out/model.json, out/report.html and 5 charts in out/charts". */
function describeFiles(paths: string[], dir: string): string {
  const charts = paths.filter((p) => p.startsWith(join(dir, 'charts')));
  const others = paths.filter((p) => !charts.includes(p));
  return [...others, ...(charts.length > 0 ? [`${charts.length} charts in ${join(dir, 'charts')}`] : [])].join(', ');
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
    .option('-o, --output <dir>', 'directory for segments.csv, model.json, report.html and charts/', 'segmint-output');
  addReportOptions(command);
  addDataOptions(command);
  addScanOptions(command);
  addFitOptions(command);
  return command.action(async (file: string, options: FitOptions) => {
    await runFit(file, options, io);
  });
}
