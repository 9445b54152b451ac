import { INK } from './palette.js';
import type { ChartAxis, ChartFont, ChartLegend, ChartOptions, ChartTitle, ReferenceLine, SegmintPluginOptions } from './types.js';

/**
 * The one font every chart uses, shipped in the package (assets/fonts, SIL Open Font License)
 * and registered by both renderers, so a PNG made in Node and a canvas in a browser draw the
 * same glyphs at the same size. Fonts are set on every element of a configuration because
 * Chart.js does not inherit a chart-level font; the generic fallback only shows if a renderer
 * has not registered Inter.
 */
const FONT_FAMILY = 'Inter, sans-serif';

/**
 * The font files under assets/fonts/ and the weight each provides. render-browser.ts's
 * DEFAULT_FONTS repeats them as literal URLs, which bundlers need (a test keeps the two equal).
 */
export const FONT_FILES: readonly { file: string; weight: number }[] = [
  { file: 'inter-latin-400-normal.woff2', weight: 400 },
  { file: 'inter-latin-600-normal.woff2', weight: 600 },
];

/** The name the fonts are registered under (FONT_FAMILY without its fallback). */
export const FONT_NAME = 'Inter';

function font(size: number, weight: 400 | 600 = 400): ChartFont {
  return { family: FONT_FAMILY, size, weight, lineHeight: 1.25 };
}

const TITLE_FONT = font(18, 600);
const SUBTITLE_FONT = font(13);
const AXIS_TITLE_FONT = font(13, 600);
const TICK_FONT = font(12);
const LEGEND_FONT = font(13);
const REFERENCE_FONT = font(12, 600);

/** The size charts are drawn at, in CSS pixels, unless a chart needs more room. */
export const CHART_SIZE = { width: 960, height: 600 } as const;

/**
 * Device pixels per CSS pixel in both renderers, whatever the screen: a 960×600 chart is a
 * 1920×1200 PNG, sharp on high-density screens and when printed.
 */
export const CHART_PIXEL_RATIO = 2;

/** A number in chart text: grouped thousands ("20,000"), at most `digits` decimals, the same in every runtime and locale. */
export function formatNumber(value: number, digits = 2): string {
  const fixed = Math.abs(value) >= 1000 ? Math.round(value) : Number(value.toFixed(digits));
  const [whole, fraction] = String(Math.abs(fixed)).split('.');
  const grouped = whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fixed < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/**
 * A share (0 to 1) as a percentage with one decimal, the same in every chart and the report:
 * "40.5%". A share that is not 0 or 1 never reads as one: 1 customer of 3,017 is "<0.1%", not
 * "0.0%", and 3,016 of them ">99.9%". "–" for no share at all (NaN, an empty segment's).
 */
export function formatShare(share: number): string {
  if (!Number.isFinite(share)) return '–';
  // Undoing the scaling of a one-hot column leaves rounding (±1e-17 for a share of 0), not customers.
  const exact = Math.abs(share) < 1e-9 ? 0 : Math.abs(1 - share) < 1e-9 ? 1 : share;
  if (exact > 0 && exact < 0.0005) return '<0.1%';
  if (exact < 1 && exact >= 0.9995) return '>99.9%';
  return `${(100 * exact).toFixed(1)}%`;
}

/** Inter's average advance at 1px: about 0.52 of the font size for mixed lower-case text with digits. */
const AVERAGE_CHARACTER_WIDTH = 0.52;

/**
 * Phrases joined by " · " into as few lines as fit `width`, each line capitalised: Chart.js
 * squeezes a line that is too long for the canvas instead of wrapping it. A phrase is never split.
 */
export function wrapPhrases(phrases: readonly string[], width: number): string[] {
  const maxCharacters = Math.floor((width - 48) / (SUBTITLE_FONT.size * AVERAGE_CHARACTER_WIDTH));
  const lines: string[] = [];
  for (const phrase of phrases) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 3 + phrase.length <= maxCharacters) lines[lines.length - 1] = `${last} · ${phrase}`;
    else lines.push(phrase.charAt(0).toUpperCase() + phrase.slice(1));
  }
  return lines;
}

function title(text: string | string[], chartFont: ChartFont, color: string, bottom: number): ChartTitle {
  return { display: text.length > 0, text, color, font: chartFont, padding: { top: 4, bottom }, align: 'start' };
}

/**
 * The tick step for an axis `span` long: the smallest 1, 2 or 5 × 10^n that cuts it into at most
 * `maxIntervals`. An axis from one multiple of it to another has 0 among its ticks, and no more
 * ticks than fit, so Chart.js does not thin them out into a series like −47.5, −43, …, 2, 6.5.
 */
