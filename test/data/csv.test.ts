import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { ColumnCollector, columnKind } from '../../src/data/collect.js';
import { chooseDelimiter, ColumnAppender, detectDelimiter, lineBreakOf, quotedRecordFields, readCsvText, RecordReader, type RecordSink, RecordSplitter, sepLineOf, streamCsvText } from '../../src/data/csv.js';
import { RecordFields } from '../../src/data/fields.js';
import { Random } from '../../src/kmeans/random.js';
import { MALL_CSV, SHARED_DATA } from '../helpers/data.js';

describe('readCsvText', () => {
  it('reads the Mall file into typed columns, with line numbers', () => {
    const table = readCsvText(readFileSync(MALL_CSV, 'utf8'), 'mall.csv');
    expect(table.header).toEqual(['CustomerID', 'Genre', 'Age', 'Annual Income (k$)', 'Spending Score (1-100)']);
    expect(table.nRows).toBe(200);
    expect(table.delimiter).toBe(',');
    expect(table.lines[0]).toBe(2);
    expect(table.lines[199]).toBe(201);
    const [id, genre, age] = table.columns;
    expect(columnKind(id!)).toBe('numeric');
    expect(id!.numbers![0]).toBe(1); // "0001"
    expect(columnKind(genre!)).toBe('categorical');
    expect(genre!.numbers).toBeUndefined(); // text columns are not stored when selecting automatically
    expect(Array.from(age!.numbers!.subarray(0, 3))).toEqual([19, 21, 20]);
  });

  it('keeps categories of chosen columns and reads only those', () => {
    const table = readCsvText(readFileSync(MALL_CSV, 'utf8'), 'mall.csv', { keep: () => [1] });
    const genre = table.columns[1]!;
    expect(genre.categories).toEqual(['Male', 'Female']);
    expect(Array.from(genre.codes!.subarray(0, 4))).toEqual([0, 0, 1, 1]);
    expect(table.columns[2]!.numbers).toBeUndefined();
  });

  it('detects tabs and reads the marketing file\'s 24 missing incomes', () => {
    const table = readCsvText(readFileSync(`${SHARED_DATA}marketing_campaign.csv`, 'utf8'), 'marketing.csv');
    expect(table.delimiter).toBe('\t');
    expect(table.header).toHaveLength(29);
    expect(table.nRows).toBe(2240);
    const income = table.columns[4]!;
    expect(income.nMissing).toBe(24);
    expect(Math.max(...income.numbers!.filter((v) => !Number.isNaN(v)))).toBe(666666);
  });

  it('reads the online retail sample: all fields quoted, NA as missing', () => {
    const table = readCsvText(readFileSync(`${SHARED_DATA}online_retail_sample.csv`, 'utf8'), 'retail.csv');
    expect(table.nRows).toBe(20000);
    const customer = table.columns[6]!;
    expect(customer.nMissing).toBe(5078);
    expect(columnKind(table.columns[3]!)).toBe('numeric');
  });

  it('detects semicolons (with decimal commas) and pipes, even with a trailing blank line', () => {
    expect(detectDelimiter('a;b;c\n1;2,5;3\n')).toBe(';');
    const semicolons = readCsvText('a;b\n1;2,5\n', 'x');
    expect(semicolons.columns[1]!.numbers![0]).toBe(2.5);
    expect(readCsvText('a|b\n1|2\n\n', 'x').nRows).toBe(1);
  });

  it('handles a BOM, quoted fields with delimiters, quotes and line breaks, and counts lines', () => {
    const text = '\ufeffname,note\r\n"Smith, J","said ""hi""\r\nthen left"\r\n\r\nLee,ok\r\n';
    const table = readCsvText(text, 'x', { keep: () => [0, 1] });
    expect(table.header).toEqual(['name', 'note']);
    expect(table.columns[0]!.categories).toEqual(['Smith, J', 'Lee']);
    expect(table.columns[1]!.categories).toEqual(['said "hi"\r\nthen left', 'ok']);
    expect(Array.from(table.lines)).toEqual([2, 5]);
  });

  it('takes configurable missing tokens, case-insensitively', () => {
    const table = readCsvText('a\n1\nna\n-\n?\n2\n', 'x', { missing: ['NA', '-'] });
    expect(table.columns[0]!.nMissing).toBe(2);
    expect(table.columns[0]!.nText).toBe(1); // "?" is not missing with this list
  });

  it('leaves out an unnamed last column that no row puts a value in (a delimiter at the end of every line)', () => {
    const table = readCsvText('a,b,\r\n1,2,\r\n3, 4 , \r\n', 'excel.csv');
    expect(table.header).toEqual(['a', 'b']);
    expect(table.columns.map((c) => c.name)).toEqual(['a', 'b']);
    expect(table.emptyLastColumn).toBe(true);
    expect(Array.from(table.columns[1]!.numbers!)).toEqual([2, 4]);
    expect(readCsvText('a,b\n1,2\n', 'x').emptyLastColumn).toBe(false);
    // With a value in it, or unnamed elsewhere, the column is refused.
    expect(() => readCsvText('a,b,\n1,2,\n3,4,x\n', 'f.csv')).toThrow(
      'f.csv, line 3, column 3: "x" in a column with no name in the header (line 1); expected a name for every column that holds values',
    );
    expect(() => readCsvText('a,,b\n1,,2\n', 'f.csv')).toThrow('f.csv, line 1: column 2 has no name in the header');
    expect(() => readCsvText('a,b,\n1,2\n', 'f.csv')).toThrow(/f\.csv, line 2: 2 fields; expected 3 like the header/);
  });

  it('names the line of a ragged row after a multi-line field', () => {
    expect(() => readCsvText('a,b\n"1\n2",3\n4\n', 'f.csv')).toThrow(/f\.csv, line 4: 1 field; expected 2 like the header/);
  });

  it('refuses an unknown option rather than reading with the default (a misspelt delimiter would be detected instead)', () => {
    expect(() => readCsvText('a;b\n1;2\n', 'x', { delimeter: ';' } as never)).toThrow(
      'unknown option "delimeter" for readCsvText; did you mean "delimiter"? (options: missing, keep, keepNumeric, delimiter, decimal)',
    );
    expect(() => readCsvText('a;b\n1;2\n', 'x', { delimiter: ';', missing: ['NA'], keep: () => [0], keepNumeric: true })).not.toThrow();
  });
});

