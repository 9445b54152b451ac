import { describe, expect, it } from 'vitest';
import { calinskiHarabasz, daviesBouldin, inertia } from '../../src/select/metrics.js';
import { silhouette } from '../../src/select/silhouette.js';
import { expectSegmintError } from './expect-error.js';

// 1-D toy: clusters {0, 1} and {4, 5}, labelled 3 and 7 (labels need not be 0..k-1).
// Means 0.5 and 4.5, overall mean 2.5.
const line = [[0], [1], [4], [5]];
const lineLabels = [3, 3, 7, 7];

describe('metrics on hand-computed cases', () => {
  it('inertia: four rows each 0.5 from their mean: 4 × 0.25 = 1', () => {
    expect(inertia(line, lineLabels)).toBe(1);
  });

  it('Calinski-Harabasz: between 2·2² + 2·2² = 16, within 1: 16 × (4 - 2) / (1 × (2 - 1)) = 32', () => {
    expect(calinskiHarabasz(line, lineLabels)).toBe(32);
  });

  it('Davies-Bouldin: spreads 0.5 and 0.5, means 4 apart: (0.5 + 0.5) / 4 = 0.25', () => {
    expect(daviesBouldin(line, lineLabels)).toBe(0.25);
  });

  it('silhouette: rows 0 and 5 score (4.5 - 1) / 4.5 = 7/9, rows 1 and 4 (3.5 - 1) / 3.5 = 5/7', async () => {
    const result = await silhouette(line, lineLabels);
    expect(Array.from(result.samples)).toEqual([7 / 9, 5 / 7, 5 / 7, 7 / 9]);
    expect(result.mean).toBeCloseTo(47 / 63, 15);
    expect(result.perCluster).toHaveLength(8);
    expect(result.perCluster[3]).toBeCloseTo(47 / 63, 15);
    expect(result.perCluster[7]).toBeCloseTo(47 / 63, 15);
    expect(result.perCluster.filter(Number.isNaN)).toHaveLength(6);
    expect(Array.from(result.rows)).toEqual([0, 1, 2, 3]);
    expect(result.sampled).toBe(false);
  });

  it('silhouette is 0 for a row alone in its cluster (scikit-learn\'s convention)', async () => {
    // Row 10 is alone; rows 0 and 1: a = 1, b = 10 and 9: s = 9/10 and 8/9.
    const result = await silhouette([[0], [1], [10]], [0, 0, 1]);
    expect(Array.from(result.samples)).toEqual([9 / 10, 8 / 9, 0]);
  });

  it('2-D, two clusters of five (0,0),(1,1) and five (3,3),(4,4): Davies-Bouldin 1/3', () => {
    // Means (0.5, 0.5) and (3.5, 3.5): spreads √0.5, separation √18; 2√0.5 / √18 = 1/3.
    const rows = [...Array(5).fill([[0, 0], [1, 1]]).flat(), ...Array(5).fill([[3, 3], [4, 4]]).flat()] as number[][];
    const labels = [...new Array<number>(10).fill(0), ...new Array<number>(10).fill(1)];
    expect(daviesBouldin(rows, labels)).toBeCloseTo(1 / 3, 15);
  });

  it('scikit-learn\'s Calinski-Harabasz test case: 45 × (40 - 4) / (5 × (4 - 1)) = 108', () => {
    const rows = [
      ...Array(5).fill([[0, 0], [1, 1]]).flat(),
      ...Array(5).fill([[3, 3], [4, 4]]).flat(),
      ...Array(5).fill([[0, 4], [1, 3]]).flat(),
      ...Array(5).fill([[3, 1], [4, 0]]).flat(),
    ] as number[][];
    const labels = Array.from({ length: 40 }, (_, i) => Math.floor(i / 10));
    expect(calinskiHarabasz(rows, labels)).toBeCloseTo(108, 12);
  });

  it('scikit-learn\'s Davies-Bouldin case with a singleton cluster: (5/4) / 3', () => {
    expect(daviesBouldin([[0, 0], [2, 2], [3, 3], [5, 5]], [0, 0, 1, 2])).toBeCloseTo(5 / 4 / 3, 15);
  });

  it('degenerate clusterings: every row on its mean gives Calinski-Harabasz 1 and Davies-Bouldin 0', () => {
    const rows = [[0, 0], [0, 0], [5, 5], [5, 5]];
    expect(calinskiHarabasz(rows, [0, 0, 1, 1])).toBe(1);
    expect(daviesBouldin(rows, [0, 0, 1, 1])).toBe(0);
    expect(inertia(rows, [0, 0, 1, 1])).toBe(0);
  });

  it('accept a flat Float64Array with nFeatures and leave the caller\'s data alone', async () => {
    const flat = Float64Array.of(0, 0, 1, 1, 4, 4, 5, 5);
    const labels = Int32Array.of(0, 0, 1, 1);
    expect(inertia(flat, labels, { nFeatures: 2 })).toBe(2);
    expect(calinskiHarabasz(flat, labels, { nFeatures: 2 })).toBe(32);
    expect((await silhouette(flat, labels, { nFeatures: 2 })).samples[0]).toBeCloseTo(7 / 9, 15);
    expect(Array.from(flat)).toEqual([0, 0, 1, 1, 4, 4, 5, 5]);
  });
});

describe('metrics reject bad input with the values in the message', () => {
  const rows = [[0], [1], [4], [5]];
  const cases: [string, () => unknown, RegExp][] = [
    ['labels of the wrong length', () => inertia(rows, [0, 1]), /labels has 2 values; expected nSamples=4/],
    ['a negative label', () => calinskiHarabasz(rows, [0, 0, -1, 1]), /labels\[2\] is -1; labels must be integers >= 0/],
    ['a fractional label', () => daviesBouldin(rows, [0, 0, 1.5, 1]), /labels\[2\] is 1.5/],
    ['one cluster', () => calinskiHarabasz(rows, [2, 2, 2, 2]), /calinskiHarabasz needs 2 to nSamples - 1 = 3 clusters; the labels name 1/],
    ['as many clusters as rows', () => daviesBouldin(rows, [0, 1, 2, 3]), /daviesBouldin needs 2 to nSamples - 1 = 3 clusters; the labels name 4/],
    ['NaN in the data', () => inertia([[0], [NaN]], [0, 1]), /data\[1\]\[0\] is NaN/],
    ['an unknown option', () => inertia(rows, [0, 0, 1, 1], { nfeatures: 1 } as object), /unknown option "nfeatures" for inertia; did you mean "nFeatures"\?/],
    ['silhouette of one cluster', () => silhouette(rows, [0, 0, 0, 0]), /silhouette needs 2 to nSamples - 1 = 3 clusters; the labels name 1/],
    ['a bad sample size', () => silhouette(rows, [0, 0, 1, 1], { sampleSize: 2 }), /sampleSize=2 must be an integer >= 3/],
    ['a bad exact limit', () => silhouette(rows, [0, 0, 1, 1], { maxExactSamples: 'many' as unknown as number }), /maxExactSamples="many" must be an integer >= 2/],
  ];
  for (const [name, call, message] of cases) it(name, () => expectSegmintError(call, message));
});
