import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model.js';
import { segmentCsv } from '../../src/pipeline/segment-csv.js';
import { filesIn, runBinary, runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV } from '../helpers/data.js';

const FEATURES = 'Annual Income (k$),Spending Score (1-100)';

describe('segmint fit', () => {
  it('reproduces scikit-learn on the Mall data (k = 5) and writes segments.csv and model.json', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '--features', FEATURES, '-k', '5', '--scale', 'none', '-o', out]);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json');
    expect(Math.abs(model.inertia - 44448.45544793369) / 44448.45544793369).toBeLessThan(1e-9);
    expect(model.segments.map((s) => s.size)).toEqual([81, 39, 35, 23, 22]);
    expect(model.features).toEqual(['Annual Income (k$)', 'Spending Score (1-100)']);
    expect(model).toMatchObject({ format: 'segmint-model', version: 1, k: 5, options: { seed: 0, nInit: 10 }, training: { file: 'mall_customers.csv', rows: 200 } });

    // Every input column, byte for byte (CRLF kept), plus the segment.
    const input = readFileSync(MALL_CSV, 'utf8').split('\r\n');
    const output = readFileSync(join(out, 'segments.csv'), 'utf8').split('\r\n');
    expect(output).toHaveLength(input.length);
    expect(output[0]).toBe(`${input[0]},segment`);
    for (let i = 1; i < input.length - 1; i++) expect(output[i]).toMatch(new RegExp(`^${input[i]},[1-5]$`));
    const counts = new Map<string, number>();
    for (const line of output.slice(1, -1)) counts.set(line.split(',').at(-1)!, (counts.get(line.split(',').at(-1)!) ?? 0) + 1);
    expect([...counts.entries()].sort()).toEqual([['1', 81], ['2', 39], ['3', 35], ['4', 23], ['5', 22]]);

    // The table on stdout: one line per segment, largest first, centroids in the feature units.
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/segment\s+name\s+size\s+share\s+Annual Income \(k\$\)\s+Spending Score \(1-100\)/);
    expect(lines[1]).toMatch(/^1\s+Average income and spending\s+81\s+40\.5%\s+55\.30\s+49\.52$/);
    expect(lines).toHaveLength(6);
    expect(run.stderr).toMatch(/^inertia 44448\.5 after \d+ iteration/m);
  });

  it('k = 3 and k = 4 match scikit-learn from the command line', async () => {
    for (const [k, inertia] of [[3, 106348.37306211122], [4, 73679.78903948836]] as const) {
      const out = tempDir();
      const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', String(k), '--scale', 'none', '-o', out, '--seed', '7', '-q']);
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const model = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'));
      expect(Math.abs(model.inertia - inertia) / inertia).toBeLessThan(1e-9);
    }
  });

  it('gives the same files for the same seed', async () => {
    const [a, b] = [tempDir(), tempDir()];
    await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '6', '-o', a, '--seed', '3', '--n-init', '2']);
    await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '6', '-o', b, '--seed', '3', '--n-init', '2']);
    for (const file of ['segments.csv', 'model.json']) {
      expect(readFileSync(join(a, file), 'utf8')).toBe(readFileSync(join(b, file), 'utf8'));
    }
  });

  it('reads the formatted numbers a spreadsheet exports and keeps their text in segments.csv', async () => {
    const dir = tempDir();
    const file = join(dir, 'export.csv');
    const lines = ['id,income,spend,balance', '1,"$1,234.50",12%,(5.00)', '2,"$2,345.00",40%,$10.00', '3,"$3,100.75",33%,$0.00', '4,$950.00,8%,($2.50)', '5,"$4,020.10",55%,$7.25', '6,"$1,500.00",20%,$1.00'];
    writeFileSync(file, lines.join('\n') + '\n');
    const run = await runCli(['fit', file, '-k', '2', '-o', join(dir, 'out'), '--no-report', '--no-charts']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^features \(automatic\): income, spend, balance\n/);
    const table = run.stdout.trim().split('\n').map((line) => line.split(/\s{2,}/));
    expect(table[0]).toEqual(['segment', 'name', 'size', 'share', 'income', 'spend', 'balance']);
    // The low-income rows 1, 4 and 6: means of 1234.50, 950 and 1500; of 12, 8 and 20; of -5, -2.50 and 1.
    expect(table.find((row) => row[2] === '3' && row[4] === '1228.17')?.slice(5)).toEqual(['13.33', '-2.17']);
    expect(readFileSync(join(dir, 'out', 'segments.csv'), 'utf8').split('\n').slice(0, 2)).toEqual(['id,income,spend,balance,segment', '1,"$1,234.50",12%,(5.00),1']);
  });

  it('takes a column whose name holds a comma in double quotes, and the report\'s command line quotes it so', async () => {
    const dir = tempDir();
    const file = join(dir, 'units.csv');
    writeFileSync(file, 'id,"Income, k$",Score\n' + Array.from({ length: 40 }, (_, i) => `${i},${(i % 4) * 20 + (i % 3)},${(i * 7) % 50}`).join('\n') + '\n');
    const unquoted = await runCli(['fit', file, '-f', 'Income, k$,Score', '-k', '2', '-o', join(dir, 'a')]);
    expect(unquoted.code).toBe(2);
    expect(unquoted.stderr).toContain(`no column "Income"; did you mean "Income, k$"? (in a list, a name with a comma goes in double quotes: '"Income, k$"')`);
    const run = await runCli(['fit', file, '-f', '"Income, k$",Score', '-k', '2', '-o', join(dir, 'b'), '--no-charts']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b', 'model.json'), 'utf8')).features).toEqual(['Income, k$', 'Score']);
    const segmented = await segmentCsv(readFileSync(file, 'utf8'), 'units.csv', { features: ['Income, k$', 'Score'], k: 2 });
    expect(segmented.command).toBe(`segmint fit units.csv --features '"Income, k$",Score' -k 2`);
    expect(segmented.labelledCsv).toBe(readFileSync(join(dir, 'b', 'segments.csv'), 'utf8'));
  });

  it('reads "15,000" as fifteen thousand when told the decimal point, and otherwise says it cannot tell', async () => {
    const dir = tempDir();
    const file = join(dir, 'mall.csv');
    // The Mall data with incomes in dollars, as a spreadsheet exports them: "15,000".
    const lines = readFileSync(MALL_CSV, 'utf8').trim().split(/\r?\n/);
    const dollars = (k: string) => `"${(Number(k) * 1000).toLocaleString('en-US')}"`;
    writeFileSync(file, [lines[0], ...lines.slice(1).map((line) => line.split(',').map((field, i) => (i === 3 ? dollars(field) : field)).join(','))].join('\n') + '\n');
    const guessed = await runCli(['fit', file, '-k', '5', '-o', join(dir, 'guessed'), '--no-report', '--no-charts']);
    expect(guessed.stderr).toContain(`not used: Annual Income (k$): text on line 2; "15,000" may be 15000 with a thousands separator or 15 with a decimal comma: give --decimal point (commas group thousands) or --decimal comma to say which`);
    const told = await runCli(['fit', file, '-f', FEATURES, '-k', '5', '--decimal', 'point', '-o', join(dir, 'told'), '-q']);
    const plain = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '-o', join(dir, 'plain'), '-q']);
    expect(told.code, told.stderr).toBe(0);
    // The same segments as the file in thousands; the table in dollars.
    const segmentsOf = (out: string) => readFileSync(join(dir, out, 'segments.csv'), 'utf8').trim().split(/\r?\n/).map((line) => line.split(',').at(-1));
    expect(segmentsOf('told')).toEqual(segmentsOf('plain'));
    expect(told.stdout.split('\n')[1]).toMatch(/\s55296\.30\s+49\.52$/);
    const streamed = await runCli(['fit', file, '-f', FEATURES, '-k', '5', '--decimal', 'point', '--algorithm', 'minibatch', '-o', join(dir, 'streamed'), '-q']);
    expect(streamed.stdout.split('\n')[1]).toMatch(/\s55296\.30\s+49\.52$/);
    // The model keeps the mark: predict reads the same file the same way.
    expect(JSON.parse(readFileSync(join(dir, 'told', 'model.json'), 'utf8')).decimal).toBe('point');
    const predicted = await runCli(['predict', join(dir, 'told', 'model.json'), file, '-q']);
    expect(predicted.stdout).toBe(readFileSync(join(dir, 'told', 'segments.csv'), 'utf8'));
  });

  it('says where decimal commas outside a semicolon file are why a column is not numbers', async () => {
    const dir = tempDir();
    const file = join(dir, 'kunden.tsv');
    writeFileSync(file, 'kunde\tgewicht_kg\tpreis\tbesuche\nA\t0,125\t1,99\t3\nB\t1,250\t2,49\t5\nC\t2,5\t10,00\t2\nD\t0,75\t3,10\t8\n');
    const hint = (value: string) => `"${value}" would be a number written with a decimal comma, which segmint reads in semicolon-separated files, or when given --decimal comma (decimal: 'comma' in the library)`;
    const auto = await runCli(['fit', file, '-k', '2', '-o', join(dir, 'auto'), '--no-report', '--no-charts']);
    expect(auto.code).toBe(0);
    expect(auto.stderr).toContain(`  not used: gewicht_kg: text on line 2; ${hint('0,125')}\n`);
    for (const algorithm of ['lloyd', 'minibatch']) {
      const named = await runCli(['fit', file, '-k', '2', '-f', 'preis,besuche', '--algorithm', algorithm, '-o', join(dir, algorithm), '--no-report', '--no-charts']);
      expect(named.stderr, algorithm).toContain(`warning: column "preis" is encoded as categories; ${hint('1,99')}\n`);
    }
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'a,b\n1,2\n3,4\n5,"6,5"\n7,8\n');
    const failed = await runCli(['fit', mixed, '-k', '2', '-f', 'a,b', '-o', join(dir, 'mixed')]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain(`column "b" (2): expected a number, got "6,5" (1 of 4 values in this column are not numbers; if it holds categories, declare it categorical; ${hint('6,5')})`);
    // Months written as German exports write them read as 7.2024 and the like: dates, left out.
    const months = join(dir, 'monate.tsv');
    writeFileSync(months, 'kunde\tmonat\tbesuche\tumsatz\nA\t07.2024\t3\t120\nB\t11.2023\t5\t80\nC\t01.2024\t2\t300\nD\t12.2024\t8\t95\n');
    const dated = await runCli(['fit', months, '-k', '2', '-o', join(dir, 'months'), '--no-report', '--no-charts']);
    expect(dated.stderr).toContain('features (automatic): besuche, umsatz\n');
    expect(dated.stderr).toContain('  not used: monat: dates (months written as 07.2024, not a measure)\n');
    // Numbers that merely read like them ("10.2" is month 10 of 2000 as a number) are numbers.
    const sizes = join(dir, 'sizes.csv');
    writeFileSync(sizes, 'size,spend\n10.2,5\n8.2,7\n12.2,9\n6.2,2\n4.2,8\n');
    expect((await runCli(['fit', sizes, '-k', '2', '-o', join(dir, 'sizes'), '--no-report', '--no-charts'])).stderr).toContain('features (automatic): size, spend\n');
    const tx = join(dir, 'tx.tsv');
    writeFileSync(tx, 'Invoice\tCustomer\tDate\tQuantity\tPrice\n1\tA\t2024-01-05\t2\t2,95\n');
    const rfm = await runCli(['rfm', tx]);
    expect(rfm.code).toBe(2);
    expect(rfm.stderr).toBe(`segmint: error: ${tx}, line 2, column "Price" (5): expected a number, got "2,95"; ${hint('2,95')}\n`);
    // Told so, every reader reads them: fit, the streamed fit, predict (from the model), rfm.
    const told = await runCli(['fit', file, '-k', '2', '--decimal', 'comma', '-o', join(dir, 'told'), '--no-report', '--no-charts']);
    expect(told.code).toBe(0);
    expect(told.stderr).toContain('features (automatic): gewicht_kg, preis, besuche\n');
    // "1,250" is one and a quarter here: the light segment's mean weight is (0.125 + 1.25 + 0.75) / 3.
    expect(told.stdout.split('\n')[1]!.split(/\s{2,}/).slice(4)).toEqual(['0.71', '2.53', '5.33']);
    const streamed = await runCli(['fit', file, '-k', '2', '--decimal', 'comma', '--algorithm', 'minibatch', '-o', join(dir, 'told-mb'), '--no-report', '--no-charts']);
    expect(streamed.stdout.split('\n')[1]!.split(/\s{2,}/).slice(4)).toEqual(['0.71', '2.53', '5.33']);
    const model = JSON.parse(readFileSync(join(dir, 'told', 'model.json'), 'utf8'));
    expect(model.decimal).toBe('comma');
    expect(JSON.parse(readFileSync(join(dir, 'told-mb', 'model.json'), 'utf8')).decimal).toBe('comma');
    expect(JSON.parse(readFileSync(join(dir, 'auto', 'model.json'), 'utf8')).decimal).toBeUndefined();
    const batch = join(dir, 'neu.tsv');
    writeFileSync(batch, 'kunde\tgewicht_kg\tpreis\tbesuche\nX\t2,5\t10,00\t2\n');
    const predicted = await runCli(['predict', join(dir, 'told', 'model.json'), batch]);
    expect(predicted.stdout).toBe(`kunde\tgewicht_kg\tpreis\tbesuche\tsegment\nX\t2,5\t10,00\t2\t${readFileSync(join(dir, 'told', 'segments.csv'), 'utf8').split('\n')[3]!.split('\t').at(-1)}\n`);
    expect((await runCli(['predict', join(dir, 'told', 'model.json'), batch, '--decimal', 'point'])).code).toBe(2);
    // A batch of another separator is read with the model's mark, and told so.
    const other = join(dir, 'batch.csv');
    writeFileSync(other, 'kunde,gewicht_kg,preis,besuche\nY,"2,5","10,00",2\n');
    const crossed = await runCli(['predict', join(dir, 'told', 'model.json'), other]);
    expect(crossed.stderr).toContain(`${other}: read with decimal commas, as the model's training file was (model.json "decimal"), not as its separator would say; give --decimal to read it otherwise\n`);
    expect(crossed.stdout.split('\n')[1]).toBe(`Y,"2,5","10,00",2,${predicted.stdout.split('\n')[1]!.split('\t').at(-1)}`);
    // Only decimal-comma columns: the error says why there are no numeric ones.
    const only = join(dir, 'only.tsv');
    writeFileSync(only, 'a\tb\n1,5\t2,5\n8,5\t9,5\n2,5\t1,5\n');
    expect((await runCli(['fit', only, '-k', '2', '-o', join(dir, 'only')])).stderr).toContain(`no numeric columns to cluster; give --features (columns: "a", "b"); column "a": text on line 2; ${hint('1,5')}\n`);
    // A semicolon file read with points as told: the hint says so.
    const semi = join(dir, 'tx.csv');
    writeFileSync(semi, 'Invoice;Customer;Date;Quantity;Price\n1;A;2024-01-05;2;2,95\n');
    expect((await runCli(['rfm', semi, '--decimal', 'point'])).stderr).toContain('"2,95" would be a number written with a decimal comma, but this semicolon-separated file was read with decimal points as told (--decimal point, or a model\'s "decimal"); give --decimal comma to read them\n');
    // One column of decimal commas: not split at its commas.
    const single = join(dir, 'single.csv');
    writeFileSync(single, 'spend\n1,5\n2,5\n8,5\n9,5\n');
    const one = await runCli(['fit', single, '--decimal', 'comma', '-k', '2', '-o', join(dir, 'single'), '--no-report', '--no-charts']);
    expect(one.code).toBe(0);
    expect(one.stdout.split('\n').slice(1, 3).map((line) => line.split(/\s{2,}/).at(-1))).toEqual(['2', '9']);
    expect((await segmentCsv('spend\n1,5\n2,5\n8,5\n9,5\n', 'single.csv', { decimal: 'comma', k: 2 })).model.segments.map((s) => Number(s.centroid[0]!.toFixed(9)))).toEqual([2, 9]);
    const rfmTold = await runCli(['rfm', tx, '--decimal', 'comma', '-q']);
    expect(rfmTold.stdout.split('\n')[1]).toMatch(/^A,\d+,1,5\.90,/);
    expect((await runCli(['fit', file, '--decimal', 'komma'])).stderr).toMatch(/--decimal <mark>' argument 'komma' is invalid\. Allowed choices are point, comma/);
  });

  it('warns, in fit and in the streamed fit, when a semicolon file\'s points may separate thousands', async () => {
    const dir = tempDir();
    const file = join(dir, 'umsatz.csv');
    writeFileSync(file, 'id;umsatz;besuche;gewicht\n1;1.234;3;0,5\n2;950;5;1,25\n3;12.500;2;2\n4;2.100;8;0,75\n5;3.300;1;1,5\n6;700;4;2,25\n');
    const warning = 'warning: column "umsatz": values such as "1.234" (line 2) are read as decimals (1.234), where a file written with decimal commas may mean 1234; if its points separate thousands, save the file without thousands separators\n';
    for (const algorithm of ['lloyd', 'minibatch']) {
      const run = await runCli(['fit', file, '-k', '2', '--algorithm', algorithm, '-o', join(dir, algorithm), '--no-report', '--no-charts']);
      expect(run.code).toBe(0);
      expect(run.stderr, algorithm).toContain(warning);
    }
    // Not a feature: no warning.
    const other = await runCli(['fit', file, '-k', '2', '-f', 'besuche,gewicht', '-o', join(dir, 'other'), '--no-report', '--no-charts']);
    expect(other.stderr).not.toMatch(/umsatz/);
    // Beside a value that groups thousands with points, "1.500" read as 1.5 is a number on another scale: an error.
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'kunde;umsatz;alter\n1;250;30\n2;1.500;41\n3;800;25\n4;1.500.000;52\n5;12.000;33\n');
    for (const algorithm of ['lloyd', 'minibatch']) {
      const run = await runCli(['fit', mixed, '-k', '2', '--algorithm', algorithm, '-o', join(dir, `mixed-${algorithm}`)]);
      expect(run.code, algorithm).toBe(2);
      expect(run.stderr).toContain(`segmint: error: ${mixed}: column "umsatz" reads "1.500" (line 3) as 1.5, yet "1.500.000" (line 5) groups thousands with points: its points separate thousands, and "1.500" means 1500; save the file without thousands separators\n`);
      expect(filesIn(dir)).not.toContain(`mixed-${algorithm}`);
    }
    // predict refuses such rows too, with a model fitted on clean ones.
    const clean = join(dir, 'clean.csv');
    writeFileSync(clean, 'kunde;umsatz;alter\n1;250;30\n2;1500;41\n3;800;25\n4;12000;52\n5;9000;33\n');
    expect((await runCli(['fit', clean, '-k', '2', '-o', join(dir, 'clean-fit'), '-q', '--no-report', '--no-charts'])).code).toBe(0);
    const predicted = await runCli(['predict', join(dir, 'clean-fit', 'model.json'), mixed]);
    expect(predicted.code).toBe(2);
    expect(predicted.stderr).toContain('column "umsatz" reads "1.500" (line 3) as 1.5, yet "1.500.000" (line 5) groups thousands with points');
    // A point decimal beside a comma number: "1,250" would read 1.25.
    const both = join(dir, 'both.csv');
    writeFileSync(both, 'kunde;umsatz;alter\n1;12.99;30\n2;1,250;41\n3;980.00;25\n');
    const refused = await runCli(['fit', both, '-k', '2', '-o', join(dir, 'both-fit')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('column "umsatz" writes decimals with a point ("12.99", line 2), yet "1,250" (line 3) writes decimals with a comma');
  });

  it('with k chosen at the end of the range scanned, suggests a wider one', async () => {
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '--k-range', '2..4', '--no-gap', '-o', tempDir(), '--no-report', '--no-charts']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/\(segmint k shows every metric\)\nnote: k = 4 is the largest k tried; more segments may score better: try --k-range 2..8\n/);
    const model = JSON.parse(readFileSync(join(run.stderr.match(/wrote (.*)\/segments\.csv/)![1]!, 'model.json'), 'utf8'));
    expect(model.kSelection.reasons).toContain('k = 4 is the largest k scanned: larger ks were not tried and may score better');
  });

  it('--no-report --no-charts skips the charts and the silhouette but writes the same model, segments and table', async () => {
    const [full, bare] = [tempDir(), tempDir()];
    const a = await runCli(['fit', MALL_CSV, '-k', '5', '-o', full, '--n-init', '2', '-q']);
    const b = await runCli(['fit', MALL_CSV, '-k', '5', '-o', bare, '--n-init', '2', '-q', '--no-report', '--no-charts']);
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
    for (const file of ['segments.csv', 'model.json']) {
      expect(readFileSync(join(bare, file), 'utf8')).toBe(readFileSync(join(full, file), 'utf8'));
    }
  });

  it('predict with the saved model returns the training segments', async () => {
    const out = tempDir();
    await runCli(['fit', MALL_CSV, '-f', 'annual income (k$),SPENDING SCORE (1-100)', '-k', '5', '-o', out, '-q']);
    const predicted = await runCli(['predict', join(out, 'model.json'), MALL_CSV, '-q']);
    expect(predicted.code).toBe(0);
    expect(predicted.stdout).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
    const file = join(out, 'labelled.csv');
    const written = await runCli(['predict', join(out, 'model.json'), MALL_CSV, '-o', file]);
    expect(readFileSync(file, 'utf8')).toBe(predicted.stdout);
    expect(written.stdout).toBe('');
    expect(written.stderr).toMatch(/labelled 200 rows with 5 segments/);
  });

  it('predict refuses to write over its data or its model, or under a file', async () => {
    const dir = tempDir();
    const data = join(dir, 'data.csv');
    copyFileSync(MALL_CSV, data);
    await runCli(['fit', data, '-f', FEATURES, '-k', '5', '-o', dir, '--no-report', '--no-charts', '-q']);
    const model = join(dir, 'model.json');
    const before = ['data.csv', 'model.json', 'segments.csv'].map((name) => readFileSync(join(dir, name), 'utf8'));
    writeFileSync(join(dir, 'afile'), '');
    const cases: [string, string][] = [
      [data, `output "${data}" is the input file; choose another output path`],
      [model, `output "${model}" is the input file; choose another output path`],
      [join(dir, 'afile', 'x.csv'), `cannot write "${join(dir, 'afile', 'x.csv')}": "${join(dir, 'afile')}" is a file, not a directory`],
    ];
    for (const [output, message] of cases) {
      const run = await runCli(['predict', model, data, '-o', output, '-q']);
      expect(run.stderr).toBe(`segmint: error: ${message}\n`);
      expect(run.code).toBe(2);
    }
    expect(filesIn(dir)).toEqual(['.segmint-files', 'afile', 'data.csv', 'model.json', 'segments.csv']);
    expect(['data.csv', 'model.json', 'segments.csv'].map((name) => readFileSync(join(dir, name), 'utf8'))).toEqual(before);
  });

  it('--precision f32 fits the features rounded to f32, records it in the model, and predict stores rows the same way', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '--precision', 'f32', '-o', out, '-q']);
    expect(run.code).toBe(0);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'model.json');
    // Version 2: a segmint that knows only version 1 would predict in f64; it refuses instead.
    expect([model.options.precision, model.version]).toEqual(['f32', 2]);
    const f64 = tempDir();
    await runCli(['fit', MALL_CSV, '-f', FEATURES, '-k', '5', '-o', f64, '-q']);
    const model64 = parseModel(readFileSync(join(f64, 'model.json'), 'utf8'), 'model.json');
    expect([model64.options.precision, model64.version]).toEqual(['f64', 1]);
    // Standardized features rounded to 7 digits: the same segments, a slightly different inertia.
    expect(model.segments.map((s) => s.size)).toEqual(model64.segments.map((s) => s.size));
    expect(model.inertia).not.toBe(model64.inertia);
    expect(Math.abs(model.inertia - model64.inertia) / model64.inertia).toBeLessThan(1e-6);
    const predicted = await runCli(['predict', join(out, 'model.json'), MALL_CSV, '-q']);
    expect(predicted.stdout).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
  });

  it('keeps a byte-order mark and non-ASCII names in segments.csv and in predict output', async () => {
    const dir = tempDir();
    const file = join(dir, 'bom.csv');
    writeFileSync(file, '\ufeffGröße,Straße\r\n1,2\r\n2,1\r\n10,12\r\n11,10\r\n');
    expect((await runCli(['fit', file, '-k', '2', '-o', join(dir, 'out'), '-q'])).code).toBe(0);
    const segments = readFileSync(join(dir, 'out', 'segments.csv'), 'utf8');
    expect(segments.startsWith('\ufeffGröße,Straße,segment\r\n')).toBe(true);
    const predicted = await runCli(['predict', join(dir, 'out', 'model.json'), file, '-q']);
    expect(predicted.stdout).toBe(segments);
  });

  it('warns about an identifier given as a feature, uses it, and says so in report.html', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', 'CustomerID,Age', '-k', '3', '-o', out, '--no-charts', '-q']);
    expect(run.code).toBe(0);
    const warning = '"CustomerID" looks like an identifier (by its name); segments by it mean little';
    expect(run.stderr).toBe(`warning: ${warning}\n`);
    expect(parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm').features).toEqual(['CustomerID', 'Age']);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('looks like an identifier (by its name)');
    // Declared categorical, an id is a category the user means to segment by.
    const stores = join(out, 'stores.csv');
    writeFileSync(stores, 'StoreID,spend\n1,10\n2,12\n1,50\n2,52\n');
    const declared = await runCli(['fit', stores, '-f', 'spend', '--categorical', 'StoreID', '-k', '2', '-o', join(out, 'stores'), '--no-report', '--no-charts', '-q']);
    expect(declared.code).toBe(0);
    expect(declared.stderr).toBe('');
  });

  it('prints a segment of 1 in 3017 as <0.1%, and a zero inertia as 0, not its rounding', async () => {
    const dir = tempDir();
    const file = join(dir, 'three.csv');
    const points = ['0.13,7.77', '3.1,0.71', '9.9,2.2'];
    writeFileSync(file, ['a,b', ...Array.from({ length: 3017 }, (_, i) => points[i === 0 ? 2 : i % 2])].join('\n') + '\n');
    const run = await runCli(['fit', file, '-k', '3', '-o', join(dir, 'out'), '--no-report', '--no-charts']);
    expect(run.stdout.split('\n').slice(1, 4).map((line) => line.split(/\s{2,}/).slice(3))).toEqual([
      ['50.0%', '0.13', '7.77'],
      ['50.0%', '3.10', '0.71'],
      ['<0.1%', '9.90', '2.20'],
    ]);
    expect(run.stderr).toMatch(/^inertia 0 after 1 iteration\(s\)$/m);
  });

  it('reads an Excel CSV with a delimiter at the end of every line, says so, and fills that empty field with the segment', async () => {
    const dir = tempDir();
    const file = join(dir, 'excel.csv');
    writeFileSync(file, readFileSync(MALL_CSV, 'utf8').replaceAll('\r\n', ',\r\n'));
    const run = await runCli(['fit', file, '-f', FEATURES, '-k', '5', '-o', join(dir, 'out'), '--no-report', '--no-charts']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^.*excel\.csv: ignored an empty last column \(a delimiter at the end of every line\)$/m);
    const input = readFileSync(file, 'utf8').split('\r\n');
    const output = readFileSync(join(dir, 'out', 'segments.csv'), 'utf8').split('\r\n');
    expect(output[0]).toBe(`${input[0]}segment`);
    for (let i = 1; i < input.length - 1; i++) expect(output[i]).toMatch(new RegExp(`^${input[i]!.replace(/[()$]/g, '\\$&')}[1-5]$`));
    const predicted = await runCli(['predict', join(dir, 'out', 'model.json'), file]);
    expect(predicted.stdout).toBe(readFileSync(join(dir, 'out', 'segments.csv'), 'utf8'));
    expect(predicted.stderr).toMatch(/excel\.csv: ignored an empty last column/);
    // segments.csv reads back: predict labels it the same, in a column of its own.
    const again = await runCli(['predict', join(dir, 'out', 'model.json'), join(dir, 'out', 'segments.csv'), '-q']);
    expect(again.code).toBe(0);
    expect(again.stdout.split('\r\n')[1]).toMatch(/^0001,Male,19,15,39,(\d),\1$/);
  });

  it('segments, charts and reports a fit whose second cluster stayed empty (its profile drawn as 0), with the warning', async () => {
    const dir = tempDir();
    const file = join(dir, 'tiny.csv');
    writeFileSync(file, 'x\n0\n1e-170\n2e-170\n3e-170\n4e-170\n');
    const run = await runCli(['fit', file, '-k', '2', '--scale', 'none', '-o', dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: 1 of the k=2 clusters ended with no rows');
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('Empty');
  });

  it('says when options for choosing k are given with k', async () => {
    const run = await runCli(['fit', MALL_CSV, '-k', '3', '--k-range', '2..4', '--gap-b', '5', '-o', tempDir(), '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: --k-range, --gap-b are for choosing k; -k 3 was given, so they are not used\n');
  });

  it('keeps a column already named "segment", names the new one apart and says so (even with -q)', async () => {
    const dir = tempDir();
    const file = join(dir, 'in.csv');
    writeFileSync(file, 'x,segment\n1,a\n2,b\n10,c\n11,d\n');
    const run = await runCli(['fit', file, '-f', 'x', '-k', '2', '-o', dir, '-q']);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, 'segments.csv'), 'utf8').split('\n')[0]).toBe('x,segment,segment_2');
    expect(run.stderr).toBe('warning: the file has a column "segment" already (kept as it is): the segments are in the column "segment_2"\n');
  });
});

