import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { ROOT } from './data.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output (argv without "node segmint"). */
export async function runCli(args: string[], stderrIsTTY = false): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(['node', 'segmint', ...args], {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stderrIsTTY,
  });
  return { code, stdout, stderr };
}

/** Runs the built executable (bin/segmint.js over dist/) as a user would. */
export function runBinary(args: string[], cwd = ROOT): CliRun {
  const result = spawnSync(process.execPath, [join(ROOT, 'bin/segmint.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'segmint-test-'));
}

/** A file of `text` named `name` in a fresh temporary directory. */
export function tempFile(name: string, text: string): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, name);
  writeFileSync(file, text);
  return { dir, file };
}

/** Every file under dir, relative, sorted (to prove nothing was written). */
export function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}
