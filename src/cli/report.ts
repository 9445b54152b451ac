import { join } from 'node:path';
import { renderChartPng } from '../charts/render-node.js';
import type { ChartSpec } from '../charts/types.js';
import type { PreparedData, Preparation } from '../data/prepare.js';
import type { KMeansResult } from '../kmeans/types.js';
import type { ModelSegment } from '../model.js';
import { type Segmentation, segmentCharts } from '../report/charts.js';
import { reportHtml } from '../report/html.js';
import { kSelectionOf } from '../report/k-selection.js';
import { nameSegments } from '../report/names.js';
import { profileSegments } from '../report/profile.js';
import { applySegmentNames } from '../report/rename.js';
import type { KScan } from '../select/scan.js';
import { silhouette, type SilhouetteResult } from '../select/silhouette.js';
import { VERSION } from '../version.js';
import { SegmintError } from '../errors.js';
import { type OutputFile, readTextFile } from './io.js';

/** What the report of a fit is made from. */
export interface FitReportInput {
  source: string;
  rows: number;
  preparation: Preparation;
  data: PreparedData;
  warnings: string[];
  segments: ModelSegment[];
  /** Each matrix row's segment, 0-based in segment order. */
  segmentOfMatrixRow: Int32Array;
  result: KMeansResult;
  scan: KScan | undefined;
  seed: number;
  /** The command line that made the run, for the "reproduce" section. */
  command: string;
}

/** Segment names: generated from the profiles, then the user's names.json over them. */
export function segmentNames(input: FitReportInput, namesFile: string | undefined): { names: string[]; segmentation: Segmentation } {
  const segmentation: Segmentation = {
    matrix: input.data.matrix,
    nFeatures: input.data.nFeatures,
    labels: input.segmentOfMatrixRow,
    k: input.segments.length,
    preparation: input.preparation,
    centroids: input.segments.map((segment) => segment.scaledCentroid),
  };
  let names = nameSegments(profileSegments(segmentation));
  if (namesFile !== undefined) {
    let given: unknown;
    const text = readTextFile(namesFile);
    try {
      given = JSON.parse(text);
    } catch (error) {
      throw new SegmintError('ERR_INVALID_ARGUMENT', `${namesFile}: not valid JSON (${(error as Error).message}); expected {"1": "name", ...}`);
    }
    names = applySegmentNames(names, given, namesFile);
  }
  return { names, segmentation };
}

/** The silhouette of the chosen fit: from the scan when there was one, else computed now. */
async function silhouetteSamples(input: FitReportInput): Promise<SilhouetteResult | undefined> {
  const k = input.segments.length;
  const fromScan = input.scan?.entries.find((entry) => entry.k === k)?.silhouette;
  if (fromScan) return fromScan;
  const distinct = new Set(input.segmentOfMatrixRow).size;
  if (distinct < 2 || distinct >= input.data.nSamples) return undefined;
  return silhouette(input.data.matrix, input.segmentOfMatrixRow, { nFeatures: input.data.nFeatures, seed: input.seed });
}

/** Shell-quotes a command line for the "reproduce" section. */
export function commandLine(args: readonly string[]): string {
  return ['segmint', ...args].map((arg) => (/^[\w./:=,+-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`)).join(' ');
}

/**
 * The charts (PNG files under charts/) and the self-contained report.html of a fit, as output
 * files for the caller to write with everything else.
 */
export async function reportFiles(
  input: FitReportInput,
  names: string[],
  segmentation: Segmentation,
  output: { dir: string; charts: boolean; report: boolean },
): Promise<OutputFile[]> {
  if (!output.charts && !output.report) return [];
  const scored = await silhouetteSamples(input);
  const kSelection = input.scan ? kSelectionOf(input.scan, input.segments.length) : undefined;
  const profiles = profileSegments(segmentation);
  const specs: ChartSpec[] = segmentCharts({ segmentation, profiles, names, silhouette: scored, kSelection });
  const pngs = await Promise.all(specs.map((spec) => renderChartPng(spec)));
  const files: OutputFile[] = [];
  if (output.charts) specs.forEach((spec, i) => files.push({ path: join(output.dir, 'charts', `${spec.id}.png`), content: pngs[i]! }));
  if (output.report) {
    const html = reportHtml({
      data: {
        source: input.source,
        rows: input.rows,
        usedRows: input.data.nSamples,
        columns: input.data.report.columns,
        scaling: input.preparation.scale,
        warnings: input.warnings,
      },
      profiles,
      names,
      quality: {
        inertia: input.result.inertia,
        ...(scored ? { silhouette: scored.mean } : {}),
        iterations: input.result.iterations,
        converged: input.result.converged,
      },
      ...(kSelection ? { kSelection } : {}),
      charts: specs.map((spec, i) => ({ spec, png: pngs[i]! })),
      reproduce: { command: input.command, seed: input.seed, version: VERSION },
    });
    files.push({ path: join(output.dir, 'report.html'), content: html });
  }
  return files;
}
