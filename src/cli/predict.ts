import { Command } from 'commander';
import { featureMatrix } from '../data/columns.js';
import { formatCsv, parseCsv } from '../data/csv.js';
import { predict } from '../kmeans/kmeans.js';
import { parseModel } from '../model.js';
import { type CliIo, readTextFile, writeFilesAtomically } from './io.js';
import { segmentColumnName } from './segments.js';

export interface PredictOptions {
  output?: string;
  quiet: boolean;
}

/** `segmint predict`: labels the rows of a CSV file with the segments of a saved model. */
export async function runPredict(modelFile: string, file: string, options: PredictOptions, io: CliIo): Promise<Int32Array> {
  const model = parseModel(readTextFile(modelFile), modelFile);
  const table = parseCsv(readTextFile(file), file);
  const matrix = featureMatrix(table, model.features);
  const labels = await predict(
    model.segments.map((segment) => segment.centroid),
    matrix.values,
    { nFeatures: matrix.nFeatures },
  );
  const segmentIds = Int32Array.from(labels, (label) => model.segments[label]!.id);
  const column = segmentColumnName(table.header);
  const csv = formatCsv(
    [...table.header, column],
    table.rows.map((row, i) => [...row, String(segmentIds[i])]),
    table.delimiter,
    table.newline,
  );
  if (options.output === undefined) {
    io.stdout(csv);
  } else {
    writeFilesAtomically([{ path: options.output, content: csv }]);
  }
  if (!options.quiet) {
    io.stderr(`labelled ${matrix.nSamples} rows with ${model.k} segments${options.output ? `; wrote ${options.output}` : ''}\n`);
  }
  return segmentIds;
}

export function predictCommand(io: CliIo): Command {
  return new Command('predict')
    .description('label new rows with the segments of a saved model')
    .argument('<model.json>', 'a model written by segmint fit')
    .argument('<file.csv>', 'rows to label; must hold the model\'s feature columns')
    .option('-o, --output <file>', 'write the labelled CSV here instead of stdout')
    .option('-q, --quiet', 'no summary on stderr', false)
    .action(async (modelFile: string, file: string, options: PredictOptions) => {
      await runPredict(modelFile, file, options, io);
    });
}