describe('RecordSplitter and ColumnAppender', () => {
  it('split records exactly as written, across chunks, quotes only at field starts', () => {
    const splitter = new RecordSplitter(',');
    const text = 'a,b\r\n"x\r\ny",5" screen\r\n"q""",z\n';
    const records: string[] = [];
    for (let i = 0; i < text.length; i += 3) records.push(...splitter.push(text.slice(i, i + 3)));
    expect(splitter.end()).toBeUndefined();
    expect(records).toEqual(['a,b', '"x\r\ny",5" screen', '"q""",z']);
  });

  it('fill an empty last column instead, when a delimiter ended every line (Excel)', () => {
    const appender = new ColumnAppender('segment', (row) => ['1', '2', 'a,b'][row]!, ',', '\n', true);
    const out = appender.push('"x",y,\n1,"2", \n3,4,""\n') + appender.push('5,6,') + appender.end();
    expect(out).toBe('"x",y,segment\n1,"2",1\n3,4,2\n5,6,"a,b"\n');
  });

  it('append a column to every record, leaving each record unchanged and dropping blank lines', () => {
    const appender = new ColumnAppender('segment', (row) => ['1', '', 'a;b'][row]!, ';', '\r\n');
    const out = appender.push('"x";y\r\n1;"2"\r\n\r\n3;4\r\n') + appender.push('5;6') + appender.end();
    expect(out).toBe('"x";y;segment\r\n1;"2";1\r\n3;4;\r\n5;6;"a;b"\r\n');
  });
});

