import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { addFitOptions, type FitOptions, type FitOutcome, runFit } from './fit.js';
import type { CliIo } from './io.js';

/** The bundled Mall Customers data (Kaggle; 200 rows), shipped in the package's data/. */
export const MALL_CUSTOMERS = fileURLToPath(new URL('../../data/mall_customers.csv', import.meta.url));

/** The study's setting: annual income and spending score, five segments. */
export const DEMO_FEATURES = 'Annual Income (k$),Spending Score (1-100)';
export const DEMO_K = 5;

export async function runDemo(options: Omit<FitOptions, 'features' | 'k'>, io: CliIo): Promise<FitOutcome> {
  if (!options.quiet) io.stderr(`demo: Mall Customers (${MALL_CUSTOMERS})\n`);
  return runFit(MALL_CUSTOMERS, { ...options, features: DEMO_FEATURES, k: DEMO_K }, io);
}

export function demoCommand(io: CliIo): Command {
  const command = new Command('demo')
    .description('segment the bundled Mall Customers data by annual income and spending score (k = 5)')
    .option('-o, --output <dir>', 'directory for segments.csv and model.json', 'segmint-demo');
  addFitOptions(command);
  return command.action(async (options: Omit<FitOptions, 'features' | 'k'>) => {
    await runDemo(options, io);
  });
}
