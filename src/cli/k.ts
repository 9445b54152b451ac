import { Command, InvalidArgumentError, Option } from 'commander';
import type { PreparedData } from '../data/prepare.js';
import type { Algorithm, Precision } from '../kmeans/types.js';
import { type ClusteredRows, kRangeFor, type SegmentOptions, widerKRange } from '../pipeline/segment.js';
import { NO_GROUPS } from '../select/recommend.js';
import { type KScan, scanK } from '../select/scan.js';
import { addDataOptions, type DataOptions, loadPreparedFile } from './data-options.js';
import { addEngineOptions, addFitOptions } from './fit-options.js';
import type { CliIo } from './io.js';
import { integerOption, nonNegativeNumber } from './options.js';
import { progressBar } from './progress.js';

/** The options of a k scan, shared by `segmint k` and `segmint fit -k auto`. */
export interface ScanCliOptions {
  kRange?: [number, number];
  seed: number;
  nInit: number;
  maxIter: number;
  tol: number;
  precision: Precision;
  gap: boolean;
  gapB?: number;
  stability?: number | boolean;
  kneeSensitivity?: number;
  silhouetteSample?: number;
  quiet: boolean;
}

export interface ScanEngineOptions {
  /** --threads and --algorithm (the library's choices): how the fits run, not what they give. */
  threads?: number;
  algorithm?: Algorithm;
}

export function parseKRange(value: string): [number, number] {
  const match = /^\s*(\d+)\s*(?:\.\.|-|:)\s*(\d+)\s*$/.exec(value);
  const [lo, hi] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(lo >= 1 && hi >= lo)) throw new InvalidArgumentError(`expected a range like 2..10, got "${value}"`);
  return [lo, hi];
}

export function addScanOptions(command: Command): Command {
  return command
    .addOption(new Option('--k-range <from..to>', 'the ks to try (default 2..10, at most rows - 1 and the distinct rows)').argParser(parseKRange))
    .option('--no-gap', 'skip the gap statistic (the slowest criterion on large data)')
    .addOption(new Option('--gap-b <n>', 'reference data sets for the gap statistic').argParser(integerOption(1)))
    .addOption(new Option('--stability [resamples]', 'also refit on bootstrap resamples and report the mean adjusted Rand index per k').argParser(integerOption(1)))
    .addOption(new Option('--knee-sensitivity <s>', "Kneedle's sensitivity on the inertia curve").argParser(nonNegativeNumber))
    .addOption(new Option('--silhouette-sample <n>', 'rows sampled for the silhouette above 20,000 rows').argParser(integerOption(2)));
}

/** The scan options given on the command line, as written: what a fit with k given does not use. */
export function givenScanOptions(options: ScanCliOptions): string[] {
  return [
    ...(options.kRange ? ['--k-range'] : []),
    ...(options.gap === false ? ['--no-gap'] : []),
    ...(options.gapB !== undefined ? ['--gap-b'] : []),
    ...(options.stability !== undefined ? ['--stability'] : []),
    ...(options.kneeSensitivity !== undefined ? ['--knee-sensitivity'] : []),
    ...(options.silhouetteSample !== undefined ? ['--silhouette-sample'] : []),
  ];
}

/** The scan's own options from the command line (the fit options are passed apart). */
export function scanSettings(options: ScanCliOptions): NonNullable<SegmentOptions['scan']> {
  return {
    ...(options.kRange ? { kMin: options.kRange[0], kMax: options.kRange[1] } : {}),
    gap: options.gap ? (options.gapB === undefined ? {} : { B: options.gapB }) : false,
    stability: options.stability === undefined ? false : options.stability === true ? true : { resamples: options.stability as number },
    kneeSensitivity: options.kneeSensitivity,
    silhouette: options.silhouetteSample === undefined ? undefined : { sampleSize: options.silhouetteSample },
  };
}

/** Scans k over the prepared matrix (read from `source`) with a progress bar; see kRangeFor for the range. */
export async function runScan(data: PreparedData, source: string, options: ScanCliOptions & ScanEngineOptions, io: CliIo): Promise<KScan> {
  const settings = scanSettings(options);
  const range = kRangeFor(data, source, settings);
  const progress = progressBar(io, options.quiet);
  try {
    return await scanK(data.matrix, {
      ...settings,
      ...range,
      nFeatures: data.nFeatures,
      seed: options.seed,
      nInit: options.nInit,
      maxIter: options.maxIter,
      tol: options.tol,
      precision: options.precision,
      threads: options.threads,
      algorithm: options.algorithm,
      onProgress: (done, total) => progress.update('trying k', done / total),
    });
  } finally {
    progress.done();
  }
}

