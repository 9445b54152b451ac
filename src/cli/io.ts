// The CLI's file access (Node only): reading inputs and writing outputs all-or-nothing.
import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { SegmintError } from '../errors.js';

/** Where a command writes: stdout for data, stderr for everything else. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is drawn only then). */
  stderrIsTTY: boolean;
  /** The arguments the CLI was run with (after the program name), for reports that say how to reproduce a run. */
  invocation?: readonly string[];
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** A plain-language reason for a failed file operation. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOSPC':
      return 'no space left on the device';
    default:
      return (error as Error).message;
  }
}

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SegmintError('ERR_FILE', `cannot read "${path}": ${fileErrorReason(error)}`);
  }
}

/** Output content: text, bytes, or a function that writes chunks (for files of any size). */
export type Content = string | Uint8Array | ((write: (chunk: string) => Promise<void>) => Promise<void>);

export interface OutputFile {
  path: string;
  content: Content;
}

async function writeOne(path: string, content: Content): Promise<void> {
  const stream = createWriteStream(path);
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => {});
  const write = async (chunk: string | Uint8Array): Promise<void> => {
    if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
  };
  if (typeof content === 'function') await content(write);
  else await write(content);
  stream.end();
  await Promise.race([once(stream, 'finish'), failed]);
}

/**
 * Writes every file to a temporary name beside its target, then renames them all into place,
 * so a failure (bad input found while writing, a full disk) leaves no half-written output.
 */
export async function writeFilesAtomically(files: OutputFile[]): Promise<void> {
  const temporaries = files.map((file) => `${file.path}.${process.pid}.tmp`);
  let current = 0;
  try {
    for (; current < files.length; current++) {
      mkdirSync(dirname(files[current]!.path), { recursive: true });
      await writeOne(temporaries[current]!, files[current]!.content);
    }
  } catch (error) {
    for (const temporary of temporaries) rmSync(temporary, { force: true });
    if (error instanceof SegmintError) throw error;
    throw new SegmintError('ERR_FILE', `cannot write "${files[current]?.path}": ${fileErrorReason(error)}`);
  }
  files.forEach((file, index) => renameSync(temporaries[index]!, file.path));
}
