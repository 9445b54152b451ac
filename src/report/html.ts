import type { KSelection, KSelectionRow } from '../charts/elbow.js';
import { segmentColour } from '../charts/palette.js';
import { formatShare } from '../charts/theme.js';
import type { ChartSpec } from '../charts/types.js';
import type { ColumnReport, ScaleMethod } from '../data/prepare.js';
import { invalidArgument } from '../errors.js';
import { capitalise, segmentHighlights } from './names.js';
import { featureLabel, type GroupStatistics, mostCommonCategory, type SegmentProfiles, smallSegmentsWarning } from './profile.js';
import { formatValues } from './numbers.js';

/** A chart as the report embeds it: what it shows, and its pixels. */
export interface ReportChart {
  spec: Pick<ChartSpec, 'id' | 'title' | 'description' | 'width' | 'height'>;
  /**
   * The chart as a PNG file's bytes (renderChartPng in Node; a canvas's toBlob in a browser), or
   * undefined when it could not be drawn: the report then describes it in words only.
   */
  png?: Uint8Array | undefined;
}

/** Where the rows came from and how they were prepared (from the CLI's read and PreparedData.report). */
export interface DataSummary {
  /** The input file's name. */
  source: string;
  /** Data rows in the file. */
  rows: number;
  /** Rows clustered: rows minus those dropped for missing values. */
  usedRows: number;
  /** Per input column: kind, missing cells, how many were filled and with what, how many clipped. */
  columns: readonly ColumnReport[];
  scaling: ScaleMethod;
  /** Preparation warnings (a constant column left out, ...). */
  warnings?: readonly string[];
}

/** How to make the same segments again. */
export interface Reproduction {
  /** The command line, e.g. "segmint fit mall.csv -k 5 --seed 0". */
  command: string;
  seed: number;
  /** segmint's version. */
  version: string;
  /** When the run was made (shown as given); omitted, the report depends on its inputs only. */
  createdAt?: string;
}

export interface ReportInput {
  /** Default "Customer segments". */
  title?: string;
  data: DataSummary;
  profiles: SegmentProfiles;
  /** One name per segment, in segment order. */
  names: readonly string[];
  /** The fit's quality, shown in the summary. */
  /** The fit's figures; `epochs` instead of iterations for mini-batch k-means, which passes over the data in epochs. */
  quality?: { inertia: number; silhouette?: number; iterations?: number; epochs?: number; converged?: boolean };
  /** The k scan, when k was chosen by one (adds the k-selection table). */
  kSelection?: KSelection;
  /** The charts, in the order to show them; the elbow chart goes with the k-selection table. */
  charts: readonly ReportChart[];
  reproduce: Reproduction;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Bytes as base64, with the btoa that Node and browsers both have. */
export function base64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  // String.fromCharCode takes its bytes as arguments; 32 KiB at a time stays far below any engine's limit.
  for (let at = 0; at < bytes.length; at += 0x8000) chunks.push(String.fromCharCode(...bytes.subarray(at, at + 0x8000)));
  return btoa(chunks.join(''));
}

