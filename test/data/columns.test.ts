import { describe, expect, it } from 'vitest';
import { featureMatrix, parseNumber, resolveColumn, splitColumnList } from '../../src/data/columns.js';
import { parseCsv } from '../../src/data/csv.js';

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

  it('refuses a name that matches several columns when case is ignored', () => {
    expect(() => resolveColumn('AGE', ['age', 'Age'], 'f')).toThrow(/matches 2 columns/);
  });
});

describe('parseNumber', () => {
  it('accepts plain decimals and rejects everything else', () => {
    expect(['1', ' 2.5 ', '-3', '+4e2', '.5', '6.']).toSatisfy((xs: string[]) => xs.every((x) => parseNumber(x) !== undefined));
    for (const text of ['', 'NA', '0x10', '1,5', 'Infinity', 'NaN', '1e999', '12abc', '--1']) expect(parseNumber(text)).toBeUndefined();
  });
});

describe('featureMatrix', () => {
  it('builds the row-major matrix of the selected columns in the order given', () => {
    const table = parseCsv('id,a,b\n1,2,3\n2,4,5\n', 't.csv');
    const matrix = featureMatrix(table, splitColumnList(' b , a '));
    expect(matrix.columns).toEqual(['b', 'a']);
    expect(Array.from(matrix.values)).toEqual([3, 2, 5, 4]);
  });

  it('refuses a column selected twice', () => {
    const table = parseCsv('a,b\n1,2\n', 't.csv');
    expect(() => featureMatrix(table, ['a', 'A'])).toThrow(/column "a" is selected twice/);
  });
});