/**
 * A line for stderr when the scan recommended the largest k it tried and more could be tried
 * (see widerKRange), else ''.
 */
export function widerRangeNote(data: ClusteredRows, scan: KScan): string {
  const wider = widerKRange(data, scan);
  return wider ? `note: k = ${scan.recommendation.k} is the largest k tried; more segments may score better: try --k-range ${wider.kMin}..${wider.kMax}\n` : '';
}

/**
 * What a fit that chose k says of its scan beside the k (its first reason): the wider range to
 * try, and that the rows show no groups when the gap statistic finds none, a reason fit would
 * otherwise not print (segmint k prints them all).
 */
export function fitScanNotes(data: ClusteredRows, scan: KScan): string {
  return widerRangeNote(data, scan) + (scan.gap?.oneGroup ? `note: ${NO_GROUPS}\n` : '');
}

function show(value: number | undefined, digits = 4): string {
  if (value === undefined || Number.isNaN(value)) return '-';
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(digits);
}

/** Every metric per k as a text table, then the recommendation and its reasons. */
export function scanTable(scan: KScan): string {
  const stability = scan.entries.some((e) => e.stability);
  const header = ['k', 'inertia', 'silhouette', 'calinski-harabasz', 'davies-bouldin', ...(scan.gap ? ['gap', 'gap s.e.'] : []), ...(stability ? ['stability (ARI)'] : [])];
  const rows = scan.entries.map((e) => [
    String(e.k),
    show(e.inertia, 6),
    show(e.silhouette?.mean) + (e.silhouette?.sampled ? '*' : ''),
    show(e.calinskiHarabasz),
    show(e.daviesBouldin),
    ...(scan.gap ? [show(e.gap?.gap), show(e.gap?.standardError)] : []),
    ...(stability ? [show(e.stability?.meanAri)] : []),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  const sampled = scan.entries.some((e) => e.silhouette?.sampled) ? '* silhouette on a seeded sample of rows\n' : '';
  const recommendation = scan.recommendation;
  return [line(header), ...rows.map(line)].join('\n') + '\n' + sampled +
    `\nrecommended k = ${recommendation.k}\n` + recommendation.reasons.map((reason) => `  - ${reason}\n`).join('');
}

/** The scan without per-row arrays or fits, for --json. */
export function scanJson(scan: KScan): object {
  return {
    recommendation: { k: scan.recommendation.k, votes: scan.recommendation.votes, reasons: scan.recommendation.reasons, knee: scan.recommendation.knee.knee ?? null },
    entries: scan.entries.map((e) => ({
      k: e.k,
      inertia: e.inertia,
      silhouette: e.silhouette ? { mean: e.silhouette.mean, perCluster: e.silhouette.perCluster, sampled: e.silhouette.sampled } : null,
      calinskiHarabasz: Number.isNaN(e.calinskiHarabasz) ? null : e.calinskiHarabasz,
      daviesBouldin: Number.isNaN(e.daviesBouldin) ? null : e.daviesBouldin,
      gap: e.gap ?? null,
      stability: e.stability ? { meanAri: e.stability.meanAri, ari: e.stability.ari } : null,
      iterations: e.fit.iterations,
      converged: e.fit.converged,
    })),
    warnings: scan.warnings,
  };
}

export interface KOptions extends DataOptions, ScanCliOptions, ScanEngineOptions {
  json: boolean;
}

/** `segmint k`: every k-selection metric per k, and the recommended k with its reasons. */
export async function runK(path: string, options: KOptions, io: CliIo): Promise<KScan> {
  const { data } = await loadPreparedFile(path, options, io);
  const scan = await runScan(data, path, options, io);
  for (const warning of scan.warnings) io.stderr(`warning: ${warning}\n`);
  if (!options.quiet) io.stderr(widerRangeNote(data, scan));
  io.stdout(options.json ? JSON.stringify(scanJson(scan), null, 2) + '\n' : scanTable(scan));
  return scan;
}

export function kCommand(io: CliIo): Command {
  const command = new Command('k')
    .alias('elbow')
    .description('choose the number of segments: elbow (knee), silhouette, Calinski-Harabasz, Davies-Bouldin, gap statistic, per k')
    .argument('<file.csv>', 'input CSV with a header row')
    .option('--json', 'machine-readable output', false);
  addDataOptions(command);
  addScanOptions(command);
  addFitOptions(command);
  addEngineOptions(command);
  return command.action(async (file: string, options: KOptions) => {
    await runK(file, options, io);
  });
}
