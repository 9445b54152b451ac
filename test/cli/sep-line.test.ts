import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { segmentCsv } from '../../src/pipeline/segment-csv.js';
import { filesIn, runCli, tempFile } from '../helpers/cli.js';

/** Two groups of customers, semicolons and decimal commas, as Excel writes them in much of Europe. */
const ROWS = [
  'name;income;spend',
  'Ana;20,5;1,5', 'Ben;21,0;2,25', 'Cy;19,75;1,0', 'Di;22,25;2,0', 'Ed;20,0;1,75',
  'Flo;80,5;9,5', 'Gus;79,0;8,75', 'Hal;81,25;9,0', 'Ida;78,5;9,25', 'Jo;80,0;8,5',
];

describe('a CSV file whose first line is Excel\'s sep=', () => {
  it('segmint fit reads its delimiter and header after it, and segments.csv keeps it first, unchanged', async () => {
    const input = ['sep=;', ...ROWS].join('\r\n') + '\r\n';
    const { dir, file } = tempFile('customers.csv', input);
    const out = join(dir, 'out');
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', out, '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const inputLines = input.split('\r\n');
    const output = readFileSync(join(out, 'segments.csv'), 'utf8');
    const lines = output.split('\r\n');
    expect(lines).toHaveLength(inputLines.length);
    expect(lines[0]).toBe('sep=;');
    expect(lines[1]).toBe('name;income;spend;segment');
    for (let i = 2; i < inputLines.length - 1; i++) expect(lines[i]).toMatch(new RegExp(`^${inputLines[i]};[12]$`));
    // The two groups, read with decimal commas, are the two segments.
    const segments = lines.slice(2, -1).map((line) => line.split(';').at(-1));
    expect(new Set(segments.slice(0, 5)).size).toBe(1);
    expect(new Set(segments.slice(5)).size).toBe(1);
    expect(segments[0]).not.toBe(segments[5]);
    const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
    expect(model.features).toEqual(['income', 'spend']);
    expect(model.training.rows).toBe(10);
    // The library (the web app's reader) writes the same segments.csv.
    expect((await segmentCsv(input, 'customers.csv', { features: ['income', 'spend'], k: 2 })).labelledCsv).toBe(output);
  });

  it('segmint fit --algorithm minibatch and segmint predict keep it too', async () => {
    const input = ['"sep=;"', ...ROWS].join('\n') + '\n';
    const { dir, file } = tempFile('customers.csv', input);
    const out = join(dir, 'out');
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '--algorithm', 'minibatch', '-o', out, '-q', '--no-report', '--no-charts']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const output = readFileSync(join(out, 'segments.csv'), 'utf8');
    expect(output.split('\n').slice(0, 2)).toEqual(['"sep=;"', 'name;income;spend;segment']);
    const predicted = await runCli(['predict', join(out, 'model.json'), file, '-q']);
    expect(predicted.stderr).toBe('');
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toBe(output);
  });

  it('names the file\'s own line of a text in a numeric column, and writes nothing', async () => {
    const rows = [...ROWS];
    rows[2] = 'Ben;21,0;lots';
    const { dir, file } = tempFile('customers.csv', ['sep=;', ...rows].join('\n') + '\n');
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'out'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}, line 4, column "spend" (3): expected a number, got "lots"`);
    expect(filesIn(dir)).toEqual(['customers.csv']);
  });

  it('refuses a sep line that names no usable delimiter, naming the file and line 1', async () => {
    const { dir, file } = tempFile('customers.csv', ['sep=\\t', ...ROWS.map((row) => row.replaceAll(';', '\t'))].join('\n') + '\n');
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'out'), '-q']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`segmint: error: ${file}, line 1: "sep=\\\\t" names 2 characters as the delimiter; expected sep= and one character, e.g. sep=; (a tab as a real tab), or a header row\n`);
    expect(filesIn(dir)).toEqual(['customers.csv']);
  });

  it('segmint rfm reads transactions after it as it reads them without it', async () => {
    const transactions = ['Invoice;Customer;Date;Quantity;Price', '1;A;2024-01-05;2;2,95', '2;A;2024-02-05;1;10,50', '3;B;2024-01-15;3;1,00', '4;C;2024-03-01;1;99,99'];
    const plain = tempFile('tx.csv', transactions.join('\n') + '\n');
    const withSep = tempFile('tx.csv', ['sep=;', ...transactions].join('\n') + '\n');
    const expected = await runCli(['rfm', plain.file, '--as-of', '2024-03-02', '-q']);
    const run = await runCli(['rfm', withSep.file, '--as-of', '2024-03-02', '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(expected.stdout);
    expect(run.stdout.split('\n')[1]!.split(',').slice(0, 4)).toEqual(['A', '26', '2', '16.40']);
    // A bad date on the file's line 4.
    writeFileSync(withSep.file, ['sep=;', ...transactions.slice(0, 2), '2;A;2024-31-31;1;10,50'].join('\n') + '\n');
    const bad = await runCli(['rfm', withSep.file, '-q']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/tx\.csv, line 4, column "Date" \(3\): cannot parse the date "2024-31-31"/);
  });
  it('a sep line naming the wrong delimiter: the message says the header read as one column', async () => {
    const { dir, file } = tempFile('wrong.csv', ['sep=,', ...ROWS].join('\n') + '\n');
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'out')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`no column "income"; did you mean "name;income;spend"? columns: "name;income;spend" (the header read as one column, though it holds ";": if that separates its columns, give --delimiter semicolon, and fix or remove a sep= line that names another)`);
    expect(filesIn(dir)).toEqual(['wrong.csv']);
  });
});
