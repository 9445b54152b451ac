import { describe, expect, it } from 'vitest';
import type { Preparation } from '../../src/data/prepare.js';
import { nameSegments, segmentHighlights, setRfmCells, shortFeatureName } from '../../src/report/names.js';
import { profileSegments, type ProfileFeature, type SegmentProfile, type SegmentProfiles } from '../../src/report/profile.js';
import { MALL_COLUMNS, mallSegmentation } from './mall-segmentation.js';

/** Profiles written by hand: only what naming reads (features, means, z-scores). */
function handProfiles(features: ProfileFeature[], segments: { mean: number[]; zScores: number[] }[]): SegmentProfiles {
  const none = features.map(() => 0);
  const categoryShares = features.map(() => null);
  return {
    features,
    population: { size: 100, mean: none, median: none, categoryShares, standardDeviation: none },
    segments: segments.map((s, index): SegmentProfile => ({ index, size: 10, share: 0.1, median: s.mean, categoryShares, medianPercentiles: none, ...s })),
  };
}

const age: ProfileFeature = { name: 'Age', column: 'Age', kind: 'numeric' };
const female: ProfileFeature = { name: 'Genre=Female', column: 'Genre', kind: 'share', category: 'Female' };
const male: ProfileFeature = { name: 'Genre=Male', column: 'Genre', kind: 'share', category: 'Male' };

describe('nameSegments on the Mall data (income and spending, k = 5)', () => {
  it('names the high-income, high-spending segment the study targets, and every other one', async () => {
    const { names, centres } = await mallSegmentation();
    const target = centres.findIndex(([income, spending]) => income! > 70 && spending! > 70);
    expect(target).toBeGreaterThanOrEqual(0);
    expect(names[target]).toBe('High income, high spending');
    expect(names).toEqual([
      'Average income and spending',
      'High income, high spending',
      'High income, low spending',
      'Low income, low spending',
      'Low income, high spending',
    ]);
  });

  it('names segments of one-hot and numeric features together, all names distinct', async () => {
    const { names } = await mallSegmentation([MALL_COLUMNS.genre, MALL_COLUMNS.age, MALL_COLUMNS.income, MALL_COLUMNS.spending], 6);
    expect(new Set(names).size).toBe(6);
    expect(names.some((name) => /^(All|Mostly) (Female|Male)\b/.test(name))).toBe(true);
    expect(names.join(' | ')).not.toMatch(/high age|low age/);
  });
});

