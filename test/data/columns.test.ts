import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoSelectColumns, identifierWarnings, isIdName, joinColumnList, resolveColumn, resolveColumns, splitColumnList } from '../../src/data/columns.js';
import { readCsvText } from '../../src/data/csv.js';
import { ColumnCollector } from '../../src/data/collect.js';
import { RfmAggregator } from '../../src/data/rfm.js';
import { decimalCommaHint, parseNumber, PointEvidence } from '../../src/data/values.js';
import { SHARED_DATA } from '../helpers/data.js';

const HEADER = ['CustomerID', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)'];

describe('resolveColumn', () => {
  it('takes exact names, then any case, then 1-based indices', () => {
    expect(resolveColumn('Age', HEADER, 'f')).toBe(2);
    expect(resolveColumn('annual income (k$)', HEADER, 'f')).toBe(3);
    expect(resolveColumn('5', HEADER, 'f')).toBe(4);
  });

  it('suggests the closest name', () => {
    expect(() => resolveColumn('Incme', HEADER, 'mall.csv')).toThrow(
      'mall.csv: no column "Incme"; did you mean "Annual Income (k$)"? columns: "CustomerID", "Genre", "Age", "Annual Income (k$)", "Spending Score (1-100)"',
    );
    expect(() => resolveColumn('Gender', HEADER, 'f')).toThrow(/did you mean "Genre"\?/);
    // A typo in a name that carries its unit.
    expect(() => resolveColumn('Anual Income', HEADER, 'f')).toThrow(/did you mean "Annual Income \(k\$\)"\?/);
    expect(() => resolveColumn('Spending Scor', HEADER, 'f')).toThrow(/did you mean "Spending Score \(1-100\)"\?/);
    // A name with a comma, given unquoted in a list, comes back split: the message says how to quote it.
    expect(() => resolveColumns(['Income'], ['id', 'Income, k$'], 'f')).toThrow(
      `f: no column "Income"; did you mean "Income, k$"? (in a list, a name with a comma goes in double quotes: '"Income, k$"') columns: "id", "Income, k$"`,
    );
    // One that begins with a quote reads as a quoted name unless it is quoted, its quotes doubled;
    // the hint written that way reads back as the name.
    const quoteFirst = '"Best" customers';
    expect(() => resolveColumns(['Best customers'], ['id', quoteFirst], 'f')).toThrow(
      `did you mean "${quoteFirst}"? (in a list, a name that begins with a quote goes in double quotes, its own doubled: '"""Best"" customers"')`,
    );
    expect(splitColumnList('"""Best"" customers"')).toEqual([quoteFirst]);
    // A plain one gets no hint, nor does a reference that came alone (an rfm option, a model's input).
    expect(() => resolveColumns(['Agee'], HEADER, 'f')).toThrow(/did you mean "Age"\? columns:/);
    expect(() => resolveColumn('Invoices', ['id', ' Invoice '], 'f', 'the model')).toThrow(/did you mean " Invoice "\? columns:/);
    expect(() => resolveColumns(['Invoices'], ['id', 'Invoice '], 'f')).toThrow(`(in a list, a name that begins or ends with a space goes in double quotes: '"Invoice "')`);
    expect(() => resolveColumn('zzzzzzzz', HEADER, 'f')).toThrow(
      'f: no column "zzzzzzzz"; columns: "CustomerID", "Genre", "Age", "Annual Income (k$)", "Spending Score (1-100)"',
    );
  });

  it('says who needs a missing column', () => {
    expect(() => resolveColumn('Spending Score (1-100)', HEADER.slice(0, 4), 'missing_col.csv', 'the model')).toThrow(
      'missing_col.csv: no column "Spending Score (1-100)", which the model uses; columns: "CustomerID", "Genre", "Age", "Annual Income (k$)"',
    );
    expect(() => resolveColumn('Incme', HEADER, 'f', 'the model')).toThrow(/^f: no column "Incme", which the model uses; did you mean "Annual Income \(k\$\)"\? columns: "CustomerID"/);
  });

  it('refuses a name that matches several columns when case is ignored, and a column given twice', () => {
    expect(() => resolveColumn('AGE', ['age', 'Age'], 'f')).toThrow(/matches 2 columns/);
    expect(() => resolveColumns(['Age', '3'], HEADER, 'f')).toThrow(/column "Age" is selected twice/);
    expect(resolveColumns(splitColumnList(' Age , 4 '), HEADER, 'f')).toEqual([2, 3]);
  });

  it('splits a list at commas outside double quotes, as a CSV record', () => {
    expect(splitColumnList('"Income, k$",Score')).toEqual(['Income, k$', 'Score']);
    expect(splitColumnList(' "a ""b"", c" , d,,')).toEqual(['a "b", c', 'd']);
    expect(splitColumnList('Size "XL",2')).toEqual(['Size "XL"', '2']); // a quote inside a name is the name's
    expect(() => splitColumnList('"Income, k$,Score')).toThrow(`the column list '"Income, k$,Score' opens a quote at character 1 and never closes it; expected "name, with comma",other`);
    for (const names of [['Income, k$', 'Score'], ['a "b", c', ' padded', 'Size "XL"'], ['"quoted"', 'plain']]) expect(splitColumnList(joinColumnList(names))).toEqual(names);
    expect(() => splitColumnList('"Income" k$,Score')).toThrow(/has "k" after the quoted name "Income" \(character 10\); expected a comma/);
    expect(() => splitColumnList('"VIP" score,Age')).toThrow(`(a name that begins with a quote goes in quotes, its own doubled: '"""VIP"" score"')`);
    expect(splitColumnList('"""VIP"" score",Age')).toEqual(['"VIP" score', 'Age']);
  });
});

