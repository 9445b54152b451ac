import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runCli, tempFile } from '../helpers/cli.js';

/** Colon-separated rows, a delimiter detection does not look for. */
const COLONS = ['id:income:spend', '1:10:20', '2:12:22', '3:11:21', '4:50:60', '5:52:61', '6:51:59'].join('\n') + '\n';

describe('--delimiter', () => {
  it('reads a file with a delimiter detection does not know, in fit, predict and rfm; segments.csv keeps it', async () => {
    const { dir, file } = tempFile('colons.csv', COLONS);
    const out = join(dir, 'out');
    const fit = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', out, '-q', '--delimiter', ':']);
    expect(fit.code).toBe(0);
    const lines = readFileSync(join(out, 'segments.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('id:income:spend:segment');
    const segments = lines.slice(1).map((line) => line.split(':').at(-1));
    expect(new Set(segments.slice(0, 3)).size).toBe(1);
    expect(new Set(segments.slice(3)).size).toBe(1);
    expect(segments[0]).not.toBe(segments[3]);
    // Without it the file reads as one column, and the message says what to give.
    const without = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'other'), '-q']);
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('(the header read as one column, though it holds ":": if that separates its columns, give --delimiter :, and fix or remove a sep= line that names another)');
    // So does automatic selection, which finds no numeric column in it.
    expect((await runCli(['fit', file, '-k', '2', '-o', join(dir, 'auto'), '-q'])).stderr).toMatch(/no numeric columns to cluster; .*give --delimiter :/);
    // The mini-batch fit (it streams the file) reads it the same way.
    const streamed = join(dir, 'streamed');
    expect((await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', streamed, '-q', '--algorithm', 'minibatch', '--delimiter', ':'])).code).toBe(0);
    expect(readFileSync(join(streamed, 'segments.csv'), 'utf8').split('\n')[0]).toBe('id:income:spend:segment');
    // model.json records it, and predict reads new rows so; a sep= line in the new file wins.
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'))).toMatchObject({ delimiter: ':' });
    const predicted = join(dir, 'predicted.csv');
    const predict = await runCli(['predict', join(out, 'model.json'), file, '-o', predicted, '-q']);
    expect(predict.code).toBe(0);
    expect(readFileSync(predicted, 'utf8')).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
    const semicolons = tempFile('semicolons.csv', `sep=;\n${COLONS.replaceAll(':', ';')}`);
    const withSep = join(semicolons.dir, 'p.csv');
    expect((await runCli(['predict', join(out, 'model.json'), semicolons.file, '-o', withSep, '-q'])).code).toBe(0);
    expect(readFileSync(withSep, 'utf8').split('\n')[1]).toBe('id;income;spend;segment');
    // The mini-batch fit records it too.
    expect(JSON.parse(readFileSync(join(dir, 'streamed', 'model.json'), 'utf8'))).toMatchObject({ delimiter: ':' });
    const transactions = tempFile('tx.csv', ['Invoice:Customer ID:InvoiceDate:Quantity:Price', '1:A:2011-01-05:2:5', '2:B:2011-01-06:1:3'].join('\n') + '\n');
    const unsplit = await runCli(['rfm', transactions.file, '-o', join(transactions.dir, 'rfm.csv'), '-q']);
    expect(unsplit.code).toBe(2);
    expect(unsplit.stderr).toContain('give --delimiter :');
    const rfm = await runCli(['rfm', transactions.file, '-o', join(transactions.dir, 'rfm.csv'), '-q', '--delimiter', ':']);
    expect(rfm.code).toBe(0);
    expect(readFileSync(join(transactions.dir, 'rfm.csv'), 'utf8').split('\n')[1]).toMatch(/^A,/);
  });

  it('takes names for awkward characters, and refuses what cannot be a delimiter', async () => {
    const { dir, file } = tempFile('tabs.csv', COLONS.replaceAll(':', '\t'));
    for (const name of ['tab', 'TAB', '\\t', '\t']) {
      const out = join(dir, `out-${name}`);
      const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', out, '-q', '--delimiter', name]);
      expect(run.code, name).toBe(0);
      // The report's command to run it again gives a tab by its name, which can be seen and typed.
      if (name === '\t') expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('-q --delimiter tab');
    }
    for (const bad of ['ab', '"', '', 'constructor', 'space']) {
      const run = await runCli(['fit', file, '-k', '2', '-o', join(dir, 'bad'), '--delimiter', bad]);
      expect(run.code, bad).toBe(2);
      expect(run.stderr).toContain(`option '--delimiter <char>' argument '${bad}' is invalid. expected one character other than a double quote, a line break or a byte-order mark, or comma, tab, \\t, semicolon, pipe, got ${JSON.stringify(bad)}`);
    }
    expect(filesIn(dir)).not.toContain('bad');
  });

  it('must agree with a sep= line: the file and line 1 are named, exit code 2, nothing written', async () => {
    const { dir, file } = tempFile('sep.csv', `sep=:\n${COLONS}`);
    const run = await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'out'), '--delimiter', ';']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}, line 1: "sep=:" says the delimiter is ":", but ";" was given; give ":" or none (the sep= line's is used), or remove the sep= line`);
    expect(filesIn(dir)).toEqual(['sep.csv']);
    expect((await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'out'), '-q', '--delimiter', ':'])).code).toBe(0);
    // Its sep= line alone gives the delimiter: the model records none (as the web app's would not).
    expect((await runCli(['fit', file, '-f', 'income,spend', '-k', '2', '-o', join(dir, 'sep-only'), '-q'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'sep-only', 'model.json'), 'utf8'))).not.toHaveProperty('delimiter');
  });
});
