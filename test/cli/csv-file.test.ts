import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectCsvFile, readCsvFile, streamCsvFile } from '../../src/cli/csv-file.js';
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
