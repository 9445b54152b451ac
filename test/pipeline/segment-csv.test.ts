// segmentCsv (the pipeline behind the web app and the worker API) against `segmint fit` and
// `segmint demo`: the same model.json, segments.csv and charts (their PNGs byte for byte, so the
// chart configurations are the same) for the same text and options.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderChartPng } from '../../src/charts/render-node.js';
import { isSegmintError, type SegmintError } from '../../src/errors.js';
import { readCsvText } from '../../src/data/csv.js';
import { fitCommandLine, inspectCsv, readCsvTable, segmentCsv, type SegmentCsvOptions, segmentTable } from '../../src/pipeline/segment-csv.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV } from '../helpers/data.js';

async function expectSameAsCli(text: string, source: string, options: SegmentCsvOptions, cliArgs: string[]): Promise<void> {
  const dir = tempDir();
  const input = join(dir, source);
  writeFileSync(input, text);
  const out = join(dir, 'out');
  const run = await runCli(cliArgs[0] === 'demo' ? ['demo', '-o', out, '-q'] : ['fit', input, ...cliArgs, '-o', out, '-q']);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  const segmented = await segmentCsv(text, source, options);
  expect(segmented.modelJson).toBe(readFileSync(join(out, 'model.json'), 'utf8'));
  expect(segmented.labelledCsv).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
  const pngs = readdirSync(join(out, 'charts')).sort();
  expect(segmented.charts.map((chart) => `${chart.id}.png`).sort()).toEqual(pngs);
  for (const chart of segmented.charts) {
    expect(Buffer.compare(await renderChartPng(chart), readFileSync(join(out, 'charts', `${chart.id}.png`))), chart.id).toBe(0);
  }
}

