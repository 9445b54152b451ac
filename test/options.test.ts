import { describe, expect, it } from 'vitest';
import { describeGiven, isSegmintError } from '../src/errors.js';
import { checkKnownOptions, editDistance } from '../src/options.js';

const KNOWN = ['seed', 'nInit', 'k', 'precision', 'batchSize'];

function messageOf(options: unknown): string | undefined {
  try {
    checkKnownOptions(options, KNOWN, 'f');
    return undefined;
  } catch (error) {
    expect(isSegmintError(error)).toBe(true);
    return (error as Error).message;
  }
}

describe('checkKnownOptions', () => {
  it('accepts known names and an empty object', () => {
    expect(messageOf({ seed: 1, k: 2 })).toBeUndefined();
    expect(messageOf({})).toBeUndefined();
  });

  it('suggests the name a typo is close to, by edit distance ignoring case', () => {
    expect(messageOf({ seeed: 1 })).toBe('unknown option "seeed" for f; did you mean "seed"? (options: seed, nInit, k, precision, batchSize)');
    expect(messageOf({ precison: 'f32' })).toMatch(/did you mean "precision"\?/);
    expect(messageOf({ batchsize: 10 })).toMatch(/did you mean "batchSize"\?/);
    expect(messageOf({ ninit: 3 })).toMatch(/did you mean "nInit"\?/);
  });

  it('suggests nothing for a name unlike every known one, or a short one any edit reaches', () => {
    expect(messageOf({ bogus: 1 })).toBe('unknown option "bogus" for f (options: seed, nInit, k, precision, batchSize)');
    expect(messageOf({ kk: 1 })).not.toMatch(/did you mean/);
    expect(messageOf({ x: 1 })).not.toMatch(/did you mean/);
  });

  it('refuses options that are not an object', () => {
    expect(messageOf(null)).toBe('the options of f must be an object; got null');
    expect(messageOf([1])).toBe('the options of f must be an object; got an array of length 1');
    expect(messageOf('seed')).toBe('the options of f must be an object; got "seed"');
    // Objects by their kind, with "a" or "an" as said.
    expect([new Uint8Array(2), new ArrayBuffer(2), new Map(), {}, () => 1].map(describeGiven)).toEqual(['a Uint8Array', 'an ArrayBuffer', 'a Map', 'an object', 'a function']);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(editDistance('seeed', 'seed')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });
});
