import { describe, expect, it } from 'vitest';
import { looksLikeIdentifiers } from '../../src/data/columns.js';
import { RecordSplitter } from '../../src/data/csv.js';
import { quantileSorted, quantilesPresent, sortedEnds, sortedPresent, sortFloat64 } from '../../src/data/stats.js';
import { missingSpanTest, missingTest, parseNumber, parseNumberAt } from '../../src/data/values.js';
import type { Preparation } from '../../src/data/prepare.js';
import { profileSegments } from '../../src/report/profile.js';

// The fast paths must give exactly what the plain definitions give: each is checked against a
// straightforward reference (sort, regex and Number(), char-by-char scan) on seeded random data
// full of the awkward cases: ties, -0 and +0, NaN, odd and even lengths.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values of one of several shapes: few distinct (ties), zeros of both signs, NaN, wide range. */
function column(rand: () => number, n: number, withNaN: boolean): Float64Array {
  const shape = Math.floor(rand() * 4);
  return Float64Array.from({ length: n }, () => {
    if (withNaN && rand() < 0.1) return NaN;
    switch (shape) {
      case 0:
        return Math.floor(rand() * 5) - 2; // ties
      case 1:
        return rand() < 0.3 ? -0 : rand() < 0.5 ? 0 : rand() - 0.5; // both zeros
      case 2:
        return (rand() - 0.5) * 10 ** Math.floor(rand() * 40 - 20); // wide range, negatives
      default:
        return Math.round(rand() * 1e4) / 100;
    }
  });
}

const sameBits = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i]!)));

describe('sortFloat64', () => {
  it('orders exactly as Float64Array.prototype.sort (ties, -0 before +0, NaN last)', () => {
    const rand = random(1);
    for (let trial = 0; trial < 200; trial++) {
      const n = [0, 1, 2, 7, 255, 256, 1000, 5001][trial % 8]!;
      const values = column(rand, n, trial % 3 === 0);
      expect(sameBits(sortFloat64(values.slice()), values.slice().sort())).toBe(true);
    }
  });

  it('moves the payload with the values, stably', () => {
    const rand = random(2);
    for (const n of [5, 300, 4000]) {
      const values = column(rand, n, true);
      const payload = Int32Array.from({ length: n }, (_, i) => i);
      sortFloat64(values.slice(), payload);
      const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
        const x = values[a]!;
        const y = values[b]!;
        if (Number.isNaN(x) || Number.isNaN(y)) return Number(Number.isNaN(x)) - Number(Number.isNaN(y)) || a - b;
        return x - y || Number(Object.is(y, -0)) - Number(Object.is(x, -0)) || a - b;
      });
      expect(Array.from(payload)).toEqual(expected);
    }
  });

  it('sorts with 16-bit digits that differ only in some words (skipped passes)', () => {
    const values = Float64Array.from([3, 1, 2, 1, 3, 2, 2 ** 40, -(2 ** -30)].flatMap((v) => Array(40).fill(v)));
    expect(sameBits(sortFloat64(values.slice()), values.slice().sort())).toBe(true);
  });
});

describe('quantilesPresent', () => {
  it('equals quantileSorted on the sorted present values', () => {
    const rand = random(3);
    const qs = [0, 0.01, 0.25, 0.5, 0.75, 0.99, 1, 0.1, 0.3333];
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * (trial % 2 === 0 ? 20 : 3000));
      const values = column(rand, n, trial % 2 === 1);
      const sorted = sortedPresent(values);
      const expected = sorted.length === 0 ? qs.map(() => NaN) : qs.map((q) => quantileSorted(sorted, q));
      expect(sameBits(quantilesPresent(values, qs), expected)).toBe(true);
      expect(sameBits(quantilesPresent(values, [0.5]), [expected[3]!])).toBe(true);
    }
  });

  it('gives the middle value for an odd count and the mean of the middle two for an even one', () => {
    expect(quantilesPresent(Float64Array.from([5, NaN, 1, 3]), [0.5])).toEqual([3]);
    expect(quantilesPresent(Float64Array.from([4, 1, NaN, 3, 2]), [0.5])).toEqual([2.5]);
    expect(quantilesPresent(Float64Array.from([NaN]), [0.5])).toEqual([NaN]);
  });
});

