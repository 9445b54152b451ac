import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMiniBatchFit } from '../../src/cli/minibatch-fit.js';
import { parseModel } from '../../src/model.js';
import { filesIn, runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV, SHARED_DATA } from '../helpers/data.js';
import { Random } from '../../src/kmeans/random.js';
import { NO_GROUPS } from '../../src/select/recommend.js';

const FEATURES = 'Annual Income (k$),Spending Score (1-100)';

/** Gaussian blobs with an id column, quoted texts and CRLF line breaks: what segments.csv must repeat byte for byte. */
function blobsCsv(rows: number, seed = 1): string {
  const random = new Random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
  const centres = [[0, 0, 0], [8, 8, 0], [0, 8, 8], [8, 0, 8]];
  const lines = ['customer_id,"note, free text",x,y,z'];
  for (let i = 0; i < rows; i++) {
    const c = centres[random.nextInt(4)]!;
    const note = i % 7 === 0 ? '"said ""hi"", twice"' : i % 5 === 0 ? ' spaced ' : 'plain';
    lines.push([String(1000 + i), note, ...c.map((m) => (m + gauss()).toFixed(3))].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

describe('segmint fit --algorithm minibatch', () => {
  it('writes segments.csv with every record byte for byte plus the segment, and a model predict reproduces', async () => {
    const dir = tempDir();
    const file = join(dir, 'blobs.csv');
    writeFileSync(file, blobsCsv(3000));
    const out = join(dir, 'out');
    const run = await runCli(['fit', file, '--algorithm', 'minibatch', '--batch-size', '256', '-k', '4', '-o', out, '--no-report', '--no-charts']);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/not used: customer_id: an identifier/);
    const input = readFileSync(file, 'utf8').split('\r\n');
    const output = readFileSync(join(out, 'segments.csv'), 'utf8').split('\r\n');
    expect(output).toHaveLength(input.length);
    expect(output[0]).toBe(`${input[0]},segment`);
    for (let i = 1; i < input.length - 1; i++) expect(output[i]!.startsWith(`${input[i]},`)).toBe(true);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json');
    expect(model).toMatchObject({ k: 4, features: ['x', 'y', 'z'], options: { algorithm: 'minibatch' }, training: { rows: 3000, usedRows: 3000 } });
    expect(model.segments.map((s) => s.size).reduce((a, b) => a + b)).toBe(3000);
    expect(model.segments.map((s) => s.size)).toEqual([...model.segments.map((s) => s.size)].sort((a, b) => b - a));
    // Four well-separated blobs: each segment's mean sits on a blob centre.
    for (const segment of model.segments) for (const v of segment.centroid) expect(Math.min(Math.abs(v), Math.abs(v - 8))).toBeLessThan(0.2);

    const predicted = await runCli(['predict', join(out, 'model.json'), file, '-q']);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
  });

  it('matches the in-memory fit on the Mall data (same segments and inertia within 1%)', async () => {
    const [a, b] = [tempDir(), tempDir()];
    const lloyd = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '-o', a, '-q']);
    const mini = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '--algorithm', 'minibatch', '--batch-size', '32', '-o', b, '-q']);
    expect(lloyd.code).toBe(0);
    expect(mini.code).toBe(0);
    const ma = parseModel(readFileSync(join(a, 'model.json'), 'utf8'), 'a');
    const mb = parseModel(readFileSync(join(b, 'model.json'), 'utf8'), 'b');
    expect(mb.inertia / ma.inertia).toBeLessThan(1.01);
    // The same preparation: exact statistics, up to the last bits of a one-pass standard deviation.
    expect({ ...mb.preparation, scaleBy: [] }).toEqual({ ...ma.preparation, scaleBy: [] });
    mb.preparation.scaleBy.forEach((s, j) => expect(Math.abs(s - ma.preparation.scaleBy[j]!) / s).toBeLessThan(1e-12));
    expect(filesIn(b)).toEqual(expect.arrayContaining(['report.html', 'charts/scatter.png', 'charts/sizes.png']));
    expect(readFileSync(join(b, 'report.html'), 'utf8')).toMatch(/mini-batch k-means streamed the file/);
  });

  it('shows each segment\'s mean over every row as given, the clipped values and the filled ones too', async () => {
    const dir = tempDir();
    const file = join(dir, 'spend.csv');
    const random = new Random(5);
    const lines = ['visits,spend'];
    for (let i = 0; i < 2000; i++) {
      const big = i % 2 === 0;
      const spend = (big ? 500 : 50) * (1 + random.nextFloat()) * (i % 97 === 0 ? 40 : 1); // a few far out
      lines.push(`${i % 13 === 0 ? 'NA' : (big ? 20 : 2) + random.nextInt(3)},${spend.toFixed(2)}`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    const out = join(dir, 'out');
    const run = await runCli(['fit', file, '--algorithm', 'minibatch', '--batch-size', '128', '-k', '2', '--clip', '0.05', '-o', out, '--no-charts']);
    expect(run.code, run.stderr).toBe(0);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json');
    const fill = model.preparation.inputs[0]!.fill as number;
    const rows = readFileSync(join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const means = ['1', '2'].map((segment) => {
      const members = rows.filter((row) => row[2] === segment);
      const mean = (f: number) => members.reduce((sum, row) => sum + (row[f] === 'NA' ? fill : Number(row[f])), 0) / members.length;
      return [mean(0), mean(1)];
    });
    const table = run.stdout.trim().split('\n').slice(1).map((line) => line.split(/\s{2,}/).slice(-2).map(Number));
    table.forEach((cells, s) => cells.forEach((cell, f) => expect(cell).toBeCloseTo(means[s]![f]!, 2)));
    // Far from the capped means: the clip moved the biggest spends for the fit only.
    const capped = model.segments.map((segment) => segment.centroid[1]!);
    expect(Math.max(...table.map((cells) => cells[1]!))).toBeGreaterThan(1.2 * Math.max(...capped));
  });

  it('gives the same files for the same seed', async () => {
    const dir = tempDir();
    const file = join(dir, 'blobs.csv');
    writeFileSync(file, blobsCsv(2000, 5));
    const [a, b] = [join(dir, 'a'), join(dir, 'b')];
    for (const out of [a, b]) {
      const run = await runCli(['fit', file, '--algorithm', 'minibatch', '--batch-size', '100', '-k', '6', '--seed', '3', '-o', out, '-q', '--no-report', '--no-charts']);
      expect(run.code).toBe(0);
    }
    for (const name of ['segments.csv', 'model.json']) expect(readFileSync(join(a, name), 'utf8')).toBe(readFileSync(join(b, name), 'utf8'));
  });

  it('chooses k on the sample with -k auto and says so', async () => {
    const dir = tempDir();
    const file = join(dir, 'blobs.csv');
    writeFileSync(file, blobsCsv(1500, 2));
    const run = await runCli(['fit', file, '--algorithm', 'minibatch', '-o', join(dir, 'out'), '--no-gap', '--n-init', '2', '--no-report', '--no-charts']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/choosing k on all 1500 rows/);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'model.json'), 'utf8')).k).toBe(4);
    expect(run.stderr).not.toMatch(/largest k/);
    // Scanning only 2..3 of its 4 blobs, it says more segments may score better, as fit does.
    const short = await runCli(['fit', file, '--algorithm', 'minibatch', '-o', join(dir, 'short'), '--no-gap', '--n-init', '2', '--k-range', '2..3', '--no-report', '--no-charts']);
    expect(short.stderr).toContain('note: k = 3 is the largest k tried; more segments may score better: try --k-range 2..6\n');
  });

  it('says, as fit does, when the gap statistic finds no groups, and then suggests no wider range', async () => {
    const dir = tempDir();
    const file = join(dir, 'cloud.csv');
    // One round Gaussian cloud (Box-Muller on a seeded stream): no groups to find.
    const random = new Random(5);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
    writeFileSync(file, `a,b,c\n${Array.from({ length: 500 }, () => [normal(), normal(), normal()].map((v) => v.toFixed(5)).join(',')).join('\n')}\n`);
    const runs = await Promise.all(['lloyd', 'minibatch'].map((algorithm) => runCli(['fit', file, '--algorithm', algorithm, '-o', join(dir, algorithm), '--n-init', '2', '--no-report', '--no-charts'])));
    for (const run of runs) {
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`note: ${NO_GROUPS}\n`);
      expect(run.stderr).not.toContain('largest k tried');
    }
  });

  it('reads a file whose lines all end with a delimiter (Excel), ignoring its empty last column and saying so, as fit does', async () => {
    const dir = tempDir();
    const file = join(dir, 'excel.csv');
    const text = 'a,b,\r\n1,2,\r\n3,4,\r\n5,1,\r\n2,8,\r\n9,9,\r\n';
    writeFileSync(file, text);
    const out = join(dir, 'out');
    const run = await runCli(['fit', file, '-k', '2', '--algorithm', 'minibatch', '-o', out, '--no-report', '--no-charts']);
    expect(run.stderr).toMatch(/excel\.csv: ignored an empty last column \(a delimiter at the end of every line\)\n/);
    expect(run.code).toBe(0);
    expect(parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json').features).toEqual(['a', 'b']);
    // The segment fills the empty last field, so segments.csv names every column.
    expect(readFileSync(join(out, 'segments.csv'), 'utf8').split('\r\n').slice(0, 2)).toEqual(['a,b,segment', expect.stringMatching(/^1,2,[12]$/)]);
  });

  it('prints inertia as fit does (formatInertia): 6 significant digits, and 0 where it is rounding', async () => {
    const dir = tempDir();
    const mall = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '--algorithm', 'minibatch', '-o', join(dir, 'mall'), '--no-report', '--no-charts']);
    expect(mall.code).toBe(0);
    const { inertia } = parseModel(readFileSync(join(dir, 'mall', 'model.json'), 'utf8'), 'model.json');
    expect(mall.stderr).toContain(`\ninertia ${Number(inertia.toPrecision(6))} (every row, final centres)\n`);
    // Every row on its segment's centre: what is left after scaling is rounding.
    const file = join(dir, 'two.csv');
    writeFileSync(file, 'x,y\n0.1,0.7\n0.1,0.7\n0.1,0.7\n0.3,0.9\n0.3,0.9\n0.3,0.9\n');
    const two = await runCli(['fit', file, '-k', '2', '--algorithm', 'minibatch', '-o', join(dir, 'two'), '--no-report', '--no-charts']);
    expect(two.code).toBe(0);
    expect(two.stderr).toContain('\ninertia 0 (every row, final centres)\n');
  });

  it('warns, as fit does, about a column given with --features that looks like an identifier', async () => {
    const dir = tempDir();
    const args = ['fit', MALL_CSV, '-f', `CustomerID,${FEATURES}`, '-k', '3', '--no-report', '--no-charts'];
    const warnings = (run: { stderr: string }) => run.stderr.split('\n').filter((line) => line.startsWith('warning: '));
    const lloyd = await runCli([...args, '-o', join(dir, 'a')]);
    const mini = await runCli([...args, '--algorithm', 'minibatch', '-o', join(dir, 'b')]);
    expect(warnings(lloyd)).toEqual(['warning: "CustomerID" looks like an identifier (by its name); segments by it mean little']);
    expect(warnings(mini)).toEqual(warnings(lloyd));
    // Declared categorical, it is not warned about.
    const categorical = await runCli([...args, '--categorical', 'CustomerID', '--algorithm', 'minibatch', '-o', join(dir, 'c')]);
    expect(warnings(categorical).filter((line) => line.includes('identifier'))).toEqual([]);
  });

  it('shows an ordinal column in the segment table by its most common category and share, as fit does', async () => {
    const dir = tempDir();
    const args = ['fit', MALL_CSV, '-f', `Genre,${FEATURES}`, '--encode', 'ordinal', '-k', '3', '--no-report', '--no-charts', '-q'];
    const genre = (run: { stdout: string }) => run.stdout.trim().split('\n').slice(1).map((line) => /(?:Female|Male) \d+\.\d%/.exec(line)?.[0]);
    const lloyd = await runCli([...args, '-o', join(dir, 'a')]);
    const mini = await runCli([...args, '--algorithm', 'minibatch', '-o', join(dir, 'b')]);
    expect(lloyd.stdout).toMatch(/^segment .* Genre /);
    expect(genre(lloyd)).toEqual([expect.any(String), expect.any(String), expect.any(String)]);
    expect(genre(mini)).toEqual(genre(lloyd));
  });

  it('chooses features automatically as fit does: not the retail sample\'s invoice numbers, stock codes or dates', async () => {
    const selection = (stderr: string) => stderr.split('\n').filter((line) => /^(features \(automatic\)|  not used)/.test(line));
    const retail = `${SHARED_DATA}online_retail_sample.csv`;
    const args = ['fit', retail, '-k', '3', '--no-report', '--no-charts'];
    const inMemory = await runCli([...args, '-o', tempDir()]);
    const streamed = await runCli([...args, '--algorithm', 'minibatch', '-o', tempDir()]);
    expect(streamed.code).toBe(0);
    expect(selection(streamed.stderr)[0]).toBe('features (automatic): Quantity, UnitPrice');
    expect(selection(streamed.stderr)).toEqual(selection(inMemory.stderr));
  });

  it('validates --batch-size', async () => {
    const dir = tempDir();
    for (const [args, message] of [
      [['--algorithm', 'minibatch', '--batch-size', '0'], /--batch-size <n>' argument '0' is invalid\. expected an integer >= 1/],
      [['--algorithm', 'minibatch', '--batch-size', 'big'], /expected an integer >= 1, got "big"/],
      [['--batch-size', '64'], /--batch-size is for --algorithm minibatch; got --algorithm auto/],
    ] as const) {
      const run = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '3', '-o', join(dir, 'out'), ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    expect(filesIn(dir)).toEqual([]);
  });

  it('fails with exit 2, naming the line, and writes nothing for a bad row', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad.csv');
    writeFileSync(file, 'a,b\n1,2\n3,x4\n5,6\n7,8\n');
    const run = await runCli(['fit', file, '-f', 'a,b', '-k', '2', '--algorithm', 'minibatch', '-o', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csv, line 3, column "b" \(2\): expected a number, got "x4"/);
    expect(filesIn(dir)).toEqual(['bad.csv']);
  });

  for (const pass of [1, 2]) {
    it(`a bad row first seen after pass ${pass} (the file changed, same size and time) leaves no files`, async () => {
      const dir = tempDir();
      const file = join(dir, 'blobs.csv');
      const text = blobsCsv(600, 9);
      writeFileSync(file, text);
      utimesSync(file, 1_700_000_000, 1_700_000_000); // whole seconds: put back exactly below
      const out = join(dir, 'out');
      const lines: string[] = [];
      const io = { stdout: () => {}, stderr: (t: string) => void lines.push(t), stderrIsTTY: false };
      const options = {
        k: 3 as const, output: out, report: true, charts: true, missing: ['', 'NA'], encode: 'onehot' as const, scale: 'standard' as const, clip: 0, quiet: true,
        seed: 0, nInit: 1, maxIter: 1, tol: 0, precision: 'f64' as const, threads: 1, algorithm: 'minibatch' as const, batchSize: 64, gap: false, features: 'x,y,z',
      };
      const failure = runMiniBatchFit(file, options, io, {
        afterPass(done) {
          if (done !== pass) return;
          // Same length: a number becomes a text in row 500 (line 501), mtime put back.
          const rows = text.split('\r\n');
          const fields = rows[500]!.split(',');
          fields[3] = 'x'.repeat(fields[3]!.length);
          rows[500] = fields.join(',');
          writeFileSync(file, rows.join('\r\n'));
          utimesSync(file, 1_700_000_000, 1_700_000_000);
        },
      });
      await expect(failure).rejects.toThrow(/blobs\.csv, line 501, column "y" \(4\): expected a number, got "x+"/);
      expect(filesIn(dir)).toEqual(['blobs.csv']);
    });
  }

  it('refuses a file that changed size between passes', async () => {
    const dir = tempDir();
    const file = join(dir, 'blobs.csv');
    writeFileSync(file, blobsCsv(300, 4));
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTTY: false };
    const options = {
      k: 2 as const, output: join(dir, 'out'), report: false, charts: false, missing: [''], encode: 'onehot' as const, scale: 'standard' as const, clip: 0, quiet: true,
      seed: 0, nInit: 1, maxIter: 2, tol: 0, precision: 'f64' as const, threads: 1, algorithm: 'minibatch' as const, gap: false,
    };
    await expect(runMiniBatchFit(file, options, io, { afterPass: (p) => p === 1 && writeFileSync(file, blobsCsv(310, 4)) })).rejects.toThrow(/changed while it was being read/);
    expect(filesIn(dir)).toEqual(['blobs.csv']);
  });
});
