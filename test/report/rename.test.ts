import { describe, expect, it } from 'vitest';
import { isSegmintError } from '../../src/errors.js';
import { applySegmentNames, MAX_NAME_LENGTH, parseSegmentNames } from '../../src/report/rename.js';

const automatic = ['Average income and spending', 'High income, high spending', 'High income, low spending'];

function errorOf(action: () => unknown): { code: string; message: string } {
  try {
    action();
  } catch (error) {
    if (isSegmintError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a SegmintError');
}

describe('applySegmentNames', () => {
  it('renames the segments it names (by their printed number), trimmed, and keeps the others', () => {
    expect(applySegmentNames(automatic, { '2': '  Premium ', '3': 'Careful spenders' })).toEqual([
      'Average income and spending',
      'Premium',
      'Careful spenders',
    ]);
    expect(applySegmentNames(automatic, {})).toEqual(automatic);
  });

  it('never changes the names it is given', () => {
    const names = automatic.slice();
    applySegmentNames(names, { '1': 'Core' });
    expect(names).toEqual(automatic);
  });

  it.each([
    [[], 'names.json: expected an object from segment numbers to names, e.g. {"1": "Premium", "3": "Bargain hunters"}; got an array of length 0'],
    ['Premium', 'names.json: expected an object from segment numbers to names, e.g. {"1": "Premium", "3": "Bargain hunters"}; got "Premium"'],
    [null, 'names.json: expected an object from segment numbers to names, e.g. {"1": "Premium", "3": "Bargain hunters"}; got null'],
    [{ '0': 'Zero' }, 'names.json: "0" is not a segment number; the segments are numbered 1 to 3'],
    [{ '4': 'Four' }, 'names.json: "4" is not a segment number; the segments are numbered 1 to 3'],
    [{ segment2: 'Premium' }, 'names.json: "segment2" is not a segment number; the segments are numbered 1 to 3; write the number alone: "2"'],
    [{ '02': 'Premium' }, 'names.json: "02" is not a segment number; the segments are numbered 1 to 3; write the number alone: "2"'],
    [{ '2': 42 }, 'names.json, segment 2: the name must be a text in quotes; got 42'],
    [{ '2': ['Premium'] }, 'names.json, segment 2: the name must be a text in quotes; got an array of length 1'],
    [{ '2': '   ' }, 'names.json, segment 2: the name is empty'],
    [{ '2': 'Premium\nclients' }, 'names.json, segment 2: the name "Premium\\nclients" holds a line break, tab or other control character'],
    [{ '2': 'x'.repeat(MAX_NAME_LENGTH + 1) }, `names.json, segment 2: the name has ${MAX_NAME_LENGTH + 1} characters; at most ${MAX_NAME_LENGTH} fit in charts and tables`],
    [{ '1': 'Premium', '3': 'premium ' }, 'names.json: segments 1 and 3 would both be named "premium"; every segment needs its own name'],
    [{ '1': 'High income, low spending' }, 'names.json: segments 1 and 3 would both be named "High income, low spending"; every segment needs its own name'],
  ])('rejects %j: %s', (given, message) => {
    expect(errorOf(() => applySegmentNames(automatic, given))).toEqual({ code: 'ERR_INVALID_ARGUMENT', message });
  });

  it('names the file it read in messages', () => {
    expect(errorOf(() => applySegmentNames(automatic, { '9': 'x' }, 'my-names.json')).message).toMatch(/^my-names\.json: "9"/);
  });
});

describe('parseSegmentNames', () => {
  it('reads a names file', () => {
    expect(parseSegmentNames(automatic, '{ "1": "Core" }\n')).toEqual(['Core', automatic[1], automatic[2]]);
    expect(parseSegmentNames(automatic, '\ufeff{ "1": "Core" }\n')).toEqual(['Core', automatic[1], automatic[2]]); // an editor's byte-order mark
  });

  it('says when the file is not JSON', () => {
    const { code, message } = errorOf(() => parseSegmentNames(automatic, "{ 1: 'Core' }", 'names.json'));
    expect(code).toBe('ERR_INVALID_ARGUMENT');
    expect(message).toMatch(/^names\.json: not valid JSON \(.+\); expected e\.g\. \{"1": "Premium", "3": "Bargain hunters"\}$/);
  });

  it('refuses a segment named twice, which JSON.parse would let the second name hide', () => {
    expect(() => parseSegmentNames(automatic, '{"1": "A", "1": "B"}', 'n.json')).toThrow('n.json: segment "1" is named twice (both on line 1); expected one name for each segment');
    expect(() => parseSegmentNames(automatic, '{\r\n"1": "A",\r\n"\\u0031": "B"\r\n}', 'n.json')).toThrow('(lines 2 and 3)');
    // An array repeats values, not keys: it is refused as an array.
    expect(() => parseSegmentNames(automatic, '["A", "B", "B"]', 'n.json')).toThrow(/expected an object.*got an array/);
  });
});
