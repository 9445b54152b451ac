// The output folder of `segmint fit` (and demo): the fixed set of names segmint writes there.
// Only these names are segmint's, so only these are ever replaced or removed.
import { readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { CHART_IDS, type ChartId } from '../charts/types.js';
import { MODEL_FORMAT } from '../model.js';
import { type CliIo, type OutputFile, writeFilesAtomically } from './io.js';

export const segmentsPath = (dir: string): string => join(dir, 'segments.csv');
export const modelPath = (dir: string): string => join(dir, 'model.json');
export const reportPath = (dir: string): string => join(dir, 'report.html');
export const chartsDir = (dir: string): string => join(dir, 'charts');
export const chartPath = (dir: string, id: ChartId): string => join(chartsDir(dir), `${id}.png`);

/** Every file a fit can write into dir. */
export function outputFolderFiles(dir: string): string[] {
  return [segmentsPath(dir), modelPath(dir), reportPath(dir), ...CHART_IDS.map((id) => chartPath(dir, id))];
}

/** Whether dir holds an earlier run's output: a segmint model.json (what every fit writes). */
function holdsEarlierRun(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(modelPath(dir), 'utf8')) as { format?: unknown }).format === MODEL_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Writes a fit's files into dir all or nothing. When dir holds an earlier run's output, it also
 * removes what that run left there under segmint's names and this run does not write (an elbow
 * chart beside a fixed k, a report beside --no-report), so every segmint file in the folder
 * describes this run. Without an earlier run's model.json, files under those names are the
 * user's own: they are replaced when this run writes the name, and never removed.
 */
export async function writeOutputFolder(dir: string, files: OutputFile[], read: { csv: string; names?: string }, io: CliIo): Promise<void> {
  const inputs = read.names === undefined ? [read.csv] : [read.csv, read.names];
  const removed = await writeFilesAtomically(files, { inputs, replaces: holdsEarlierRun(dir) ? outputFolderFiles(dir) : [] });
  if (removed.length === 0) return;
  // Said even with --quiet: files the user may have been looking at are gone.
  io.stderr(`removed what an earlier run left and this run does not write: ${removed.join(', ')}\n`);
  if (removed.some((path) => path.startsWith(chartsDir(dir)))) {
    try {
      rmdirSync(chartsDir(dir)); // only if empty
    } catch {
      // Not empty (the user's own files, or this run's charts): left as it is.
    }
  }
}
