/** Small statistics on column values, shared by imputation, clipping and scaling. */

/** The q-quantile of sorted values with linear interpolation (numpy's default). */
export function quantileSorted(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const lo = Math.floor(position);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

/** The finite values of a column, sorted ascending (NaN marks missing). */
export function sortedPresent(values: Float64Array): Float64Array {
  let n = 0;
  for (const v of values) if (!Number.isNaN(v)) n++;
  const present = new Float64Array(n);
  let at = 0;
  for (const v of values) if (!Number.isNaN(v)) present[at++] = v;
  return present.sort();
}

export function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** Population standard deviation (ddof = 0, as scikit-learn's StandardScaler). */
export function standardDeviation(values: Float64Array, center = mean(values)): number {
  let ss = 0;
  for (const v of values) ss += (v - center) * (v - center);
  return Math.sqrt(ss / values.length);
}

/** The most frequent value of sorted values; ties go to the smallest. */
export function modeSorted(sorted: Float64Array): number {
  let best = sorted[0]!;
  let bestCount = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    if (j - i > bestCount) {
      bestCount = j - i;
      best = sorted[i]!;
    }
    i = j;
  }
  return best;
}
