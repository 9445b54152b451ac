import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { renderChartPng } from '../../src/charts/render-node.js';
import { sizesChart } from '../../src/charts/sizes.js';
import { filesIn, runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV } from '../helpers/data.js';

// @napi-rs/canvas is an optional dependency: an install without it (npm install --omit=optional,
// or a platform it has no binary for) must still segment and report.
vi.mock('@napi-rs/canvas', () => {
  throw new Error("Cannot find package '@napi-rs/canvas'");
});

describe('without @napi-rs/canvas', () => {
  it('fit writes segments, the model and a report that describes the charts in words, and warns once', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '-q']);
    expect(run.code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'model.json', 'report.html', 'segments.csv']);
    expect(run.stderr.match(/warning: charts not drawn/g)).toHaveLength(1);
    expect(run.stderr).toContain('npm install @napi-rs/canvas');
    expect(run.stderr).toContain('the report describes each chart in words');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<img');
    // Each chart's place says it was not drawn, and its description stays.
    const figures = html.match(/<figure id="chart-/g) ?? [];
    expect(figures.length).toBe(4); // -k given: no elbow chart
    expect(html.match(/<p class="undrawn">/g)).toHaveLength(figures.length);
    expect(html).toMatch(/<figure id="chart-scatter"><p class="undrawn">[^<]*not drawn[^<]*<\/p><figcaption>Segments: 200 customers/);
  });

  it('--algorithm minibatch: the same, and it does not say it wrote charts', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '--algorithm', 'minibatch']);
    expect(run.code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'model.json', 'report.html', 'segments.csv']);
    expect(run.stderr.match(/warning: charts not drawn/g)).toHaveLength(1);
    expect(run.stderr).toContain(`wrote ${join(out, 'segments.csv')}, ${join(out, 'model.json')}, ${join(out, 'report.html')}\n`);
  });

  it('--no-report: no charts folder, and the warning does not mention a report', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '3', '-o', out, '-q', '--no-report']);
    expect(run.code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'model.json', 'segments.csv']);
    expect(run.stderr).toMatch(/warning: charts not drawn: PNG charts need the optional package @napi-rs\/canvas/);
    expect(run.stderr).not.toContain('report');
  });

  it('--no-report --no-charts: no warning at all', async () => {
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '3', '-o', tempDir(), '-q', '--no-report', '--no-charts']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('renderChartPng rejects, saying how to install the package', async () => {
    const spec = sizesChart({ sizes: [3, 2], segmentNames: ['A', 'B'] });
    await expect(renderChartPng(spec)).rejects.toThrow(/PNG charts need the optional package @napi-rs\/canvas, which did not load \(.+\); install it with: npm install @napi-rs\/canvas/);
  });
});
