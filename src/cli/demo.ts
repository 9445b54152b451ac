import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { DEFAULT_MISSING } from '../data/values.js';
import { addReportOptions, type FitOptions, type FitOutcome, runFit } from './fit.js';
import { addEngineOptions, addFitOptions } from './fit-options.js';
import type { CliIo } from './io.js';
import { pathOption } from './options.js';

/** The bundled Mall Customers data (Kaggle; 200 rows), shipped in the package's data/. */
export const MALL_CUSTOMERS = fileURLToPath(new URL('../../data/mall_customers.csv', import.meta.url));

/** The study's setting: annual income and spending score (k is chosen by the rule: 5, as the study found). */
export const DEMO_FEATURES = 'Annual Income (k$),Spending Score (1-100)';

export type DemoOptions = Pick<FitOptions, 'seed' | 'nInit' | 'maxIter' | 'tol' | 'precision' | 'output' | 'quiet' | 'names' | 'report' | 'charts' | 'threads' | 'algorithm'>;

export async function runDemo(options: DemoOptions, io: CliIo): Promise<FitOutcome> {
  if (!options.quiet) io.stderr(`demo: Mall Customers (${MALL_CUSTOMERS})\n`);
  return runFit(
    MALL_CUSTOMERS,
    { ...options, features: DEMO_FEATURES, k: 'auto', gap: true, missing: [...DEFAULT_MISSING], encode: 'onehot', scale: 'standard', clip: 0 },
    io,
  );
}

export function demoCommand(io: CliIo): Command {
  const command = new Command('demo')
    .description('segment the bundled Mall Customers data by annual income and spending score (k chosen automatically)')
    .option('-o, --output <dir>', 'directory for segments.csv, model.json, report.html and charts/', pathOption, 'segmint-demo');
  addReportOptions(command);
  addFitOptions(command);
  addEngineOptions(command);
  return command.action(async (options: DemoOptions) => {
    await runDemo(options, io);
  });
}