describe('segmint demo', () => {
  it('runs the bundled Mall data with k = 5 through the built executable', () => {
    const out = tempDir();
    const run = runBinary(['demo', '-o', out]);
    expect(run.stderr).toMatch(/Mall Customers/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(6);
    expect(filesIn(out)).toEqual(expect.arrayContaining(['model.json', 'segments.csv', 'report.html', 'charts/scatter.png']));
  });
});

const numeric = (name: string) => ({ name, kind: 'numeric', fill: 0, clip: null });

/** A valid model over columns a and b, with parts replaced. */
function handModel(parts: Record<string, unknown> = {}) {
  return {
    format: 'segmint-model', version: 1, segmintVersion: '0.1.0', features: ['a', 'b'], missing: [''],
    preparation: { inputs: [numeric('a'), numeric('b')], outputs: ['a', 'b'], scale: 'none', center: [0, 0], scaleBy: [1, 1] },
    k: 1, segments: [{ id: 1, size: 3, centroid: [1, 2], scaledCentroid: [1, 2] }],
    inertia: 0, iterations: 1, converged: true, options: {}, training: { file: 'x.csv', rows: 3, usedRows: 3 },
    ...parts,
  };
}

describe('bad input exits 2, names the problem and writes nothing', () => {
  const dir = tempDir();
  const write = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const good = write('good.csv', 'id,a,b\n1,1,2\n2,3,4\n3,5,6\n');
  const cases: [string, string[], RegExp][] = [
    ['a missing file', ['fit', join(dir, 'nope.csv'), '-f', 'a', '-k', '2'], /cannot read ".*nope\.csv": no such file/],
    ['a directory', ['fit', dir, '-f', 'a', '-k', '2'], /it is a directory/],
    ['a path through a file', ['fit', join(good, 'x.csv'), '-f', 'a', '-k', '2'], /cannot read ".*good\.csv\/x\.csv": ".*good\.csv" is a file, not a directory/],
    ['k above the number of rows', ['fit', good, '-f', 'a,b', '-k', '5'], /good\.csv: k=5 segments need at least 5 rows; it has 3 to cluster$/m],
    ['k above the distinct rows', ['fit', write('twins.csv', 'a,b\n1,2\n1,2\n3,4\n3,4\n'), '-k', '3'], /twins\.csv: its 4 rows have only 2 distinct combinations of feature values; k=3 segments need at least 3 \(fewer segments, or more features\)/],
    ['one distinct row, k chosen', ['fit', write('same.csv', 'a,b\n1,2\n1,2\n1,2\n')], /same\.csv: every selected column is constant; nothing to cluster/],
    ['too few rows to choose k', ['fit', write('two.csv', 'a,b\n1,2\n3,5\n')], /two\.csv: choosing k from 2 on needs at least 3 rows to cluster; it has 2: give k \(-k on the command line\)$/m],
    ['k of 0', ['fit', good, '-f', 'a', '-k', '0'], /option '-k, --k <n>' argument '0' is invalid\. expected an integer >= 1/],
    ['k not a number', ['fit', good, '-f', 'a', '-k', 'five'], /expected an integer >= 1, got "five"/],
    ['a -k that is neither a number nor auto', ['fit', good, '-f', 'a', '-k', 'many'], /option '-k, --k <n>' argument 'many' is invalid\. expected an integer >= 1, got "many"/],
    ['a misspelt column', ['fit', good, '-f', 'aa', '-k', '2'], /good\.csv: no column "aa"; did you mean "a"\? columns: "id", "a", "b"/],
    ['a column index out of range', ['fit', good, '-f', '7', '-k', '2'], /column 7 is out of range; the file has columns 1\.\.3/],
    ['a text value in a numeric column', ['fit', write('text.csv', 'a,b\n1,2\n3,x4\n5,6\n'), '-f', 'a,b', '-k', '2'], /text\.csv, line 3, column "b" \(2\): expected a number, got "x4" \(1 of 3 values/],
    ['a text value in a numeric column, features chosen automatically', ['fit', write('text2.csv', 'a,b\n1,2\n3,x4\n5,6\n'), '-k', '2'], /text2\.csv, line 3, column "b" \(2\): expected a number, got "x4"/],
    ['a column that is entirely missing', ['fit', write('blank.csv', 'a,b\n1,\n3,NA\n5,?\n'), '-f', 'a,b', '-k', '2'], /blank\.csv, column "b" \(2\): every value is missing/],
    ['a line of many megabytes', ['fit', write('long.csv', `a,b\n1,2\n${'9'.repeat(17 * 1024 * 1024)}\n`), '-k', '1'], /long\.csv, line 3: longer than 16 MiB without a line break/],
    ['binary garbage after a text start', ['fit', write('late.csv', Buffer.concat([Buffer.from(`a,b\n${'1,2\n'.repeat(60000)}`), Buffer.from([0, 0, 0xff])])), '-k', '1'], /late\.csv: not a text CSV file \(a NUL byte at character 240004\)/],
    ['a bad --impute', ['fit', good, '-f', 'a', '-k', '1', '--impute', 'average'], /expected drop, mean, median, mode or constant=<value>, got "average"/],
    ['a bad --scale', ['fit', good, '-f', 'a', '-k', '1', '--scale', 'zscore'], /argument 'zscore' is invalid\. Allowed choices are standard, minmax, robust, none/],
    ['a bad --clip', ['fit', good, '-f', 'a', '-k', '1', '--clip', '0.7'], /expected a quantile in \[0, 0\.5\)/],
    ['no numeric column to choose', ['fit', write('words.csv', 'a,b\nx,y\nz,w\n'), '-k', '1'], /words\.csv: no numeric columns to cluster; give --features/],
    ['--impute drop leaving one row', ['fit', write('holes.csv', 'a,b\n1,\n,3\n4,5\n,\n'), '-k', '1', '--impute', 'drop'], /holes\.csv: leaving out the rows with a missing value \(--impute drop\) leaves 1 of its 4 rows; expected at least 2/],
    ['too many rows dropped for k', ['fit', write('sparse.csv', 'a,b\n1,2\nNA,3\n4,NA\n6,7\n'), '-k', '3', '--impute', 'drop'], /sparse\.csv: k=3 segments need at least 3 rows; it has 2 to cluster/],
    ['a ragged row', ['fit', write('ragged.csv', 'a,b\n1,2\n3,4,5\n'), '-f', 'a', '-k', '1'], /ragged\.csv, line 3: 3 fields; expected 2 like the header/],
    ['an empty file', ['fit', write('empty.csv', ''), '-f', 'a', '-k', '1'], /empty\.csv: the file is empty/],
    ['a header only', ['fit', write('header.csv', 'a,b\r\n'), '-f', 'a', '-k', '1'], /header\.csv: the header is the only row/],
    ['a value in an unnamed last column', ['fit', write('unnamed.csv', 'a,b,\n1,2,\n3,4,x\n'), '-k', '1'], /unnamed\.csv, line 3, column 3: "x" in a column with no name in the header \(line 1\); expected a name for every column that holds values/],
    ['a duplicate column name', ['fit', write('dup.csv', 'a,b,a\n1,2,3\n'), '-f', 'b', '-k', '1'], /dup\.csv, line 1: column name "a" appears twice \(columns 1 and 3\)/],
    ['UTF-16 text', ['fit', write('utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n3,4\n', 'utf16le')])), '-k', '1'], /utf16\.csv: UTF-16 text \(a NUL byte beside each character\); expected UTF-8: save it as UTF-8/],
    ['UTF-16 text without a byte-order mark', ['fit', write('utf16be.csv', Buffer.from('a,b\n1,2\n3,4\n', 'utf16le').swap16()), '-k', '1'], /utf16be\.csv: UTF-16 text/],
    ['lines ended by a lone carriage return', ['fit', write('mac.csv', 'a,b\r1,2\r3,4\r5,6\r'), '-k', '1'], /mac\.csv: its lines end with a carriage return alone \(classic Mac OS\); expected line feeds/],
    ['binary garbage', ['fit', write('garbage.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2, 10, 3, 0])), '-f', 'a', '-k', '1'], /garbage\.csv: not a text CSV file \(a NUL byte at character 4\)/],
    ['an unclosed quote', ['fit', write('quote.csv', 'a,b\n1,"2\n3,4\n'), '-f', 'a', '-k', '1'], /quote\.csv, line 2: a quoted field is never closed/],
    ['a bad --tol', ['fit', good, '-f', 'a', '-k', '1', '--tol', '-1'], /expected a number >= 0, got "-1"/],
    ['a --tol in hexadecimal', ['fit', good, '-f', 'a', '-k', '1', '--tol', '0x10'], /expected a number >= 0, got "0x10"/],
    ['an unknown option', ['fit', good, '-f', 'a', '-k', '1', '--seeds', '3'], /unknown option '--seeds'/],
    ['an unknown precision', ['fit', good, '-f', 'a', '-k', '1', '--precision', 'f16'], /option '--precision <p>' argument 'f16' is invalid\. Allowed choices are f64, f32/],
    ['--precision f32 with minibatch', ['fit', good, '-f', 'a', '-k', '1', '--precision', 'f32', '--algorithm', 'minibatch'], /--precision f32 is for the fits that hold the rows in memory; --algorithm minibatch streams them/],
    ['a value beyond f32 with --precision f32', ['fit', write('huge.csv', 'a,b\n1,2\n3,4e39\n'), '-f', 'a,b', '-k', '1', '--precision', 'f32', '--scale', 'none'], /huge\.csv, line 3, feature "b" as prepared \(none scaling\) is 4e\+39: beyond the range precision 'f32' can store/],
    ['an unknown command', ['fitt', good], /unknown command 'fitt'/],
    ['predict with a missing model', ['predict', join(dir, 'none.json'), good], /cannot read ".*none\.json"/],
    ['predict with a model that is not JSON', ['predict', write('bad.json', '{"format": '), good], /bad\.json: not valid JSON/],
    ['predict with a model of the wrong shape', ['predict', write('shape.json', JSON.stringify(handModel({ segments: [{ id: 1, size: 1, centroid: [1], scaledCentroid: [1] }] }))), good], /shape\.json: segments\[0\]\.scaledCentroid must be 2 finite numbers/],
    ['predict with a model without its preparation', ['predict', write('prep.json', JSON.stringify(handModel({ preparation: undefined }))), good], /prep\.json: "preparation" is missing/],
    ['predict with a model of a zero scale', ['predict', write('zero.json', JSON.stringify(handModel({ preparation: { ...handModel().preparation, scaleBy: [1, 0] } }))), good], /zero\.json: "preparation\.center" and "preparation\.scaleBy" must hold 2 finite numbers/],
    ['predict with a model of a negative scale', ['predict', write('neg.json', JSON.stringify(handModel({ preparation: { ...handModel().preparation, scaleBy: [1, -2] } }))), good], /neg\.json: .*must hold 2 finite numbers \(scaleBy positive\)$/m],
    ['predict with a model of an unknown scaling', ['predict', write('weird.json', JSON.stringify(handModel({ preparation: { ...handModel().preparation, scale: 'weird' } }))), good], /weird\.json: "preparation\.scale" is "weird"; expected one of standard, minmax, robust, none$/m],
    ['predict with a model whose clip bounds cross', ['predict', write('cross.json', JSON.stringify(handModel({ preparation: { ...handModel().preparation, inputs: [{ ...numeric('a'), clip: [5, 1] }, numeric('b')] } }))), good], /cross\.json: preparation\.inputs\[0\]\.clip must be \[low, high\] \(low <= high\) or null$/m],
    ['predict with a model of two segments under one id', ['predict', write('twice.json', JSON.stringify(handModel({ k: 2, segments: [{ id: 1, size: 1, centroid: [1, 2], scaledCentroid: [1, 2] }, { id: 1, size: 2, centroid: [3, 4], scaledCentroid: [3, 4] }] }))), good], /twice\.json: "segments" ids \[1,1\] repeat; expected one number per segment$/m],
    ['predict with a newer model', ['predict', write('new.json', JSON.stringify({ format: 'segmint-model', version: 99 })), good], /new\.json: model version 99 is newer than this segmint reads \(versions 1 to 2\); upgrade segmint$/m],
    ['predict with a whole model of a newer version', ['predict', write('v3.json', JSON.stringify(handModel({ version: 3 }))), good], /v3\.json: model version 3 is newer than this segmint reads \(versions 1 to 2\); upgrade segmint$/m],
    ['predict with a model of an unknown decimal mark', ['predict', write('dec.json', JSON.stringify(handModel({ decimal: 'dot' }))), good], /dec\.json: "decimal" is "dot"; expected "point" or "comma"$/m],
    ['predict with a model whose delimiter is no delimiter', ['predict', write('delim.json', JSON.stringify(handModel({ delimiter: '::' }))), good], /delim\.json: "delimiter" is "::"; expected one character other than a double quote, a line break or a byte-order mark$/m],
    ['predict on a file without the model\'s columns', ['predict', write('m.json', JSON.stringify(handModel({ features: ['a', 'zz'], preparation: { ...handModel().preparation, inputs: [numeric('a'), numeric('zz')], outputs: ['a', 'zz'] } }))), good], /good\.csv: no column "zz", which the model uses; did you mean "id"\? columns: "id", "a", "b"$/m],
    ['predict with a text value in a numeric column', ['predict', write('ok.json', JSON.stringify(handModel())), write('text3.csv', 'b,a\n1,2\n3,x\n5,6\n')], /text3\.csv, line 3, column "a" \(2\): expected a number, got "x" \(1 of 3 values in this column are not numbers; the model was fitted with this column as numeric\)$/m],
  ];
  for (const [name, args, message] of cases) {
    it(name, async () => {
      const out = tempDir();
      const withOutput = args[0] === 'fit' ? [...args, '-o', out] : [...args, '-o', join(out, 'x.csv')];
      const run = await runCli(withOutput);
      expect(run.stderr).toMatch(message);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(filesIn(out)).toEqual([]);
    });
  }

  it('reads a model.json that an editor saved with a byte-order mark', async () => {
    const run = await runCli(['predict', write('bom.json', `\ufeff${JSON.stringify(handModel())}`), good]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('segment');
  });

  it('refuses a pipe, which it could read only once, saying to save it to a file', async () => {
    const fifo = join(dir, 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['predict', write('fifo-model.json', JSON.stringify(handModel())), fifo]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`segmint: error: cannot read "${fifo}": it is a pipe or a device, not a file, and segmint reads its input more than once (its start first, to see how it is written); save it to a file and give that (e.g. … > in.csv)\n`);
  });

  it('the executable itself exits 2 with the message on stderr', () => {
    const run = runBinary(['fit', join(dir, 'nope.csv'), '-f', 'a', '-k', '2']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^segmint: error: cannot read/);
    expect(run.stdout).toBe('');
  });

  it('--help and --version exit 0', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    expect((await runCli(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
