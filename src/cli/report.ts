import { pngChartsUnavailable, renderChartPng } from '../charts/render-node.js';
import { SegmintError } from '../errors.js';
import type { SegmentedTable } from '../pipeline/segment.js';
import { reportHtml } from '../report/html.js';
import { type CliIo, type OutputFile, readTextFile } from './io.js';
import { withoutBom } from '../data/values.js';
import { chartPath, reportPath } from './output-folder.js';

/** The segment names in a names.json file ({"1": "Premium", ...}), parsed; checked against k later. */
export function readNamesFile(path: string): unknown {
  const text = withoutBom(readTextFile(path));
  let names: unknown;
  try {
    names = JSON.parse(text);
  } catch (error) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${path}: not valid JSON (${(error as Error).message}); expected {"1": "name", ...}`);
  }
  // JSON.parse keeps a repeated key's last value: one of the user's two names would go unseen.
  const repeated = repeatedKey(text);
  if (repeated !== undefined) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `${path}: segment ${JSON.stringify(repeated.key)} is named twice (lines ${repeated.lines.join(' and ')}); expected one name for each segment`);
  }
  return names;
}

/** The first key that a JSON object's text (valid JSON) gives twice at its top level, and the lines of both. */
function repeatedKey(text: string): { key: string; lines: [number, number] } | undefined {
  const seen = new Map<string, number>();
  let depth = 0;
  let line = 1;
  // After "{" or "," at the top level, the next string is a key.
  let expectKey = false;
  for (let at = 0; at < text.length; at++) {
    const char = text[at]!;
    if (char === '\n') line++;
    else if (char === '{' || char === '[') {
      depth++;
      expectKey = depth === 1 && char === '{';
    } else if (char === '}' || char === ']') depth--;
    else if (char === ',' && depth === 1) expectKey = true;
    else if (char === '"') {
      let end = at + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (expectKey) {
        const key = JSON.parse(text.slice(at, end + 1)) as string;
        const first = seen.get(key);
        if (first !== undefined) return { key, lines: [first, line] };
        seen.set(key, line);
        expectKey = false;
      }
      at = end;
    }
  }
  return undefined;
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
