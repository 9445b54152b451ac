// Streaming CSV files from disk (Node only); browsers use readCsvText.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { CollectedTable } from '../data/collect.js';
import { COLLECT_OPTIONS, ColumnCollector } from '../data/collect.js';
import { checkNotEmpty, checkPreview, chooseDelimiter, ColumnAppender, type CsvReadOptions, DETECTION_BYTES, lineBreakOf, MAX_LINE_CHARS, RecordReader, type RecordSink } from '../data/csv.js';
import type { DecimalMark } from '../data/values.js';
import { SegmintError } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { fileErrorReason } from './io.js';
import type { Progress } from './progress.js';

const CHUNK_BYTES = 1 << 20;

export interface CsvFile {
  path: string;
  bytes: number;
  delimiter: string;
  /** The decimal mark the user gave (--decimal), overriding the delimiter's (see readsDecimalComma). */
  decimal: DecimalMark | undefined;
  newline: '\r\n' | '\n';
}

function fileError(path: string, error: unknown): SegmintError {
  return new SegmintError('ERR_FILE', `cannot read "${path}": ${fileErrorReason(error, path)}`);
}

/**
 * Opens a CSV file: checks it is a readable text file and finds its delimiter (its sep= line's,
 * else `delimiter`, else `fallback`, else detected: see chooseDelimiter) and line breaks.
 */
export function inspectCsvFile(path: string, delimiter?: string, decimal?: DecimalMark, fallback?: string): CsvFile {
  let bytes: number;
  let preview: string;
  let complete: boolean;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    // A pipe (cat x | …, <(…)) can be read once, and reads as empty after its start was looked at.
    if (!stat.isFile()) {
      throw new SegmintError('ERR_FILE', `cannot read "${path}": it is a pipe or a device, not a file, and segmint reads its input more than once (its start first, to see how it is written); save it to a file and give that (e.g. … > in.csv)`);
    }
    bytes = stat.size;
    const fd = openSync(path, 'r');
    try {
      // Enough bytes for the characters detectDelimiter judges, so that it sees the start that
      // readCsvText's detection sees in the same text, whatever the characters' sizes.
      const buffer = Buffer.alloc(Math.min(bytes, DETECTION_BYTES));
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      preview = new StringDecoder('utf8').write(buffer.subarray(0, read));
      complete = read === bytes;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw error instanceof SegmintError ? error : fileError(path, error);
  }
  preview = checkPreview(preview, path);
  checkNotEmpty(preview, path, complete);
  return { path, bytes, delimiter: chooseDelimiter(preview, path, delimiter, complete, decimal === 'comma', fallback), decimal, newline: lineBreakOf(preview) };
}

/**
 * The file's text in chunks, checked on the way: UTF-8 (a file saved in another encoding would
 * be read with its accents replaced), no NUL bytes (binary data) and no line longer than
 * MAX_LINE_CHARS, with failures that name the file and line.
 */
