import { describe, expect, it } from 'vitest';
import { looksLikeIdentifiers } from '../../src/data/columns.js';
import { readCsvText, streamCsvText } from '../../src/data/csv.js';
import { fitPreparation, MANY_CATEGORIES, type PrepareOptions } from '../../src/data/prepare.js';
import { fitStreamedPreparation, StreamStats, streamedIdentifierReason } from '../../src/data/stream-prepare.js';

describe('fitStreamedPreparation', () => {
  // The arguments are checked before the statistics are read, as fitPreparation checks them.
  const table = readCsvText('a,b\n1,2\n3,4\n', 't.csv', { keep: () => [0, 1] });
  const stats = {} as StreamStats;

  it('warns, as fitPreparation does, when one-hot encoding a column of more than MANY_CATEGORIES categories', () => {
    const csv = (n: number) => `id,x\n${Array.from({ length: n }, (_, i) => `c${i},${i % 3}`).join('\n')}\n`;
    const warningsOf = (options: PrepareOptions, n: number) => {
      const text = csv(n);
      const inMemory = readCsvText(text, 't.csv', { keep: () => [0, 1] });
      const stats = streamStats(text, 't.csv', 5);
      const streamedWarnings = fitStreamedPreparation(stats, stats.sampleTable(), [0, 1], options).warnings;
      expect(streamedWarnings).toEqual(fitPreparation(inMemory, [0, 1], options).warnings);
      return streamedWarnings;
    };
    expect(warningsOf({}, MANY_CATEGORIES + 1)).toEqual([
      'column "id" has 21 categories: one-hot encoding makes 21 features of it, which outweigh the other columns and give rare categories segments of their own; consider --encode ordinal or leaving the column out',
    ]);
    expect(warningsOf({}, MANY_CATEGORIES)).toEqual([]);
    expect(warningsOf({ encode: 'ordinal' }, MANY_CATEGORIES + 1)).toEqual([]);
  });

  it("warns of mixed units, learns --impute drop's clip bounds from the rows kept and refuses a drop that leaves under 2 rows, as fitPreparation does", () => {
    const compare = (text: string, columns: number[], options: PrepareOptions) => {
      const inMemory = fitPreparation(readCsvText(text, 't.csv', { keep: () => columns }), columns, options);
      const stats = streamStats(text, 't.csv', 1000);
      const streamed = fitStreamedPreparation(stats, stats.sampleTable(), columns, options);
      expect(streamed.warnings).toEqual(inMemory.warnings);
      expect(streamed.preparation.inputs).toEqual(inMemory.preparation.inputs);
      return inMemory;
    };
    expect(compare('spend,visits\n$4,1\n€5,2\n$6,3\n', [0, 1], {}).warnings).toEqual([expect.stringMatching(/^column "spend" mixes currencies/)]);
    // Rows 2, 5 and 8 lack b: the bounds of a come from 1, 3, 4, 6, 7, 9, 100.
    const holes = 'a,b\n1,1\n2,\n3,3\n4,4\n5,\n6,6\n7,7\n8,\n9,9\n100,10\n';
    expect(compare(holes, [0, 1], { impute: 'drop', clip: 0.2 }).preparation.inputs[0]).toMatchObject({ clip: [3.2, expect.closeTo(8.6, 12)] });
    const empty = 'a,b\n1,\n2,\n,3\n,4\n5,\n';
    const stats = streamStats(empty, 't.csv', 1000);
    expect(() => fitStreamedPreparation(stats, stats.sampleTable(), [0, 1], { impute: 'drop' })).toThrow('t.csv: leaving out the rows with a missing value (--impute drop) leaves 0 of its 5 rows');
  });

  it('does not clip a column that clipping would make constant, as fitPreparation does not', () => {
    const text = `complain,income\n${Array.from({ length: 100 }, (_, i) => `${i < 2 ? 1 : 0},${i}`).join('\n')}\n`;
    const stats = streamStats(text, 't.csv', 100);
    const streamed = fitStreamedPreparation(stats, stats.sampleTable(), [0, 1], { clip: 0.05 });
    expect(streamed.warnings).toEqual(['column "complain" is not clipped: clipping 5% at each end would make every value 0']);
    expect(streamed.preparation.inputs[0]).toMatchObject({ clip: null });
  });

  it('refuses bad options and columns at the call, with fitPreparation\'s messages', () => {
    expect(() => fitStreamedPreparation(stats, table, [0], { scale: 'zscore' as never })).toThrow('unknown scale "zscore"; expected one of standard, minmax, robust, none');
    expect(() => fitStreamedPreparation(stats, table, [0], { clip: 0.5 })).toThrow('clip=0.5 must be a quantile in [0, 0.5), e.g. 0.01');
    expect(() => fitStreamedPreparation(stats, table, [0], { scaling: 'minmax' } as never)).toThrow(/^unknown option "scaling" for fitStreamedPreparation/);
    expect(() => fitStreamedPreparation(stats, table, [2])).toThrow('columns[0]=2 is not a column of t.csv: expected a 0-based index in [0, 1]');
  });
});

/** Pass 1 of a streamed fit over `text`, every column kept whole. */
function streamStats(text: string, source: string, sampleSize = 10): StreamStats {
  let stats: StreamStats | undefined;
  streamCsvText(text, source, (delimiter) => (stats = new StreamStats(source, delimiter, { sampleSize, seed: 0, keep: (header) => header.map((_, c) => c) })));
  return stats!;
}

describe('StreamStats', () => {
  const streamed = (text: string, source: string) => streamStats(text, source).sampleTable();

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
