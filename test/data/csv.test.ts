import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectDelimiter, formatCsv, parseCsv } from '../../src/data/csv.js';
import { MALL_CSV, SHARED_DATA } from '../helpers/data.js';

describe('parseCsv', () => {
  it('reads the Mall file: CRLF, zero-padded ids kept as text, trailing line break', () => {
    const table = parseCsv(readFileSync(MALL_CSV, 'utf8'), 'mall.csv');
    expect(table.header).toEqual(['CustomerID', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)']);
    expect(table.rows).toHaveLength(200);
    expect(table.rows[0]).toEqual(['0001', 'Male', '19', '15', '39']);
    expect(table.newline).toBe('\r\n');
    expect(table.delimiter).toBe(',');
    expect(table.lines[0]).toBe(2);
    expect(table.lines[199]).toBe(201);
  });

  it('detects tabs in the marketing campaign file', () => {
    const table = parseCsv(readFileSync(`${SHARED_DATA}marketing_campaign.csv`, 'utf8'), 'marketing.csv');
    expect(table.delimiter).toBe('\t');
    expect(table.header).toHaveLength(29);
    expect(table.rows).toHaveLength(2240);
  });

  it('detects semicolons and pipes, even with a trailing blank line', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    expect(parseCsv('a;b\n1;2\n', 'x').rows).toEqual([['1', '2']]);
    expect(parseCsv('a|b\n1|2\n\n', 'x').rows).toEqual([['1', '2']]);
  });

  it('handles a BOM, quoted fields with delimiters, quotes and line breaks, and counts lines', () => {
    const text = '\ufeffname,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\n\r\nLee,ok\r\n';
    const table = parseCsv(text, 'x');
    expect(table.header).toEqual(['name', 'note']);
    expect(table.rows).toEqual([['Smith, J', 'said "hi"\r\nthen left'], ['Lee', 'ok']]);
    expect(Array.from(table.lines)).toEqual([2, 5]);
  });

  it('writes back in the file\'s delimiter and line breaks, quoting where needed', () => {
    expect(formatCsv(['a', 'b'], [['1', 'x;y'], ['2', '"q"']], ';', '\r\n')).toBe('a;b\r\n1;"x;y"\r\n2;"""q"""\r\n');
  });

  it('names the line of a ragged row after a multi-line field', () => {
    expect(() => parseCsv('a,b\n"1\n2",3\n4\n', 'f.csv')).toThrow(/f\.csv, line 4: 1 field; expected 2 like the header/);
  });
});
