import { describe, expect, it } from 'vitest';
import { looksLikeIdentifiers } from '../../src/data/columns.js';
import { readCsvText, streamCsvText } from '../../src/data/csv.js';
import { fitStreamedPreparation, StreamStats, streamedIdentifierReason } from '../../src/data/stream-prepare.js';

describe('fitStreamedPreparation', () => {
  // The arguments are checked before the statistics are read, as fitPreparation checks them.
  const table = readCsvText('a,b\n1,2\n3,4\n', 't.csv', { keep: () => [0, 1] });
  const stats = {} as StreamStats;

  it('refuses bad options and columns at the call, with fitPreparation\'s messages', () => {
    expect(() => fitStreamedPreparation(stats, table, [0], { scale: 'zscore' as never })).toThrow('unknown scale "zscore"; expected one of standard, minmax, robust, none');
    expect(() => fitStreamedPreparation(stats, table, [0], { clip: 0.5 })).toThrow('clip=0.5 must be a quantile in [0, 0.5), e.g. 0.01');
    expect(() => fitStreamedPreparation(stats, table, [0], { scaling: 'minmax' } as never)).toThrow(/^unknown option "scaling" for fitStreamedPreparation/);
    expect(() => fitStreamedPreparation(stats, table, [2])).toThrow('columns[0]=2 is not a column of t.csv: expected a 0-based index in [0, 1]');
  });
});

describe('StreamStats', () => {
  const streamed = (text: string, source: string) => {
    let stats: StreamStats | undefined;
    streamCsvText(text, source, (delimiter) => (stats = new StreamStats(source, delimiter, { sampleSize: 10, seed: 0 })));
    return stats!.sampleTable();
  };

  it('leaves out an unnamed last column that no row puts a value in, and refuses one that holds values, as the in-memory reader does', () => {
    const excel = 'a,b,\r\n1,2,\r\n3, 4 , \r\n';
    const table = streamed(excel, 'excel.csv');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.emptyLastColumn).toBe(true);
    expect(Array.from(table.columns[1]!.numbers!)).toEqual([2, 4]);
    expect(streamed('a,b\n1,2\n', 'x').emptyLastColumn).toBe(false);
    // Refused with the in-memory reader's messages: a value in the unnamed column, an unnamed column elsewhere, a short row.
    const inMemoryError = (text: string): string => {
      try {
        readCsvText(text, 'f.csv');
      } catch (error) {
        return (error as Error).message;
      }
      return 'read without an error';
    };
    expect(() => streamed('a,b,\n1,2,\n3,4,x\n', 'f.csv')).toThrow('f.csv, line 3, column 3: "x" in a column with no name in the header (line 1)');
    for (const text of ['a,b,\n1,2,\n3,4,x\n', 'a,,b\n1,,2\n', 'a,b,\n1,2\n']) expect(() => streamed(text, 'f.csv')).toThrow(inMemoryError(text));
  });

  it('tells identifiers as automatic selection does: by the name, or unique integers in a range under 10 × rows of the whole file', () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${i * 5},${i % 7},${7 + i},${i}`);
    let stats: StreamStats | undefined;
    streamCsvText(['n,repeats,code,customer_no', ...rows].join('\n'), 'ids.csv', (delimiter) => (stats = new StreamStats('ids.csv', delimiter, { sampleSize: 10, seed: 1 })));
    const table = stats!.sampleTable();
    expect(table.columns.map((column) => streamedIdentifierReason(stats!, column))).toEqual([
      'an identifier (unique integers)', undefined, 'an identifier (unique integers)', 'an identifier (by its name)',
    ]);
    // "n" spans 195 < 10 × 40 in the file; its 10 sampled values alone span more than 10 × 10.
    expect(looksLikeIdentifiers(table.columns[0]!.numbers!)).toBe(false);
  });
});