describe('nameSegments rules', () => {
  it('says "mostly", "all", "often" for categories, and "older", "much younger" for age', () => {
    const names = nameSegments(
      handProfiles(
        [age, female, male],
        [
          { mean: [30, 0.8, 0.2], zScores: [0.1, 1.2, -1.2] },
          { mean: [30, 0, 1], zScores: [0.2, -1.1, 1.1] },
          { mean: [60, 0.45, 0.55], zScores: [1.0, 0.6, -0.6] },
          { mean: [20, 0.5, 0.5], zScores: [-1.7, 0.1, -0.1] },
        ],
      ),
    );
    expect(names).toEqual(['Mostly Female', 'All Male', 'Older, often Female', 'Much younger']);
    // 483 of 484 is not "all", nor 1 in 484 "no": the name is repeated as a fact.
    const nearly = nameSegments(handProfiles([female, male], [{ mean: [483 / 484, 1 / 484], zScores: [1.2, -1.2] }, { mean: [1 / 484, 483 / 484], zScores: [-1.2, 1.2] }]));
    expect(nearly).toEqual(['Mostly Female', 'Mostly Male']);
    const region = (category: string): ProfileFeature => ({ name: `Region=${category}`, column: 'Region', kind: 'share', category });
    expect(nameSegments(handProfiles([region('East'), region('North')], [{ mean: [1 - 1 / 484, 1 / 484], zScores: [0.3, -1.4] }]))).toEqual(['Few North']);
  });

  it('says what export abbreviations mean: spending on, many and few for counts', () => {
    const feature = (name: string): ProfileFeature => ({ name, column: name, kind: 'numeric' });
    const names = nameSegments(
      handProfiles(
        [feature('MntWines'), feature('NumWebPurchases'), feature('qty_returned')],
        [
          { mean: [900, 9, 0], zScores: [1.7, 0.8, 0] },
          { mean: [10, 1, 0], zScores: [-0.9, -1.1, 0] },
          { mean: [300, 4, 5], zScores: [0, 0, 2] },
        ],
      ),
    );
    expect(names).toEqual(['Very high spending on wines, many web purchases', 'Low spending on wines, few web purchases', 'Very many returned']);
  });

  it('names the column of categories written as numbers: "mostly Kidhome 0", not "mostly 0"', () => {
    const kid = (category: string): ProfileFeature => ({ name: `Kidhome=${category}`, column: 'Kidhome', kind: 'share', category });
    const names = nameSegments(handProfiles([kid('0'), kid('1'), kid('2')], [{ mean: [0.9, 0.1, 0], zScores: [0.9, -0.7, -0.3] }, { mean: [0.1, 0.2, 0.7], zScores: [-0.8, -0.2, 2.5] }]));
    expect(names).toEqual(['Mostly Kidhome 0', 'Mostly Kidhome 2']);
  });

  it('names an under-represented category when none is over-represented', () => {
    const region = (category: string): ProfileFeature => ({ name: `Region=${category}`, column: 'Region', kind: 'share', category });
    const names = nameSegments(handProfiles([region('East'), region('North'), region('West')], [{ mean: [0.5, 0, 0.5], zScores: [0.3, -1.4, 0.3] }, { mean: [0.3, 0.1, 0.6], zScores: [-0.2, -0.8, 0.4] }]));
    expect(names).toEqual(['No North', 'Few North']);
  });

  it('names an ordinal column by its categories as it would a one-hot one, which tells apart segments alike in numbers', () => {
    // Income and Region; segments 2 and 3 both have low incomes, and differ in region only.
    const incomes = [90, 95, 85, 90, 30, 35, 25, 30, 30, 32, 28, 30];
    const regions = ['East', 'East', 'East', 'North', 'West', 'West', 'West', 'West', 'North', 'North', 'North', 'East'];
    const categories = ['East', 'North', 'West'];
    const labels = incomes.map((_, i) => Math.floor(i / 4));
    const unscaled = (inputs: Preparation['inputs'], outputs: string[]): Preparation => ({ inputs, outputs, scale: 'none', center: outputs.map(() => 0), scaleBy: outputs.map(() => 1) });
    const income = { name: 'Income', kind: 'numeric' as const, fill: null, clip: null };
    const ordinal = profileSegments({
      matrix: incomes.map((x, i) => [x, categories.indexOf(regions[i]!)]),
      labels,
      k: 3,
      preparation: unscaled([income, { name: 'Region', kind: 'categorical', encoding: 'ordinal', categories, fill: null }], ['Income', 'Region']),
    });
    const onehot = profileSegments({
      matrix: incomes.map((x, i) => [x, ...categories.map((c) => (regions[i] === c ? 1 : 0))]),
      labels,
      k: 3,
      preparation: unscaled([income, { name: 'Region', kind: 'categorical', encoding: 'onehot', categories, fill: null }], ['Income', ...categories.map((c) => `Region=${c}`)]),
    });
    expect(nameSegments(ordinal)).toEqual(['High income, mostly East', 'Low income, all West', 'Low income, mostly North']);
    expect(nameSegments(ordinal)).toEqual(nameSegments(onehot));
  });

  it('calls a segment with no distinctive feature average', () => {
    const income: ProfileFeature = { name: 'Income (k$)', column: 'Income (k$)', kind: 'numeric' };
    const names = nameSegments(handProfiles([income, age], [{ mean: [50, 40], zScores: [0.2, -0.1] }, { mean: [90, 40], zScores: [1.2, 0.1] }]));
    expect(names).toEqual(['Average income and age', 'High income']);
  });

  it('tells apart segments that would share a name, by their next trait, then by number', () => {
    const spend: ProfileFeature = { name: 'Spend', column: 'Spend', kind: 'numeric' };
    const visits: ProfileFeature = { name: 'Visits', column: 'Visits', kind: 'numeric' };
    const names = nameSegments(
      handProfiles(
        [spend, visits],
        [
          { mean: [0, 0], zScores: [1.0, 0.3] },
          { mean: [0, 0], zScores: [1.0, -0.3] },
          { mean: [0, 0], zScores: [1.0, -0.3] },
        ],
      ),
      { maxTraits: 1 },
    );
    expect(names).toEqual(['High spend, high visits', 'High spend, low visits (2)', 'High spend, low visits (3)']);
  });

  it('takes maxTraits and threshold', () => {
    const income: ProfileFeature = { name: 'Income', column: 'Income', kind: 'numeric' };
    const profiles = handProfiles([income, age], [{ mean: [0, 0], zScores: [0.4, -0.8] }]);
    expect(nameSegments(profiles)).toEqual(['Younger']);
    expect(nameSegments(profiles, { threshold: 0.3 })).toEqual(['High income, younger']);
    expect(nameSegments(profiles, { threshold: 0.3, maxTraits: 1 })).toEqual(['Younger']);
    expect(() => nameSegments(profiles, { threshold: -1 })).toThrow('threshold=-1 must be a finite number >= 0');
    expect(() => nameSegments(profiles, { maxTraits: 0 })).toThrow('maxTraits');
  });
});

