import { describe, expect, it } from 'vitest';
import type { Preparation } from '../../src/data/prepare.js';
import { featureLabel, mostCommonCategory, profileChartRows, profileFeatures, profileSegments, sharesByCategory, smallSegmentsWarning } from '../../src/report/profile.js';

// Income and a one-hot Genre, standard-scaled by hand: value = (x - center) / scaleBy.
const preparation: Preparation = {
  inputs: [
    { name: 'Income', kind: 'numeric', fill: null, clip: null },
    { name: 'Genre', kind: 'categorical', encoding: 'onehot', categories: ['Female', 'Male'], fill: null },
  ],
  outputs: ['Income', 'Genre=Female', 'Genre=Male'],
  scale: 'standard',
  center: [50, 0.5, 0.5],
  scaleBy: [10, 0.5, 0.5],
};
const original = [
  [40, 1, 0],
  [60, 0, 1],
  [70, 0, 1],
  [30, 1, 0],
];
const scaled = original.map((row) => row.map((x, f) => (x - preparation.center[f]!) / preparation.scaleBy[f]!));

describe('profileSegments', () => {
  const profiles = profileSegments({ matrix: scaled, labels: [0, 1, 1, 0], k: 2, preparation });
  const sd = Math.sqrt(250); // population sd of 40, 60, 70, 30

  it('describes each matrix column by the input column it came from', () => {
    expect(profiles.features).toEqual([
      { name: 'Income', column: 'Income', kind: 'numeric' },
      { name: 'Genre=Female', column: 'Genre', kind: 'share', category: 'Female' },
      { name: 'Genre=Male', column: 'Genre', kind: 'share', category: 'Male' },
    ]);
    expect(profiles.features.map(featureLabel)).toEqual(['Income', 'Genre: Female (share)', 'Genre: Male (share)']);
    // Genre: Male's bars would mirror Female's.
    expect(profileChartRows(profiles).featureNames).toEqual(['Income', 'Genre: Female (share)']);
  });

  it('summarises the population in original units', () => {
    const { population } = profiles;
    expect(population.size).toBe(4);
    expect(population.mean).toEqual([50, 0.5, 0.5]);
    expect(population.median).toEqual([50, 0.5, 0.5]);
    expect(population.standardDeviation[0]).toBeCloseTo(sd, 12);
    expect(population.standardDeviation[1]).toBeCloseTo(0.5, 12);
  });

  it('gives each segment its size, share, means, medians and z-scores in original units', () => {
    const [women, men] = profiles.segments;
    expect(women).toMatchObject({ index: 0, size: 2, share: 0.5, mean: [35, 1, 0], median: [35, 1, 0] });
    expect(men).toMatchObject({ index: 1, size: 2, share: 0.5, mean: [65, 0, 1], median: [65, 0, 1] });
    expect(women!.zScores[0]).toBeCloseTo(-15 / sd, 12);
    expect(women!.zScores.slice(1)).toEqual([1, -1]);
    expect(men!.zScores[0]).toBeCloseTo(15 / sd, 12);
  });

  it("places each segment's median among all rows, ties counting half", () => {
    // Incomes 30, 40, 60, 70: one below 35; three below 65. Shares: half are 0, half 1.
    expect(profiles.segments[0]!.medianPercentiles).toEqual([0.25, 0.75, 0.25]);
    expect(profiles.segments[1]!.medianPercentiles).toEqual([0.75, 0.25, 0.75]);
  });

  it('reports an empty segment as size 0 with no statistics', () => {
    const withEmpty = profileSegments({ matrix: scaled, labels: [0, 1, 1, 0], k: 3, preparation });
    expect(withEmpty.segments[2]).toMatchObject({ size: 0, share: 0 });
    expect(withEmpty.segments[2]!.mean.every(Number.isNaN)).toBe(true);
  });

  it('knows ordinal columns and columns the preparation dropped', () => {
    const features = profileFeatures({
      inputs: [
        { name: 'Size', kind: 'categorical', encoding: 'ordinal', categories: ['L', 'M', 'S'], fill: null },
        { name: 'Region', kind: 'categorical', encoding: 'onehot', categories: ['East', 'North', 'West'], fill: null },
      ],
      outputs: ['Size', 'Region=East', 'Region=West'],
    });
    expect(features.map((f) => f.kind)).toEqual(['ordinal', 'share', 'share']);
    expect(features[0]!.categories).toEqual(['L', 'M', 'S']);
    expect(featureLabel(features[0]!)).toBe('Size (category code)');
  });

  describe('an ordinal column', () => {
    // Size codes L 0, M 1, S 2, scaled by hand (center 1, scaleBy 0.5); Region one-hot, two of three categories kept.
    const ordinal: Preparation = {
      inputs: [
        { name: 'Size', kind: 'categorical', encoding: 'ordinal', categories: ['L', 'M', 'S'], fill: null },
        { name: 'Region', kind: 'categorical', encoding: 'onehot', categories: ['East', 'North', 'West'], fill: null },
      ],
      outputs: ['Size', 'Region=East', 'Region=West'],
      scale: 'standard',
      center: [1, 0, 0],
      scaleBy: [0.5, 1, 1],
    };
    const rows = [
      [0, 1, 0],
      [0, 0, 1],
      [2, 0, 0],
      [1, 1, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const matrix = rows.map(([size, ...region]) => [(size! - 1) / 0.5, ...region]);
    const profiles = profileSegments({ matrix, labels: [0, 0, 0, 1, 1, 1], k: 2, preparation: ordinal });

    it('is profiled by the share of each category, in all rows and per segment', () => {
      expect(profiles.population.categoryShares).toEqual([[2 / 6, 1 / 6, 3 / 6], null, null]);
      expect(profiles.segments.map((segment) => segment.categoryShares[0])).toEqual([
        [2 / 3, 0, 1 / 3],
        [0, 1 / 3, 2 / 3],
      ]);
    });

    it('has a most common category, and each category a z-score as its one-hot column would', () => {
      const [first, second] = profiles.segments;
      expect(mostCommonCategory(profiles, profiles.population, 0)).toEqual({ category: 'S', share: 0.5, zScore: 0 });
      expect(mostCommonCategory(profiles, first!, 0)).toMatchObject({ category: 'L', share: 2 / 3 });
      // L: 1/3 of all rows, sd √(1/3 · 2/3); the first segment's share is 2/3.
      expect(sharesByCategory(profiles, first!, 0)[0]!.zScore).toBeCloseTo((2 / 3 - 1 / 3) / Math.sqrt(2 / 9), 12);
      expect(mostCommonCategory(profiles, second!, 0)).toMatchObject({ category: 'S', share: 2 / 3 });
      expect(() => mostCommonCategory(profiles, second!, 1)).toThrow('feature 1 ("Region=East") is not profiled by its categories');
    });

    it("is drawn by its categories' shares, not its mean code", () => {
      const rows = profileChartRows(profiles);
      // Two of three regions' shares do not make up every row: both are drawn.
      expect(rows.featureNames).toEqual(['Size: L (share)', 'Size: M (share)', 'Size: S (share)', 'Region: East (share)', 'Region: West (share)']);
      expect(rows.zScores[0]!.slice(0, 3)).toEqual(sharesByCategory(profiles, profiles.segments[0]!, 0).map((c) => c.zScore));
      expect(rows.zScores[1]!.slice(3)).toEqual(profiles.segments[1]!.zScores.slice(1));
      // No category here is under 1% of the rows.
      expect(rows.rare).toEqual([false, false, false, false, false]);
      const rare = { ...profiles, population: { ...profiles.population, mean: [0, 0.005, 0.995], categoryShares: [[0.009, 0.491, 0.5], null, null] } };
      // (East and West then make up every row: West, East's mirror, is not drawn.)
      expect(profileChartRows(rare).rare).toEqual([true, false, false, true]);
    });
  });

  it('checks the labels and the shape', () => {
    expect(() => profileSegments({ matrix: scaled, labels: [0, 1, 2, 0], k: 2, preparation })).toThrow('labels[2] is 2; expected a segment index from 0 to 1');
    expect(() => profileSegments({ matrix: scaled.map((row) => row.slice(0, 2)), labels: [0, 1, 1, 0], k: 2, preparation })).toThrow(
      'the matrix has 2 columns but the preparation describes 3',
    );
  });
});

describe('smallSegmentsWarning', () => {
  it('names every segment under 1% of the rows, with its size and share, and nothing when none is', () => {
    expect(smallSegmentsWarning([1153, 961, 884, 18, 1], 3017)).toBe(
      'segments 4 (18 rows, 0.6%) and 5 (1 row, <0.1%) are under 1% of the rows: too few to act on as a group, and most often outliers with a centre of their own; look at their rows, cap extreme values (clip) or try a smaller k',
    );
    expect(smallSegmentsWarning([150, 48, 2], 200)).toBeUndefined(); // 2 of 200 is 1%
    expect(smallSegmentsWarning([150, 49, 1], 200)).toMatch(/^segment 3 \(1 row, 0\.5%\) is under 1% of the rows/);
  });
});
