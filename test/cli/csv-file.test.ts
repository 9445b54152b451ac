import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendColumnContent, inspectCsvFile, readCsvFile, streamCsvFile } from '../../src/cli/csv-file.js';
import { readCsvText } from '../../src/data/csv.js';
import { Random } from '../../src/kmeans/random.js';
import { tempDir } from '../helpers/cli.js';

function write(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

describe('reading CSV files from disk', () => {
  it('reads a file of several chunks as the same text in memory is read, records across chunk ends', async () => {
    // About 3 MB: quoted fields with delimiters, quotes and line breaks land on the 1 MiB chunk
    // ends somewhere; so do CRLF pairs and multi-byte characters.
    const generator = new Random(3);
    const pick = <T>(values: T[]): T => values[generator.nextInt(values.length)]!;
    const lines = ['id,amount,note,city'];
    for (let i = 0; i < 80_000; i++) {
      lines.push([
        String(i),
        pick(['12.5', '-3', '', 'NA', '7e2', ' 4 ']),
        pick(['plain', '"a, b"', '"say ""hi"""', '"two\r\nlines"', '""', 'café', '"naïve ☕"']),
        pick(['Zürich', 'Oslo', '"São Paulo"', 'Kyiv']),
      ].join(','));
    }
    const text = lines.join('\r\n'); // the last line without a line break
    const path = write('chunks.csv', text);
    const fromFile = await readCsvFile(inspectCsvFile(path), { keep: () => [0, 1, 2, 3] });
    const fromText = readCsvText(text, path, { keep: () => [0, 1, 2, 3] });
    expect(fromFile).toEqual(fromText);
    expect(fromFile.nRows).toBe(80_000);
    expect(fromFile.columns[2]!.categories).toContain('two\r\nlines');
    expect(fromFile.lines.at(-1)).toBe(text.split('\n').length - (lines.at(-1)!.split('\n').length - 1));
  });

  it('checks the option names as readCsvText does (a delimiter is inspectCsvFile\'s)', async () => {
    const file = inspectCsvFile(write('names.csv', 'a,b\n1,2\n'));
    await expect(readCsvFile(file, { mising: ['NA'] } as object)).rejects.toThrow(/^unknown option "mising" for readCsvFile; did you mean "missing"\? \(options: missing, keep, keepNumeric\)$/);
    await expect(readCsvFile(file, { delimiter: ';' })).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/^unknown option "delimiter" for readCsvFile/) });
  });

  it('drops a byte-order mark before a quoted header (papaparse kept it on streams)', async () => {
    const table = await readCsvFile(inspectCsvFile(write('bom.csv', '\ufeff"id","spend"\r\n1,2\r\n')), {});
    expect(table.header).toEqual(['id', 'spend']);
  });

  it('names the file and line of a record it cannot read, and stops there', async () => {
    const seen: number[] = [];
    const path = write('broken.csv', 'a,b\n1,2\n3,"4\n5,6\n');
    await expect(streamCsvFile(inspectCsvFile(path), { add: (_fields, line) => void seen.push(line) })).rejects.toThrow(
      new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 3: a quoted field is never closed`),
    );
    expect(seen).toEqual([1, 2]);
    // Past the start the first look reads (192 KB): found while streaming.
    const rows = 'a,b\n' + '1,2\n'.repeat(60_000);
    await expect(readCsvFile(inspectCsvFile(write('nul.csv', Buffer.from(`${rows}3,\u0000\n`))), {})).rejects.toThrow(
      new RegExp(`not a text CSV file \\(a NUL byte at character ${rows.length + 2}\\)`),
    );
  });
});

describe('detecting the delimiter of a file', () => {
  it('judges the characters readCsvText judges, however many bytes they take', () => {
    // 40,000 two-byte characters: 80 KB, but fewer than the 65,536 characters detection reads,
    // so the last record (no line break after it) counts, as it does for the same text in
    // memory. Judged without it, ',' would tie with ';' and win as the first delimiter tried.
    const text = `x;y,z\n${'é'.repeat(40_000)};1`;
    const file = inspectCsvFile(write('wide.csv', text));
    expect(file.delimiter).toBe(';');
    expect(readCsvText(text, 'wide.csv').header).toEqual(['x', 'y,z']);
  });
});

describe('reading files that are not UTF-8', () => {
  const CHUNK = 1 << 20; // the reader's chunk size

  /** A file whose bytes CHUNK - 1 and CHUNK are the two bytes of "é", then `tail`. */
  function acrossChunks(tail: Buffer): Buffer {
    const head = Buffer.from(`a,b\n${'1,2\n'.repeat(Math.floor((CHUNK - 10) / 4))}`);
    const filler = Buffer.from('3,'.padEnd(CHUNK - 1 - head.length, 'x'));
    return Buffer.concat([head, filler, Buffer.from('é\n'), tail]);
  }

  it('names the line and character of a byte that is not UTF-8, as Latin-1 files have them', async () => {
    const latin1 = write('latin1.csv', Buffer.from('Kunde,Gr\xf6\xdfe\n1,2\n', 'latin1'));
    await expect(readCsvFile(inspectCsvFile(latin1), {})).rejects.toThrow(
      /latin1\.csv, line 1, character 9: not UTF-8 text \(the byte 0xF6\); expected UTF-8: save the file as UTF-8 \(in Excel, "CSV UTF-8"\)$/,
    );
    // A character begun but not continued is named by its first byte; after a chunk's end too.
    const cut = write('cut.csv', acrossChunks(Buffer.from('4,caf\xe9s\n', 'latin1')));
    const line = acrossChunks(Buffer.alloc(0)).toString().split('\n').length;
    await expect(readCsvFile(inspectCsvFile(cut), {})).rejects.toThrow(new RegExp(`cut\\.csv, line ${line}, character 6: not UTF-8 text \\(the byte 0xE9\\)`));
    // Cut short at the very end of the file.
    await expect(readCsvFile(inspectCsvFile(write('end.csv', Buffer.from([...Buffer.from('a,b\n1,'), 0xe2, 0x82]))), {})).rejects.toThrow(
      /end\.csv, line 2, character 3: not UTF-8 text \(the byte 0xE2\)/,
    );
  });

  it('reads U+FFFD written in a UTF-8 file, and a character split across chunks, as text', async () => {
    const path = write('fffd.csv', acrossChunks(Buffer.from('4,\ufffd\n')));
    const table = await readCsvFile(inspectCsvFile(path), { keep: () => [1] });
    expect(table.columns[1]!.categories.slice(-2)).toEqual([`${'x'.repeat(table.columns[1]!.categories.at(-2)!.length - 1)}é`, '\ufffd']);
  });
});

describe('a file whose first line is sep= (Excel\'s)', () => {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

  it('reads the delimiter it names and the header after it, on the file\'s own lines, across chunks', async () => {
    // About 1.5 MB: its records cross the end of the first 1 MiB chunk.
    const lines = ['\ufeffsep=;', 'id;spend;note'];
    for (let i = 0; i < 60_000; i++) lines.push(`${i};${i % 7},5;"a, ""b""; c"`);
    const text = lines.join('\r\n') + '\r\n';
    const path = write('sep.csv', text);
    const file = inspectCsvFile(path);
    expect(file).toMatchObject({ delimiter: ';', newline: '\r\n' });
    const table = await readCsvFile(file, { keep: () => [0, 1, 2] });
    expect(table).toEqual(readCsvText(text, path, { keep: () => [0, 1, 2] }));
    expect(table.header).toEqual(['id', 'spend', 'note']);
    expect(table.columns[1]!.numbers![1]).toBe(1.5);
    expect(table.lines[0]).toBe(3);
    expect(table.lines.at(-1)).toBe(60_002);
    const seen: number[] = [];
    await streamCsvFile(file, { add: (_fields, line) => void seen.push(line) });
    expect(seen.slice(0, 2)).toEqual([2, 3]);
  });

  it('names its own lines in errors about later rows', async () => {
    const path = write('ragged.csv', 'sep=,\na,b\n1,2\n3\n');
    await expect(readCsvFile(inspectCsvFile(path), {})).rejects.toThrow(new RegExp(`^${escape(path)}, line 4: 1 field; expected 2 like the header`));
  });

  it('refuses another forced delimiter, and a sep line that names no usable one, naming the file and line 1', async () => {
    const path = write('conflict.csv', '"sep=|"\na|b\n1|2\n');
    expect(inspectCsvFile(path, '|').delimiter).toBe('|');
    expect(() => inspectCsvFile(path, ',')).toThrow(expect.objectContaining({
      code: 'ERR_INVALID_ARGUMENT',
      message: `${path}, line 1: "\\"sep=|\\"" says the delimiter is "|", but "," was given; give "|" or none (the sep= line's is used), or remove the sep= line`,
    }));
    const bad = write('bad.csv', 'sep="\na,b\n1,2\n');
    expect(() => inspectCsvFile(bad)).toThrow(expect.objectContaining({ code: 'ERR_INVALID_DATA', message: expect.stringMatching(new RegExp(`^${escape(bad)}, line 1: "sep=\\\\"" names "\\\\"" as the delimiter`)) }));
    const alone = write('alone.csv', '\ufeffsep=;\r\n');
    expect(() => inspectCsvFile(alone)).toThrow(`${alone}: nothing follows its sep= line (line 1); expected a header row and data rows after it`);
  });

  it('is copied into the output first, unchanged, by appendColumnContent', async () => {
    const text = '\ufeff"sep=;"\r\nid;spend\r\n1;2,5\r\n2;3\r\n';
    const file = inspectCsvFile(write('out.csv', text));
    let out = '';
    await appendColumnContent(file, 'segment', (row) => String(row + 1))(async (chunk) => void (out += chunk));
    expect(out).toBe('\ufeff"sep=;"\r\nid;spend;segment\r\n1;2,5;1\r\n2;3;2\r\n');
  });
});