describe('sortedEnds', () => {
  it('is the first and last value of a sorted copy, signs of zeros included', () => {
    const rand = random(4);
    for (let trial = 0; trial < 200; trial++) {
      const values = column(rand, 1 + Math.floor(rand() * 50), false);
      const sorted = values.slice().sort();
      expect(sameBits(sortedEnds(values), [sorted[0]!, sorted[sorted.length - 1]!])).toBe(true);
    }
    expect(sameBits(sortedEnds(Float64Array.from([0, -0, 0])), [-0, 0])).toBe(true);
  });
});

describe('looksLikeIdentifiers', () => {
  function reference(values: Float64Array): boolean {
    if (values.length < 10) return false;
    const sorted = values.slice().sort();
    for (let i = 0; i < sorted.length; i++) {
      if (!Number.isInteger(sorted[i]!) || (i > 0 && sorted[i] === sorted[i - 1])) return false;
    }
    return sorted[sorted.length - 1]! - sorted[0]! < 10 * sorted.length;
  }

  it('agrees with the sort-based check', () => {
    const rand = random(5);
    for (let trial = 0; trial < 400; trial++) {
      const n = 5 + Math.floor(rand() * 200);
      const spread = [1, 5, 9.99, 10, 20][trial % 5]!;
      let values = Float64Array.from({ length: n }, (_, i) => i * spread + 1000);
      if (trial % 7 === 1) values = Float64Array.from({ length: n }, () => Math.floor(rand() * n * spread)); // repeats
      if (trial % 11 === 2) values[Math.floor(rand() * n)] = 0.5;
      if (trial % 13 === 3) values[0] = -0;
      if (trial % 17 === 4) values[1] = NaN;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [values[i], values[j]] = [values[j]!, values[i]!];
      }
      expect(looksLikeIdentifiers(values)).toBe(reference(values));
    }
    expect(looksLikeIdentifiers(Float64Array.from({ length: 20 }, (_, i) => 100001 + i))).toBe(true);
    expect(looksLikeIdentifiers(Float64Array.from([...Array(19).keys(), 0]))).toBe(false);
  });
});

describe('parseNumber', () => {
  const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
  const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
  function reference(field: string, decimalComma: boolean): number | undefined {
    let text = field.trim();
    if (!DECIMAL.test(text)) {
      if (!decimalComma || !DECIMAL_COMMA.test(text)) return undefined;
      text = text.replace(',', '.');
    }
    const value = Number(text);
    return Number.isFinite(value) ? value : undefined;
  }

  /**
   * Thousands groups the random fields can hold, by splitting: ',' or ' ' beside a decimal point,
   * '.' or ' ' beside a decimal comma; a twin of the decimal mark groups one thousand only with
   * decimals, a space only with decimals; no leading zero; Indian lakhs with commas.
   */
  function groupedReference(field: string, decimalComma: boolean): number | undefined {
    const text = field.trim();
    const sign = /^[+-]/.test(text) ? text[0]! : '';
    const body = text.slice(sign.length).trimStart();
    const [whole, fraction, extra] = body.split(decimalComma ? ',' : '.');
    if (extra !== undefined || (fraction !== undefined && !/^\d+$/.test(fraction))) return undefined;
    const separator = [decimalComma ? '.' : ',', ' '].find((mark) => whole!.includes(mark));
    if (separator === undefined) return undefined;
    const sizes = whole!.split(separator).map((group) => (/^\d+$/.test(group) ? group.length : -1));
    if (sizes.includes(-1) || whole!.startsWith('0')) return undefined;
    const western = sizes[0]! <= 3 && sizes.slice(1).every((size) => size === 3);
    const lakhs = separator === ',' && sizes.length >= 3 && sizes[0]! <= 2 && sizes.slice(1, -1).every((size) => size === 2) && sizes.at(-1) === 3;
    if (!western && !lakhs) return undefined;
    if (fraction === undefined && (separator === ' ' || sizes.length === 2)) return undefined;
    const value = Number(`${whole!.split(separator).join('')}${fraction === undefined ? '' : `.${fraction}`}`);
    return sign === '-' ? -value : value;
  }

  it('reads every field as the regex and Number() do, to the bit, and thousands groups besides', () => {
    const rand = random(6);
    const alphabet = ['0', '1', '5', '9', '.', ',', '-', '+', 'e', ' ', 'x'];
    const fields = ['', '.', ',', '-', '+', '-0', '+0', '-0.0', '0.', '.5', '+.5', '5.', '1,5', ',5', '5,', '1.5',
      '123456789012345', '1234567890123456', '0.1', '0.3', '9007199254740993', '1e5', ' 7 ', '007', '00000000000000000001.5',
      '99999999999999.9', '0.000000000000001', '1.7976931348623157', '48.75', '1,2,3', '1.2.3', 'NaN', 'Infinity', '١٢'];
    for (let trial = 0; trial < 20000; trial++) {
      const length = 1 + Math.floor(rand() * 18);
      let field = '';
      for (let i = 0; i < length; i++) field += rand() < 0.8 ? String(Math.floor(rand() * 10)) : alphabet[Math.floor(rand() * alphabet.length)]!;
      fields.push(field);
      fields.push(`${rand() < 0.5 ? '-' : ''}${Math.floor(rand() * 1e6)}${rand() < 0.5 ? '.' : ','}${String(Math.floor(rand() * 1e4)).padStart(4, '0')}`);
      // Thousands groups, some of them broken.
      const separator = [',', '.', ' '][Math.floor(rand() * 3)]!;
      const groups = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => String(Math.floor(rand() * 1000)).padStart(rand() < 0.9 ? 3 : 2, '0'));
      fields.push(`${rand() < 0.3 ? '-' : ''}${1 + Math.floor(rand() * 999)}${separator}${groups.join(separator)}${rand() < 0.5 ? '' : `${rand() < 0.5 ? '.' : ','}${Math.floor(rand() * 100)}`}`);
    }
    for (const field of fields) {
      for (const decimalComma of [false, true]) {
        const got = parseNumber(field, decimalComma);
        const expected = reference(field, decimalComma) ?? groupedReference(field, decimalComma);
        // In place, between characters that would change the value if they were read.
        const inPlace = parseNumberAt(`9${field}5`, 1, 1 + field.length, decimalComma);
        expect(Object.is(inPlace, got), `${JSON.stringify(field)} in place`).toBe(true);
        expect(got === undefined ? 'undefined' : Object.is(got, expected) ? 'same' : `${got} vs ${expected}`, `${JSON.stringify(field)} ${decimalComma}`).toBe(
          expected === undefined ? 'undefined' : 'same',
        );
      }
    }
  });
});

