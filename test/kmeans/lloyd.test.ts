import { describe, expect, it } from 'vitest';
import { averageCentres, centreShift, relocateEmptyClusters } from '../../src/kmeans/lloyd.js';

describe('relocateEmptyClusters', () => {
  it('moves an empty cluster to the farthest row and takes that row out of its cluster', () => {
    // Rows 0, 1, 2, 10 (1 feature), all in cluster 2; cluster 1 is empty.
    const x = Float64Array.of(0, 1, 2, 10);
    const labels = Int32Array.of(0, 2, 2, 2);
    const distances = Float64Array.of(0, 0, 1, 81);
    const sums = Float64Array.of(0, 0, 13);
    const counts = Float64Array.of(1, 0, 3);
    expect(relocateEmptyClusters(x, 1, undefined, labels, distances, sums, counts)).toBe(1);
    expect(Array.from(sums)).toEqual([0, 10, 3]);
    expect(Array.from(counts)).toEqual([1, 1, 2]);
  });

  it('uses weights, and takes the farthest rows first with ties to the lowest index', () => {
    const x = Float64Array.of(0, 0, 5, 5, 9, 9, 9, 9); // 4 rows × 2 features
    const labels = Int32Array.of(0, 0, 0, 0);
    const distances = Float64Array.of(0, 50, 50, 162);
    const weights = Float64Array.of(1, 2, 3, 0); // row 3 weighs nothing: never moved
    const sums = Float64Array.of(37, 37, 0, 0, 0, 0);
    const counts = Float64Array.of(6, 0, 0);
    expect(relocateEmptyClusters(x, 2, weights, labels, distances, sums, counts)).toBe(2);
    expect(Array.from(sums)).toEqual([37 - 10 - 27, 37 - 10 - 27, 10, 10, 27, 27]);
    expect(Array.from(counts)).toEqual([1, 2, 3]);
  });

  it('does nothing when no cluster is empty', () => {
    const sums = Float64Array.of(1, 2);
    expect(relocateEmptyClusters(Float64Array.of(1, 2), 1, undefined, Int32Array.of(0, 1), Float64Array.of(0, 0), sums, Float64Array.of(1, 1))).toBe(0);
    expect(Array.from(sums)).toEqual([1, 2]);
  });
});

describe('averageCentres', () => {
  it('divides sums by weights and keeps the current centre of a cluster with no weight', () => {
    const next = new Float64Array(4);
    averageCentres(Float64Array.of(3, 6, 0, 0), Float64Array.of(3, 0), Float64Array.of(9, 9, 7, 8), next, 2);
    expect(Array.from(next)).toEqual([1, 2, 7, 8]);
  });
});

describe('centreShift', () => {
  it('is the total squared shift', () => {
    expect(centreShift(Float64Array.of(0, 0, 1, 1), Float64Array.of(3, 4, 1, 2))).toBe(26);
  });
});
