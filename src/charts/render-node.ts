// Node only (loads @napi-rs/canvas, and imports node:url): charts as PNG files. Not exported from the
// library's core (src/index.ts), which must load in browsers; see render-browser.ts for those.
// The reference stays in the emitted declarations, which name Node's Buffer.
/// <reference types="node" preserve="true" />
import { fileURLToPath } from 'node:url';
import { chartJs, chartJsConfiguration } from './chartjs.js';
import { CHART_PIXEL_RATIO, FONT_FILES, FONT_NAME } from './theme.js';
import type { ChartSpec } from './types.js';

/** The fonts shipped in the package (assets/fonts/, beside dist/ and src/). */
export const FONTS_DIR = fileURLToPath(new URL('../../assets/fonts/', import.meta.url));

/**
 * What renderChartPng uses of @napi-rs/canvas. The package is an optional dependency (a native
 * binary of some 35 MB that only PNG charts in Node need), loaded on first use; typed here so
 * that segmint's declarations do not name it.
 */
interface CanvasModule {
  createCanvas(width: number, height: number): { getContext(type: '2d'): unknown; encode(format: 'png'): Promise<Buffer> };
  GlobalFonts: { registerFromPath(path: string, family?: string): unknown };
}

let canvasModule: Promise<CanvasModule | Error> | undefined;

/** @napi-rs/canvas with the charts' font registered, or why it cannot be loaded. */
function loadCanvas(): Promise<CanvasModule | Error> {
  canvasModule ??= import('@napi-rs/canvas').then(
    (loaded) => {
      const canvas = loaded as unknown as CanvasModule;
      // Without the bundled font, text would fall back to a system font.
      for (const { file } of FONT_FILES) {
        if (canvas.GlobalFonts.registerFromPath(`${FONTS_DIR}${file}`, FONT_NAME) === null) {
          throw new Error(`cannot load the chart font ${FONTS_DIR}${file}; is the package's assets/ directory installed?`);
        }
      }
      return canvas;
    },
    (error: unknown) =>
      new Error(
        `PNG charts need the optional package @napi-rs/canvas, which did not load (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); install it with: npm install @napi-rs/canvas (npm install -g @napi-rs/canvas beside a global segmint)`,
      ),
  );
  return canvasModule;
}

/** Why renderChartPng cannot draw here (@napi-rs/canvas is missing or does not load), or undefined when it can. */
export async function pngChartsUnavailable(): Promise<string | undefined> {
  const canvas = await loadCanvas();
  return canvas instanceof Error ? canvas.message : undefined;
}

export interface PngOptions {
  /** Device pixels per CSS pixel. Default 2: the PNG is twice the chart's width and height. */
  devicePixelRatio?: number;
}

/**
 * Draws a chart with Chart.js on an @napi-rs/canvas (no animation, no resizing, a fixed pixel
 * ratio, the bundled font) and encodes it as PNG: spec.width × devicePixelRatio pixels wide.
 * Rejects, saying how to install it, when the optional package @napi-rs/canvas is missing.
 */
export async function renderChartPng(spec: ChartSpec, options: PngOptions = {}): Promise<Buffer> {
  const canvasModule = await loadCanvas();
  if (canvasModule instanceof Error) throw canvasModule;
  const Chart = chartJs();
  const canvas = canvasModule.createCanvas(spec.width, spec.height);
  // @napi-rs/canvas implements the canvas 2D API Chart.js draws with; its type is its own.
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  const chart = new Chart(context, chartJsConfiguration(spec.config, options.devicePixelRatio ?? CHART_PIXEL_RATIO));
  try {
    return await canvas.encode('png');
  } finally {
    chart.destroy();
  }
}