describe('missingTest', () => {
  it('matches trimmed, case-insensitive tokens, numbers among them too', () => {
    const fields = ['', ' ', 'NA', ' na ', 'n/a', '?', '0', '-1', '-1.5', '1', '.', '-', ' -1', '+1', 'null', '12', 'NaN'];
    for (const tokens of [undefined, ['-1', ' 0 ', '.'], ['NA'], ['+1', 'x']]) {
      const isMissing = missingTest(tokens);
      const isMissingAt = missingSpanTest(tokens);
      const set = new Set([...(tokens ?? ['', 'NA', 'N/A', 'NaN', 'null', '?'])].map((t) => t.trim().toLowerCase()));
      set.add('');
      for (const field of fields) {
        const expected = set.has(field.trim().toLowerCase());
        expect(isMissing(field), `${JSON.stringify(field)} in ${JSON.stringify(tokens)}`).toBe(expected);
        expect(isMissingAt(`NA${field}x`, 2, 2 + field.length), `${JSON.stringify(field)} in place`).toBe(expected);
      }
    }
  });
});

describe('RecordSplitter fast path', () => {
  /** The character scan on the whole text (RecordSplitter's definition, without the fast path). */
  function reference(text: string, delimiter: string): string[] {
    const records: string[] = [];
    let state: 'start' | 'unquoted' | 'quoted' | 'quoteInQuoted' = 'start';
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (state === 'quoted') {
        if (c === '"') state = 'quoteInQuoted';
        continue;
      }
      if (state === 'quoteInQuoted' && c === '"') {
        state = 'quoted';
        continue;
      }
      if (c === '\n') {
        records.push(text.slice(start, i > start && text[i - 1] === '\r' ? i - 1 : i));
        start = i + 1;
        state = 'start';
      } else if (c === delimiter) state = 'start';
      else if (state === 'start') state = c === '"' ? 'quoted' : 'unquoted';
      else if (state === 'quoteInQuoted') state = 'unquoted';
    }
    const last = text.slice(start).replace(/\r$/, '');
    return last === '' ? records : [...records, last];
  }

  it('gives the same records as the character scan for any chunking', () => {
    const rand = random(7);
    const pieces = ['a', '1', ',', ';', '\n', '\r\n', '"', '""', '"x,\ny"', ' ', '\r'];
    for (let trial = 0; trial < 500; trial++) {
      let text = '';
      const length = Math.floor(rand() * 60);
      const quotes = trial % 2 === 0;
      for (let i = 0; i < length; i++) {
        const piece = pieces[Math.floor(rand() * pieces.length)]!;
        text += quotes || !piece.includes('"') ? piece : 'b';
      }
      const delimiter = trial % 3 === 0 ? ';' : ',';
      const splitter = new RecordSplitter(delimiter);
      const records: string[] = [];
      for (let at = 0; at < text.length; ) {
        const size = 1 + Math.floor(rand() * 12);
        records.push(...splitter.push(text.slice(at, at + size)));
        at += size;
      }
      const last = splitter.end();
      if (last !== undefined) records.push(last);
      expect(records, JSON.stringify(text)).toEqual(reference(text, delimiter));
    }
  });
});