function checkedText(file: CsvFile, progress?: (bytesRead: number) => void): { stream: Transform; source: ReturnType<typeof createReadStream> } {
  const source = createReadStream(file.path, { highWaterMark: CHUNK_BYTES });
  const decoder = new StringDecoder('utf8');
  let sinceBreak = 0;
  let line = 1;
  let offset = 0;
  let cut: Uint8Array = new Uint8Array(0); // the start of a character the previous chunk cut short
  const notUtf8 = (bytes: Uint8Array, at: number): SegmintError => {
    const before = new TextDecoder().decode(bytes.subarray(0, at));
    const lineBreak = before.lastIndexOf('\n');
    const character = (lineBreak === -1 ? sinceBreak + before.length : before.length - lineBreak - 1) + 1;
    const where = `line ${line + before.split('\n').length - 1}, character ${character}`;
    return new SegmintError(
      'ERR_INVALID_DATA',
      `${file.path}, ${where}: not UTF-8 text (the byte 0x${bytes[at]!.toString(16).toUpperCase()}); expected UTF-8: save the file as UTF-8 (in Excel, "CSV UTF-8")`,
    );
  };
  const check = (chunk: string, callback: (error?: Error | null, data?: string) => void): void => {
    const nul = chunk.indexOf('\0');
    if (nul !== -1) {
      callback(new SegmintError('ERR_INVALID_DATA', `${file.path}: not a text CSV file (a NUL byte at character ${offset + nul}); expected UTF-8 text`));
      return;
    }
    let previous = -1;
    for (let next = chunk.indexOf('\n'); next !== -1; next = chunk.indexOf('\n', next + 1)) {
      if (sinceBreak + (next - previous - 1) > MAX_LINE_CHARS) break;
      sinceBreak = 0;
      previous = next;
      line++;
    }
    sinceBreak += chunk.length - previous - 1; // too long if the loop stopped early
    if (sinceBreak > MAX_LINE_CHARS) {
      callback(new SegmintError('ERR_INVALID_DATA', `${file.path}, line ${line}: longer than ${MAX_LINE_CHARS / (1024 * 1024)} MiB without a line break; is this a CSV file?`));
      return;
    }
    offset += chunk.length;
    progress?.(source.bytesRead);
    callback(null, chunk);
  };
  const stream = new Transform({
    encoding: 'utf8',
    transform(bytes: Buffer, _encoding, callback) {
      const chunk = decoder.write(bytes);
      // The decoder replaces what is not UTF-8 with U+FFFD, which a UTF-8 file may also hold:
      // only then are the bytes checked, from the character the previous chunk cut short. A
      // binary file is said to be one (by its NUL bytes) first.
      if (chunk.includes('\ufffd') && !chunk.includes('\0')) {
        const whole = cut.length === 0 ? bytes : Buffer.concat([cut, bytes]);
        const bad = firstNonUtf8(whole);
        if (bad !== -1) {
          callback(notUtf8(whole, bad));
          return;
        }
      }
      cut = bytes.subarray(bytes.length - cutCharacter(bytes));
      check(chunk, callback);
    },
    flush(callback) {
      const rest = decoder.end();
      if (rest.includes('\ufffd') && firstNonUtf8(cut, true) !== -1) callback(notUtf8(cut, 0));
      else if (rest !== '') check(rest, callback);
      else callback();
    },
  });
  source.on('error', (error) => stream.destroy(fileError(file.path, error)));
  source.pipe(stream);
  return { stream, source };
}

/** How many bytes at the end of `bytes` begin a UTF-8 character that does not end in them. */
function cutCharacter(bytes: Uint8Array): number {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back]!;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: its lead byte is further back
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return length > back ? back : 0;
  }
  return 0;
}

/**
 * The offset of the first byte that is not part of UTF-8 text in `bytes`, or -1. Unless `ended`,
 * a character cut short at the end is not an error: the next chunk completes it.
 */
function firstNonUtf8(bytes: Uint8Array, ended = false): number {
  const valid = (end: number): boolean => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end), { stream: !ended || end < bytes.length });
      return true;
    } catch {
      return false;
    }
  };
  if (valid(bytes.length)) return -1;
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const middle = (good + bad) >> 1;
    if (valid(middle)) good = middle;
    else bad = middle;
  }
  // Byte `good` broke the text: either it cannot start a character, or it does not continue the
  // one begun before it, whose first byte is then the one to name.
  return good - cutCharacter(bytes.subarray(0, good));
}

/** Streams a CSV file into columns, keeping only what `options` asks for. */
export async function readCsvFile(file: CsvFile, options: CsvReadOptions, progress?: Progress): Promise<CollectedTable> {
  // Not 'delimiter' or 'decimal': the file's are inspectCsvFile's.
  checkKnownOptions(options, COLLECT_OPTIONS, 'readCsvFile');
  const collector = new ColumnCollector(file.path, file.delimiter, { ...options, decimal: file.decimal });
  await streamCsvFile(file, collector, progress);
  return collector.finish();
}

/** Streams a CSV file's records to a sink, in bounded memory whatever the file's size. */
export async function streamCsvFile(file: CsvFile, sink: RecordSink, progress?: Progress): Promise<void> {
  const reader = new RecordReader(sink, file.path, file.delimiter);
  const { stream, source } = checkedText(file, (bytesRead) => progress?.update(`reading ${file.path}`, bytesRead / Math.max(1, file.bytes)));
  try {
    for await (const chunk of stream) reader.push(chunk as string);
    reader.end();
  } finally {
    source.destroy();
    progress?.done();
  }
}

/**
 * Writes the file's records unchanged plus one column (see ColumnAppender, and its
 * intoEmptyLastColumn: the table's emptyLastColumn), streaming the input again rather than
 * keeping its text in memory.
 */
export function appendColumnContent(file: CsvFile, name: string, values: (row: number) => string, intoEmptyLastColumn = false) {
  return async (write: (chunk: string) => Promise<void>): Promise<void> => {
    const appender = new ColumnAppender(name, values, file.delimiter, file.newline, intoEmptyLastColumn, file.path);
    const { stream } = checkedText(file);
    for await (const chunk of stream) {
      const out = appender.push(chunk as string);
      if (out !== '') await write(out);
    }
    await write(appender.end());
  };
}
