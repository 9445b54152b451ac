import { describe, expect, it } from 'vitest';
import { autoSelectColumns, isIdName, resolveColumn, resolveColumns, splitColumnList } from '../../src/data/columns.js';
import { readCsvText } from '../../src/data/csv.js';
import { parseNumber } from '../../src/data/values.js';

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
    expect(() => resolveColumn('zzzzzzzz', HEADER, 'f')).toThrow(/no column "zzzzzzzz" columns:/);
  });

  it('refuses a name that matches several columns when case is ignored, and a column given twice', () => {
    expect(() => resolveColumn('AGE', ['age', 'Age'], 'f')).toThrow(/matches 2 columns/);
    expect(() => resolveColumns(['Age', '3'], HEADER, 'f')).toThrow(/column "Age" is selected twice/);
    expect(resolveColumns(splitColumnList(' Age , 4 '), HEADER, 'f')).toEqual([2, 3]);
  });
});

describe('parseNumber', () => {
  it('accepts plain decimals and rejects everything else', () => {
    for (const text of ['1', ' 2.5 ', '-3', '+4e2', '.5', '6.']) expect(parseNumber(text)).not.toBeUndefined();
    for (const text of ['', 'NA', '0x10', '1,5', 'Infinity', 'NaN', '1e999', '12abc', '--1', '1 000']) expect(parseNumber(text)).toBeUndefined();
    expect(parseNumber('1,5', true)).toBe(1.5);
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
});
