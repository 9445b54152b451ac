// The output folder of `segmint fit` (and demo): the fixed set of names segmint writes there.
// Only these names are segmint's, so only these are ever replaced or removed.
import { readFileSync, rmdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { CHART_IDS, type ChartId } from '../charts/types.js';
import { withoutBom } from '../data/values.js';
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

/** A file's name in the folder, as .segmint-files lists it ("charts/sizes.png"). */
function nameIn(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

/**
 * The list of the files a fit wrote into its folder (.segmint-files, one name a line after a
 * comment): a later fit removes those it does not write again, and nothing else. It is kept
 * apart from model.json, which is the same file wherever the model was made (the web app's has
 * no folder).
 */
export const manifestPath = (dir: string): string => join(dir, '.segmint-files');
const MANIFEST_HEADER = '# The files segmint fit wrote into this folder; the next fit here removes those it does not write again.';

/** The files the earlier run's .segmint-files in dir lists (none without one). */
function earlierOutputs(dir: string): Set<string> {
  let text: string;
  try {
    text = withoutBom(readFileSync(manifestPath(dir), 'utf8'));
  } catch {
    return new Set(); // no earlier run here: nothing in the folder is known to be segmint's
  }
  return new Set(text.split(/\r?\n/).filter((line) => line !== '' && !line.startsWith('#')));
}

/**
 * Writes a fit's files into dir all or nothing, with the list of them (manifestPath), and
 * removes the files the earlier run listed that this run does not write (an elbow chart beside
 * a fixed k, a report beside --no-report), so every segmint file in the folder describes this
 * run. Files segmint did not write are never removed, whatever their names; they are replaced
 * when this run writes the same name.
 */
export async function writeOutputFolder(dir: string, files: OutputFile[], read: { csv: string; names?: string }, io: CliIo): Promise<void> {
  const inputs = read.names === undefined ? [read.csv] : [read.csv, read.names];
  const earlier = earlierOutputs(dir);
  const replaces = outputFolderFiles(dir).filter((path) => earlier.has(nameIn(dir, path)));
  const manifest = { path: manifestPath(dir), content: `${MANIFEST_HEADER}\n${files.map((file) => `${nameIn(dir, file.path)}\n`).join('')}` };
  const removed = await writeFilesAtomically([...files, manifest], { inputs, replaces });
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

/** "out/segments.csv, out/model.json, out/report.html and 5 charts in out/charts". */
export function describeFiles(paths: string[], dir: string): string {
  const charts = paths.filter((p) => p.startsWith(chartsDir(dir)));
  const others = paths.filter((p) => !charts.includes(p));
  return [...others, ...(charts.length > 0 ? [`${charts.length} charts in ${chartsDir(dir)}`] : [])].join(', ');
}
