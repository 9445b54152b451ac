import { describe, expect, it } from 'vitest';
import { adjustedRandIndex } from '../../src/select/ari.js';
import { expectSegmintError } from './expect-error.js';

describe('adjustedRandIndex', () => {
  it('is 1 for the same partition, whatever the label numbers', () => {
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 1])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], [1, 1, 0, 0])).toBe(1);
    expect(adjustedRandIndex(Int32Array.of(5, 5, 2, 9), [0, 0, 1, 2])).toBe(1);
    expect(adjustedRandIndex([0, 0, 0], [4, 4, 4])).toBe(1);
  });

  it('matches scikit-learn\'s documented examples, computed by hand', () => {
    // [0,0,1,2] vs [0,0,1,1], unordered pairs: together in both 1, in the second only 1,
    // apart in both 4; index 1, expected 1·2/6 = 1/3, max (1 + 2)/2 = 3/2:
    // (1 - 1/3) / (3/2 - 1/3) = 4/7.
    expect(adjustedRandIndex([0, 0, 1, 2], [0, 0, 1, 1])).toBeCloseTo(4 / 7, 15);
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2])).toBeCloseTo(4 / 7, 15);
    // Everything together vs everything apart: no pair agrees beyond chance.
    expect(adjustedRandIndex([0, 0, 0, 0], [0, 1, 2, 3])).toBe(0);
    // Index 0, expected 2·2/6 = 2/3, max 2: (0 - 2/3) / (2 - 2/3) = -1/2.
    expect(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1])).toBe(-0.5);
  });

  it('is symmetric', () => {
    const a = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0];
    const b = [1, 1, 0, 0, 0, 2, 2, 1, 2, 0];
    expect(adjustedRandIndex(a, b)).toBe(adjustedRandIndex(b, a));
    expect(adjustedRandIndex(a, b)).toBeLessThan(1);
  });

  it('rejects labellings of different lengths and non-integers', async () => {
    await expectSegmintError(() => adjustedRandIndex([0, 1], [0, 1, 1]), /labelsA has 2 values but labelsB has 3/);
    await expectSegmintError(() => adjustedRandIndex([0, 0.5], [0, 1]), /labelsA\[1\] is 0.5; labels must be integers/);
    await expectSegmintError(() => adjustedRandIndex([0, 1], [0, '1' as unknown as number]), /labelsB\[1\] is "1"/);
  });
});
