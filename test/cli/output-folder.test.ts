import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHART_IDS } from '../../src/charts/types.js';
import { outputFolderFiles } from '../../src/cli/output-folder.js';
import { parseModel } from '../../src/model.js';
import { filesIn, runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV } from '../helpers/data.js';

const ALL_CHARTS = CHART_IDS.map((id) => `charts/${id}.png`);

describe('an output folder used again holds only the files of the last run', () => {
  it('removes the charts and report an earlier fit wrote that this one does not, says so, and keeps the user\'s files', async () => {
    const out = tempDir();
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const auto = await runCli(['fit', MALL_CSV, '-o', out, '-q', '--no-gap']);
    expect(auto.code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'charts', ...ALL_CHARTS, 'model.json', 'notes.txt', 'report.html', 'segments.csv'].sort());
    // The list of what this run wrote, which the next run removes from.
    expect(readFileSync(join(out, '.segmint-files'), 'utf8').split('\n').slice(1, -1).sort()).toEqual([...ALL_CHARTS, 'model.json', 'report.html', 'segments.csv'].sort());

    // A given k draws no elbow chart: the earlier one would describe another run.
    const k3 = await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5']);
    expect(k3.code).toBe(0);
    expect(k3.stderr).toContain(`removed what an earlier run left and this run does not write: ${join(out, 'charts', 'elbow.png')}\n`);
    expect(filesIn(out)).not.toContain('charts/elbow.png');
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/3 segments/);

    const k4 = await runCli(['fit', MALL_CSV, '-o', out, '-k', '4', '-f', '4,5', '--no-report', '--no-charts', '-q']);
    expect(k4.code).toBe(0);
    const removed = ['report.html', 'charts/sizes.png', 'charts/profiles.png', 'charts/scatter.png', 'charts/silhouette.png'].map((name) => join(out, name));
    expect(k4.stderr).toBe(`removed what an earlier run left and this run does not write: ${removed.join(', ')}\n`);
    // charts/ went with its last chart.
    expect(filesIn(out)).toEqual(['.segmint-files', 'model.json', 'notes.txt', 'segments.csv']);
    expect(parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json').k).toBe(4);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('keeps charts/ when the user has files there', async () => {
    const out = tempDir();
    expect((await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q'])).code).toBe(0);
    writeFileSync(join(out, 'charts', 'my-chart.png'), 'mine');
    expect((await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q', '--no-charts'])).code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'charts', 'charts/my-chart.png', 'model.json', 'report.html', 'segments.csv']);
  });

  it('applies to --algorithm minibatch', async () => {
    const out = tempDir();
    expect((await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q'])).code).toBe(0);
    const run = await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q', '--algorithm', 'minibatch', '--no-report']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`removed what an earlier run left and this run does not write: ${join(out, 'report.html')}\n`);
    expect(filesIn(out)).not.toContain('report.html');
  });

  it("removes only what an earlier run wrote: files under segmint's names that no run wrote are the user's, run after run", async () => {
    const out = tempDir();
    mkdirSync(join(out, 'charts'));
    for (const name of ['report.html', 'charts/elbow.png', 'charts/sizes.png']) writeFileSync(join(out, name), 'mine');
    for (let run = 0; run < 2; run++) {
      const fit = await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q', '--no-report', '--no-charts']);
      expect(fit.code).toBe(0);
      expect(fit.stderr).toBe('');
      expect(['report.html', 'charts/elbow.png', 'charts/sizes.png'].map((name) => readFileSync(join(out, name), 'utf8'))).toEqual(['mine', 'mine', 'mine']);
    }
  });

  it('refuses an empty output path, which would mean the current folder', async () => {
    const run = await runCli(['fit', MALL_CSV, '-o', '', '-k', '3']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`option '-o, --output <dir>' argument '' is invalid. expected a path, got an empty one (for the current folder, give ".")`);
  });

  it('removes nothing when the run fails', async () => {
    const out = tempDir();
    expect((await runCli(['fit', MALL_CSV, '-o', out, '-k', '3', '-f', '4,5', '-q'])).code).toBe(0);
    const before = filesIn(out).map((name) => [name, name.includes('.') ? readFileSync(join(out, name), 'utf8') : '']);
    const run = await runCli(['fit', MALL_CSV, '-o', out, '-k', '300', '-f', '4,5', '-q', '--no-report', '--no-charts']);
    expect(run.code).toBe(2);
    expect(filesIn(out).map((name) => [name, name.includes('.') ? readFileSync(join(out, name), 'utf8') : ''])).toEqual(before);
  });

  it('outputFolderFiles names every file a fit writes', () => {
    expect(outputFolderFiles('out').map((path) => path.slice('out/'.length)).sort()).toEqual(['model.json', 'report.html', 'segments.csv', ...ALL_CHARTS].sort());
  });
});

describe('fit refuses an output folder that would overwrite its input', () => {
  it('exits 2 before writing anything when the input is the folder\'s segments.csv', async () => {
    const dir = tempDir();
    const input = join(dir, 'segments.csv');
    copyFileSync(MALL_CSV, input);
    const run = await runCli(['fit', input, '-o', dir, '-k', '5', '-f', '4,5', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`segmint: error: output "${input}" is the input file; choose another output path\n`);
    expect(filesIn(dir)).toEqual(['segments.csv']);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(MALL_CSV, 'utf8'));
  });

  it('and when the names file is the folder\'s model.json', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'model.json'), JSON.stringify({ 1: 'Premium' }));
    const run = await runCli(['fit', MALL_CSV, '-o', dir, '-k', '3', '-f', '4,5', '-q', '--names', join(dir, 'model.json')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/output ".*model\.json" is the input file; choose another output path/);
    expect(filesIn(dir)).toEqual(['model.json']);
  });

  it('exits 2 naming the file when -o is a file', async () => {
    const dir = tempDir();
    const file = join(dir, 'afile');
    writeFileSync(file, '');
    const run = await runCli(['fit', MALL_CSV, '-o', file, '-k', '3', '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`segmint: error: cannot write "${join(file, 'segments.csv')}": "${file}" is a file, not a directory\n`);
    expect(filesIn(dir)).toEqual(['afile']);
  });
});
