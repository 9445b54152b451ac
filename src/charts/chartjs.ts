// Chart.js set up the same way for both renderers: every built-in component, and segmint's four
// small plugins (background, reference lines, bar values, point labels), whose options live in the plain
// configurations (types.ts). Imported by render-node.ts and render-browser.ts only, so the pure
// configuration builders never load Chart.js.
import { Chart, type ChartConfiguration, type ChartType, type Plugin, registerables } from 'chart.js';
import { formatNumber, formatShare } from './theme.js';
import type { ChartConfig, ChartFont, SegmintPluginOptions } from './types.js';

declare module 'chart.js' {
  // Lets Chart.js's types check segmint's plugin options like its own.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> extends SegmintPluginOptions {}
}

/** A plugin whose options are one entry of SegmintPluginOptions; Chart.js passes {} when a chart gives none. */
type SegmintPlugin<K extends keyof SegmintPluginOptions> = Plugin<ChartType, Partial<NonNullable<SegmintPluginOptions[K]>>>;

function cssFont(chartFont: ChartFont): string {
  return `${chartFont.weight} ${chartFont.size}px ${chartFont.family}`;
}

/** Paints the canvas before anything else, so a PNG has a background rather than transparency. */
const backgroundPlugin: SegmintPlugin<'segmintBackground'> = {
  id: 'segmintBackground',
  beforeDraw(chart, _args, options) {
    if (!options.color) return;
    const { ctx } = chart;
    ctx.save();
    ctx.fillStyle = options.color;
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

/** Text on a white box, so it stays readable where it crosses lines or filled areas. */
function drawLabel(ctx: CanvasRenderingContext2D, text: string, x: number, y: number, align: 'left' | 'right', chartFont: ChartFont, color: string): void {
  ctx.font = cssFont(chartFont);
  const width = ctx.measureText(text).width;
  const height = chartFont.size * 1.3;
  const left = align === 'left' ? x : x - width;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.9)';
  ctx.fillRect(left - 3, y - height / 2, width + 6, height);
  ctx.fillStyle = color;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  ctx.fillText(text, left, y);
}

/**
 * Straight lines across the plot at given values (the knee, the mean silhouette, zero), with
 * labels. Labels of lines that share an end are stacked one row apart so they never overlap.
 */
const referenceLinesPlugin: SegmintPlugin<'segmintReferenceLines'> = {
  id: 'segmintReferenceLines',
  afterDatasetsDraw(chart, _args, options) {
    const { lines, font } = options;
    if (!lines || !font) return;
    const { ctx, chartArea: area } = chart;
    const rows = { start: 0, end: 0 };
    for (const line of lines) {
      const scale = chart.scales[line.scaleID];
      if (!scale) continue;
      const at = scale.getPixelForValue(line.value);
      const vertical = scale.isHorizontal();
      ctx.save();
      ctx.strokeStyle = line.color;
      ctx.lineWidth = line.width;
      ctx.setLineDash(line.dash);
      ctx.beginPath();
      if (vertical) {
        ctx.moveTo(at, area.top);
        ctx.lineTo(at, area.bottom);
      } else {
        ctx.moveTo(area.left, at);
        ctx.lineTo(area.right, at);
      }
      ctx.stroke();
      ctx.setLineDash([]);
      if (line.label) {
        const position = line.labelPosition ?? 'end';
        const row = rows[position]++;
        const step = font.size * 1.6;
        if (vertical) {
          // Right of the line, unless that would run past the plot.
          ctx.font = cssFont(font);
          const fitsRight = at + 6 + ctx.measureText(line.label).width <= area.right;
          const y = position === 'end' ? area.top + step * (row + 0.6) : area.bottom - step * (row + 0.6);
          drawLabel(ctx, line.label, fitsRight ? at + 6 : at - 6, y, fitsRight ? 'left' : 'right', font, line.color);
        } else {
          const y = at - font.size * (0.9 + 1.5 * row);
          drawLabel(ctx, line.label, position === 'end' ? area.right - 4 : area.left + 4, y, position === 'end' ? 'right' : 'left', font, line.color);
        }
      }
      ctx.restore();
    }
  },
};

/** "81 (40.5%)" at the end of each bar of one dataset. */
const barValuesPlugin: SegmintPlugin<'segmintBarValues'> = {
  id: 'segmintBarValues',
  afterDatasetsDraw(chart, _args, options) {
    const { font, datasetIndex, total, color } = options;
    if (!font || datasetIndex === undefined || total === undefined || !color) return;
    const meta = chart.getDatasetMeta(datasetIndex);
    const values = chart.data.datasets[datasetIndex]?.data ?? [];
    const horizontal = chart.options.indexAxis === 'y';
    const { ctx } = chart;
    ctx.save();
    ctx.font = cssFont(font);
    ctx.fillStyle = color;
    meta.data.forEach((bar, i) => {
      const value = values[i];
      if (typeof value !== 'number') return;
      const share = total > 0 ? ` (${formatShare(value / total)})` : '';
      const text = `${formatNumber(value)}${share}`;
      if (horizontal) {
        ctx.textAlign = 'left';
        ctx.textBaseline = 'middle';
        ctx.fillText(text, bar.x + 6, bar.y);
      } else {
        ctx.textAlign = 'center';
        ctx.textBaseline = 'bottom';
        ctx.fillText(text, bar.x, bar.y - 4);
      }
    });
    ctx.restore();
  },
};

/** labels[i] beside point i of one dataset (a segment's number by its centre), on a white box. */
const pointLabelsPlugin: SegmintPlugin<'segmintPointLabels'> = {
  id: 'segmintPointLabels',
  afterDatasetsDraw(chart, _args, options) {
    const { font, datasetIndex, labels, color } = options;
    if (!font || datasetIndex === undefined || !labels || !color) return;
    const { ctx } = chart;
    ctx.save();
    chart.getDatasetMeta(datasetIndex).data.forEach((point, i) => {
      const label = labels[i];
      if (label !== undefined) drawLabel(ctx, label, point.x + 11, point.y - 11, 'left', font, color);
    });
    ctx.restore();
  },
};

let registered = false;

/** Chart.js with every component and segmint's plugins registered (once). */
export function chartJs(): typeof Chart {
  if (!registered) {
    Chart.register(...registerables, backgroundPlugin, referenceLinesPlugin, barValuesPlugin, pointLabelsPlugin);
    registered = true;
  }
  return Chart;
}

/**
 * A segmint configuration as Chart.js takes it, drawn at a fixed device pixel ratio so the
 * output does not depend on the screen. The assignment is where the compiler checks that
 * segmint's plain configuration types are valid Chart.js configurations.
 */
export function chartJsConfiguration(config: ChartConfig, devicePixelRatio: number): ChartConfiguration {
  const chartJsConfig: ChartConfiguration = { ...config, options: { ...config.options, devicePixelRatio } };
  return chartJsConfig;
}
