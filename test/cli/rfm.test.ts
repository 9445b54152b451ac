import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesIn, runCli, tempDir } from '../helpers/cli.js';
import { SHARED_DATA } from '../helpers/data.js';

const RETAIL = `${SHARED_DATA}online_retail_sample.csv`;

/** A deliberately separate reader for the retail sample: fields are numbers or "quoted" texts. */
function retailRows(): Record<string, string>[] {
  const lines = readFileSync(RETAIL, 'utf8').split('\r\n').filter((line) => line !== '');
  const split = (line: string) => [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(?:,|$)/g)].slice(0, 8).map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
  const header = split(lines[0]!);
  return lines.slice(1).map((line) => Object.fromEntries(split(line).map((v, i) => [header[i]!, v])));
}

describe('segmint rfm on the UCI Online Retail sample', () => {
  it('counts customers, dropped rows and cancellations as an independent count does', async () => {
    const rows = retailRows();
    expect(rows).toHaveLength(20000);
    const withCustomer = rows.filter((r) => r.CustomerID !== 'NA');
    const cancellation = (r: Record<string, string>) => r.InvoiceNo!.startsWith('C') || Number(r.Quantity) < 0;
    const buyers = new Set(withCustomer.filter((r) => !cancellation(r)).map((r) => r.CustomerID));

    const out = tempDir();
    const file = join(out, 'customers.csv');
    const run = await runCli(['rfm', RETAIL, '-o', file]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`${rows.length - withCustomer.length} row(s) without a customer dropped`);
    expect(run.stderr).toContain(`${withCustomer.filter(cancellation).length} cancellation row(s) in ${new Set(withCustomer.filter(cancellation).map((r) => r.InvoiceNo)).size} cancelled invoice(s)`);
    expect(run.stderr).toContain(`${buyers.size} customers (${new Set(withCustomer.map((r) => r.CustomerID)).size - buyers.size} more who bought nothing, only returned or had lines of quantity 0`);
    const days = withCustomer.map((r) => r.InvoiceDate!.slice(0, 10)).sort(); // ISO dates and times
    expect(run.stderr.split('\n')[0]).toBe(`${rows.length} invoice line(s); the ${withCustomer.length} used from ${days[0]} to ${days.at(-1)}; as of 2011-12-10`);
    const table = readFileSync(file, 'utf8').trim().split('\n');
    expect(table).toHaveLength(buyers.size + 1);

    // Worked by hand from the customers' rows in the file (as of 2011-12-10):
    // 12347: 4×3.75 + 4×4.25 + 8×3.75 + 12×0.75 = 71 over 4 invoices, last 2011-10-31 (40 days), first 2010-12-07 (368 days).
    // 15810: 85.10 bought in 3 invoices (45 units), C567690 returns 9 × 1.65; last purchase 2011-06-22 (171 days), first 2011-02-16 (297).
    // 17612: 46.54 bought (56 units) in 3 invoices, 2 cancelled invoices return 13 units worth 5.43; last purchase 2011-09-05 (96 days).
    const byCustomer = new Map(table.map((line) => [line.split(',')[0], line.split(',')]));
    expect(byCustomer.get('12347')!.slice(1, 9)).toEqual(['40', '4', '71.00', '17.75', '28', '0', '368', '0']);
    expect(byCustomer.get('15810')!.slice(1, 9)).toEqual(['171', '3', '70.25', '23.42', '45', '0.2', '297', '1']);
    expect(byCustomer.get('17612')!.slice(1, 4)).toEqual(['96', '3', '41.11']);
    expect(byCustomer.get('17612')![6]).toBe('0.2321');
  });

  it('is then segmented by segmint fit as the README and its hint say: three segments of 57, 26 and 17%', async () => {
    const out = tempDir();
    const customers = join(out, 'customers.csv');
    const rfm = await runCli(['rfm', RETAIL, '-o', customers]);
    const hint = /segment them: (segmint fit .*)\n/.exec(rfm.stderr)![1]!;
    expect(hint).toBe(`segmint fit ${customers} --features recency_days,frequency,monetary --clip 0.05`);
    const fit = await runCli([...hint.split(' ').slice(1), '-o', out, '-q']);
    expect(fit.code).toBe(0);
    const lines = fit.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/recency_days\s+frequency\s+monetary/);
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[3])).toEqual(['57.0%', '26.5%', '16.6%']);
    // The clip is for the fit: the table and the report give each segment its customers' own
    // means (the loyal buyers' monetary is about 407, not the capped 201).
    const rows = readFileSync(join(out, 'segments.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
    const header = readFileSync(join(out, 'segments.csv'), 'utf8').split('\n')[0]!.split(',');
    const monetary = header.indexOf('monetary');
    const meanOf = (segment: string) => {
      const values = rows.filter((row) => row.at(-1) === segment).map((row) => Number(row[monetary]));
      return (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);
    };
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/).at(-1))).toEqual(['1', '2', '3'].map(meanOf));
    expect(meanOf('3')).toBe('407.34');
    // Each segment is named by the RFM grid cell most of its customers are in (their rfm_segment).
    const gridColumn = header.indexOf('rfm_segment');
    const plurality = (segment: string) => {
      const counts = new Map<string, number>();
      for (const row of rows.filter((r) => r.at(-1) === segment)) counts.set(row[gridColumn]!, (counts.get(row[gridColumn]!) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
    };
    expect(lines.slice(1).map((line) => line.split(/\s{2,}/)[1])).toEqual(['1', '2', '3'].map(plurality));
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toContain('407.34');
    // Without --features, fit takes the same three measures, clipped the same way: the same segments.
    const auto = await runCli(['fit', customers, '-o', join(out, 'auto'), '--no-report', '--no-charts']);
    expect(auto.stderr).toContain('features (automatic): recency_days, frequency, monetary\n  capped at their 5th and 95th percentiles for the fit (--clip 0.05, as for segmint rfm\'s table; --clip 0 turns it off)\n');
    expect(readFileSync(join(out, 'auto', 'segments.csv'), 'utf8')).toBe(readFileSync(join(out, 'segments.csv'), 'utf8'));
    const streamed = await runCli(['fit', customers, '--algorithm', 'minibatch', '-o', join(out, 'streamed'), '--no-report', '--no-charts']);
    expect(streamed.stderr).toContain('capped at their 5th and 95th percentiles for the fit');
    // Without clipping, the biggest spenders take segments of their own.
    const unclipped = await runCli(['fit', customers, '--features', 'recency_days,frequency,monetary', '--scale', 'robust', '-o', out, '-q']);
    expect(unclipped.stdout.trim().split('\n')[1]).toMatch(/99\.1%/);
  });

  it('fails on a date that does not parse, naming file, line and column, and writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'bad-date.csv');
    writeFileSync(file, 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n1,A,2011-01-01,1,1\n2,B,31/31/2011,1,1\n');
    const out = join(dir, 'out');
    const run = await runCli(['rfm', file, '-o', join(out, 'customers.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad-date\.csv, line 3, column "InvoiceDate" \(3\): cannot parse the date "31\/31\/2011"/);
    expect(filesIn(dir)).toEqual(['bad-date.csv']);
    // A day-first date: the option that reads it.
    writeFileSync(file, 'InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice\n1,A,01/06/2011 09:00,1,1\n2,B,16/06/2011 14:45,1,1\n');
    const dayFirst = await runCli(['rfm', file, '-o', join(out, 'customers.csv')]);
    expect(dayFirst.stderr).toMatch(/line 3, column "InvoiceDate" \(3\): cannot parse the date "16\/06\/2011 14:45"; expected .*; it reads as day\/month\/year: use the date format dmy \(--date-format dmy\)$/m);
    expect((await runCli(['rfm', file, '--date-format', 'dmy', '-o', join(out, 'customers.csv'), '-q'])).code).toBe(0);
  });

  it('refuses to write over its input, by any spelling, and leaves it as it was', async () => {
    const dir = tempDir();
    const input = join(dir, 'tx.csv');
    copyFileSync(RETAIL, input);
    for (const output of [input, `${dir}/new/../tx.csv`]) {
      const run = await runCli(['rfm', input, '-o', output, '-q']);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^segmint: error: output "${output.replace(/[.]/g, '\\.')}" is the input file( ".*")?; choose another output path\n$`));
    }
    expect(filesIn(dir)).toEqual(['tx.csv']);
    expect(readFileSync(input, 'utf8')).toBe(readFileSync(RETAIL, 'utf8'));
  });

  it('reads a semicolon file\'s decimal commas and formatted prices, as fit reads them', async () => {
    const dir = tempDir();
    const file = join(dir, 'tx.csv');
    writeFileSync(file, 'Invoice;Customer;Date;Quantity;Price\n1;A;2024-01-05;2;2,95\n2;A;2024-02-05;1;€ 1.010,50\n3;B;2024-01-15;3;1,00 €\n4;C;2024-03-01;1;99,99\n');
    const run = await runCli(['rfm', file, '-q']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n').slice(1, 4).map((line) => line.split(',').slice(0, 4).join(','))).toEqual(['A,26,2,1016.40', 'B,47,1,3.00', 'C,1,1,99.99']);
  });

  it('refuses prices read on two scales in a semicolon file, and orders formatted numeric ids as numbers', async () => {
    const dir = tempDir();
    const mixed = join(dir, 'mixed.csv');
    writeFileSync(mixed, 'Invoice;Customer;Date;Quantity;Price\n1;A;2024-01-05;1;1.234,50 €\n2;B;2024-02-05;1;1.500\n');
    const run = await runCli(['rfm', mixed, '-o', join(dir, 'out.csv')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `segmint: error: ${mixed}: column "Price" reads "1.500" (line 3) as 1.5, yet "1.234,50 €" (line 2) writes decimals with a comma: its points separate thousands, and "1.500" means 1500; save the file without thousands separators\n`,
    );
    expect(filesIn(dir)).toEqual(['mixed.csv']);
    const ids = join(dir, 'ids.csv');
    writeFileSync(ids, 'Invoice,Customer,Date,Quantity,Price\n1,"1,001,000",2024-01-05,1,2\n2,999,2024-01-06,1,2\n3,"1 500 000",2024-01-07,1,2\n4,20,2024-01-08,1,2\n5,"2,000,000",2024-01-09,1,2\n');
    const ordered = await runCli(['rfm', ids, '-q']);
    expect(ordered.code).toBe(0);
    // "1 500 000" is no number (a plain space groups only in a formatted amount): text order.
    expect(ordered.stdout.trim().split('\n').slice(1).map((line) => line.match(/^("[^"]*"|[^,]*)/)![1])).toEqual(['1 500 000', '"1,001,000"', '"2,000,000"', '20', '999']);
    writeFileSync(ids, 'Invoice,Customer,Date,Quantity,Price\n1,"1,001,000",2024-01-05,1,2\n2,999,2024-01-06,1,2\n3,"1\u00a0500\u00a0000",2024-01-07,1,2\n4,20,2024-01-08,1,2\n5,"2,000,000",2024-01-09,1,2\n');
    const numeric = await runCli(['rfm', ids, '-q']);
    expect(numeric.stdout.trim().split('\n').slice(1).map((line) => line.match(/^("[^"]*"|[^,]*)/)![1])).toEqual(['20', '999', '"1,001,000"', '1\u00a0500\u00a0000', '"2,000,000"']);
  });

  it('refuses a bad --as-of', async () => {
    const run = await runCli(['rfm', RETAIL, '--as-of', '10/12/2011']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--as-of "10\/12\/2011" is not a date; expected YYYY-MM-DD/);
  });
});
