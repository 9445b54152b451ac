// Streaming CSV files from disk (Node only); browsers use readCsvText.
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { Transform } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { CollectedTable } from '../data/collect.js';
import { ColumnCollector } from '../data/collect.js';
import { checkPreview, ColumnAppender, type CsvReadOptions, detectDelimiter, lineBreakOf, MAX_LINE_CHARS, RecordReader, type RecordSink } from '../data/csv.js';
import { SegmintError } from '../errors.js';
import { fileErrorReason } from './io.js';
import type { Progress } from './progress.js';

const CHUNK_BYTES = 1 << 20;

export interface CsvFile {
  path: string;
  bytes: number;
  delimiter: string;
  newline: '\r\n' | '\n';
}

function fileError(path: string, error: unknown): SegmintError {
  return new SegmintError('ERR_FILE', `cannot read "${path}": ${fileErrorReason(error, path)}`);
}

/** Opens a CSV file: checks it is a readable text file and detects its delimiter and line breaks. */
export function inspectCsvFile(path: string, delimiter?: string): CsvFile {
  let bytes: number;
  let preview: string;
  let complete: boolean;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    bytes = stat.size;
    const fd = openSync(path, 'r');
    try {
      const buffer = Buffer.alloc(Math.min(bytes, 65536));
      const read = readSync(fd, buffer, 0, buffer.length, 0);
      preview = new StringDecoder('utf8').write(buffer.subarray(0, read));
      complete = read === bytes;
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    throw fileError(path, error);
  }
  preview = checkPreview(preview, path);
  if (preview.trim() === '') throw new SegmintError('ERR_INVALID_DATA', `${path}: the file is empty; expected a header row and data rows`);
  return { path, bytes, delimiter: delimiter ?? detectDelimiter(preview, complete), newline: lineBreakOf(preview) };
}

/**
 * The file's text in chunks, checked on the way: no NUL bytes (binary data) and no line longer
 * than MAX_LINE_CHARS, with failures that name the file and line.
 */
function checkedText(file: CsvFile, progress?: (bytesRead: number) => void): { stream: Transform; source: ReturnType<typeof createReadStream> } {
  const source = createReadStream(file.path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  let sinceBreak = 0;
  let line = 1;
  let offset = 0;
  const stream = new Transform({
    decodeStrings: false,
    encoding: 'utf8',
    transform(chunk: string, _encoding, callback) {
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
    },
  });
  source.on('error', (error) => stream.destroy(fileError(file.path, error)));
  source.pipe(stream);
  return { stream, source };
}

/** Streams a CSV file into columns, keeping only what `options` asks for. */
export async function readCsvFile(file: CsvFile, options: CsvReadOptions, progress?: Progress): Promise<CollectedTable> {
  const collector = new ColumnCollector(file.path, file.delimiter, options);
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
 * Writes the file's records unchanged plus one column (see ColumnAppender), streaming the input
 * again rather than keeping its text in memory.
 */
export function appendColumnContent(file: CsvFile, name: string, values: (row: number) => string) {
  return async (write: (chunk: string) => Promise<void>): Promise<void> => {
    const appender = new ColumnAppender(name, values, file.delimiter, file.newline);
    const { stream } = checkedText(file);
    for await (const chunk of stream) {
      const out = appender.push(chunk as string);
      if (out !== '') await write(out);
    }
    await write(appender.end());
  };
}
