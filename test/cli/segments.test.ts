import { describe, expect, it } from 'vitest';
import { formatInertia, segmentTable, totalSumOfSquares } from '../../src/cli/segments.js';
import { inertia } from '../../src/select/metrics.js';
import { formatValue, formatValues } from '../../src/report/numbers.js';
import type { Preparation } from '../../src/data/prepare.js';
import type { ModelSegment } from '../../src/model.js';
import { profileSegments } from '../../src/report/profile.js';

const segment = (id: number, size: number, centroid: number[]): ModelSegment => ({ id, name: '', size, centroid, scaledCentroid: centroid });

describe('the segment table', () => {
  it('gives each feature one number of decimals, chosen from its values', () => {
    expect(formatValues([27, 25.7345])).toEqual(['27.00', '25.73']);
    expect(formatValues([1, 0.4])).toEqual(['1.00', '0.40']);
    expect(formatValues([0.4, 0.6123, 0])).toEqual(['0.400', '0.612', '0.000']);
    expect(formatValues([3, -5, 0])).toEqual(['3', '-5', '0']);
    expect(formatValues([0.00123, 0.5])).toEqual(['0.001', '0.500']);
    // A one-hot share of 1, as undoing the scaling gives it back.
    expect(formatValues([0.9999999999999999, 1.1102230246251565e-16])).toEqual(['1.00', '0.00']);
    // Below half the last decimal, on either side of zero, is 0.
    expect(formatValues([12.5, -0.001, -0.004999])).toEqual(['12.50', '0.00', '0.00']);
    expect(formatValues([-0.4, -0.00004])).toEqual(['-0.400', '0.000']);
    // For reading (the report): thousands grouped from 10,000, so that years stay years.
    expect(formatValues([1968.81, 1970], true)).toEqual(['1968.81', '1970.00']);
    expect(formatValues([52247.25, 9500], true)).toEqual(['52,247.25', '9,500.00']);
    expect(formatValues([-0.001, 12000], true)).toEqual(['0.00', '12,000.00']);
    expect(formatValue(51381.5)).toBe('51381.50');
    expect(formatValue(0.0123)).toBe('0.0123');
    expect(formatValue(5)).toBe('5');
  });

  it('lines a column up: every row of a feature with the same decimals, in both layouts', () => {
    const segments = [segment(1, 3016, [27, 1]), segment(2, 1, [25.7345, 0.4])];
    expect(segmentTable(segments, ['age', 'share'], 3017)).toBe(
      'segment  size   share    age  share\n' +
        '      1  3016  >99.9%  27.00   1.00\n' +
        '      2     1   <0.1%  25.73   0.40\n',
    );
    // Above six features a feature is a line: the same decimals along it.
    const wide = segmentTable([segment(1, 3016, [0, 0, 0, 0, 0, 1, 27]), segment(2, 1, [0, 0, 0, 0, 0, 0.4, 25.7345])], ['a', 'b', 'c', 'd', 'e', 'f', 'age'], 3017);
    expect(wide.split('\n').slice(-3, -1)).toEqual(['f          1.00   0.40', 'age       27.00  25.73']);
  });

  it('shows an ordinal column by each segment\'s most common category and its share (the profiles), not a mean code', () => {
    const preparation: Preparation = {
      inputs: [
        { name: 'age', kind: 'numeric', fill: null, clip: null },
        { name: 'status', kind: 'categorical', encoding: 'ordinal', categories: ['Married', 'Single', 'Together'], fill: null },
      ],
      outputs: ['age', 'status'],
      scale: 'none',
      center: [0, 0],
      scaleBy: [1, 1],
    };
    // Segment 1: ages 30, 32, 34, two Married and one Together; segment 2: 50 and 52, both Single.
    const matrix = [[30, 0], [50, 1], [32, 2], [52, 1], [34, 0]];
    const profiles = profileSegments({ matrix, labels: [0, 1, 0, 1, 0], k: 2, preparation });
    const segments = [segment(1, 3, [32, 2 / 3]), segment(2, 2, [51, 1])];
    expect(segmentTable(segments, preparation.outputs, 5, profiles)).toBe(
      'segment  size  share  age         status\n' +
        '      1     3  60.0%   32  Married 66.7%\n' +
        '      2     2  40.0%   51  Single 100.0%\n',
    );
    // Without the profiles, the centroid's mean code.
    expect(segmentTable(segments, preparation.outputs, 5).split('\n')[1]).toMatch(/ 0\.67$/);
  });

  it('shows a one-hot column as the segment\'s share of the category, as the report does', () => {
    const preparation: Preparation = {
      inputs: [{ name: 'plan', kind: 'categorical', encoding: 'onehot', categories: ['Basic', 'Gold'], fill: null }],
      outputs: ['plan=Basic', 'plan=Gold'],
      scale: 'none',
      center: [0, 0],
      scaleBy: [1, 1],
    };
    const matrix = [[1, 0], [0, 1], [1, 0], [1, 0], [1, 0], [0, 1], [1, 0], [1, 0], [0, 1]];
    const profiles = profileSegments({ matrix, labels: [0, 1, 0, 0, 0, 1, 0, 2, 2], k: 3, preparation });
    const segments = [segment(1, 5, [1, 0]), segment(2, 2, [0, 1]), segment(3, 2, [0.5, 0.5])];
    expect(segmentTable(segments, preparation.outputs, 9, profiles).split('\n').slice(1, 4).map((line) => line.trim().split(/\s{2,}/).slice(3))).toEqual([
      ['100.0%', '0.0%'],
      ['0.0%', '100.0%'],
      ['50.0%', '50.0%'],
    ]);
  });

  it('shows a share that would round to 0.0% or 100.0% as <0.1% or >99.9% (formatShare, as the report does)', () => {
    const table = segmentTable([segment(1, 3016, [1]), segment(2, 1, [2])], ['a'], 3017);
    expect(table.split('\n').slice(1, 3).map((line) => line.trim().split(/\s{2,}/)[2])).toEqual(['>99.9%', '<0.1%']);
  });

  it('derives the total sum of squares from the inertia and the segments, as one segment of every row measures it', () => {
    const rows = [[1, 2], [3, 2], [10, 0], [12, 4], [11, 2]];
    const labels = [0, 0, 1, 1, 1];
    const segments = [0, 1].map((label) => {
      const members = rows.filter((_, i) => labels[i] === label);
      return { size: members.length, scaledCentroid: [0, 1].map((f) => members.reduce((sum, row) => sum + row[f]!, 0) / members.length) };
    });
    const within = inertia(rows, labels);
    expect(totalSumOfSquares(within, segments)).toBeCloseTo(inertia(rows, [0, 0, 0, 0, 0]), 12);
  });

  it('prints inertia in plain notation, 6 significant digits, and 0 where it is rounding', () => {
    expect(formatInertia(44448.45544793369, 1e6)).toBe('44448.5');
    expect(formatInertia(106348.37306211122, 1e6)).toBe('106348');
    expect(formatInertia(123456789.4, 1e9)).toBe('123457000');
    expect(formatInertia(200, 400)).toBe('200');
    expect(formatInertia(1.234567e-8, 1)).toBe('0.0000000123457');
    expect(formatInertia(1.1e-27, 6034)).toBe('0');
    expect(formatInertia(0, 0)).toBe('0');
  });
});
