import { Command } from 'commander';
import { applyPreparation } from '../data/prepare.js';
import { predict } from '../kmeans/kmeans.js';
import { parseModel } from '../model.js';
import { appendColumnContent, inspectCsvFile, readCsvFile } from './csv-file.js';
import { type CliIo, readTextFile, writeFilesAtomically } from './io.js';
import { progressBar } from './progress.js';
import { checkF32Prepared, segmentColumnName, segmentColumnNote, segmentField } from '../pipeline/segment.js';
import { resolveColumn } from '../data/columns.js';
import { decimalOption, delimiterOption, reportPreparation, reportReading } from './data-options.js';
import { type DecimalMark, usesDecimalComma } from '../data/values.js';
import { pathOption } from './options.js';
import { checkNumericColumn } from '../data/collect.js';

export interface PredictOptions {
  output?: string;
  quiet: boolean;
  /** The file's decimal mark; default the model's (when its fit was given one), else the delimiter's. */
  decimal?: DecimalMark;
  /** The file's delimiter (--delimiter) instead of the detected one. */
  delimiter?: string;
}

/**
 * `segmint predict`: labels the rows of a CSV file with the segments of a saved model, applying
 * the model's own encoding, filling and scaling. Returns each data row's segment (0: none).
 */
export async function runPredict(modelFile: string, path: string, options: PredictOptions, io: CliIo): Promise<Int32Array> {
  const model = parseModel(readTextFile(modelFile), modelFile);
  const { preparation } = model;
  const file = inspectCsvFile(path, options.delimiter, options.decimal ?? model.decimal, model.delimiter);
  const fromModel = options.decimal === undefined && model.decimal !== undefined && usesDecimalComma(file.delimiter) !== (model.decimal === 'comma');
  if (fromModel && !options.quiet) {
    io.stderr(`${path}: read with decimal ${model.decimal === 'comma' ? 'commas' : 'points'}, as the model's training file was (model.json "decimal"), not as its separator would say; give --decimal to read it otherwise\n`);
  }
  const keep = (header: string[]) => preparation.inputs.map((input) => resolveColumn(input.name, header, path, 'the model'));
  const table = await readCsvFile(file, { missing: model.missing, keep }, progressBar(io, options.quiet));
  reportReading(table, io, options.quiet);
  // A column read on two scales is refused here as in the fit; a doubt is a warning.
  const warnings: string[] = [];
  keep(table.header).forEach((index, i) => preparation.inputs[i]!.kind === 'numeric' && checkNumericColumn(path, table.columns[index]!, warnings));
  const data = applyPreparation(preparation, table);
  reportPreparation(data, warnings, io, options.quiet);
  if (model.options.precision === 'f32') checkF32Prepared({ table, preparation, data });
  const labels = await predict(
    model.segments.map((segment) => segment.scaledCentroid),
    data.matrix,
    // Stored as the fit stored them (models from before precision existed are f64).
    { nFeatures: data.nFeatures, precision: model.options.precision },
  );
  const segmentOfRow = new Int32Array(table.nRows);
  data.rows.forEach((row, i) => (segmentOfRow[row] = model.segments[labels[i]!]!.id));
  const content = appendColumnContent(file, segmentColumnName(table.header), segmentField(segmentOfRow), table.emptyLastColumn);
  const renamed = segmentColumnNote(table.header);
  if (renamed !== undefined) io.stderr(`warning: ${renamed}\n`);
  if (options.output === undefined) {
    await content(async (chunk) => io.stdout(chunk));
  } else {
    await writeFilesAtomically([{ path: options.output, content }], { inputs: [modelFile, path] });
  }
  if (!options.quiet) {
    io.stderr(`labelled ${data.nSamples} rows with ${model.k} segments${options.output ? `; wrote ${options.output}` : ''}\n`);
  }
  return segmentOfRow;
}

export function predictCommand(io: CliIo): Command {
  return new Command('predict')
    .description('label new rows with the segments of a saved model')
    .argument('<model.json>', 'a model written by segmint fit')
    .argument('<file.csv>', "rows to label; must hold the model's input columns")
    .option('-o, --output <file>', 'write the labelled CSV here instead of stdout', pathOption)
    .addOption(decimalOption("the model's, when its fit was given one; else comma in semicolon-separated files, else point"))
    .addOption(delimiterOption())
    .option('-q, --quiet', 'no progress or summary on stderr', false)
    .action(async (modelFile: string, file: string, options: PredictOptions) => {
      await runPredict(modelFile, file, options, io);
    });
}
