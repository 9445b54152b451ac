import { Command, InvalidArgumentError, Option } from 'commander';
import { type CollectedTable, readingNotes } from '../data/collect.js';
import { autoSelectColumns, type AutoSelection, identifierWarnings, namedColumns, type NamedColumns, splitColumnList } from '../data/columns.js';
import {
  applyPreparation, CLIP_LIMIT, ENCODE_METHODS, type EncodeMethod, fitPreparation, IMPUTE_METHODS, type ImputeMethod, type PreparedData, type Preparation, type PrepareOptions,
  SCALE_METHODS, type ScaleMethod,
} from '../data/prepare.js';
import { RFM_CLIP } from '../data/rfm-segments.js';
import { DELIMITER_NAMES, isUsableDelimiter, USABLE_DELIMITER } from '../data/csv.js';
import { DECIMAL_MARKS, type DecimalMark, DEFAULT_MISSING } from '../data/values.js';
import { type CsvFile, inspectCsvFile, readCsvFile } from './csv-file.js';
import type { CliIo } from './io.js';
import { progressBar } from './progress.js';
import { formatValue } from '../report/numbers.js';
import { decimalNumber } from './options.js';

/** The data options of fit (and of every command that reads features from a CSV file). */
export interface DataOptions {
  features?: string;
  categorical?: string;
  missing: string[];
  impute?: ImputeMethod;
  encode: EncodeMethod;
  scale: ScaleMethod;
  /** Undefined when not given: 0, or what automatic selection asks for (AutoSelection.clip). */
  clip?: number;
  quiet: boolean;
  /** The file's decimal mark (--decimal), overriding its delimiter's. */
  decimal?: DecimalMark;
  /** The file's delimiter (--delimiter) instead of the detected one. */
  delimiter?: string;
}

/** --decimal, for every command that reads a CSV file of numbers. */
export function decimalOption(defaults = 'comma in semicolon-separated files, else point'): Option {
  return new Option('--decimal <mark>', `the decimal mark of the file's numbers; given as point, commas group thousands ("15,000") (default: ${defaults})`).choices(DECIMAL_MARKS);
}

function parseDelimiter(value: string): string {
  const delimiter = DELIMITER_NAMES.get(value.toLowerCase()) ?? value;
  if (!isUsableDelimiter(delimiter)) {
    throw new InvalidArgumentError(`expected ${USABLE_DELIMITER}, or ${[...DELIMITER_NAMES.keys()].join(', ')}, got ${JSON.stringify(value)}`);
  }
  return delimiter;
}

/** --delimiter, for every command that reads a CSV file. */
export function delimiterOption(): Option {
  return new Option('--delimiter <char>', `the file's delimiter: one character, or ${[...DELIMITER_NAMES.keys()].join(', ')} (default: its sep= first line's, else detected among comma, tab, semicolon and pipe)`).argParser(parseDelimiter);
}

export function parseImpute(value: string): ImputeMethod {
  const method = IMPUTE_METHODS.find((m) => m === value);
  if (method !== undefined) return method;
  const constant = /^constant=(.*)$/s.exec(value);
  if (constant) return { constant: constant[1]! };
  throw new InvalidArgumentError(`expected ${IMPUTE_METHODS.join(', ')} or constant=<value>, got "${value}"`);
}

function parseClip(value: string): number {
  const q = decimalNumber(value);
  if (!Number.isFinite(q) || q < 0 || q >= CLIP_LIMIT) {
    throw new InvalidArgumentError(`expected a quantile in [0, ${CLIP_LIMIT}), e.g. 0.01, got "${value}"`);
  }
  return q;
}

function parseMissing(value: string): string[] {
  return value.split(',').map((token) => token.trim());
}

export function addDataOptions(command: Command): Command {
  return command
    .option('-f, --features <columns>', 'comma-separated feature columns: names (any case; one with a comma in double quotes) or 1-based indices (default: every numeric column but identifiers)')
    .option('--categorical <columns>', 'columns to treat as categories even if they look numeric (e.g. region codes); added to the features')
    .addOption(new Option('--missing <tokens>', 'comma-separated texts that mean a missing value (the empty field always does)').argParser(parseMissing).default([...DEFAULT_MISSING], DEFAULT_MISSING.filter((t) => t !== '').join(',')))
    .addOption(new Option('--impute <method>', `missing values: ${IMPUTE_METHODS.join(', ')} or constant=<value> (default: median for numbers, mode for categories)`).argParser(parseImpute))
    .addOption(new Option('--encode <method>', 'categorical columns').choices(ENCODE_METHODS).default('onehot'))
    .addOption(new Option('--scale <method>', 'feature scaling').choices(SCALE_METHODS).default('standard'))
    .addOption(new Option('--clip <q>', `winsorise numeric columns at the q and 1-q quantiles, e.g. 0.01 (default: 0; ${RFM_CLIP} for the table segmint rfm writes, when its features are chosen automatically)`).argParser(parseClip))
    .addOption(decimalOption())
    .addOption(delimiterOption());
}