describe('segmentCsv makes what the CLI makes', () => {
  it('segmint demo: Mall data, income and spending, k chosen (5)', async () => {
    const options = { features: ['Annual Income (k$)', 'Spending Score (1-100)'] };
    await expectSameAsCli(readFileSync(MALL_CSV, 'utf8'), 'mall_customers.csv', options, ['demo']);
    const segmented = await segmentCsv(readFileSync(MALL_CSV, 'utf8'), 'mall_customers.csv', options);
    expect(segmented.model.k).toBe(5);
    expect(segmented.model.segments.map((s) => s.size)).toEqual([81, 39, 35, 23, 22]);
    expect(segmented.command).toBe("segmint fit mall_customers.csv --features 'Annual Income (k$),Spending Score (1-100)'");
  });

  it('segmint fit with a category, missing values, semicolons, dropped rows, k given, minmax, another seed', async () => {
    const lines = ['id;Genre;Age;Income;Score'];
    for (let i = 0; i < 120; i++) {
      const age = i % 17 === 3 ? 'NA' : String(18 + ((i * 7) % 50));
      const income = i % 23 === 5 ? '' : `${15 + ((i * 13) % 120)},5`;
      lines.push(`${i + 1};${i % 3 === 0 ? 'Male' : 'Female'};${age};${income};${(i * 37) % 100}`);
    }
    const text = lines.join('\r\n') + '\r\n';
    const options: SegmentCsvOptions = { features: ['Age', 'income', 'Score'], categorical: ['Genre'], impute: 'drop', k: 4, scale: 'minmax', seed: 3, nInit: 4 };
    await expectSameAsCli(text, 'people.csv', options, ['--features', 'Age,income,Score', '--categorical', 'Genre', '--impute', 'drop', '-k', '4', '--scale', 'minmax', '--seed', '3', '--n-init', '4']);
    expect(fitCommandLine('people.csv', options)).toBe('segmint fit people.csv --features Age,income,Score --categorical Genre -k 4 --impute drop --scale minmax --seed 3 --n-init 4');
  });

  it('clip: the same as the CLI, and profiles of the values as given, not as capped for the fit', async () => {
    const text = readFileSync(MALL_CSV, 'utf8');
    const options: SegmentCsvOptions = { features: ['Annual Income (k$)', 'Spending Score (1-100)'], k: 5, clip: 0.1 };
    await expectSameAsCli(text, 'mall_customers.csv', options, ['--features', 'Annual Income (k$),Spending Score (1-100)', '-k', '5', '--clip', '0.1']);
    const segmented = await segmentCsv(text, 'mall_customers.csv', options);
    const table = readCsvText(text, 'mall_customers.csv');
    const income = table.columns.find((column) => column.name === 'Annual Income (k$)')!.numbers!;
    const labels = segmented.labelledCsv.trim().split('\r\n').slice(1).map((line) => Number(line.split(',').at(-1)) - 1);
    segmented.profiles.segments.forEach((segment, s) => {
      const members = Array.from(income).filter((_, i) => labels[i] === s);
      expect(segment.mean[0]).toBeCloseTo(members.reduce((a, b) => a + b, 0) / members.length, 10);
    });
    expect(segmented.profiles.population.mean[0]).toBeCloseTo(income.reduce((a, b) => a + b, 0) / income.length, 10);
    // z-scores in the spread of the incomes as fitted (capped), so the capped extremes do not set the scale.
    const input = segmented.model.preparation.inputs.find((i) => i.name === 'Annual Income (k$)')!;
    const [lo, hi] = input.kind === 'numeric' ? input.clip! : [0, 0];
    const capped = Array.from(income, (v) => Math.min(Math.max(v, lo), hi));
    const cappedMean = capped.reduce((a, b) => a + b, 0) / capped.length;
    const cappedSd = Math.sqrt(capped.reduce((a, b) => a + (b - cappedMean) ** 2, 0) / capped.length);
    expect(segmented.profiles.population.standardDeviation[0]).toBeCloseTo(cappedSd, 10);
    const first = segmented.profiles.segments[0]!;
    expect(first.zScores[0]).toBeCloseTo((first.mean[0]! - segmented.profiles.population.mean[0]!) / cappedSd, 10);
    // The centroids are of the capped incomes: the highest earners' segment is richer than its centre.
    const gaps = segmented.profiles.segments.map((segment, s) => segment.mean[0]! - segmented.model.segments[s]!.centroid[0]!);
    expect(Math.max(...gaps)).toBeGreaterThan(1);
  });

  it('segments the rfm table by its three measures clipped at 0.05 when the features are automatic, as fit does', async () => {
    const header = 'CustomerID,recency_days,frequency,monetary,avg_order_value,items,return_rate,tenure_days,cancelled_invoices,r_score,f_score,m_score,rfm_segment';
    const rows = Array.from({ length: 60 }, (_, i) => [12000 + i, (i * 7) % 50, 1 + (i % 5) + (i === 3 ? 60 : 0), ((i % 9) * 20 + (i === 3 ? 9000 : 0)).toFixed(2), 1, i % 8, 0, 30 + (i % 11), 0, 1 + (i % 5), 1 + (i % 4), 1 + (i % 3), 'Champions'].join(','));
    const text = `${header}\n${rows.join('\n')}\n`;
    const segmented = await segmentCsv(text, 'customers.csv', { k: 3 });
    expect(segmented.model.features).toEqual(['recency_days', 'frequency', 'monetary']);
    expect(segmented.model.preparation.inputs.every((input) => input.kind === 'numeric' && input.clip !== null)).toBe(true);
    expect(segmented.command).toBe('segmint fit customers.csv -k 3');
    // The web app takes its defaults from the inspection: the same clip with those features.
    expect(inspectCsv(text, 'customers.csv')).toMatchObject({ autoFeatures: ['recency_days', 'frequency', 'monetary'], autoClip: 0.05 });
    expect(inspectCsv(readFileSync(MALL_CSV, 'utf8'), 'mall.csv').autoClip).toBeUndefined();
    await expectSameAsCli(text, 'customers.csv', { k: 3 }, ['-k', '3']);
    // Told no clip: none, and the command says so.
    const unclipped = await segmentCsv(text, 'customers.csv', { k: 3, clip: 0 });
    expect(unclipped.model.preparation.inputs.every((input) => input.kind === 'numeric' && input.clip === null)).toBe(true);
    expect(unclipped.command).toBe('segmint fit customers.csv -k 3 --clip 0');
  });

  it('an Excel file (a delimiter ending every line): the same segments.csv, and the note in warnings', async () => {
    const text = readFileSync(MALL_CSV, 'utf8').replaceAll('\r\n', ',\r\n');
    const options: SegmentCsvOptions = { features: ['Annual Income (k$)', 'Spending Score (1-100)'], k: 5 };
    const dir = tempDir();
    const input = join(dir, 'excel.csv');
    writeFileSync(input, text);
    const run = await runCli(['fit', input, '--features', 'Annual Income (k$),Spending Score (1-100)', '-k', '5', '-o', join(dir, 'out')]);
    const segmented = await segmentCsv(text, 'excel.csv', options);
    expect(segmented.labelledCsv).toBe(readFileSync(join(dir, 'out', 'segments.csv'), 'utf8'));
    expect(segmented.labelledCsv.split('\r\n')[0]).toBe('CustomerID,Genre,Age,Annual Income (k$),Spending Score (1-100),segment');
    expect(segmented.warnings).toContain('excel.csv: ignored an empty last column (a delimiter at the end of every line)');
    expect(run.stderr).toContain(`${input}: ignored an empty last column (a delimiter at the end of every line)\n`);
  });

  it('puts the delimiter a table was read with into its command when the text alone would not give it', async () => {
    const text = ['id:income:spend', '1:10:20', '2:12:22', '3:11:21', '4:50:60', '5:52:61', '6:51:59'].join('\n') + '\n';
    const colons = await segmentTable(readCsvTable(text, 'colons.csv', { delimiter: ':' }), text, { features: ['income', 'spend'], k: 2 });
    expect(colons.command).toBe('segmint fit colons.csv --delimiter : --features income,spend -k 2');
    // segmentCsv takes the delimiter as fit does, and refuses one its table was not read with.
    const direct = await segmentCsv(text, 'colons.csv', { features: ['income', 'spend'], k: 2, delimiter: ':' });
    expect(direct.command).toBe(colons.command);
    expect(direct.labelledCsv).toBe(colons.labelledCsv);
    expect(JSON.parse(direct.modelJson)).toMatchObject({ delimiter: ':' });
    await expect(segmentTable(readCsvTable(text, 'colons.csv', { delimiter: ':' }), text, { delimiter: ';' })).rejects.toThrow(`delimiter: ";", but colons.csv was read with ":"; read it with readCsvTable's delimiter: ";"`);
    await expect(segmentCsv(text, 'colons.csv', { delimiter: '::' })).rejects.toThrow(/the delimiter is "::"; expected one character/);
    const tabs = text.replaceAll(':', '\t');
    expect((await segmentTable(readCsvTable(tabs, 'tabs.csv', { delimiter: '\t' }), tabs, { features: ['income', 'spend'], k: 2 })).command).toBe('segmint fit tabs.csv --features income,spend -k 2');
  });

  it('says that kRange and gap go unused beside a fixed k, as the CLI does of --k-range and --no-gap', async () => {
    const text = readFileSync(MALL_CSV, 'utf8');
    const features = ['Annual Income (k$)', 'Spending Score (1-100)'];
    const fixed = await segmentCsv(text, 'mall.csv', { features, k: 3, kRange: [2, 6], gap: false });
    expect(fixed.warnings).toContain('kRange and gap are for choosing k; k: 3 was given, so they are not used');
    expect((await segmentCsv(text, 'mall.csv', { features, k: 3, gap: true })).warnings).toContain('gap is for choosing k; k: 3 was given, so it is not used');
    expect((await segmentCsv(text, 'mall.csv', { features, k: 3 })).warnings.filter((w) => w.includes('choosing k'))).toEqual([]);
    expect((await segmentCsv(text, 'mall.csv', { features, kRange: [2, 6] })).warnings.filter((w) => w.includes('choosing k'))).toEqual([]);
  });

  it('decimal: \'comma\' reads a tab file as --decimal comma does, and says so in the command and the model', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `K${i}\t${(i % 7) + 0.125 * (i % 4)}\t${((i * 13) % 50) + 0.99}\t${i % 9}`.replace(/\./g, ','));
    const text = ['kunde\tgewicht\tpreis\tbesuche', ...rows].join('\n') + '\n';
    const options: SegmentCsvOptions = { decimal: 'comma', k: 3, nInit: 2 };
    await expectSameAsCli(text, 'kunden.tsv', options, ['--decimal', 'comma', '-k', '3', '--n-init', '2']);
    const segmented = await segmentCsv(text, 'kunden.tsv', options);
    expect(segmented.model.features).toEqual(['gewicht', 'preis', 'besuche']);
    expect(segmented.model.decimal).toBe('comma');
    expect(segmented.command).toBe('segmint fit kunden.tsv -k 3 --decimal comma --n-init 2');
    expect(inspectCsv(text, 'kunden.tsv', { decimal: 'comma' }).autoFeatures).toEqual(['gewicht', 'preis', 'besuche']);
    expect(inspectCsv(text, 'kunden.tsv').autoFeatures).toEqual(['besuche']);
    await expect(segmentCsv(text, 'kunden.tsv', { decimal: 'komma' as never })).rejects.toThrow(/^decimal="komma" must be 'point' or 'comma'$/);
    expect(() => readCsvText(text, 'kunden.tsv', { decimal: 'Comma' as never })).toThrow(/^decimal="Comma" must be 'point' or 'comma'$/);
    // A table read with decimal commas keeps its mark in the model and the command, asked or not.
    const table = readCsvTable(text, 'kunden.tsv', { decimal: 'comma' });
    const fromTable = await segmentTable(table, text, { k: 3, nInit: 2 });
    expect(fromTable.model.decimal).toBe('comma');
    expect(fromTable.command).toBe('segmint fit kunden.tsv -k 3 --decimal comma --n-init 2');
    expect(fromTable.modelJson).toBe(segmented.modelJson);
  });

  it('decimal: \'point\' reads "15,000" as thousands, and a table read so keeps the mark in the model and the command', async () => {
    const text = 'id,income,score\n' + Array.from({ length: 30 }, (_, i) => `${i},"${(15 + i * 4).toLocaleString('en-US')},${i % 2 ? '500' : '000'}",${(i * 7) % 10}`).join('\n') + '\n';
    const segmented = await segmentCsv(text, 'inc.csv', { k: 2, decimal: 'point' });
    expect(segmented.model.features).toEqual(['income', 'score']);
    expect(segmented.model.decimal).toBe('point');
    const fromTable = await segmentTable(readCsvTable(text, 'inc.csv', { decimal: 'point' }), text, { k: 2 });
    expect(fromTable.command).toBe('segmint fit inc.csv -k 2 --decimal point');
    expect(fromTable.modelJson).toBe(segmented.modelJson);
    // A table read without the option read "15,000" as text: the option cannot be added afterwards.
    await expect(segmentTable(readCsvTable(text, 'inc.csv'), text, { k: 2, decimal: 'point' })).rejects.toThrow(
      "decimal: 'point', but inc.csv was read with decimal points, as its separator says; read it with readCsvTable's decimal: 'point'",
    );
  });

  it('automatic features, k chosen without the gap statistic', async () => {
    await expectSameAsCli(readFileSync(MALL_CSV, 'utf8'), 'mall_customers.csv', { gap: false, kRange: [2, 8] }, ['--no-gap', '--k-range', '2..8']);
  });
});