describe('profileSegments', () => {
  /** The definition: per group, its values sorted; sums in that order, medians from it. */
  function reference(columns: Float64Array[], labels: number[], k: number) {
    const median = (s: Float64Array) => (s.length % 2 === 1 ? s[s.length >> 1]! : (s[(s.length >> 1) - 1]! + s[s.length >> 1]!) / 2);
    const stats = (rows: number[] | undefined) => {
      const sorted = columns.map((c) => (rows ? Float64Array.from(rows, (r) => c[r]!) : c.slice()).sort());
      return { sorted, mean: sorted.map((s) => s.reduce((sum, v) => sum + v, 0) / s.length), median: sorted.map(median) };
    };
    const population = stats(undefined);
    const sd = population.sorted.map((s, f) => Math.sqrt(s.reduce((sum, v) => sum + (v - population.mean[f]!) ** 2, 0) / s.length));
    const percentile = (s: Float64Array, m: number) => {
      const below = s.filter((v) => v < m).length;
      const notAbove = s.filter((v) => v <= m).length;
      return (below + (notAbove - below) / 2) / s.length;
    };
    const segments = Array.from({ length: k }, (_, g) => {
      const rows = labels.flatMap((l, i) => (l === g ? [i] : []));
      if (rows.length === 0) return { size: 0 };
      const { mean, median: med } = stats(rows);
      return {
        size: rows.length,
        mean,
        median: med,
        zScores: mean.map((m, f) => (sd[f]! > 0 ? (m - population.mean[f]!) / sd[f]! : 0)),
        medianPercentiles: med.map((m, f) => percentile(population.sorted[f]!, m)),
      };
    });
    return { mean: population.mean, median: population.median, sd, segments };
  }

  it('equals the sort-per-segment definition to the bit (odd and even sizes, ties, empty segments)', () => {
    const rand = random(8);
    for (let trial = 0; trial < 40; trial++) {
      const nSamples = 1 + Math.floor(rand() * 400);
      const nFeatures = 1 + Math.floor(rand() * 3);
      const k = 1 + Math.floor(rand() * 6);
      const labels = Array.from({ length: nSamples }, () => Math.floor(rand() * k));
      const names = Array.from({ length: nFeatures }, (_, f) => `x${f}`);
      const preparation: Preparation = {
        inputs: names.map((name) => ({ name, kind: 'numeric' as const, fill: null, clip: null })),
        outputs: names,
        scale: 'standard',
        center: names.map(() => Math.round(rand() * 100) / 10),
        scaleBy: names.map(() => 0.1 + rand()),
      };
      const matrix = Float64Array.from({ length: nSamples * nFeatures }, () => (trial % 2 === 0 ? Math.floor(rand() * 4) : rand() * 3 - 1.5));
      const columns = names.map((_, f) => Float64Array.from({ length: nSamples }, (_, i) => matrix[i * nFeatures + f]! * preparation.scaleBy[f]! + preparation.center[f]!));
      const expected = reference(columns, labels, k);
      const profiles = profileSegments({ matrix, nFeatures, labels, k, preparation });
      expect(sameBits(profiles.population.mean, expected.mean)).toBe(true);
      expect(sameBits(profiles.population.median, expected.median)).toBe(true);
      expect(sameBits(profiles.population.standardDeviation, expected.sd)).toBe(true);
      profiles.segments.forEach((segment, g) => {
        const want = expected.segments[g]!;
        expect(segment.size).toBe(want.size);
        if (want.size === 0) return;
        for (const key of ['mean', 'median', 'zScores', 'medianPercentiles'] as const) {
          expect(sameBits(segment[key], want[key]!), `${key} of segment ${g}`).toBe(true);
        }
      });
    }
  });
});
