import { invalidArgument } from '../errors.js';

/** Each label's index in order of first appearance, and how many distinct labels there are. */
function encode(labels: ArrayLike<number>, name: string): { codes: Int32Array; count: number } {
  const index = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label: unknown = labels[i];
    if (typeof label !== 'number' || !Number.isInteger(label)) {
      throw invalidArgument(`${name}[${i}] is ${typeof label === 'string' ? JSON.stringify(label) : String(label)}; labels must be integers`);
    }
    let code = index.get(label);
    if (code === undefined) index.set(label, (code = index.size));
    codes[i] = code;
  }
  return { codes, count: index.size };
}

/**
 * Adjusted Rand index of two labellings of the same rows (sklearn.metrics.adjusted_rand_score):
 * 1 for the same partition (whatever the label numbers), about 0 for independent ones, and
 * negative when they agree less than chance would. Symmetric.
 *
 * Computed as scikit-learn does, from the pair confusion matrix (pairs of rows together in both,
 * in one only, in neither), with 1 when no pair is split by one labelling but not the other.
 */
export function adjustedRandIndex(labelsA: ArrayLike<number>, labelsB: ArrayLike<number>): number {
  const a = encode(labelsA, 'labelsA');
  const b = encode(labelsB, 'labelsB');
  const n = a.codes.length;
  if (n !== b.codes.length) {
    throw invalidArgument(`labelsA has ${n} values but labelsB has ${b.codes.length}; they must label the same rows`);
  }
  const contingency = new Float64Array(a.count * b.count);
  const sizesA = new Float64Array(a.count);
  const sizesB = new Float64Array(b.count);
  for (let i = 0; i < n; i++) {
    contingency[a.codes[i]! * b.count + b.codes[i]!]!++;
    sizesA[a.codes[i]!]!++;
    sizesB[b.codes[i]!]!++;
  }
  // Ordered pairs (i, j), i != j: together in both, in A only, in B only, in neither.
  const sumSquares = (values: Float64Array): number => values.reduce((sum, v) => sum + v * v, 0);
  const both = sumSquares(contingency) - n;
  const onlyA = sumSquares(sizesA) - n - both;
  const onlyB = sumSquares(sizesB) - n - both;
  const neither = n * n - n - both - onlyA - onlyB;
  if (onlyA === 0 && onlyB === 0) return 1;
  return (2 * (both * neither - onlyA * onlyB)) / ((both + onlyA) * (onlyA + neither) + (both + onlyB) * (onlyB + neither));
}