describe('inspectCsv', () => {
  it('describes each column: kind, missing values, range, and what automatic selection does with it', () => {
    const inspection = inspectCsv('id,name,score,note\n1,Ann,3.5,\n2,Bob,NA,x\n3,Cy,7,\n', 'small.csv');
    expect(inspection.rows).toBe(3);
    expect(inspection.autoFeatures).toEqual(['score']);
    expect(inspection.columns.map((c) => [c.name, c.kind, c.missing, c.min, c.max, c.auto, c.skipped])).toEqual([
      ['id', 'numeric', 0, 1, 3, false, 'an identifier (by its name)'],
      ['name', 'categorical', 0, undefined, undefined, false, 'text'],
      ['score', 'numeric', 1, 3.5, 7, true, undefined],
      ['note', 'categorical', 2, undefined, undefined, false, 'text'],
    ]);
  });
});

describe('segmentCsv refuses bad options at the call', () => {
  // The reviewer's file: before, impute 'avg' dropped the row with the missing value, and the
  // other bad values failed later with messages about something else.
  const TEXT = 'a,b\n1,2\n,3\n4,5\n6,1\n2,2\n5,5\n';
  const cases: [string, SegmentCsvOptions, string][] = [
    ['an unknown impute', { k: 2, impute: 'avg' as never }, 'unknown impute "avg"; expected one of drop, mean, median, mode or { constant: <value> }'],
    ['an unknown scale', { k: 2, scale: 'zscore' as never }, 'unknown scale "zscore"; expected one of standard, minmax, robust, none'],
    ['an unknown encode', { k: 2, encode: 'hot' as never }, 'unknown encode "hot"; expected one of onehot, ordinal, drop'],
    ['clip of 0.5 or more', { k: 2, clip: 0.7 }, 'clip=0.7 must be a quantile in [0, 0.5), e.g. 0.01'],
    ['a negative clip', { k: 2, clip: -1 }, 'clip=-1 must be a quantile in [0, 0.5), e.g. 0.01'],
    ['an unknown option', { kk: 3 } as never, 'unknown option "kk" for segmentCsv (options: features, categorical, missing, decimal, delimiter, impute, encode, scale, clip, k, kRange, gap, seed, nInit, maxIter, tol, precision, names, threads)'],
    ['a misspelt option', { k: 2, seeed: 1 } as never, 'unknown option "seeed" for segmentCsv; did you mean "seed"? (options: features, categorical, missing, decimal, delimiter, impute, encode, scale, clip, k, kRange, gap, seed, nInit, maxIter, tol, precision, names, threads)'],
    ['features as a string', { k: 2, features: 'a' as never }, 'features must be an array of strings, e.g. ["Age", "3"] (names or 1-based indices); got "a"'],
    ['features as numbers', { k: 2, features: [1, 2] as never }, 'features must be an array of strings, e.g. ["Age", "3"] (names or 1-based indices); got 1 in the array'],
    ['categorical as a string', { k: 2, categorical: 'a' as never }, 'categorical must be an array of strings, e.g. ["Region"]; got "a"'],
    ['missing as a string', { k: 2, missing: 'NA' as never }, 'missing must be an array of strings, e.g. ["", "NA"]; got "NA"'],
  ];
  for (const [name, options, message] of cases) {
    it(name, async () => {
      const error = await segmentCsv(TEXT, 'm.csv', options).then(() => undefined, (e: unknown) => e);
      expect(isSegmintError(error), String(error)).toBe(true);
      expect((error as SegmintError).code).toBe('ERR_INVALID_ARGUMENT');
      expect((error as Error).message).toBe(message);
    });
  }

  it('before the text is read', async () => {
    const error = await segmentCsv('', 'empty.csv', { clip: 0.7 }).then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toBe('clip=0.7 must be a quantile in [0, 0.5), e.g. 0.01');
  });

  it('fitCommandLine and inspectCsv check their options too', () => {
    expect(() => fitCommandLine('m.csv', { scale: 'zscore' as never })).toThrow('unknown scale "zscore"; expected one of standard, minmax, robust, none');
    expect(() => inspectCsv(TEXT, 'm.csv', { missng: ['NA'] } as never)).toThrow(/^unknown option "missng" for inspectCsv; did you mean "missing"\?/);
  });
});