export function niceStep(span: number, maxIntervals = 10): number {
  const rough = span / maxIntervals;
  const exponent = Math.floor(Math.log10(rough));
  // Through a decimal string: 5e-1 is the double nearest 0.5, which 5 * 10 ** -1 need not be.
  const steps = [1, 2, 5, 10].map((m) => Number(`${m}e${exponent}`));
  return steps.find((step) => step >= rough) ?? steps.at(-1)!;
}

/** What axis() takes: ChartAxis's range and layout fields, two of its tick settings, and switches. */
export type AxisOptions = Partial<Pick<ChartAxis, 'type' | 'position' | 'labels' | 'min' | 'max' | 'suggestedMin' | 'suggestedMax' | 'beginAtZero' | 'offset'>> &
  Pick<ChartAxis['ticks'], 'stepSize' | 'precision'> & {
    showTicks?: boolean;
    /** Gridlines across the plot (off for a second y axis, whose lines would not match the first's). */
    grid?: boolean;
  };

/** An axis with a title (which should name the unit), readable ticks and light gridlines. */
export function axis(titleText: string, options: AxisOptions = {}): ChartAxis {
  const { type = 'linear', showTicks = true, grid = true, stepSize, precision, ...range } = options;
  return {
    type,
    ...range,
    title: { display: titleText.length > 0, text: titleText, color: INK.text, font: AXIS_TITLE_FONT, padding: 6 },
    ticks: {
      display: showTicks,
      color: INK.mutedText,
      font: TICK_FONT,
      padding: 4,
      ...(stepSize !== undefined ? { stepSize } : {}),
      ...(precision !== undefined ? { precision } : {}),
      ...(type === 'category' ? { autoSkip: false } : {}),
      maxRotation: 0,
    },
    grid: { display: grid, color: INK.grid, ...(grid ? {} : { drawOnChartArea: false }) },
    border: { display: true, color: INK.axis },
  };
}

export function legend(display = true, usePointStyle = false): ChartLegend {
  return {
    display,
    position: 'top',
    align: 'start',
    // Chart.js draws a legend point with radius boxHeight/√2, past its box: a smaller box keeps
    // points as large as the squares and clear of their text.
    labels: usePointStyle
      ? { color: INK.text, font: LEGEND_FONT, boxWidth: 10, boxHeight: 10, padding: 14, usePointStyle }
      : { color: INK.text, font: LEGEND_FONT, boxWidth: 14, boxHeight: 14, padding: 14 },
  };
}

/**
 * The options every chart shares: static (no animation, no tooltips, no resizing), white
 * background, title and subtitle at the top left, the given axes and legend.
 */
export function baseOptions(parts: {
  title: string;
  /** Phrases under the title, joined by " · " and wrapped to the chart's width. */
  subtitle: readonly string[];
  /** The chart's width in CSS pixels (to wrap the subtitle). */
  width: number;
  scales: Record<string, ChartAxis>;
  legend: ChartLegend;
  indexAxis?: 'x' | 'y';
  /** Lines across the plot (segmint's annotation plugin). */
  referenceLines?: ReferenceLine[];
  /** Value labels on bars (segmint's bar-values plugin). */
  barValues?: { datasetIndex: number; total: number };
  /** Labels beside the points of one dataset (segmint's point-labels plugin). */
  pointLabels?: { datasetIndex: number; labels: string[] };
}): ChartOptions {
  const extras: SegmintPluginOptions = {};
  if (parts.pointLabels) extras.segmintPointLabels = { ...parts.pointLabels, color: INK.text, font: REFERENCE_FONT };
  if (parts.referenceLines?.length) extras.segmintReferenceLines = { lines: parts.referenceLines, font: REFERENCE_FONT };
  if (parts.barValues) extras.segmintBarValues = { ...parts.barValues, color: INK.text, font: TICK_FONT };
  return {
    responsive: false,
    animation: false,
    maintainAspectRatio: false,
    ...(parts.indexAxis ? { indexAxis: parts.indexAxis } : {}),
    layout: { padding: { top: 8, right: 24, bottom: 8, left: 12 } },
    scales: parts.scales,
    plugins: {
      title: title(parts.title, TITLE_FONT, INK.text, 2),
      subtitle: title(wrapPhrases(parts.subtitle, parts.width), SUBTITLE_FONT, INK.mutedText, 10),
      legend: parts.legend,
      tooltip: { enabled: false },
      segmintBackground: { color: INK.background },
      ...extras,
    },
  };
}

/** The label of segment `index` in legends and on axes: its number and name. */
export function segmentLabel(names: readonly string[], index: number): string {
  return `${index + 1} · ${names[index] ?? `Segment ${index + 1}`}`;
}

/** A dashed line across the plot at `value` on the scale `scaleID`, with an optional label. */
export function referenceLine(scaleID: string, value: number, label?: string, labelPosition: 'start' | 'end' = 'end'): ReferenceLine {
  return { scaleID, value, color: INK.reference, width: 1.5, dash: [6, 4], ...(label ? { label, labelPosition } : {}) };
}
