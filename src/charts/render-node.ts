// Node only (imports @napi-rs/canvas and node:url): charts as PNG files. Not exported from the
// library's core (src/index.ts), which must load in browsers; see render-browser.ts for those.
// The reference stays in the emitted declarations, which name Node's Buffer.
/// <reference types="node" preserve="true" />
import { fileURLToPath } from 'node:url';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { chartJs, chartJsConfiguration } from './chartjs.js';
import { CHART_PIXEL_RATIO, FONT_FILES, FONT_NAME } from './theme.js';
import type { ChartSpec } from './types.js';

/** The fonts shipped in the package (assets/fonts/, beside dist/ and src/). */
export const FONTS_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

let fontsRegistered = false;

/** Registers the charts' font with @napi-rs/canvas (once): without it text falls back to a system font. */
function registerFonts(): void {
  if (fontsRegistered) return;
  for (const { file } of FONT_FILES) {
    if (GlobalFonts.registerFromPath(`${FONTS_DIR}${file}`, FONT_NAME) === null) {
      throw new Error(`cannot load the chart font ${FONTS_DIR}${file}; is the package's assets/ directory installed?`);
    }
  }
  fontsRegistered = true;
}

export interface PngOptions {
  /** Device pixels per CSS pixel. Default 2: the PNG is twice the chart's width and height. */
  devicePixelRatio?: number;
}

/**
 * Draws a chart with Chart.js on an @napi-rs/canvas (no animation, no resizing, a fixed pixel
 * ratio, the bundled font) and encodes it as PNG: spec.width × devicePixelRatio pixels wide.
 */
export async function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Promise<Buffer> {
  registerFonts();
  const Chart = chartJs();
  const canvas = createCanvas(spec.width, spec.height);
  // @napi-rs/canvas implements the canvas 2D API Chart.js draws with; its type is its own.
  const context = canvas.getContext('2d') as unknown as CanvasRenderingContext2D;
  const chart = new Chart(context, chartJsConfiguration(spec.config, options.devicePixelRatio ?? CHART_PIXEL_RATIO));
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