describe('RecordReader', () => {
  /** Every record papaparse reads in the whole text, with the line it starts on. */
  function papaparseRecords(text: string, delimiter: string): { fields: string[]; line: number }[] {
    const records: { fields: string[]; line: number }[] = [];
    let line = 1;
    const { data } = Papa.parse<string[]>(text, { delimiter, newline: lineBreakOf(text) });
    for (const fields of data) {
      records.push({ fields, line });
      line += 1 + fields.join('').split('\n').length - 1;
    }
    return records;
  }

  function read(text: string, delimiter: string, piece: number, inPlace: boolean): { fields: string[]; line: number }[] {
    const records: { fields: string[]; line: number }[] = [];
    const sink: RecordSink = { add: (fields, line) => records.push({ fields, line }) };
    if (inPlace) sink.addFields = (record, line) => records.push({ fields: record.fields(), line });
    const reader = new RecordReader(sink, 'x.csv', delimiter);
    for (let at = 0; at < text.length; at += piece) reader.push(text.slice(at, at + piece));
    reader.end();
    return records;
  }

  const texts: [string, string][] = [
    ['a,b\n1,2\n3,4\n', ','],
    ['a,b\r\n1,2\r\n\r\n3,4', ','],
    ['name;note\n"Smith; J";"said ""hi""\nthen left"\n\nLee;ok\n', ';'],
    ['a,b,c\n1,"2,5",3\n"",x,\n4,5" wide,6\n  "q",r,s\n', ','],
    ['\ufeffa\tb\n"1\r\n2"\t3\n4\t5\t6\n7\n', '\t'],
    ['a|b\n|\n""|""\n"x"|y', '|'],
    // Spaces after a closing quote, before the delimiter or the line break.
    ['id,name\n1,"Smith" \n2,"Lee"\t\r\n"3" ,"x"\n', ','],
    // Every field quoted, record after record (papaparse reads each run in one call).
    ['"a","b"\r\n"1","x\r\ny"\r\n"2",""\r\n"3","say ""no"""\r\n4,"5"\r\n', ','],
  ];

  it('gives the records papaparse gives, on the lines it gives, in chunks of any size', () => {
    for (const [text, delimiter] of texts) {
      // papaparse ends a text that ends with a line break with one more, empty record.
      const expected = papaparseRecords(text, delimiter).filter((r, i, all) => !(i === all.length - 1 && r.fields.length === 1 && r.fields[0] === ''));
      for (const piece of [1, 2, 3, 7, text.length]) {
        for (const inPlace of [false, true]) {
          expect(read(text, delimiter, piece, inPlace), `${JSON.stringify(text)} in pieces of ${piece}`).toEqual(expected);
        }
      }
    }
  });

  it('names the line of a quoted field that is never closed or closed too soon', () => {
    expect(() => read('a,b\n1,2\n3,"4\n5,6\n', ',', 2, true)).toThrow(/^x\.csv, line 3: a quoted field is never closed; expected a closing double quote$/);
    expect(() => read('a,b\n"x\ny",2\n"3"4,5\n', ',', 4, true)).toThrow(/^x\.csv, line 4: a double quote inside an unquoted field/);
    // In the middle of a run of quoted records, and at the very end without a line break.
    expect(() => read('a,b\n"1","2"\n"3"x,4\n"5","6"\n', ',', 100, true)).toThrow(/^x\.csv, line 3: a double quote inside an unquoted field/);
    expect(() => read('a,b\n"1","2"\n"3" ', ',', 100, true)).toThrow(/^x\.csv, line 3: a double quote inside an unquoted field/);
  });

  it('ends a record at every line feed outside quotes, whatever the first line break was', () => {
    // papaparse, told the file's line break is \r\n, would read "2\n3" as one field here.
    expect(read('id,spend\r\n1,2\n3,4\r\n5,6\r\n', ',', 5, true)).toEqual([
      { fields: ['id', 'spend'], line: 1 },
      { fields: ['1', '2'], line: 2 },
      { fields: ['3', '4'], line: 3 },
      { fields: ['5', '6'], line: 4 },
    ]);
    expect(read('a,b\n1,M\r\n', ',', 3, false)).toEqual([{ fields: ['a', 'b'], line: 1 }, { fields: ['1', 'M'], line: 2 }]);
  });

  it('takes a forced delimiter of one character, not a quote, a line break or a byte-order mark', () => {
    for (const delimiter of ['', '::', '"', '\n', '\r', '\ufeff']) {
      expect(() => readCsvText('a,b\n1,2\n', 'x', { delimiter }), JSON.stringify(delimiter)).toThrow(/^the delimiter is .*; expected one character other than a double quote, a line break or a byte-order mark$/);
    }
    expect(readCsvText('a b\n1 2\n', 'x', { delimiter: ' ' }).header).toEqual(['a', 'b']);
  });
});

