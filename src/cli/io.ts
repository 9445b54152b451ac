// The CLI's file access (Node only): reading inputs and writing outputs all-or-nothing.
import { createWriteStream, lstatSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

/** The first existing non-directory on the way to path (path itself or a folder above it): why ENOTDIR. */
function fileInTheWay(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    try {
      return statSync(at).isDirectory() ? undefined : at;
    } catch {
      if (dirname(at) === at) return undefined;
    }
  }
}

/** A plain-language reason for a failed file operation on path. */
export function fileErrorReason(error: unknown, path?: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'ENOTDIR': {
      const file = path === undefined ? undefined : fileInTheWay(dirname(path));
      return file === undefined ? 'a folder on its path is a file' : `"${file}" is a file, not a directory`;
    }
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
    throw new SegmintError('ERR_FILE', `cannot read "${path}": ${fileErrorReason(error, path)}`);
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

/** What a write must respect: the run's inputs, and the outputs of an earlier run it supersedes. */
export interface WritePlan {
  /** The files the run reads: none may be written over or removed, by any spelling of its path. */
  inputs: readonly string[];
  /** Files an earlier run may have written that this run's files replace: those not written now are removed. */
  replaces?: readonly string[];
}

interface FileIdentity {
  path: string;
  real: string;
  dev: bigint;
  ino: bigint;
  directory: boolean;
}

/**
 * Where a write to path lands: the deepest part that exists resolved as the system resolves it,
 * then the rest as mkdir will create it; "new/../in.csv" is "in.csv" once "new" exists, though it
 * names nothing before. (realpathSync.native: the JavaScript realpathSync drops "x/.." before
 * looking, but when x is a symlink the system goes to the parent of its target.)
 */
function landingPath(path: string): string {
  const rest: string[] = [];
  for (let at = path; ; at = dirname(at)) {
    try {
      return join(realpathSync.native(at), ...rest);
    } catch {
      if (dirname(at) === at) return path;
      rest.unshift(basename(at));
    }
  }
}

/** The file path names (or, for an output, will name), if it exists. */
function identity(path: string): FileIdentity | undefined {
  try {
    const real = landingPath(path);
    // bigint: inode numbers can exceed 2^53 on some file systems.
    const stat = statSync(real, { bigint: true });
    return { path, real, dev: stat.dev, ino: stat.ino, directory: stat.isDirectory() };
  } catch {
    return undefined; // not there (or unreadable): it cannot be written over
  }
}

/** Same file: the same real path (symlinks, "a/../a.csv"), or the same inode (hard links). */
function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.real === b.real || (a.ino !== 0n && a.dev === b.dev && a.ino === b.ino);
}

/**
 * Refuses, before anything is written, a target that is an input, a directory, or under a file:
 * these would lose the user's data or fail halfway through the renames.
 */
function checkTargets(targets: readonly string[], inputs: readonly string[]): void {
  const read = inputs.map(identity).filter((input) => input !== undefined);
  for (const target of targets) {
    const existing = identity(target);
    if (existing === undefined) {
      const file = fileInTheWay(dirname(target));
      if (file !== undefined) throw new SegmintError('ERR_FILE', `cannot write "${target}": "${file}" is a file, not a directory`);
      continue;
    }
    const input = read.find((candidate) => sameFile(candidate, existing));
    if (input !== undefined) {
      const spelling = input.path === target ? '' : ` "${input.path}"`;
      throw new SegmintError('ERR_INVALID_ARGUMENT', `output "${target}" is the input file${spelling}; choose another output path`);
    }
    if (existing.directory) throw new SegmintError('ERR_FILE', `cannot write "${target}": it is a directory, not a file`);
  }
}

/** Whether path is there and not a directory (a symlink counts as a file: removing it removes only the link). */
function isFileOrLink(path: string): boolean {
  try {
    return !lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Clean-up must not hide the error that made it necessary.
  }
}

/**
 * Writes every file to a temporary name beside its target, then renames them all into place,
 * so a failure (bad input found while writing, a full disk) leaves no half-written output.
 * Only then removes the plan's replaced files that this run did not write; returns their paths.
 */
export async function writeFilesAtomically(files: OutputFile[], plan: WritePlan): Promise<string[]> {
  const written = new Set(files.map((file) => file.path));
  const stale = (plan.replaces ?? []).filter((path) => !written.has(path) && isFileOrLink(path));
  checkTargets([...written, ...stale], plan.inputs);
  const temporaries = files.map((file) => `${file.path}.${process.pid}.tmp`);
  let current = 0; // the file being written, then the one being renamed
  try {
    for (current = 0; current < files.length; current++) {
      mkdirSync(dirname(files[current]!.path), { recursive: true });
      await writeOne(temporaries[current]!, files[current]!.content);
    }
    for (current = 0; current < files.length; current++) renameSync(temporaries[current]!, files[current]!.path);
  } catch (error) {
    temporaries.forEach(removeQuietly);
    if (error instanceof SegmintError) throw error;
    const path = files[current]!.path;
    throw new SegmintError('ERR_FILE', `cannot write "${path}": ${fileErrorReason(error, path)}`);
  }
  const failures: string[] = [];
  for (const path of stale) {
    try {
      unlinkSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue; // gone already
      failures.push(`"${path}" (${fileErrorReason(error, path)})`);
    }
  }
  if (failures.length > 0) throw new SegmintError('ERR_FILE', `wrote the new files but cannot remove what an earlier run left: ${failures.join(', ')}`);
  return stale;
}
