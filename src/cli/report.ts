import { pngChartsUnavailable, renderChartPng } from '../charts/render-node.js';
import type { SegmentedTable } from '../pipeline/segment.js';
import { reportHtml } from '../report/html.js';
import { parseNamesJson } from '../report/rename.js';
import { type CliIo, type OutputFile, readTextFile } from './io.js';
import { chartPath, reportPath } from './output-folder.js';

/** The segment names in a names.json file ({"1": "Premium", ...}), parsed; checked against k later. */
export function readNamesFile(path: string): unknown {
  return parseNamesJson(readTextFile(path), path);
}

/**
 * The charts as charts/<id>.png and the self-contained report.html (which embeds them), as output
 * files. Without @napi-rs/canvas (an optional dependency) no chart is drawn: a warning says so,
 * and the report describes each chart in words only.
 */
export async function reportFiles(
  segmented: Pick<SegmentedTable, 'charts' | 'report'>,
  output: { dir: string; charts: boolean; report: boolean },
  io: Pick<CliIo, 'stderr'>,
): Promise<OutputFile[]> {
  if (!output.charts && !output.report) return [];
  const unavailable = await pngChartsUnavailable();
  if (unavailable !== undefined) io.stderr(`warning: charts not drawn: ${unavailable}${output.report ? '; the report describes each chart in words' : ''}\n`);
  const pngs = unavailable === undefined ? await Promise.all(segmented.charts.map((spec) => renderChartPng(spec))) : undefined;
  const files: OutputFile[] = [];
  if (output.charts && pngs !== undefined) {
    segmented.charts.forEach((spec, i) => files.push({ path: chartPath(output.dir, spec.id), content: pngs[i]! }));
  }
  if (output.report) {
    const html = reportHtml({ ...segmented.report, charts: segmented.charts.map((spec, i) => ({ spec, png: pngs?.[i] })) });
    files.push({ path: reportPath(output.dir), content: html });
  }
  return files;
}