describe('parseNumber', () => {
  it('accepts plain decimals and rejects what is not a number', () => {
    for (const text of ['1', ' 2.5 ', '-3', '+4e2', '.5', '6.']) expect(parseNumber(text)).not.toBeUndefined();
    for (const text of ['', 'NA', '0x10', '1,5', 'Infinity', 'NaN', '1e999', '12abc', '--1', '1 00']) expect(parseNumber(text)).toBeUndefined();
    expect(parseNumber('1,5', true)).toBe(1.5);
  });

  it('reads the formatted numbers spreadsheets export: currency, thousands, percent, accounting negatives', () => {
    const pointFile: [string, number][] = [
      ['$1,234.50', 1234.5], ['-$1,234.50', -1234.5], ['$-5.00', -5], ['(1,234.50)', -1234.5], ['($7)', -7], ['$ (200.00)', -200], [' $ -   ', 0],
      ['1,234,567', 1234567], ['$1,234', 1234], ['1,234.5', 1234.5], ['₹1,00,000', 100000], ['12,34,567.5', 1234567.5],
      ['12%', 12], [' 12.5 % ', 12.5], ['-3%', -3], ['€ 99.99', 99.99], ['99.99 €', 99.99], ['£1,000', 1000], ['¥120', 120],
      ['1 234.5', 1234.5], ['$1 234', 1234], ['1 234 %', 1234], ['1\u00a0234', 1234], ['1\u202f234\u202f567', 1234567], ["1'234.50", 1234.5], ['1\u2019234', 1234],
    ];
    for (const [text, value] of pointFile) expect(parseNumber(text), text).toBe(value);
    const commaFile: [string, number][] = [
      ['1.234,50', 1234.5], ['1.234.567', 1234567], ['1 234,50 €', 1234.5], ['-1.234,5', -1234.5], ['12,5 %', 12.5], ['(950,00)', -950], ['€2,95', 2.95],
      ['€1.234', 1234], ['1\u00a0234', 1234],
      // A lone point group reads as the plain decimal "1.234" does; with a symbol after it, it may be either.
      ['1.234', 1.234],
    ];
    for (const [text, value] of commaFile) expect(parseNumber(text, true), text).toBe(value);
    // Not numbers, or not surely these: one group of the decimal mark's twin alone ("1,250" may
    // be a decimal comma), a leading zero, a plain space without other formatting (phone
    // numbers), parentheses around a bare integer (footnotes, ranks), groups of other sizes,
    // two symbols, a decimal comma beside a decimal point.
    for (const text of ['1,250', '0,125', '001,234', '1,234 €', '612 345 678', '+34 612 345 678', '1 000', '(2)', '(2020)', '(12%)', '1,23', '1,2345',
      '12,345,67', '1,234 567', '$12%', '$$5', '5-', '(-5)', '-(5.00)', '1,234.', '12,5', '€', '%', '()', '$ ', '06 12 34 56 78', '$', '(5.00']) {
      expect(parseNumber(text), text).toBeUndefined();
    }
    for (const text of ['1.234.5', '1.23,5', '12,34,5', '1,234.50', '1.234 €', '1.234%', '0.125', '1 234']) {
      const value = parseNumber(text, true);
      if (text === '0.125') expect(value).toBe(0.125); // a plain decimal
      else expect(value, text).toBeUndefined();
    }
  });

  it('reads a comma before three digits as thousands when the user gave the decimal point, and says so otherwise', () => {
    const told: [string, number][] = [['15,000', 15000], ['137,000', 137000], ['-8,500', -8500], ['1,250', 1250], ['1,234,567', 1234567], ['12.5', 12.5]];
    for (const [text, value] of told) expect(parseNumber(text, false, true), text).toBe(value);
    // Still no number: other group sizes, a leading zero, decimal commas, lists.
    for (const text of ['1,5', '0,125', '1,23', '1,2345', '001,234', '1,3']) expect(parseNumber(text, false, true), text).toBeUndefined();
    // With decimal commas, told or not, a comma is the decimal mark.
    expect(parseNumber('1,250', true, true)).toBe(1.25);
    expect(decimalCommaHint('15,000', false, ',')).toBe(
      `; "15,000" may be 15000 with a thousands separator or 15 with a decimal comma: give --decimal point (commas group thousands) or --decimal comma to say which (decimal: 'point' or 'comma' in the library)`,
    );
    expect(decimalCommaHint('2,95', false, ',')).toMatch(/^; "2,95" would be a number written with a decimal comma/);
  });
});

