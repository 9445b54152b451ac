import { describe, expect, it } from 'vitest';
import { readCsvText } from '../../src/data/csv.js';
import { isSegmintError, type SegmintError } from '../../src/errors.js';
import { applyPreparation, fitPreparation, MANY_CATEGORIES, type PrepareOptions, toOriginalUnits } from '../../src/data/prepare.js';

const TEXT = 'spend,visits,colour,flat\n1,10,red,7\n2,,blue,7\n3,30,,7\n4,40,red,7\nNA,50,green,7\n';

function prepare(options: PrepareOptions, keep = [0, 1, 2, 3], text = TEXT) {
  const table = readCsvText(text, 't.csv', { keep: () => keep });
  const { preparation, warnings } = fitPreparation(table, keep, options);
  return { table, preparation, warnings, data: applyPreparation(preparation, table) };
}

function column(data: { matrix: Float64Array; nFeatures: number; nSamples: number }, j: number): number[] {
  return Array.from({ length: data.nSamples }, (_, i) => data.matrix[i * data.nFeatures + j]!);
}

describe('fitPreparation and applyPreparation', () => {
  it('fills numbers with the median and categories with the mode, one-hot encodes, drops constant columns', () => {
    const { preparation, warnings, data } = prepare({ scale: 'none' });
    expect(preparation.outputs).toEqual(['spend', 'visits', 'colour=blue', 'colour=green', 'colour=red']);
    expect(warnings).toEqual(['column "flat" has the same value in every row (zero variance); it is left out']);
    expect(column(data, 0)).toEqual([1, 2, 3, 4, 2.5]); // median of 1..4
    expect(column(data, 1)).toEqual([10, 35, 30, 40, 50]); // median of 10, 30, 40, 50
    expect(column(data, 4)).toEqual([1, 0, 1, 1, 0]); // the missing colour becomes "red"
    const byName = Object.fromEntries(data.report.columns.map((c) => [c.name, c]));
    expect(byName.spend).toMatchObject({ missing: 1, filled: 1, fill: 2.5 });
    expect(byName.colour).toMatchObject({ missing: 1, filled: 1, fill: 'red' });
    expect(data.report.droppedRows).toBe(0);
  });

  it('mean, mode and constant fills', () => {
    expect(column(prepare({ scale: 'none', impute: 'mean' }, [0]).data, 0)[4]).toBe(2.5);
    expect(column(prepare({ scale: 'none', impute: 'mode' }, [1]).data, 0)[1]).toBe(10); // all once: the smallest
    const constant = prepare({ scale: 'none', impute: { constant: '0' } }, [0, 1]);
    expect(column(constant.data, 0)[4]).toBe(0);
    expect(() => prepare({ impute: { constant: 'zero' } }, [0])).toThrow(/^the constant "zero" that fills missing values is not a number, but column "spend" is numeric$/);
  });

  it('refuses values too large to scale, or whose squared distances overflow, naming the column (and the line)', () => {
    const huge = 'a,b\n1,2\n3,4e200\n5,6\n7,8\n';
    expect(() => prepare({}, [0, 1], huge)).toThrow(/^t\.csv, column "b": its values are too large to scale \(standard scaling overflows: center 1e\+200, scale Infinity\); rescale the column/);
    expect(() => prepare({ scale: 'minmax' }, [0, 1], 'a,b\n1,-1e308\n3,1e308\n')).toThrow(/column "b": its values are too large to scale \(minmax scaling overflows/);
    expect(() => prepare({ scale: 'none' }, [0, 1], huge)).toThrow(/^t\.csv, line 3, column "b" \(as prepared\) is 4e\+200: beyond ±2\.37e\+153/);
    // Large but within range: prepared and fitted.
    expect(prepare({}, [0, 1], 'a,b\n1,2\n3,4e150\n5,6\n7,8\n').data.nSamples).toBe(4);
  });

  it('drops rows with a missing cell and says which rows remain', () => {
    const { data } = prepare({ scale: 'none', impute: 'drop' }, [0, 1, 2]);
    expect(Array.from(data.rows)).toEqual([0, 3]);
    expect(data.report.droppedRows).toBe(3);
    expect(data.report.columns.map((c) => [c.name, c.missing, c.filled])).toEqual([['spend', 1, 0], ['visits', 1, 0], ['colour', 1, 0]]);
  });

  it('ordinal encoding numbers the sorted categories', () => {
    const { preparation, data } = prepare({ scale: 'none', encode: 'ordinal' }, [2]);
    expect(preparation.inputs[0]).toMatchObject({ categories: ['blue', 'green', 'red'] });
    expect(column(data, 0)).toEqual([2, 0, 2, 2, 1]);
  });

  it('names the columns a preparation needs when the table lacks one (applyPreparation is public: a saved model on a new table)', () => {
    const { preparation } = prepare({}, [0, 1]);
    const other = readCsvText('spend,trips\n1,2\n', 'new.csv');
    expect(() => applyPreparation(preparation, other)).toThrow('new.csv: no column "visits" (the model needs "spend", "visits")');
  });

  it('warns when one-hot encoding a column with many categories, naming it and its count', () => {
    const csv = (n: number) => `id\n${Array.from({ length: n }, (_, i) => `c${i}`).join('\n')}\n`;
    const warning =
      'column "id" has 21 categories: one-hot encoding makes 21 features of it, which outweigh the other columns and give rare categories segments of their own; consider --encode ordinal or leaving the column out';
    expect(prepare({}, [0], csv(MANY_CATEGORIES + 1)).warnings).toEqual([warning]);
    expect(prepare({}, [0], csv(MANY_CATEGORIES)).warnings).toEqual([]);
    // Ordinal codes make one feature, whatever the number of categories.
    expect(prepare({ encode: 'ordinal' }, [0], csv(MANY_CATEGORIES + 1)).warnings).toEqual([]);
  });

  it('standard, min-max and robust scaling, as scikit-learn computes them', () => {
    const text = 'x\n1\n2\n3\n4\n';
    expect(column(prepare({ scale: 'standard' }, [0], text).data, 0)).toEqual([-1.5, -0.5, 0.5, 1.5].map((v) => v / Math.sqrt(1.25)));
    expect(column(prepare({ scale: 'minmax' }, [0], text).data, 0)).toEqual([0, 1 / 3, 2 / 3, 1]);
    // Quantiles with linear interpolation: median 2.5, IQR 3.25 - 1.75 = 1.5.
    expect(column(prepare({ scale: 'robust' }, [0], text).data, 0)).toEqual([-1.5, -0.5, 0.5, 1.5].map((v) => v / 1.5));
  });

  it('winsorises at the clip quantiles before scaling, and counts the clipped values', () => {
    const text = `income\n${[10, 20, 30, 40, 666666].join('\n')}\n`;
    const { preparation, data } = prepare({ scale: 'none', clip: 0.25 }, [0], text);
    expect(preparation.inputs[0]).toMatchObject({ clip: [20, 40] });
    expect(column(data, 0)).toEqual([20, 20, 30, 40, 40]);
    expect(data.report.columns[0]!.clipped).toBe(2);
  });

  it('does not clip a column that clipping would make constant (a rare 0/1 indicator), and says so', () => {
    // 2 ones in 100 rows: at clip 0.05 both bounds are 0, and every 1 would become 0.
    const text = `complain,income\n${Array.from({ length: 100 }, (_, i) => `${i < 2 ? 1 : 0},${i}`).join('\n')}\n`;
    const { preparation, warnings, data } = prepare({ scale: 'none', clip: 0.05 }, [0, 1], text);
    expect(preparation.inputs.map((input) => input.kind === 'numeric' && input.clip)).toEqual([null, [4.95, 94.05]]);
    expect(warnings).toEqual(['column "complain" is not clipped: clipping 5% at each end would make every value 0']);
    expect(preparation.outputs).toEqual(['complain', 'income']);
    expect(column(data, 0).slice(0, 3)).toEqual([1, 1, 0]);
    // A constant column is left out as before, without a word about clipping.
    expect(prepare({ clip: 0.05 }, [0, 1], 'flat,x\n7,1\n7,2\n7,3\n').warnings).toEqual(['column "flat" has the same value in every row (zero variance); it is left out']);
  });

  it("passes on a chosen column's unit warning (percent signs on some values only)", () => {
    expect(prepare({}, [0, 1], 'a,b\n1%,1\n0.02,2\n10%,3\n').warnings).toEqual([expect.stringMatching(/^column "a" has values with a percent sign/)]);
  });

  it('learns the clip bounds from the rows it clusters when --impute drop leaves some out', () => {
    // Rows 2, 5 and 8 lack b: the bounds of a come from 1, 3, 4, 6, 7, 9, 100.
    const text = 'a,b\n1,1\n2,\n3,3\n4,4\n5,\n6,6\n7,7\n8,\n9,9\n100,10\n';
    const { preparation } = prepare({ scale: 'none', impute: 'drop', clip: 0.2 }, [0, 1], text);
    expect(preparation.inputs[0]).toMatchObject({ clip: [3.2, expect.closeTo(8.6, 12)] });
  });

  it('turns centroids back into original units', () => {
    const { preparation, data } = prepare({ scale: 'standard' }, [0, 2]);
    const centre = Array.from({ length: data.nFeatures }, (_, j) => column(data, j).reduce((a, b) => a + b) / data.nSamples);
    const [units] = toOriginalUnits(preparation, [centre]);
    expect(units![0]).toBeCloseTo(2.5, 12); // the mean spend
    expect(units!.slice(1)).toEqual([0.2, 0.2, 0.6]); // shares of blue, green, red (exact zeros stay 0)
  });

  it('applies the training preparation to new rows: unseen categories count as missing', () => {
    const { preparation } = prepare({ scale: 'none' });
    const fresh = readCsvText('spend,visits,colour,flat\n5,NA,purple,1\n', 'new.csv', { keep: () => [0, 1, 2, 3] });
    const data = applyPreparation(preparation, fresh);
    expect(Array.from(data.matrix)).toEqual([5, 35, 0, 0, 1]);
    expect(data.report.warnings).toEqual(['column "colour": 1 value(s) not seen in training ("purple"), treated as missing (filled with "red")']);
  });

  it('names unseen categories under --impute drop too, whose rows are left out', () => {
    const { preparation } = prepare({ scale: 'none', impute: 'drop' });
    const fresh = readCsvText('spend,visits,colour,flat\n5,40,purple,1\n6,50,red,1\n', 'new.csv', { keep: () => [0, 1, 2, 3] });
    const data = applyPreparation(preparation, fresh);
    expect(Array.from(data.rows)).toEqual([1]);
    expect(data.report.warnings).toEqual(['column "colour": 1 value(s) not seen in training ("purple"), their rows left out as with a missing value']);
  });

  it('refuses unusable columns, naming file, line and column', () => {
    expect(() => prepare({}, [0], 'a,b\n,1\nNA,2\n')).toThrow('t.csv, column "a" (1): every value is missing; choose other columns or fill it');
    const mostlyNumbers = `a\n${Array.from({ length: 30 }, (_, i) => (i === 17 ? 'x4' : String(i))).join('\n')}\n`;
    expect(() => prepare({}, [0], mostlyNumbers)).toThrow('t.csv, line 19, column "a" (1): expected a number, got "x4" (1 of 30 values in this column are not numbers; if it holds categories, declare it categorical)');
    expect(() => prepare({}, [0], 'a\n1\n1\n')).toThrow(/every selected column is constant/);
  });

  describe('refuses bad options and columns at the call, as SegmintError ERR_INVALID_ARGUMENT', () => {
    const cases: [string, PrepareOptions, readonly number[], string][] = [
      ['an unknown scale', { scale: 'zscore' as never }, [0], 'unknown scale "zscore"; expected one of standard, minmax, robust, none'],
      ['an unknown encode', { encode: 'hot' as never }, [2], 'unknown encode "hot"; expected one of onehot, ordinal, drop'],
      ['an unknown impute', { impute: 'avg' as never }, [0], 'unknown impute "avg"; expected one of drop, mean, median, mode or { constant: <value> }'],
      ['an impute object that is not { constant }', { impute: { value: '0' } as never }, [0], 'impute as an object must be { constant: <value> } with the value as a string; got {"value":"0"}'],
      ['a constant that is not a string', { impute: { constant: 0 } as never }, [0], 'impute as an object must be { constant: <value> } with the value as a string; got {"constant":0}'],
      ['clip of 0.5 or more', { clip: 0.7 }, [0], 'clip=0.7 must be a quantile in [0, 0.5), e.g. 0.01'],
      ['a negative clip', { clip: -1 }, [0], 'clip=-1 must be a quantile in [0, 0.5), e.g. 0.01'],
      ['a clip that is text', { clip: '0.1' as never }, [0], 'clip="0.1" must be a quantile in [0, 0.5), e.g. 0.01'],
      ['an unknown option', { scaling: 'minmax' } as never, [0], 'unknown option "scaling" for fitPreparation (options: scale, encode, impute, clip, categorical)'],
      ['a column index out of range', {}, [99], 'columns[0]=99 is not a column of t.csv: expected a 0-based index in [0, 3]'],
      ['a column name instead of an index', {}, ['spend'] as never, 'columns[0]="spend" is not a column of t.csv: expected a 0-based index in [0, 3]'],
      ['columns that are not an array', {}, 0 as never, 'columns must be an array of 0-based column indices; got 0'],
      ['a categorical index out of range', { categorical: [4] }, [0], 'categorical[0]=4 is not a column of t.csv: expected a 0-based index in [0, 3]'],
    ];
    const table = readCsvText(TEXT, 't.csv', { keep: () => [0, 1, 2, 3] });
    for (const [name, options, columns, message] of cases) {
      it(name, () => {
        let error: unknown;
        try {
          fitPreparation(table, columns, options);
        } catch (e) {
          error = e;
        }
        expect(isSegmintError(error), String(error)).toBe(true);
        expect((error as SegmintError).code).toBe('ERR_INVALID_ARGUMENT');
        expect((error as Error).message).toBe(message);
      });
    }
  });
});
