import { describe, expect, it } from 'vitest';
import { pca, projectRows, symmetricEigen } from '../../src/charts/pca.js';

describe('pca', () => {
  // Mean 0; covariance [[5, 3], [3, 5]]: eigenvalues 8 along (1, 1)/√2 and 2 along (1, -1)/√2.
  const rows = [
    [3, 1],
    [1, 3],
    [-3, -1],
    [-1, -3],
  ];
  const r = Math.SQRT1_2;

  it('finds the components, their variances and shares of a hand-computed case', () => {
    const model = pca(rows);
    expect(model.mean).toEqual([0, 0]);
    expect(model.explainedVariance[0]).toBeCloseTo(8, 12);
    expect(model.explainedVariance[1]).toBeCloseTo(2, 12);
    expect(model.explainedVarianceRatio[0]).toBeCloseTo(0.8, 12);
    expect(model.explainedVarianceRatio[1]).toBeCloseTo(0.2, 12);
    // Signed so that the largest entry of each is positive (the first, on a tie).
    expect(model.components[0]![0]).toBeCloseTo(r, 12);
    expect(model.components[0]![1]).toBeCloseTo(r, 12);
    expect(model.components[1]![0]).toBeCloseTo(r, 12);
    expect(model.components[1]![1]).toBeCloseTo(-r, 12);
  });

  it('projects rows onto the components', () => {
    const model = pca(rows);
    const [first] = projectRows(model, rows.flat(), rows.length);
    expect(first![0]).toBeCloseTo(4 * r, 12); // (3 + 1)/√2
    expect(first![1]).toBeCloseTo(2 * r, 12); // (3 - 1)/√2
  });

  it('centres on the mean before projecting', () => {
    const shifted = rows.map(([x, y]) => [x! + 10, y! - 5]);
    const model = pca(shifted);
    expect(model.mean).toEqual([10, -5]);
    const [first] = projectRows(model, shifted.flat(), shifted.length);
    expect(first![0]).toBeCloseTo(4 * r, 12);
  });

  it('gives the same components for the data and its mirror image (the sign convention)', () => {
    const mirrored = rows.map((row) => row.map((v) => -v));
    expect(pca(mirrored).components).toEqual(pca(rows).components);
  });

  it('reports a zero share for a constant feature, and sorts components by variance', () => {
    const model = pca(
      rows.map(([x, y]) => [7, x!, y!]),
      { nComponents: 3 },
    );
    expect(model.explainedVarianceRatio.map((v) => Number(v.toFixed(12)))).toEqual([0.8, 0.2, 0]);
    expect(Math.abs(model.components[2]![0]!)).toBeCloseTo(1, 12);
  });

  it('takes a Float64Array with nFeatures', () => {
    expect(pca(Float64Array.from(rows.flat()), { nFeatures: 2 }).explainedVariance[0]).toBeCloseTo(8, 12);
  });

  it('rejects more components than features', () => {
    expect(() => pca(rows, { nComponents: 3 })).toThrow('nComponents=3 must be <= nFeatures=2');
  });
});

describe('symmetricEigen', () => {
  it('finds the eigenvalues 2 - √2, 2, 2 + √2 of the second-difference matrix', () => {
    const { values, vectors } = symmetricEigen(Float64Array.from([2, -1, 0, -1, 2, -1, 0, -1, 2]), 3);
    expect([...values].sort((a, b) => a - b).map((v) => Number(v.toFixed(12)))).toEqual(
      [2 - Math.SQRT2, 2, 2 + Math.SQRT2].map((v) => Number(v.toFixed(12))),
    );
    // Each column is a unit eigenvector: A v = λ v.
    for (let c = 0; c < 3; c++) {
      const v = [0, 1, 2].map((i) => vectors[i * 3 + c]!);
      const av = [2 * v[0]! - v[1]!, -v[0]! + 2 * v[1]! - v[2]!, -v[1]! + 2 * v[2]!];
      av.forEach((x, i) => expect(x).toBeCloseTo(values[c]! * v[i]!, 12));
      expect(Math.hypot(...v)).toBeCloseTo(1, 12);
    }
  });
});
