// The CLI's file access (Node only): reading inputs and writing outputs all-or-nothing.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SegmintError } from '../errors.js';

/** Where a command writes: stdout for data, stderr for everything else. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is drawn only then). */
  stderrIsTTY: boolean;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (error as Error).message;
  }
}

export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new SegmintError('ERR_FILE', `cannot read "${path}": ${reason(error)}`);
  }
}

export interface OutputFile {
  path: string;
  content: string;
}

/**
 * Writes every file to a temporary name beside its target, then renames them all into place,
 * so a failure leaves no half-written output.
 */
export function writeFilesAtomically(files: OutputFile[]): void {
  const written: string[] = [];
  try {
    for (const file of files) {
      mkdirSync(dirname(file.path), { recursive: true });
      const temporary = `${file.path}.${process.pid}.tmp`;
      written.push(temporary);
      writeFileSync(temporary, file.content);
    }
  } catch (error) {
    for (const temporary of written) rmSync(temporary, { force: true });
    const failed = files[written.length - 1]?.path ?? files[0]?.path;
    throw new SegmintError('ERR_FILE', `cannot write "${failed}": ${reason(error)}`);
  }
  files.forEach((file, index) => renameSync(written[index]!, file.path));
}
