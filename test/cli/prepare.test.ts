import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV, SHARED_DATA } from '../helpers/data.js';

const MARKETING = `${SHARED_DATA}marketing_campaign.csv`;

describe('segmint fit with data preparation', () => {
  it('fits the tab-separated marketing file with defaults and reports the 24 filled incomes', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MARKETING, '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/choosing k on 2240 rows × 23 features/);
    expect(run.stderr).toMatch(/features \(automatic\): Year_Birth, Income, Kidhome/);
    expect(run.stderr).toMatch(/not used: ID: an identifier \(by its name\)/);
    expect(run.stderr).toMatch(/not used: Education, Marital_Status: text/);
    expect(run.stderr).toMatch(/Income: 24 missing filled with 51381\.50/);
    expect(run.stderr).toMatch(/column "Z_CostContact" has the same value in every row/);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json');
    expect(model.features).not.toContain('ID');
    expect(model.features).not.toContain('Z_Revenue');
    expect(model.training).toEqual({ file: 'marketing_campaign.csv', rows: 2240, usedRows: 2240 });
    // Tab-separated in, tab-separated out; every record unchanged.
    const input = readFileSync(MARKETING, 'utf8').split('\r\n');
    const output = readFileSync(join(out, 'segments.csv'), 'utf8').split('\r\n');
    expect(output[0]).toBe(`${input[0]}\tsegment`);
    expect(output[5]).toMatch(new RegExp(`^${input[5]}\\t[1-4]$`));
  });

  it('round-trips: predict with the saved model returns the training segments (encoding, filling, clipping, scaling)', async () => {
    for (const args of [
      ['-k', '4'],
      ['-k', '3', '--features', 'Income,MntWines,Education,Marital_Status', '--scale', 'robust', '--clip', '0.01'],
      ['-k', '5', '--features', 'Income,Kidhome,Education', '--encode', 'ordinal', '--impute', 'drop', '--scale', 'minmax'],
      ['-k', '3', '--features', 'Income,Recency', '--categorical', 'Kidhome', '--impute', 'mean'],
    ]) {
      const out = tempDir();
      const fit = await runCli(['fit', MARKETING, ...args, '-o', out, '-q']);
      expect(fit.code, fit.stderr).toBe(0);
      const predicted = await runCli(['predict', join(out, 'model.json'), MARKETING, '-q']);
      expect(predicted.code).toBe(0);
      expect(predicted.stdout).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
    }
  });

  it('leaves rows dropped for missing values in the output, with an empty segment', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MARKETING, '-k', '3', '--features', 'Income,MntWines', '--impute', 'drop', '-o', out]);
    expect(run.stderr).toMatch(/24 row\(s\) with missing values dropped/);
    const predicted = await runCli(['predict', join(out, 'model.json'), MARKETING, '-o', join(out, 'labelled.csv')]);
    expect(predicted.stderr).toMatch(/^  Income: 24 missing \(rows dropped\)\n  24 row\(s\) with missing values dropped \(no segment\)\nlabelled 2216 rows with 3 segments;/m);
    const lines = readFileSync(join(out, 'segments.csv'), 'utf8').split('\r\n').slice(1, -1);
    expect(lines).toHaveLength(2240);
    expect(lines.filter((line) => line.endsWith('\t'))).toHaveLength(24);
    expect(parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm').training.usedRows).toBe(2216);
  });

  it('one-hot encodes a categorical column and reports centroids in original units (shares for categories)', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', 'Genre,Age,Spending Score (1-100)', '-k', '4', '-o', out, '-q']);
    expect(run.code).toBe(0);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm');
    expect(model.features).toEqual(['Genre=Female', 'Genre=Male', 'Age', 'Spending Score (1-100)']);
    for (const segment of model.segments) {
      expect(segment.centroid[0]! + segment.centroid[1]!).toBeCloseTo(1, 12);
      expect(segment.centroid[2]).toBeGreaterThanOrEqual(18);
    }
    expect(run.stdout.split('\n')[0]).toMatch(/Genre=Female\s+Genre=Male\s+Age/);
  });

  it('winsorises the 666666 income with --clip', async () => {
    const out = tempDir();
    await runCli(['fit', MARKETING, '-k', '3', '--features', 'Income,MntWines', '--clip', '0.01', '-o', out, '-q']);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm');
    const income = model.preparation.inputs[0]!;
    expect(income.kind === 'numeric' && income.clip![1] < 200000).toBe(true);
  });

  it('predict fills missing values and reports categories it never saw', async () => {
    const dir = tempDir();
    await runCli(['fit', MALL_CSV, '-f', 'Genre,Age', '-k', '2', '-o', dir, '-q']);
    const fresh = join(dir, 'new.csv');
    writeFileSync(fresh, 'Age,Genre,Note\n30,Female,a\n,Other,b\n70,NA,"c, d"\n');
    const run = await runCli(['predict', join(dir, 'model.json'), fresh]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/column "Genre": 1 value\(s\) not seen in training \("Other"\), treated as missing \(filled with "Female"\)/);
    // Reported as fit reports its filled values, with the model's fill values.
    expect(run.stderr).toMatch(/^  Genre: 2 missing filled with "Female"\n  Age: 1 missing filled with 36\n/m);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('Age,Genre,Note,segment');
    expect(lines[3]).toMatch(/^70,NA,"c, d",[12]$/);
  });

  it('treats missing-value tokens as configured', async () => {
    const dir = tempDir();
    const file = join(dir, 'dash.csv');
    writeFileSync(file, 'a,b\n1,2\n-,4\n5,6\n7,8\n');
    const strict = await runCli(['fit', file, '-k', '2', '-o', dir]);
    expect(strict.stderr).toMatch(/line 3, column "a" \(1\): expected a number, got "-"/);
    const relaxed = await runCli(['fit', file, '-k', '2', '-o', dir, '--missing', '-']);
    expect(relaxed.code).toBe(0);
    expect(relaxed.stderr).toMatch(/a: 1 missing filled with 5/);
  });
});
