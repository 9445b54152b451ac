// Browsers only: draws a chart into a <canvas>. Loads Chart.js (a package), so it is not part of
// the library's core entry (src/index.ts); a web app imports it from dist/charts/render-browser.js.
import type { Chart } from 'chart.js';
import { chartJs, chartJsConfiguration } from './chartjs.js';
import { CHART_PIXEL_RATIO, FONT_NAME } from './theme.js';
import type { ChartSpec } from './types.js';

/** A font file and the weight it provides. */
export interface FontSource {
  weight: number;
  url: string | URL;
}

/**
 * The package's own font files (FONT_FILES). Resolved from this module's URL, which works when
 * the package is served as files and with bundlers that understand `new URL(..., import.meta.url)`
 * (Vite, webpack 5, Parcel); otherwise pass `fonts` to renderChart. Each URL is a literal: a
 * bundler rewrites only those, and reads a template as every file of the folder (LICENSE too).
 */
export const DEFAULT_FONTS: readonly FontSource[] = [
  { weight: 400, url: new URL('../../assets/fonts/inter-latin-400-normal.woff2', import.meta.url) },
  { weight: 600, url: new URL('../../assets/fonts/inter-latin-600-normal.woff2', import.meta.url) },
];

let loading: Promise<void> | undefined;

/**
 * Loads the charts' font into the document (once), so canvases draw with the same glyphs as the
 * PNGs made in Node. Fails if a font file cannot be fetched.
 */
export function loadChartFonts(fonts: readonly FontSource[] = DEFAULT_FONTS): Promise<void> {
  loading ??= Promise.all(
    fonts.map(async ({ weight, url }) => {
      const face = new FontFace(FONT_NAME, `url(${JSON.stringify(String(url))})`, { weight: String(weight) });
      // TypeScript's DOM library leaves out FontFaceSet's Set methods (add is standard CSS Font Loading).
      (document.fonts as unknown as Set<FontFace>).add(await face.load());
    }),
  ).then(
    () => undefined,
    (error: unknown) => {
      loading = undefined; // let a later call try again
      throw error;
    },
  );
  return loading;
}

export interface CanvasOptions {
  /** Device pixels per CSS pixel. Default 2, as in Node, whatever the screen. */
  devicePixelRatio?: number;
  /** Where the font files are, when not beside this module (see DEFAULT_FONTS). */
  fonts?: readonly FontSource[];
}

/**
 * Draws a chart into `canvas` at the chart's size (spec.width × spec.height CSS pixels) with the
 * bundled font, exactly as renderChartPng does in Node. Returns the Chart.js instance; call its
 * destroy() before drawing another chart into the same canvas.
 */
export async function renderChart(canvas: HTMLCanvasElement, spec: ChartSpec, options: CanvasOptions = {}): Promise<Chart> {
  await loadChartFonts(options.fonts);
  canvas.width = spec.width;
  canvas.height = spec.height;
  canvas.style.width = `${spec.width}px`;
  canvas.style.height = `${spec.height}px`;
  const Chart = chartJs();
  return new Chart(canvas, chartJsConfiguration(spec.config, options.devicePixelRatio ?? CHART_PIXEL_RATIO));
}
