import { Command, CommanderError } from 'commander';
// kmeans({ threads }) over worker_threads, and the gap statistic's workers (both register themselves).
import '../node/worker-api.js';
import '../wasm/node-threads.js';
import { isSegmintError } from '../errors.js';
import { VERSION } from '../version.js';
import { demoCommand } from './demo.js';
import { fitCommand } from './fit.js';
import { kCommand } from './k.js';
import { type CliIo, processIo } from './io.js';
import { predictCommand } from './predict.js';
import { rfmCommand } from './rfm.js';
import { serveCommand } from './serve.js';

/** Exit codes: 0 success, 2 bad input or usage, 1 a fault in segmint itself. */
export const EXIT_OK = 0;
export const EXIT_FAULT = 1;
export const EXIT_BAD_INPUT = 2;

export function buildProgram(io: CliIo): Command {
  const program = new Command('segmint')
    .description('customer segmentation with k-means, fast everywhere JavaScript runs')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)');
  for (const command of [fitCommand(io), kCommand(io), predictCommand(io), rfmCommand(io), demoCommand(io), serveCommand(io)]) program.addCommand(command);
  for (const command of [program, ...program.commands]) {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  }
  return program;
}

/** Runs the CLI; the one place errors become messages and exit codes. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    await buildProgram({ ...io, invocation: io.invocation ?? argv.slice(2) }).parseAsync(argv);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message already; help and --version end normally.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (isSegmintError(error)) {
      io.stderr(`segmint: error: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    io.stderr(`segmint: internal error (please report it): ${(error as Error)?.stack ?? String(error)}\n`);
    return EXIT_FAULT;
  }
}
