import { describe, expect, it } from 'vitest';
import { kneedle } from '../../src/select/kneedle.js';
import { sklearnReference } from '../helpers/data.js';
import { expectSegmintError } from './expect-error.js';

// A hand-made elbow: x = 1..6, y = 100, 30, 10, 8, 6, 4. Normalised x = 0, .2, .4, .6, .8, 1;
// 1 - normalised y = 0, .7292, .9375, .9583, .9792, 1; difference = 0, .5292, .5375, .3583,
// .1792, 0. The local maximum is at x = 3; with S = 1 the threshold is .5375 - 1 × .2 = .3375,
// which x = 5 (.1792) falls below: the knee is x = 3.
const x = [1, 2, 3, 4, 5, 6];
const elbow = [100, 30, 10, 8, 6, 4];

describe('kneedle', () => {
  it('finds the knee of a hand-made convex decreasing curve', () => {
    const result = kneedle(x, elbow);
    expect(result.knee).toBe(3);
    expect(result.index).toBe(2);
    const expected = [0, 70 / 96 - 0.2, 90 / 96 - 0.4, 92 / 96 - 0.6, 94 / 96 - 0.8, 0];
    result.difference.forEach((d, i) => expect(d).toBeCloseTo(expected[i]!, 12));
  });

  it('sensitivity: S = 3 puts the threshold below 0 (.5375 - .6), so there is no knee', () => {
    expect(kneedle(x, elbow, { sensitivity: 3 }).knee).toBeUndefined();
    expect(kneedle(x, elbow, { sensitivity: 0.5 }).knee).toBe(3);
  });

  it('sensitivity decides between two bends', () => {
    // y is chosen so that the difference curve is 0, .4, .3, .35, .1, 0 over x = 1..6 (normalised
    // x in steps of .2): 1 - normalised y = difference + normalised x.
    const d = [0, 0.4, 0.3, 0.35, 0.1, 0];
    const ys = d.map((v, i) => 1 - (v + i / 5));
    // S = 0.2: threshold .4 - .2 × .2 = .36 at x = 2; x = 3 (.3) falls below: knee x = 2.
    expect(kneedle(x, ys, { sensitivity: 0.2 }).knee).toBe(2);
    // S = 1: threshold .4 - .2 = .2, which x = 3 (.3) stays above; x = 4 is a new maximum
    // (threshold .35 - .2 = .15) and x = 5 (.1) falls below it: knee x = 4.
    expect(kneedle(x, ys, { sensitivity: 1 }).knee).toBe(4);
  });

  it('handles the other three shapes by reflection', () => {
    // The same elbow, mirrored left-right: convex increasing, knee at x = 4.
    expect(kneedle(x, [...elbow].reverse(), { curve: 'convex', direction: 'increasing' }).knee).toBe(4);
    // Upside down: concave increasing, knee at x = 3.
    expect(kneedle(x, elbow.map((v) => -v), { curve: 'concave', direction: 'increasing' }).knee).toBe(3);
    // Both: concave decreasing, knee at x = 4.
    expect(kneedle(x, [...elbow].reverse().map((v) => -v), { curve: 'concave', direction: 'decreasing' }).knee).toBe(4);
  });

  it('finds no knee in a straight line, a flat line or two points', () => {
    expect(kneedle(x, [6, 5, 4, 3, 2, 1]).knee).toBeUndefined();
    expect(kneedle(x, [2, 2, 2, 2, 2, 2]).knee).toBeUndefined();
    expect(kneedle([1, 2], [5, 1]).knee).toBeUndefined();
  });

  it('does not assume evenly spaced x', () => {
    // x = 1, 2, 4, 8 with y falling 100, 20, 10, 5: normalised x 0, 1/7, 3/7, 1.
    expect(kneedle([1, 2, 4, 8], [100, 20, 10, 5]).knee).toBe(2);
  });

  it('finds k = 5 on the Mall Customers inertia curve (k = 1..10, scikit-learn\'s best known inertias)', () => {
    const inertias = (sklearnReference().best_known_inertia_raw as Record<string, number[]>).income_spending!;
    expect(kneedle([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], inertias).knee).toBe(5);
  });

  it('rejects malformed curves and options', async () => {
    await expectSegmintError(() => kneedle([1, 2, 3], [1, 2]), /x has 3 values but y has 2/);
    await expectSegmintError(() => kneedle([1, 3, 2], [3, 2, 1]), /x must be strictly increasing; x\[2\]=2 follows x\[1\]=3/);
    await expectSegmintError(() => kneedle([1, 2, 3], [3, NaN, 1]), /point 1 is \(2, NaN\)/);
    await expectSegmintError(() => kneedle(x, elbow, { sensitivity: -1 }), /sensitivity=-1 must be a finite number >= 0/);
    await expectSegmintError(() => kneedle(x, elbow, { curve: 'round' as 'convex' }), /curve="round" must be 'convex' or 'concave'/);
    await expectSegmintError(() => kneedle(x, elbow, { S: 1 } as object), /unknown option "S" for kneedle/);
  });
});