describe('RFM names', () => {
  // Ten customers each: recent and frequent; long gone and once; in between.
  const groups = [
    { recency: 5, frequency: 20, monetary: 900 },
    { recency: 300, frequency: 1, monetary: 20 },
    { recency: 30, frequency: 3, monetary: 100 },
  ];
  const rows = groups.flatMap((g) => Array.from({ length: 10 }, (_, i) => [g.recency + i, g.frequency, g.monetary + i]));
  const labels = groups.flatMap((_, s) => Array.from({ length: 10 }, () => s));
  const numeric = (name: string) => ({ name, kind: 'numeric' as const, fill: null, clip: null });
  const unscaled = (outputs: string[]): Preparation => ({
    inputs: outputs.map(numeric),
    outputs,
    scale: 'none',
    center: outputs.map(() => 0),
    scaleBy: outputs.map(() => 1),
  });

  it('names segments of recency_days, frequency and monetary in the RFM vocabulary', () => {
    const profiles = profileSegments({ matrix: rows, labels, k: 3, preparation: unscaled(['recency_days', 'frequency', 'monetary']) });
    expect(nameSegments(profiles)).toEqual(['Champions', 'Hibernating', 'Need Attention']);
  });

  it('uses r_score and f_score columns when those are the features', () => {
    const scores = [
      [5, 5],
      [1, 1],
      [2, 5],
    ];
    const profiles = profileSegments({ matrix: scores, labels: [0, 1, 2], k: 3, preparation: unscaled(['r_score', 'f_score']) });
    expect(nameSegments(profiles)).toEqual(['Champions', 'Hibernating', "Can't Lose Them"]);
  });

  it('names by the grid cell most of a segment\'s rows are in, given its rows (setRfmCells), and shows the cells and their shares in the highlights', () => {
    // Segment 0: three Champions (5, 5) and two Hibernating (1, 1) by their scores; segment 1: one of each and an At Risk.
    const scores = [[5, 5], [5, 5], [5, 5], [1, 1], [1, 1], [5, 5], [1, 1], [2, 3]];
    const labels = [0, 0, 0, 0, 0, 1, 1, 1];
    const input = { matrix: scores, labels, k: 2, preparation: unscaled(['r_score', 'f_score']) };
    const profiles = profileSegments(input);
    setRfmCells(profiles, (f) => scores.map((row) => row[f]!), labels);
    // Segment 1's cells tie one each: the first in text order.
    expect(profiles.segments.map((segment) => segment.rfmCells)).toEqual([
      [{ cell: 'Champions', share: 0.6 }, { cell: 'Hibernating', share: 0.4 }],
      [{ cell: 'At Risk', share: 1 / 3 }, { cell: 'Champions', share: 1 / 3 }, { cell: 'Hibernating', share: 1 / 3 }],
    ]);
    expect(nameSegments(profiles)).toEqual(['Champions', 'At Risk']);
    expect(segmentHighlights(profiles).map((lines) => lines[0])).toEqual(['RFM grid: Champions 60.0%, Hibernating 40.0%', 'RFM grid: At Risk 33.3%, Champions 33.3%, Hibernating 33.3%']);
    // Without recency and frequency, nothing is set.
    const plain = handProfiles([age], [{ mean: [1], zScores: [0] }]);
    setRfmCells(plain, () => [1], [0]);
    expect(plain.segments[0]!.rfmCells).toBeUndefined();
  });
});

describe('segmentHighlights', () => {
  it('gives each segment the traits of its name, the value beside all customers\', shares as percentages', () => {
    // Income and a one-hot plan, in their own units (scale none): segment 0 earns more and is all Gold.
    const plan: Preparation = {
      inputs: [
        { name: 'Income', kind: 'numeric', fill: null, clip: null },
        { name: 'Plan', kind: 'categorical', encoding: 'onehot', categories: ['Basic', 'Gold', 'Trial'], fill: null },
      ],
      outputs: ['Income', 'Plan=Basic', 'Plan=Gold', 'Plan=Trial'],
      scale: 'none',
      center: [0, 0, 0, 0],
      scaleBy: [1, 1, 1, 1],
    };
    const matrix: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i++) {
      const gold = i < 60;
      matrix.push([gold ? 90 + (i % 5) : 40 + (i % 7), gold ? 0 : i === 199 ? 0 : 1, gold ? 1 : 0, i === 199 ? 1 : 0]);
      labels.push(gold ? 0 : 1);
    }
    const profiles = profileSegments({ matrix, labels, k: 2, preparation: plan });
    const [gold, basic] = segmentHighlights(profiles);
    // One per column, the category the name says ("All Gold"), strongest first.
    expect(gold).toEqual(['Plan: Gold 100.0% (all 30.0%)', 'Income 92.00 (all 57.70)']);
    expect(basic!.join()).not.toMatch(/Trial/);
    expect(nameSegments(profiles)).toEqual(['Very high income, all Gold', 'Low income, mostly Basic']);
    expect(segmentHighlights(profiles, 1)[0]).toHaveLength(1);
  });
});

describe('shortFeatureName', () => {
  it.each([
    ['Annual Income (k$)', 'income'],
    ['Spending Score (1-100)', 'spending'],
    ['Age', 'age'],
    ['tenure_days', 'tenure'],
    ['avgOrderValue', 'avg order value'],
    ['credit score', 'credit score'],
    ['total_spend', 'spend'],
    ['Total', 'total'],
    ['GDP per capita', 'GDP per capita'],
  ])('%s → %s', (name, short) => {
    expect(shortFeatureName(name)).toBe(short);
  });
});
