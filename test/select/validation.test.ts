import { describe, it } from 'vitest';
import { gapStatistic } from '../../src/select/gap.js';
import { scanK } from '../../src/select/scan.js';
import { bootstrapStability } from '../../src/select/stability.js';
import { expectSegmintError } from './expect-error.js';

const rows = [[0], [1], [2], [10], [11], [12]];

describe('k selection rejects bad input with the values in the message', () => {
  const cases: [string, () => Promise<unknown>, RegExp][] = [
    ['kMax of nSamples', () => scanK(rows, { kMax: 6 }), /kMax=6 must be <= nSamples - 1 = 5: silhouette, Calinski-Harabasz and Davies-Bouldin need fewer clusters than rows/],
    ['kMin above kMax', () => scanK(rows, { kMin: 4, kMax: 3 }), /kMin=4 must be <= kMax=3/],
    ['kMin of 0', () => scanK(rows, { kMin: 0 }), /kMin=0 must be an integer >= 1/],
    ['too few rows for the default range', () => scanK([[0], [1]]), /nSamples=2 is too few to scan from kMin=2: k must stay <= nSamples - 1 = 1/],
    ['an unknown option', () => scanK(rows, { kmax: 3 } as object), /unknown option "kmax" for scanK; did you mean "kMax"\?/],
    ['an unknown gap option', () => scanK(rows, { gap: { b: 5 } as object }), /unknown option "b" for scanK gap; did you mean "B"\?/],
    ['an unknown silhouette option', () => scanK(rows, { silhouette: { seed: 1 } as object }), /unknown option "seed" for scanK silhouette/],
    ['an unknown stability option', () => scanK(rows, { stability: { nInit: 2 } as object }), /unknown option "nInit" for scanK stability/],
    ['B of 0', () => scanK(rows, { gap: { B: 0 } }), /B=0 must be an integer >= 1/],
    ['resamples of 0', () => scanK(rows, { stability: { resamples: 0 } }), /resamples=0 must be an integer >= 1/],
    ['a negative knee sensitivity', () => scanK(rows, { kneeSensitivity: -1 }), /kneeSensitivity=-1 must be a finite number >= 0/],
    ['onProgress not a function', () => scanK(rows, { onProgress: 5 as unknown as () => void }), /onProgress must be a function; got 5$/],
    ['a bad nInit', () => scanK(rows, { nInit: 0 }), /nInit=0 must be an integer >= 1/],
    ['threads of 1000', () => scanK(rows, { threads: 1000 }), /threads=1000 must be an integer in \[1, 256\]/],
    ['fractional threads', () => scanK(rows, { threads: 2.5 }), /threads=2.5 must be an integer in \[1, 256\]/],
    ['a bad tol (checked by kmeans)', () => scanK(rows, { tol: -1 }), /tol=-1 must be a finite number >= 0/],
    ['NaN in the data', () => scanK([[0], [NaN], [1]]), /data\[1\]\[0\] is NaN/],
    ['options that are not an object', () => scanK(rows, 3 as unknown as object), /the options of scanK must be an object; got 3/],
    ['gap kMax above nSamples', () => gapStatistic(rows, { kMax: 7 }), /kMax=7 must be <= nSamples=6/],
    ['gap kMax below kMin', () => gapStatistic(rows, { kMin: 3, kMax: 2 }), /kMax=2 must be an integer >= 3/],
    ['gap maxSamples of 1', () => gapStatistic(rows, { maxSamples: 1 }), /maxSamples=1 must be an integer >= 2/],
    ['stability k above nSamples', () => bootstrapStability(rows, 7), /k=7 must be <= nSamples=6/],
    ['stability k of 0', () => bootstrapStability(rows, 0), /k=0 must be an integer >= 1/],
  ];
  for (const [name, call, message] of cases) it(name, () => expectSegmintError(call, message));
});