describe('PointEvidence', () => {
  const verdictOf = (...fields: string[]) => {
    const evidence = new PointEvidence();
    fields.forEach((field, i) => evidence.observe(`;${field};`, 1, 1 + field.length, i + 2));
    return evidence.verdict('x');
  };

  it('warns when every pointed value of a semicolon file looks like thousands', () => {
    expect(verdictOf('950', '1.234', '12.500')).toEqual({
      mixed: false,
      message: 'column "x": values such as "1.234" (line 3) are read as decimals (1.234), where a file written with decimal commas may mean 1234; if its points separate thousands, save the file without thousands separators',
    });
  });

  it('finds two scales when such values sit beside a decimal comma or points between thousands', () => {
    expect(verdictOf('1.234', '950,00')).toEqual({
      mixed: true,
      message: 'column "x" reads "1.234" (line 2) as 1.234, yet "950,00" (line 3) writes decimals with a comma: its points separate thousands, and "1.234" means 1234; save the file without thousands separators',
    });
    expect(verdictOf('1.500.000', ' 2.100 ')?.message).toMatch(/^column "x" reads "2\.100" \(line 3\) as 2\.1, yet "1\.500\.000" \(line 2\) groups thousands with points: .* "2\.100" means 2100;/);
  });

  it('finds two scales where a sure decimal point sits beside a decimal comma or point groups', () => {
    expect(verdictOf('12.99', '1,250', '980.00')).toEqual({
      mixed: true,
      message: 'column "x" writes decimals with a point ("12.99", line 2), yet "1,250" (line 3) writes decimals with a comma: its numbers would be read on two scales; save the file with one decimal mark and no thousands separators',
    });
    expect(verdictOf('1.234', '950,00', '2.5')?.mixed).toBe(true);
    expect(verdictOf('2.5', '1.500.000')?.message).toMatch(/^column "x" writes decimals with a point \("2\.5", line 2\), yet "1\.500\.000" \(line 3\) groups thousands with points:/);
  });

  it('every reader refuses a decimal mark it does not know', () => {
    for (const read of [() => new ColumnCollector('x.tsv', '\t', { decimal: 'Comma' as never }), () => new RfmAggregator('x.tsv', { decimal: 'dot' as never })]) {
      expect(read).toThrow(/^decimal="(Comma|dot)" must be 'point' or 'comma'$/);
    }
  });

  it('takes an exponent for no formatting: "1.5e3" beside "5.98" is one scale', () => {
    expect(verdictOf('5.98', '3.412', '1.5e3', '2.5E-05')).toBeUndefined();
  });

  it('says nothing when a point can only be a decimal point, or no value looks like thousands', () => {
    // "$1.234" was read with its point grouping thousands (a currency symbol before it): no doubt.
    for (const fields of [['1.234', '2.5'], ['1.234', '0.125'], ['1234.567', '1.234'], ['0.500'], ['950', '1,5'], ['12', '7'], ['$1.234', '$950,00', '$80'], ['$2.500']]) {
      expect(verdictOf(...fields), fields.join(' ')).toBeUndefined();
    }
  });
});