describe('a sep= first line (Excel\'s), naming the delimiter', () => {
  it('is the whole first line: sep= and one character, maybe quoted, maybe before a carriage return', () => {
    expect(sepLineOf('sep=;\na;b\n', 'x.csv')).toEqual({ delimiter: ';', length: 6 });
    expect(sepLineOf('sep=,\r\na,b\r\n', 'x.csv')).toEqual({ delimiter: ',', length: 7 });
    expect(sepLineOf('"sep=;"\r\na;b\r\n', 'x.csv')).toEqual({ delimiter: ';', length: 9 });
    expect(sepLineOf('sep=\t\na\tb\n', 'x.csv')).toEqual({ delimiter: '\t', length: 6 });
    expect(sepLineOf('sep=|', 'x.csv')).toEqual({ delimiter: '|', length: 5 });
    expect(sepLineOf('sep=:\na:b\n', 'x.csv')).toEqual({ delimiter: ':', length: 6 }); // any delimiter a user may force
    // In capitals, and with spaces an editor left after the delimiter; a space alone is one.
    expect(sepLineOf('SEP=;\na;b\n', 'x.csv')).toEqual({ delimiter: ';', length: 6 });
    expect(sepLineOf('"Sep=;"\na;b\n', 'x.csv')).toEqual({ delimiter: ';', length: 8 });
    expect(sepLineOf('sep=;  \r\na;b\r\n', 'x.csv')).toEqual({ delimiter: ';', length: 9 });
    expect(sepLineOf('sep= \na b\n', 'x.csv')).toEqual({ delimiter: ' ', length: 6 });
  });

  it('alone is no header: the message says nothing follows it', () => {
    for (const text of ['sep=;\n', '\ufeffsep=;', 'sep=;\r\n\r\n  \n']) {
      expect(() => readCsvText(text, 'x.csv'), JSON.stringify(text)).toThrow('x.csv: nothing follows its sep= line (line 1); expected a header row and data rows after it');
    }
  });

  it('is not a header that merely starts like one', () => {
    for (const text of ['sep=x,other\n1,2\n', 'separator;count\nx;1\n', '"sep=x","other"\n1,2\n', '"sep=;",b\n1,2\n', 'id;sep=;\n1;2;3\n', '\nsep=;\na;b\n', ' sep=;\na;b\n', 'a,b\nsep=;\n']) {
      expect(sepLineOf(text, 'x.csv'), JSON.stringify(text)).toBeUndefined();
    }
    // So a header that starts "sep=" reads as before.
    const table = readCsvText('sep=x,other\n1,2\n', 'x.csv');
    expect(table.header).toEqual(['sep=x', 'other']);
    expect(table.delimiter).toBe(',');
    expect(readCsvText('separator;count\nx;1\n', 'x.csv').header).toEqual(['separator', 'count']);
  });

  it('fails, naming the file and line 1, for a sep line that names no usable delimiter', () => {
    const cases: [string, RegExp][] = [
      ['sep=\\t\na\tb\n', /^x\.csv, line 1: "sep=\\\\t" names 2 characters as the delimiter; expected sep= and one character, e\.g\. sep=; \(a tab as a real tab\), or a header row$/],
      ['sep=\r\na,b\r\n', /^x\.csv, line 1: "sep=" names no delimiter; expected sep= and one character/],
      ['"sep=semicolon"\na;b\n', /^x\.csv, line 1: "\\"sep=semicolon\\"" names 9 characters as the delimiter/],
      ['sep="\na,b\n', /^x\.csv, line 1: "sep=\\"" names "\\"" as the delimiter; expected one character other than a double quote, a line break or a byte-order mark$/],
      ['"sep="""\na,b\n', /^x\.csv, line 1: .* names "\\"" as the delimiter/],
      ['sep=\ufeff\na,b\n', /^x\.csv, line 1: .* names "\ufeff" as the delimiter/],
    ];
    for (const [text, message] of cases) {
      expect(() => sepLineOf(text, 'x.csv'), JSON.stringify(text)).toThrow(message);
      expect(() => readCsvText(text, 'x.csv'), JSON.stringify(text)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_DATA', message: expect.stringMatching(message) }));
    }
  });

  it('gives the delimiter instead of detecting one, and refuses another forced one', () => {
    // Detected, this text would be read with commas (two fields on every line).
    const text = 'sep=;\nname,x;y\n1,5;2\n';
    expect(detectDelimiter(text.slice(6))).toBe(',');
    expect(chooseDelimiter(text, 'x.csv', undefined, true, false)).toBe(';');
    expect(chooseDelimiter(text, 'x.csv', ';', true, false)).toBe(';');
    expect(chooseDelimiter('a,b\n', 'x.csv', ';', true, false)).toBe(';');
    const conflict = /^x\.csv, line 1: "sep=;" says the delimiter is ";", but "," was given; give ";" or none \(the sep= line's is used\), or remove the sep= line$/;
    expect(() => chooseDelimiter(text, 'x.csv', ',', true, false)).toThrow(conflict);
    expect(() => readCsvText(text, 'x.csv', { delimiter: ',' })).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(conflict) }));
    expect(readCsvText(text, 'x.csv', { delimiter: ';' }).header).toEqual(['name,x', 'y']);
    // A reader given another delimiter refuses the text too.
    expect(() => new RecordReader({ add: () => {} }, 'x.csv', '\t').push(text)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
  });

  it('is line 1 and not a record, after a byte-order mark, with either line break and in either form', () => {
    const rows = ['id;spend;city', '1;2,5;Oslo', '2;3;"Kyiv; UA"', '3;4,25;Rome'];
    // The same rows after a blank line 1, which every reader skips.
    const expected = readCsvText(['', ...rows].join('\n'), 'x.csv');
    for (const sep of ['sep=;', '"sep=;"']) {
      for (const bom of ['', '\ufeff']) {
        for (const newline of ['\n', '\r\n']) {
          const text = bom + [sep, ...rows].join(newline) + newline;
          const table = readCsvText(text, 'x.csv');
          expect(table.header, JSON.stringify(text)).toEqual(['id', 'spend', 'city']);
          expect(table.delimiter).toBe(';');
          expect(table.decimalComma).toBe(true);
          expect(Array.from(table.columns[1]!.numbers!)).toEqual([2.5, 3, 4.25]);
          expect(Array.from(table.lines)).toEqual([3, 4, 5]);
          expect(table).toEqual(expected);
        }
      }
    }
    const tabs = readCsvText('sep=\t\na\tb\n1,5\t2\n', 'x.csv');
    expect(tabs.delimiter).toBe('\t');
    expect(tabs.header).toEqual(['a', 'b']);
  });

  it('keeps the file\'s own line numbers in messages about later rows, in chunks of any size', () => {
    const text = 'sep=;\r\na;b\r\n1;2\r\n3\r\n';
    for (let piece = 1; piece <= text.length; piece++) {
      const records: number[] = [];
      const reader = new RecordReader({ add: (_fields, line) => void records.push(line) }, 'x.csv', ';');
      for (let at = 0; at < text.length; at += piece) reader.push(text.slice(at, at + piece));
      reader.end();
      expect(records, `pieces of ${piece}`).toEqual([2, 3, 4]);
    }
    expect(() => readCsvText(text, 'x.csv')).toThrow(/^x\.csv, line 4: 1 field; expected 2 like the header \(delimiter ";"\)$/);
    expect(() => readCsvText('sep=,\na,b\n1,2\n3,"4\n', 'x.csv')).toThrow(/^x\.csv, line 4: a quoted field is never closed/);
    expect(() => readCsvText('sep=,\na,a\n1,2\n', 'x.csv')).toThrow(/^x\.csv, line 2: column name "a" appears twice/);
    const table = readCsvText('sep=;\na;b\n1;2\n3;x\n4;5\n', 'x.csv');
    expect(table.columns[1]!.firstText).toEqual({ line: 4, value: 'x' });
  });

  it('is what streamCsvText hands the sink the delimiter of', () => {
    const seen: string[] = [];
    streamCsvText('sep=|\na|b\n1|2\n', 'x.csv', (delimiter) => (seen.push(delimiter), { add: () => {} }));
    expect(seen).toEqual(['|']);
  });

  it('is copied into segments.csv unchanged, the BOM before it, in chunks of any size', () => {
    const text = '\ufeff"sep=;"\r\nid;spend\r\n1;2,5\r\n\r\n2;3\r\n';
    for (let piece = 1; piece <= text.length; piece++) {
      const appender = new ColumnAppender('segment', (row) => String(row + 1), ';', '\r\n');
      let out = '';
      for (let at = 0; at < text.length; at += piece) out += appender.push(text.slice(at, at + piece));
      out += appender.end();
      expect(out, `pieces of ${piece}`).toBe('\ufeff"sep=;"\r\nid;spend;segment\r\n1;2,5;1\r\n2;3;2\r\n');
    }
    const excel = new ColumnAppender('segment', (row) => String(row + 1), ',', '\n', true);
    expect(excel.push('sep=,\na,b,\n1,2,\n') + excel.end()).toBe('sep=,\na,b,segment\n1,2,1\n');
    expect(() => new ColumnAppender('segment', () => '1', ',', '\n', false, 'in.csv').push('sep=;\na;b\n')).toThrow(/^in\.csv, line 1: "sep=;" says the delimiter is ";", but "," was given/);
  });
});

describe('ColumnCollector.addFields', () => {
  it('reads the fields of a record in place as add() reads them split', () => {
    const generator = new Random(12);
    const rand = () => generator.nextFloat();
    const pool = ['12', '-3.5', '+.5', '1e3', '1,5', ' 7 ', '0x10', 'NA', 'n/a', '', ' ', '?', 'abc', 'Male', '123456789012345678',
      '-', '+', '.', '5.', '-0', '١٢', '48.75', 'null', '9'];
    for (const delimiter of [',', ';', '\t']) {
      for (const width of [1, 2, 3, 5]) {
        const kept = rand() < 0.5 ? [0] : [];
        const options = { missing: rand() < 0.5 ? undefined : ['-', 'NA'], keep: () => kept };
        const inPlace = new ColumnCollector('x.csv', delimiter, options);
        const split = new ColumnCollector('x.csv', delimiter, options);
        const header = Array.from({ length: width }, (_, c) => `c${c}`).join(delimiter);
        const fields = new RecordFields();
        inPlace.addFields(fields.ofRecord(header, delimiter), 1);
        split.add(header.split(delimiter), 1);
        for (let line = 2; line < 400; line++) {
          const columns = rand() < 0.97 ? width : Math.floor(rand() * (width + 2));
          const record = Array.from({ length: columns }, () => pool[Math.floor(rand() * pool.length)]!.replaceAll(delimiter, '')).join(delimiter);
          let expected: unknown;
          try {
            split.add(record.split(delimiter), line);
          } catch (error) {
            expected = error;
          }
          if (expected === undefined) inPlace.addFields(fields.ofRecord(record, delimiter), line);
          else expect(() => inPlace.addFields(fields.ofRecord(record, delimiter), line)).toThrow((expected as Error).message);
        }
        expect(inPlace.finish()).toEqual(split.finish());
      }
    }
  });
});

describe('quotedRecordFields', () => {
  it('reads a record with quotes as papaparse does, and fails where papaparse reports an error', () => {
    const generator = new Random(21);
    const alphabet = ['a', 'b', ' ', '\t', ',', ',', '"', '"', '"', '\r', '\n'];
    let compared = 0;
    for (let trial = 0; trial < 30000; trial++) {
      let record = '"';
      const length = Math.floor(generator.nextFloat() * 14);
      for (let i = 0; i < length; i++) record += alphabet[generator.nextInt(alphabet.length)]!;
      if (generator.nextFloat() < 0.5) record = record.slice(1, 1 + generator.nextInt(4)) + record;
      for (const broken of [false, true]) {
        // Only what RecordSplitter hands over: the text is this one record.
        const text = record + (broken ? '\n' : '');
        const splitter = new RecordSplitter(',');
        const records = splitter.push(text);
        const last = splitter.end();
        if (last !== undefined) records.push(last);
        if (records.length !== 1 || records[0] !== record || !record.includes('"')) continue;
        const { data, errors } = Papa.parse<string[]>(text, { delimiter: ',', newline: '\n' });
        const error = errors.find((e) => e.type !== 'Delimiter');
        expect(quotedRecordFields(record, ',', broken), JSON.stringify(text)).toEqual(error ? error.code : data[0]);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10000);
  });
});

describe('detectDelimiter', () => {
  /**
   * The rule on papaparse's reading of a whole text: the delimiter whose header has the most
   * fields (at least 2), preferring one whose first 20 rows have as many; blank rows skipped.
   */
  function papaparseDelimiter(text: string): string {
    let best = ',';
    let bestScore = -1;
    for (const delimiter of [',', '\t', ';', '|']) {
      const rows = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: true }).data.slice(0, 21);
      const header = rows[0]?.length ?? 0;
      if (header < 2) continue;
      const score = (rows.every((row) => row.length === header) ? 1_000_000 : 0) + header;
      if (score > bestScore) {
        bestScore = score;
        best = delimiter;
      }
    }
    return best;
  }

  it('finds the delimiter of the shared datasets', () => {
    expect(detectDelimiter(readFileSync(MALL_CSV, 'utf8'))).toBe(',');
    expect(detectDelimiter(readFileSync(`${SHARED_DATA}marketing_campaign.csv`, 'utf8'))).toBe('\t');
    expect(detectDelimiter(readFileSync(`${SHARED_DATA}online_retail_sample.csv`, 'utf8'))).toBe(',');
  });

  it('chooses by the records papaparse reads, on texts that end with a line break', () => {
    const generator = new Random(8);
    const alphabet = ['a', '1', ' ', ',', ',', ';', ';', '\t', '|', '"', '\n'];
    const counts = new Map<string, number>();
    for (let trial = 0; trial < 3000; trial++) {
      // Rows of one field pattern repeated, with noise, so every delimiter gets chosen at times.
      const pattern = Array.from({ length: 1 + generator.nextInt(5) }, () => alphabet[generator.nextInt(10)]!).join('');
      // One line break throughout, as papaparse guessed it for the whole text (ours takes any).
      const lineBreak = generator.nextFloat() < 0.3 ? '\r\n' : '\n';
      let text = '';
      const rows = 1 + generator.nextInt(30);
      for (let r = 0; r < rows; r++) {
        text += generator.nextFloat() < 0.2 ? Array.from({ length: generator.nextInt(6) }, () => alphabet[generator.nextInt(alphabet.length)]!).join('') : pattern;
        text += lineBreak;
      }
      if (lineBreak === '\r\n') text = text.replaceAll(/\r?\n/g, '\r\n');
      const expected = papaparseDelimiter(text);
      // Where papaparse read its choice only by recovering from broken quotes, ours counts those
      // records as unreadable, so it may choose another delimiter: not compared.
      const { errors } = Papa.parse<string[]>(text, { delimiter: expected, skipEmptyLines: true });
      if (errors.some((e) => e.type === 'Quotes')) continue;
      expect(detectDelimiter(text), JSON.stringify(text)).toBe(expected);
      counts.set(expected, (counts.get(expected) ?? 0) + 1);
    }
    for (const delimiter of [',', '\t', ';', '|']) expect(counts.get(delimiter), JSON.stringify(delimiter)).toBeGreaterThan(50);
  });

  it('judges the last row of a whole text, not of a preview that may have cut it short', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('id|name\r\n')).toBe('|');
    // The preview ends inside a quoted field: only the complete rows are judged.
    expect(detectDelimiter('a;b\n1;2\n3;4\n5;"x,y,z', false)).toBe(';');
    expect(detectDelimiter('a;b\n1;2\n3;4\n5;6;7;8', false)).toBe(';');
    // Complete, the first text's last row is broken: no delimiter reads it all, ; reads most.
    expect(detectDelimiter('a;b\n1;2\n3;4\n5;"x,y,z')).toBe(';');
    const lastRowDecides = 'a|b|c;d\n1|2|3;4\n5|6|7;8\n9|10;11';
    expect(detectDelimiter(lastRowDecides)).toBe(';');
    expect(detectDelimiter(lastRowDecides, false)).toBe('|');
    expect(detectDelimiter('')).toBe(',');
    // A text longer than the 64 KB judged is cut like a preview: tabs, though the header's first
    // name has commas and the record cut at 64 KB splits into fewer fields.
    const rows = Array.from({ length: 30 }, (_, i) => `${'x'.repeat(4000)}, ${i}\t${i}`);
    const long = `Name, first, last\tScore\n${rows.join('\n')}\n`;
    expect(detectDelimiter(long)).toBe('\t');
    expect(readCsvText(long, 'long.csv').header).toEqual(['Name, first, last', 'Score']);
  });
});

describe('units written beside numbers', () => {
  const warningOf = (text: string) => readCsvText(text, 't.csv', { keep: () => [0] }).columns[0]!.unitWarning;

  it('warns of a percent sign on some values only, and of more than one currency, naming a line of each', () => {
    expect(warningOf('a\n1%\n0.02\n10%\n')).toBe(
      'column "a" has values with a percent sign ("1%" on line 2) and without ("0.02" on line 3); both are read as the numbers written ("1%" as "1"): check that they are on one scale',
    );
    expect(warningOf('a\n$1\n€2\n5\n-$3\n')).toBe('column "a" mixes currencies ("$1" on line 2, "€2" on line 3); their amounts are read as numbers of one unit: convert them to one currency first');
  });

  it('says nothing of one unit throughout, or of one currency beside plain numbers', () => {
    expect(warningOf('a\n1%\n12.5%\n')).toBeUndefined();
    expect(warningOf('a\n$1\n2\n$3.50\n')).toBeUndefined();
    expect(warningOf('a\n1\n2.5\n-3\n')).toBeUndefined();
    // A zero is the same on either scale.
    expect(warningOf('discount\n0\n5%\n10%\n0.0\n')).toBeUndefined();
  });
});