export interface FeatureColumns {
  file: CsvFile;
  table: CollectedTable;
  /** Feature columns (0-based), in order. */
  columns: number[];
  /** Those declared categorical. */
  categorical: number[];
  /** What the choice of columns warned about (not yet printed). */
  warnings: string[];
  /** The clip automatic selection asks for (AutoSelection.clip), used when --clip is not given. */
  clip?: number;
}

export function prepareOptions(options: DataOptions, columns: FeatureColumns): PrepareOptions {
  return { scale: options.scale, encode: options.encode, impute: options.impute, clip: options.clip ?? columns.clip ?? 0, categorical: columns.categorical };
}

/** The columns --features and --categorical name; `path` names the file in messages about unknown columns. */
export function chosenColumns(path: string, options: Pick<DataOptions, 'features' | 'categorical'>): NamedColumns {
  return namedColumns(
    options.features === undefined ? undefined : splitColumnList(options.features),
    options.categorical === undefined ? [] : splitColumnList(options.categorical),
    path,
  );
}

/**
 * Reads the CSV file keeping only the feature columns: the --features (plus --categorical)
 * columns, or, without --features, every maybe-numeric column for automatic selection.
 */
export async function readFeatureColumns(path: string, options: DataOptions, io: CliIo): Promise<FeatureColumns> {
  const file = inspectCsvFile(path, options.delimiter, options.decimal);
  const choice = chosenColumns(path, options);
  const table = await readCsvFile(
    file,
    { missing: options.missing, keep: (header) => choice.resolve(header).named, keepNumeric: !choice.named },
    progressBar(io, options.quiet),
  );
  reportReading(table, io, options.quiet);
  const { categorical, named } = choice.resolve(table.header);
  if (choice.named) return { file, table, columns: named, categorical, warnings: identifierWarnings(table, named, categorical) };
  const auto = autoSelectColumns(table, categorical);
  if (!options.quiet) {
    io.stderr(autoSelectionText(table, auto, options.clip));
  }
  return { file, table, columns: auto.columns, categorical, warnings: [], ...(auto.clip !== undefined && { clip: auto.clip }) };
}

/**
 * What automatic selection took and left out, as fit and the streamed fit print it: the columns
 * left out for one reason on one line ("  not used: a, b: reason").
 */
export function autoSelectionText(table: CollectedTable, auto: AutoSelection, clip: number | undefined): string {
  const byReason = new Map<string, string[]>();
  for (const { name, reason } of auto.skipped) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  const clipped =
    auto.clip !== undefined && clip === undefined
      ? `  capped at their ${100 * auto.clip}th and ${100 - 100 * auto.clip}th percentiles for the fit (--clip ${auto.clip}, as for segmint rfm's table; --clip 0 turns it off)\n`
      : '';
  return (
    `features (automatic): ${auto.columns.map((c) => table.header[c]).join(', ')}\n` +
    clipped +
    [...byReason].map(([reason, names]) => `  not used: ${names.join(', ')}: ${reason}\n`).join('')
  );
}

/** What reading a file left out of its table (readingNotes). */
export function reportReading(table: CollectedTable, io: CliIo, quiet: boolean): void {
  if (!quiet) for (const note of readingNotes(table)) io.stderr(`${note}\n`);
}

/** One line per column with missing, filled, dropped or clipped cells; then the warnings. */
export function reportPreparation(data: PreparedData, warnings: string[], io: CliIo, quiet: boolean): void {
  for (const warning of [...warnings, ...data.report.warnings]) io.stderr(`warning: ${warning}\n`);
  if (quiet) return;
  for (const column of data.report.columns) {
    const parts: string[] = [];
    if (column.filled > 0) parts.push(`${column.filled} missing filled with ${typeof column.fill === 'number' ? formatValue(column.fill) : JSON.stringify(column.fill)}`);
    else if (column.missing > 0) parts.push(`${column.missing} missing (rows dropped)`);
    if (column.clipped > 0) parts.push(`${column.clipped} clipped`);
    if (parts.length > 0) io.stderr(`  ${column.name}: ${parts.join(', ')}\n`);
  }
  if (data.report.droppedRows > 0) io.stderr(`  ${data.report.droppedRows} row(s) with missing values dropped (no segment)\n`);
}

export interface PreparedFile extends FeatureColumns {
  preparation: Preparation;
  data: PreparedData;
  /** What preparing the data warned about (already printed). */
  warnings: string[];
}

/** Reads the CSV file and prepares its features (learning the preparation), reporting on stderr. */
export async function loadPreparedFile(path: string, options: DataOptions, io: CliIo): Promise<PreparedFile> {
  const features = await readFeatureColumns(path, options, io);
  const fitted = fitPreparation(features.table, features.columns, prepareOptions(options, features));
  const warnings = [...features.warnings, ...fitted.warnings];
  const data = applyPreparation(fitted.preparation, features.table);
  reportPreparation(data, warnings, io, options.quiet);
  return { ...features, preparation: fitted.preparation, data, warnings: [...warnings, ...data.report.warnings] };
}
