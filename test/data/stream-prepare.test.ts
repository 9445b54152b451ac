import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/data/csv.js';
import type { StreamStats } from '../../src/data/stream-prepare.js';
import { fitStreamedPreparation } from '../../src/data/stream-prepare.js';

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
