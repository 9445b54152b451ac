import { describe, expect, it } from 'vitest';
import { RecordFields } from '../../src/data/fields.js';
import { RowPreparer, StreamStats, fitStreamedPreparation } from '../../src/data/stream-prepare.js';
import { Random } from '../../src/kmeans/random.js';

/** Seeded records of `width` fields (sometimes more or fewer) from a pool of numbers, texts and missing tokens. */
function records(seed: number, delimiter: string, width: number, count: number, ragged = 0.03): string[] {
  const generator = new Random(seed);
  const rand = () => generator.nextFloat();
  const pool = ['12', '-3.5', '+.5', '1e3', '1,5', ' 7 ', '0x10', 'NA', 'n/a', '', ' ', '?', 'abc', 'Male', '123456789012345678',
    '-', '+', '.', '5.', '-0', '١٢', '48.75', 'null', '9'];
  return Array.from({ length: count }, () => {
    const columns = rand() < 1 - ragged ? width : Math.floor(rand() * (width + 2));
    return Array.from({ length: columns }, () => pool[Math.floor(rand() * pool.length)]!.replaceAll(delimiter, '')).join(delimiter);
  });
}

function spans(record: RecordFields): string[] {
  return Array.from({ length: record.count }, (_, i) => record.text(i).slice(record.start(i), record.end(i)));
}

describe('RecordFields', () => {
  it('finds the fields split() finds, in place, however many there are', () => {
    const fields = new RecordFields();
    const cases = ['', ',', 'a', 'a,', ',b', '1,,3', ' x , y ', Array.from({ length: 40 }, (_, i) => String(i)).join(','), ...records(3, ',', 5, 200, 0.3)];
    for (const record of cases) {
      fields.ofRecord(record, ',');
      const expected = record.split(',');
      expect(fields.count, JSON.stringify(record)).toBe(expected.length);
      expect(spans(fields), JSON.stringify(record)).toEqual(expected);
      expect(fields.fields()).toEqual(expected);
      expect(expected.map((_, i) => fields.field(i))).toEqual(expected);
      expect(fields.isBlank()).toBe(expected.length === 1 && expected[0]!.trim() === '');
      fields.ofList(expected);
      expect(spans(fields)).toEqual(expected);
      expect(fields.fields()).toEqual(expected);
    }
  });
});

describe('the streamed fit reads a record in place as it reads it split', () => {
  for (const delimiter of [',', ';', '\t']) {
    it(`pass 1 (StreamStats) and the prepared rows (RowPreparer), delimiter ${JSON.stringify(delimiter)}`, () => {
      const header = ['id', 'a', 'b', 'c'].join(delimiter);
      const rows = records(7, delimiter, 4, 600);
      const options = { missing: ['NA', '?', ''], keep: () => [3], keepNumeric: true, sampleSize: 100, seed: 5 };
      const inPlace = new StreamStats('x.csv', delimiter, options);
      const split = new StreamStats('x.csv', delimiter, options);
      const fields = new RecordFields();
      inPlace.addFields(fields.ofRecord(header, delimiter), 1);
      split.add(header.split(delimiter), 1);
      rows.forEach((row, i) => {
        let expected: unknown;
        try {
          split.add(row.split(delimiter), i + 2);
        } catch (error) {
          expected = error;
        }
        if (expected === undefined) inPlace.addFields(fields.ofRecord(row, delimiter), i + 2);
        else expect(() => inPlace.addFields(fields.ofRecord(row, delimiter), i + 2)).toThrow((expected as Error).message);
      });
      expect(inPlace.sampleTable()).toEqual(split.sampleTable());
      for (let c = 0; c < 4; c++) expect(inPlace.stats(c)).toEqual(split.stats(c));

      // Rows of numbers, categories and missing tokens, with now and then a value pass 1 did
      // not see (an error), prepared both ways.
      const generator = new Random(9);
      const pick = (values: string[]) => values[Math.floor(generator.nextFloat() * values.length)]!;
      const numbers = ['12', '-3.5', '+.5', '1e3', ' 7 ', '', 'NA', '48.75', '-0', '123456789012345678', '5.'];
      const categories = ['Male', 'Female', ' Male ', 'NA', ''];
      const clean = (unseen: number) => Array.from({ length: 600 }, (_, i) =>
        [String(i), pick(numbers), pick(numbers), generator.nextFloat() < unseen ? pick(['x', 'Other']) : pick(categories)].join(delimiter));
      const fitted = new StreamStats('x.csv', delimiter, options);
      fitted.add(header.split(delimiter), 1);
      clean(0).forEach((row, i) => fitted.addFields(fields.ofRecord(row, delimiter), i + 2));
      const table = fitted.sampleTable();
      rows.splice(0, rows.length, ...clean(0.02));
      const { preparation } = fitStreamedPreparation(fitted, table, [1, 2, 3], { impute: 'median' });
      const preparer = new RowPreparer(preparation, table.header, options.missing, 'x.csv', delimiter);
      const width = preparer.nFeatures;
      const a = new Float64Array(width);
      const b = new Float64Array(width);
      let compared = 0;
      rows.forEach((row, i) => {
        let expected: unknown;
        let keptSplit = false;
        try {
          keptSplit = preparer.prepare(fields.ofList(row.split(delimiter)), i + 2, b, 0);
        } catch (error) {
          expected = error;
        }
        if (expected !== undefined) {
          expect(() => preparer.prepare(fields.ofRecord(row, delimiter), i + 2, a, 0)).toThrow((expected as Error).message);
          return;
        }
        expect(preparer.prepare(fields.ofRecord(row, delimiter), i + 2, a, 0)).toBe(keptSplit);
        if (keptSplit) expect(a).toEqual(b);
        compared++;
      });
      expect(compared).toBeGreaterThan(100);
    });
  }
});
