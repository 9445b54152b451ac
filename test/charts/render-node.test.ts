// Every chart of the Mall segmentation drawn to PNG in Node: the right size, not blank, every
// segment's colour present (and a colour no segment has, absent, so the check can fail).
import { existsSync, readFileSync } from 'node:fs';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { chartJs, chartJsConfiguration } from '../../src/charts/chartjs.js';
import { INK, SEGMENT_COLOURS } from '../../src/charts/palette.js';
import { profileChart } from '../../src/charts/profiles.js';
import { FONTS_DIR, renderChartPng } from '../../src/charts/render-node.js';
import { CHART_PIXEL_RATIO, FONT_FILES } from '../../src/charts/theme.js';
import type { ChartSpec } from '../../src/charts/types.js';
import { mallCharts } from '../report/mall-segmentation.js';
import { pngCensus } from './pixels.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const K = 5;
const segmentColours = SEGMENT_COLOURS.slice(0, K);
/** The sixth segment's colour: a k = 5 chart must not contain it. */
const unusedColour = SEGMENT_COLOURS[K]!;

describe('renderChartPng', () => {
  let charts: ChartSpec[];
  const pngs = new Map<string, Buffer>();

  beforeAll(async () => {
    ({ charts } = await mallCharts());
    for (const chart of charts) pngs.set(chart.id, await renderChartPng(chart));
  });

  it('draws all five charts of a fit with a silhouette and a k scan', () => {
    expect(charts.map((c) => c.id)).toEqual(['sizes', 'profiles', 'scatter', 'silhouette', 'elbow']);
  });

  it.each(['sizes', 'profiles', 'scatter', 'silhouette', 'elbow'])('%s: a PNG of the chart size × the pixel ratio, not blank', async (id) => {
    const chart = charts.find((c) => c.id === id)!;
    const png = pngs.get(id)!;
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    const census = await pngCensus(png, []);
    expect(census.width).toBe(chart.width * CHART_PIXEL_RATIO);
    expect(census.height).toBe(chart.height * CHART_PIXEL_RATIO);
    // Text, axes and marks: a few percent of the canvas at least; a white PNG has none.
    expect(census.inked / (census.width * census.height)).toBeGreaterThan(0.02);
  });

  it.each(['sizes', 'profiles', 'scatter', 'silhouette'])('%s: every segment colour is drawn, and no other segment colour', async (id) => {
    const census = await pngCensus(pngs.get(id)!, [...segmentColours, unusedColour]);
    const counts = census.counts.slice(0, K);
    for (const [s, count] of counts.entries()) expect(count, `segment ${s + 1} (${segmentColours[s]})`).toBeGreaterThan(200);
    expect(census.counts[K], `the colour of a 6th segment (${unusedColour})`).toBe(0);
  });

  it('elbow: the inertia and silhouette curves in their colours', async () => {
    const census = await pngCensus(pngs.get('elbow')!, [INK.inertia, INK.silhouette]);
    expect(census.counts[0]).toBeGreaterThan(500);
    expect(census.counts[1]).toBeGreaterThan(500);
  });

  it('has a white background, not transparency', async () => {
    const census = await pngCensus(pngs.get('sizes')!, ['#ffffff'], 0);
    expect(census.counts[0]! / (census.width * census.height)).toBeGreaterThan(0.5);
  });

  it('ships the font and its licence in the package (assets/ is in package.json "files")', () => {
    const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { files: string[] };
    expect(packageJson.files).toContain('assets');
    for (const { file } of FONT_FILES) expect(existsSync(`${FONTS_DIR}${file}`), file).toBe(true);
    expect(readFileSync(`${FONTS_DIR}LICENSE`, 'utf8')).toContain('SIL Open Font License');
  });

  it('registers the bundled Inter font', () => {
    const inter = GlobalFonts.families.find((family) => family.family === 'Inter');
    expect(inter?.styles.map((style) => style.weight).sort()).toEqual([400, 600]);
  });

  it('draws the same PNG twice (no animation, no time, no randomness)', async () => {
    const scatter = charts.find((c) => c.id === 'scatter')!;
    expect(Buffer.compare(await renderChartPng(scatter), pngs.get('scatter')!)).toBe(0);
  });

  it('honours devicePixelRatio', async () => {
    const sizes = charts.find((c) => c.id === 'sizes')!;
    const census = await pngCensus(await renderChartPng(sizes, { devicePixelRatio: 1 }), []);
    expect([census.width, census.height]).toEqual([sizes.width, sizes.height]);
  });

  it('profiles: labels 0 and round steps on the z-score axis, however far the bars reach', () => {
    // A long feature label narrows the axis: Chart.js then thins out ticks that do not fit.
    const spec = profileChart({ featureNames: ['Dt_Customer: 11-02-2014 (share)', 'Income'], zScores: [[-1.7, 47.2], [0.3, -0.2]], segmentNames: ['A', 'B'] });
    const chart = new (chartJs())(createCanvas(spec.width, spec.height).getContext('2d') as unknown as CanvasRenderingContext2D, chartJsConfiguration(spec.config, 1));
    try {
      expect(chart.scales.x!.ticks.map((tick) => tick.value)).toEqual([-5, 0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50]);
    } finally {
      chart.destroy();
    }
  });
});