describe('automatic feature selection', () => {
  it('knows identifier names', () => {
    for (const name of ['ID', 'CustomerID', 'customer_id', 'Customer ID', 'InvoiceNo', 'user-key']) expect(isIdName(name)).toBe(true);
    for (const name of ['Paid', 'Idle', 'Income', 'Video', 'Age']) expect(isIdName(name)).toBe(false);
  });

  it('takes numeric columns, not identifiers (by name or unique integers), text or empty columns', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${100 + i},${i * 7.5},${i % 3},x${i % 2},${(i * 37) % 12},,${i * 1000}`);
    const table = readCsvText(`Key,spend,visits,colour,code,empty,amount\n${rows.join('\n')}\n`, 't.csv');
    const selection = autoSelectColumns(table);
    expect(selection.columns.map((c) => table.header[c])).toEqual(['spend', 'visits', 'amount']);
    expect(selection.skipped).toEqual([
      { name: 'Key', reason: 'an identifier (by its name)' },
      { name: 'colour', reason: 'text (use --features to encode it)' },
      { name: 'code', reason: 'an identifier (unique integers)' },
      { name: 'empty', reason: 'every value missing' },
    ]);
  });

  it('leaves out codes (numbers with many texts), identifiers of any kind and segment columns, not typos', () => {
    const rows = Array.from({ length: 200 }, (_, i) =>
      [i % 10 === 0 ? `C${5000 + i}` : 5000 + i, i % 5 === 0 ? `${850 + i}A` : 850 + i, i === 7 ? '1O.5' : i * 1.5, i % 4, (i % 3) + 1, i % 2, i % 22 === 0 && i < 198 ? 'x' : i].join(','),
    );
    const table = readCsvText(`InvoiceNo,StockCode,spend,segment,segment_2,flag,visits\n${rows.join('\n')}\n`, 't.csv');
    const selection = autoSelectColumns(table);
    // spend has one text in 200 and visits 9: typos, taken so that reading them names a line.
    expect(selection.columns.map((c) => table.header[c])).toEqual(['spend', 'flag', 'visits']);
    expect(selection.skipped).toEqual([
      { name: 'InvoiceNo', reason: 'an identifier (by its name)' },
      { name: 'StockCode', reason: 'codes: numbers and 20% text, e.g. "850A" on line 2' },
      { name: 'segment', reason: 'a segment column (as segmint writes them)' },
      { name: 'segment_2', reason: 'a segment column (as segmint writes them)' },
    ]);
    // Numbers from 1,000 up with a thousands separator beside plain ones are no codes: the hint says so.
    const incomes = readCsvText(`id,income,visits\n${Array.from({ length: 40 }, (_, i) => `${i},${i % 2 ? `"${60 + i},937"` : 900 + i},${i % 7}`).join('\n')}\n`, 'inc.csv');
    expect(autoSelectColumns(incomes).skipped[1]).toEqual({
      name: 'income',
      reason: `numbers and 50% text, e.g. "61,937" on line 3; "61,937" may be 61937 with a thousands separator or 61.937 with a decimal comma: give --decimal point (commas group thousands) or --decimal comma to say which (decimal: 'point' or 'comma' in the library)`,
    });
  });

  it('warns about chosen identifier columns (by name or unique integers), not those declared categorical', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `${100 + i},${(i * 37) % 12},${i * 7.5},S${i % 3}`);
    const table = readCsvText(`CustomerID,code,spend,StoreID\n${rows.join('\n')}\n`, 't.csv');
    expect(identifierWarnings(table, [0, 1, 2, 3], [3])).toEqual([
      '"CustomerID" looks like an identifier (by its name); segments by it mean little',
      '"code" looks like an identifier (unique integers); segments by it mean little',
    ]);
  });

  it('segments an rfm table by recency, frequency and monetary, not by its scores and other measures as well', () => {
    const header = ['CustomerID', 'recency_days', 'frequency', 'monetary', 'avg_order_value', 'items', 'return_rate', 'tenure_days', 'cancelled_invoices', 'r_score', 'f_score', 'm_score', 'rfm_segment'];
    const rows = Array.from({ length: 30 }, (_, i) => [12000 + i, (i % 10) * 3, 1 + (i % 4), ((i % 12) * 7.5).toFixed(2), 3.5, i % 6, 0.1, 40 + (i % 9), i % 2, 1 + (i % 5), 1 + (i % 4), 1 + (i % 5), 'Champions'].join(','));
    const table = readCsvText(`${header.join(',')}\n${rows.join('\n')}\n`, 'customers.csv');
    const selection = autoSelectColumns(table);
    expect(selection.columns.map((c) => table.header[c])).toEqual(['recency_days', 'frequency', 'monetary']);
    expect(selection.skipped.filter((s) => s.reason.startsWith("segmint rfm's table")).map((s) => s.name)).toEqual(header.slice(4, 12));
    // A column the user added to the table is theirs: it stays.
    const added = readCsvText(`${header.join(',')},visits\n${rows.map((row, i) => `${row},${i % 4}`).join('\n')}\n`, 'customers.csv');
    expect(autoSelectColumns(added).columns.map((c) => added.header[c])).toEqual(['recency_days', 'frequency', 'monetary', 'visits']);
    // Another table with some of those names is not one.
    const other = readCsvText('id,recency_days,frequency,monetary,items\n1,2,3,4,5\n2,3,4,5,9\n3,1,1,1,1\n', 'x.csv');
    expect(autoSelectColumns(other).columns.map((c) => other.header[c])).toEqual(['recency_days', 'frequency', 'monetary', 'items']);
  });

  it('leaves out the online retail sample\'s invoice numbers, stock codes and dates', () => {
    const table = readCsvText(readFileSync(`${SHARED_DATA}online_retail_sample.csv`, 'utf8'), 'retail.csv');
    const selection = autoSelectColumns(table);
    expect(selection.columns.map((c) => table.header[c])).toEqual(['Quantity', 'UnitPrice']);
    expect(selection.skipped).toEqual([
      { name: 'InvoiceNo', reason: 'an identifier (by its name)' },
      { name: 'StockCode', reason: 'codes: numbers and 10% text, e.g. "90200D" on line 6' },
      { name: 'Description', reason: 'text (use --features to encode it)' },
      { name: 'InvoiceDate', reason: 'dates (not a measure; segmint rfm turns purchase dates into recency)' },
      { name: 'CustomerID', reason: 'an identifier (by its name)' },
      { name: 'Country', reason: 'text (use --features to encode it)' },
    ]);
  });
});