/** A quantity in a feature's units: grouped thousands, two decimals (fewer when whole). */
function quantity(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const digits = Number.isInteger(value) ? 0 : Math.abs(value) >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A z-score with its sign: "+1.24", "−0.20" (a true minus sign). */
function signed(z: number): string {
  if (!Number.isFinite(z)) return '–';
  const text = Math.abs(z).toFixed(2);
  return text === '0.00' ? '0.00' : `${z > 0 ? '+' : '−'}${text}`;
}

function metric(value: number | undefined, digits: number): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function swatch(index: number): string {
  return `<span class="swatch" style="background:${segmentColour(index)}"></span>`;
}

/** Text to show inside an element, escaped. */
const t = escapeHtml;

/**
 * A table in a box that scrolls sideways when the table is wider than the page. The box can
 * take the keyboard's focus to scroll, and it and the table are named for screen readers.
 * Header cells in `head` and row headers in `body` are marked as such by their callers.
 */
function scrollTable(name: string, head: string, body: string): string {
  return (
    `<div class="scroll" tabindex="0" role="region" aria-label="${t(name)}">` +
    `<table><caption class="visually-hidden">${t(name)}</caption><thead>${head}</thead><tbody>${body}</tbody></table></div>`
  );
}

/** Readable names of the k-selection criteria (scanK's vote keys). */
const CRITERIA: Readonly<Record<string, string>> = {
  knee: 'knee',
  silhouette: 'silhouette',
  calinskiHarabasz: 'Calinski–Harabasz',
  daviesBouldin: 'Davies–Bouldin',
  gap: 'gap statistic',
};

const SCALING: Readonly<Record<ScaleMethod, string>> = {
  standard: 'standardised: each feature minus its mean, divided by its standard deviation',
  minmax: 'min-max: each feature mapped onto 0 to 1',
  robust: 'robust: each feature minus its median, divided by its interquartile range',
  none: 'none: features used in their own units',
};

/**
 * The narrowest a chart is shown, in CSS pixels: drawn 960 wide, its 12 px tick labels are 9 px
 * here. A narrower screen scrolls the chart sideways rather than shrinking its text past reading
 * (at 320 px it was 3 px).
 */
const CHART_MIN_WIDTH = 720;

const STYLE = `
:root { color-scheme: light; --ink: #1f2328; --muted: #57606a; --line: #d8dee4; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1040px; margin: 0 auto; padding: 32px 24px 64px; }
h1 { font-size: 28px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-top: 8px; border-top: 1px solid var(--line); }
p.lede { color: var(--muted); margin: 0 0 16px; }
nav a { display: inline-block; margin-right: 16px; padding: 4px 0; white-space: nowrap; color: #0969da; text-decoration: none; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 6px 10px; border-bottom: 1px solid var(--line); text-align: right; vertical-align: top; }
thead th { background: var(--soft); font-weight: 600; }
/* The first cell of a body row names the row (a row header) and reads like the others. */
tbody th { background: #fff; font-weight: 400; }
th.text, td.text { text-align: left; }
tr.highlight td, tr.highlight th { background: #fff8c5; }
.scroll { overflow-x: auto; }
.scroll:focus-visible, pre:focus-visible { outline: 2px solid #0969da; outline-offset: 2px; }
/* A wide table scrolls under its first column, which names the row. */
.scroll th:first-child, .scroll td:first-child { position: sticky; left: 0; z-index: 1; background: #fff; box-shadow: 1px 0 0 var(--line); }
.scroll thead th:first-child { background: var(--soft); }
.scroll tr.highlight th:first-child, .scroll tr.highlight td:first-child { background: #fff8c5; }
/* Swatches keep their colour where backgrounds are dropped: in print and in forced colours. */
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; forced-color-adjust: none; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.muted { color: var(--muted); }
p.warning { background: #fff8c5; border-left: 3px solid #bf8700; padding: 8px 12px; }
.small { font-size: 13px; }
.distinct { font-weight: 700; }
figure { margin: 16px 0 28px; }
figure img { display: block; max-width: max(100%, ${CHART_MIN_WIDTH}px); height: auto; border: 1px solid var(--line); border-radius: 6px; }
p.undrawn { color: var(--muted); border: 1px dashed var(--line); border-radius: 6px; padding: 12px 14px; margin: 0; }
figcaption { color: var(--muted); font-size: 14px; margin-top: 6px; }
pre { background: var(--soft); padding: 12px 14px; border-radius: 6px; overflow-x: auto; }
ul.reasons li { margin-bottom: 4px; }
@media print {
  nav { display: none; }
  .scroll { overflow: visible; }
  .scroll table { font-size: 11px; }
  figure img { max-width: 100%; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; }
  figure, tr { break-inside: avoid; }
}
`;

function figure(chart: ReportChart): string {
  const { spec, png } = chart;
  const image =
    png === undefined
      ? `<p class="undrawn">${t(spec.title)}: not drawn (PNG charts need the optional package @napi-rs/canvas).</p>`
      : // A short alt: the caption under it holds the description, which would otherwise be read
        // twice. In a box that scrolls sideways on a narrow screen, where the chart keeps a
        // width its text can be read at rather than shrinking to fit.
        `<div class="chart scroll" tabindex="0" role="region" aria-label="${t(spec.title)}"><img src="data:image/png;base64,${base64(png)}" width="${spec.width}" height="${spec.height}" alt="${t(spec.title)} (chart, described below)"></div>`;
  return `<figure id="chart-${t(spec.id)}">${image}<figcaption>${t(spec.description)}</figcaption></figure>`;
}

/**
 * How well apart the segments are, in a sentence, from the mean silhouette by Kaufman and
 * Rousseeuw's reading of it (1990): above 0.7 a strong structure, above 0.5 a reasonable one,
 * above 0.25 a weak one, below that none of substance.
 */
function separation(silhouette: number, profiles: SegmentProfiles): string {
  // A few far outliers in a segment of their own score high while saying nothing of groups.
  if (smallSegmentsWarning(profiles.segments.map((segment) => segment.size), profiles.population.size) !== undefined) {
    return 'The mean silhouette says little of these segments: one holds under 1% of the customers, most often a few outliers far from the rest (see Segments).';
  }
  if (silhouette > 0.7) return 'The segments are clearly apart.';
  if (silhouette > 0.5) return 'The segments are reasonably apart.';
  if (silhouette > 0.25) return 'The segments are weakly apart: they overlap, and customers near their edges could belong to either.';
  return 'The segments are hardly apart: the customers form no clear groups on these features, and the segments divide them rather than find groups.';
}

/** The warning about segments too small to act on, under the segments table; '' when none is. */
function smallSegmentsNote(profiles: SegmentProfiles): string {
  const warning = smallSegmentsWarning(profiles.segments.map((segment) => segment.size), profiles.population.size);
  return warning === undefined ? '' : `<p class="warning">${t(capitalise(warning))}.</p>`;
}

function segmentsTable(profiles: SegmentProfiles, names: readonly string[]): string {
  const highlights = segmentHighlights(profiles);
  const rows = profiles.segments.map(
    (segment) =>
      `<tr><th scope="row" class="text">${swatch(segment.index)}${segment.index + 1}</th><td class="text">${t(names[segment.index]!)}</td>` +
      `<td>${quantity(segment.size)}</td><td>${t(formatShare(segment.share))}</td>` +
      `<td class="text">${highlights[segment.index]!.length > 0 ? highlights[segment.index]!.map(t).join('<br>') : '<span class="muted">close to the average on every feature</span>'}</td></tr>`,
  );
  return scrollTable(
    'Segments',
    `<tr><th scope="col" class="text">segment</th><th scope="col" class="text">name</th><th scope="col">customers</th><th scope="col">share</th><th scope="col" class="text">what sets it apart (the segment's mean or share; all customers')</th></tr>`,
    rows.join(''),
  );
}

/** Features as rows, segments as columns: wide data stays readable. */
function profileTable(profiles: SegmentProfiles, names: readonly string[]): string {
  const { features, population, segments } = profiles;
  const head =
    `<tr><th scope="col" class="text">feature</th><th scope="col">all customers</th>` +
    segments.map((s) => `<th scope="col">${swatch(s.index)}${s.index + 1} · ${t(names[s.index]!)}</th>`).join('') +
    `</tr>`;
  const zText = (z: number): string =>
    Math.abs(z) >= 0.5 ? `<br><strong class="small distinct">${signed(z)} sd</strong>` : `<br><span class="small muted">${signed(z)} sd</span>`;
  const rows = features.map((feature, f) => {
    if (feature.kind === 'ordinal') {
      // A mean code says nothing: the most common category, and its share's distance from all customers'.
      const cell = (group: GroupStatistics, z: boolean): string => {
        if (group.size === 0) return '<td>–</td>';
        const most = mostCommonCategory(profiles, group, f);
        return `<td>${t(most.category)} ${t(formatShare(most.share))}${z ? zText(most.zScore) : ''}</td>`;
      };
      return (
        `<tr><th scope="row" class="text">${t(`${feature.column}: most common (share)`)}</th>${cell(population, false)}` +
        segments.map((s) => cell(s, true)).join('') +
        `</tr>`
      );
    }
    // A feature's means and medians with one number of decimals, as the CLI's table has them.
    const groups: GroupStatistics[] = [population, ...segments];
    const present = groups.filter((group) => group.size > 0);
    const texts = formatValues(present.flatMap((group) => [group.mean[f]!, group.median[f]!]), true);
    const text = new Map(present.map((group, g) => [group, { mean: texts[2 * g]!, median: texts[2 * g + 1]! }]));
    const cell = (group: GroupStatistics, z?: number): string => {
      const shown = text.get(group);
      if (shown === undefined) return '<td>–</td>';
      const main = feature.kind === 'share' ? t(formatShare(group.mean[f]!)) : shown.mean;
      const medianText = feature.kind === 'numeric' ? `<br><span class="muted small">median ${shown.median}</span>` : '';
      return `<td>${main}${medianText}${z === undefined ? '' : zText(z)}</td>`;
    };
    return (
      `<tr><th scope="row" class="text">${t(featureLabel(feature))}</th>${cell(population)}` +
      segments.map((s) => cell(s, s.zScores[f]!)).join('') +
      `</tr>`
    );
  });
  return scrollTable('Profiles', head, rows.join(''));
}

interface MetricColumn {
  header: string;
  value: (m: KSelectionRow) => number | undefined;
  digits: number;
  /** Which end of the column is best, for the metrics that have a best. */
  best?: 'max' | 'min';
}

/** The metrics of each k; the best value of each metric in bold, the recommended (and chosen) k highlighted. */
function kSelectionTable(selection: KSelection): string {
  const { metrics } = selection;
  const all: MetricColumn[] = [
    { header: 'inertia', value: (m) => m.inertia, digits: 2 },
    { header: 'silhouette', value: (m) => m.silhouette, digits: 3, best: 'max' },
    { header: 'Calinski–Harabasz', value: (m) => m.calinskiHarabasz, digits: 1, best: 'max' },
    { header: 'Davies–Bouldin', value: (m) => m.daviesBouldin, digits: 3, best: 'min' },
    { header: 'gap', value: (m) => m.gap, digits: 3 },
    { header: 'gap s.e.', value: (m) => m.gapStandardError, digits: 3 },
    { header: 'stability (ARI)', value: (m) => m.stability, digits: 3, best: 'max' },
  ];
  const columns = all.filter((column) => metrics.some((m) => Number.isFinite(column.value(m))));
  const bestOf = columns.map((column) => {
    const values = metrics.map(column.value).filter((v): v is number => Number.isFinite(v));
    return column.best === 'max' ? Math.max(...values) : column.best === 'min' ? Math.min(...values) : undefined;
  });
  const votesFor = (k: number): string[] =>
    Object.entries(selection.votes ?? {}).flatMap(([criterion, at]) => (at === k ? [CRITERIA[criterion] ?? criterion] : []));
  const hasVotes = selection.votes !== undefined;
  const head =
    `<tr><th scope="col">k</th>${columns.map((c) => `<th scope="col">${t(c.header)}</th>`).join('')}` +
    `${hasVotes ? '<th scope="col" class="text">chosen by</th>' : ''}<th scope="col" class="text">note</th></tr>`;
  const rows = metrics.map((m) => {
    const cells = columns.map((column, c) => {
      const value = column.value(m);
      const text = metric(value, column.digits);
      return `<td>${value !== undefined && value === bestOf[c] ? `<strong>${text}</strong>` : text}</td>`;
    });
    const marks = [
      ...(m.k === selection.recommended ? ['recommended'] : []),
      ...(m.k === selection.chosen ? ['used'] : []),
      // The knee is among the votes when they are given.
      ...(m.k === selection.knee && !hasVotes ? ['knee'] : []),
    ];
    const highlight = m.k === (selection.chosen ?? selection.recommended) ? ' class="highlight"' : '';
    return (
      `<tr${highlight}><th scope="row">${m.k}</th>${cells.join('')}` +
      `${hasVotes ? `<td class="text small">${t(votesFor(m.k).join(', '))}</td>` : ''}<td class="text small">${t(marks.join(', '))}</td></tr>`
    );
  });
  const ranked = (best: 'max' | 'min'): string => columns.filter((c) => c.best === best).map((c) => c.header).join(', ');
  const bestNote = [ranked('max') && `highest ${ranked('max')}`, ranked('min') && `lowest ${ranked('min')}`].filter(Boolean).join('; ');
  const reasons = selection.reasons?.length
    ? `<ul class="reasons">${selection.reasons.map((reason) => `<li>${t(reason)}</li>`).join('')}</ul>`
    : '';
  return (
    scrollTable('Metrics of each k', head, rows.join('')) +
    (bestNote ? `<p class="muted small">Bold: the best value of each metric (${t(bestNote)}).</p>` : '') +
    reasons
  );
}

function dataSection(data: DataSummary): string {
  const dropped = data.rows - data.usedRows;
  const columnRows = data.columns.map((column) => {
    const filled = column.filled > 0 ? `${quantity(column.filled)} with ${t(typeof column.fill === 'number' ? quantity(column.fill) : JSON.stringify(column.fill))}` : '0';
    return (
      `<tr><th scope="row" class="text">${t(column.name)}</th><td class="text">${t(column.kind)}</td><td>${quantity(column.missing)}</td>` +
      `<td>${filled}</td><td>${quantity(column.clipped)}</td></tr>`
    );
  });
  const warnings = data.warnings?.length ? `<ul>${data.warnings.map((w) => `<li>${t(w)}</li>`).join('')}</ul>` : '';
  return (
    `<p>${t(data.source)}: ${quantity(data.rows)} rows, ${quantity(data.usedRows)} clustered` +
    `${dropped > 0 ? ` (${quantity(dropped)} dropped for missing values)` : ''}; ${data.columns.length} input column${data.columns.length === 1 ? '' : 's'}. ` +
    `Scaling: ${t(SCALING[data.scaling] ?? data.scaling)}.</p>` +
    scrollTable(
      'Input columns',
      '<tr><th scope="col" class="text">column</th><th scope="col" class="text">kind</th><th scope="col">missing</th><th scope="col">filled</th><th scope="col">clipped</th></tr>',
      columnRows.join(''),
    ) +
    warnings
  );
}

/**
 * The report as one self-contained HTML page: no scripts, no external fonts, styles or images
 * (charts are PNGs in data: URIs), and a Content-Security-Policy that forbids fetching
 * anything, so it opens offline and can be mailed as one file. Every text that comes from the
 * user (file, column, category and segment names, the command line) is escaped.
 *
 * Sections: summary, segments (names, sizes), charts, profiles (mean, median and z-score of
 * every feature per segment), choosing k (when a scan is given), data, how to reproduce.
 */
export function reportHtml(input: ReportInput): string {
  const { profiles, names, data, reproduce } = input;
  const k = profiles.segments.length;
  if (names.length !== k) throw invalidArgument(`expected ${k} segment names (one per profile); got ${names.length}`);
  const title = input.title ?? 'Customer segments';
  const elbow = input.charts.filter((chart) => chart.spec.id === 'elbow');
  const others = input.charts.filter((chart) => chart.spec.id !== 'elbow');
  const quality = input.quality;
  const qualityText = quality
    ? `<p class="muted small">${quality.silhouette !== undefined ? `${t(separation(quality.silhouette, profiles))} ` : ''}` +
      `Inertia ${metric(quality.inertia, 2)} (in scaled units)${quality.silhouette !== undefined ? `, mean silhouette ${metric(quality.silhouette, 3)}` : ''}` +
      `${quality.iterations !== undefined ? ` after ${quality.iterations} iteration${quality.iterations === 1 ? '' : 's'}` : ''}` +
      `${quality.epochs !== undefined ? ` after ${quality.epochs} epoch${quality.epochs === 1 ? '' : 's'} of mini-batches` : ''}` +
      `${quality.converged === false ? ' (not converged)' : ''}.</p>`
    : '';
  const sections = [
    { id: 'segments', title: 'Segments', body: segmentsTable(profiles, names) + smallSegmentsNote(profiles) },
    ...(others.length ? [{ id: 'charts', title: 'Charts', body: others.map(figure).join('') }] : []),
    {
      id: 'profiles',
      title: 'Profiles',
      body:
        `<p class="muted small">Mean of each feature per segment in its own units (a category's share of the segment; for a column encoded as ordinal codes, its most common category), the median, and the mean's (or share's) distance from all customers' in standard deviations (bold from 0.5).` +
        `${data.columns.some((column) => column.filled > 0) ? ' A missing value counts as the value it was filled with (see Data).' : ''}` +
        `${data.columns.some((column) => column.clipped > 0) ? ' Clipped values count as they are in the file: the clip was for the fit.' : ''}</p>` +
        profileTable(profiles, names),
    },
    ...(input.kSelection || elbow.length
      ? [{ id: 'k', title: 'Choosing k', body: (input.kSelection ? kSelectionTable(input.kSelection) : '') + elbow.map(figure).join('') }]
      : []),
    { id: 'data', title: 'Data', body: dataSection(data) },
    {
      id: 'reproduce',
      title: 'Reproduce',
      body:
        `<pre tabindex="0" aria-label="The command"><code>${t(reproduce.command)}</code></pre>` +
        `<p>Seed ${reproduce.seed}, segmint ${t(reproduce.version)}${reproduce.createdAt ? `, run ${t(reproduce.createdAt)}` : ''}. ` +
        `The same command, data, seed and version give the same segments, in Node and in browsers.</p>`,
    },
  ];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // Nothing may be fetched: the report must read the same offline and leak nothing when opened.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
    '<link rel="icon" href="data:,">',
    `<title>${t(title)}: ${k} segments of ${t(data.source)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${t(title)}</h1>`,
    `<p class="lede">${k} segments of ${quantity(data.usedRows)} customers in ${t(data.source)}, by k-means on ` +
      `${t(profiles.features.map(featureLabel).join(', '))}.</p>${qualityText}`,
    `<nav>${sections.map((s) => `<a href="#${s.id}">${t(s.title)}</a>`).join('')}</nav>`,
    ...sections.map((s) => `<section id="${s.id}"><h2>${t(s.title)}</h2>${s.body}</section>`),
    `<p class="muted small">Made with segmint ${t(reproduce.version)}.</p>`,
    '</main></body>',
    '</html>',
    '',
  ].join('\n');
}
