import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../src/version.js';
import { ROOT } from './helpers/data.js';

const readme = readFileSync(`${ROOT}README.md`, 'utf8');

/** The fenced block that follows an HTML comment marker in the README. */
function blockAfter(marker: string): string {
  const at = readme.indexOf(`<!-- ${marker} -->`);
  expect(at, `README marker ${marker}`).toBeGreaterThan(-1);
  const match = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
  return match![1]!;
}

describe('README', () => {
  // Every example marked in the README runs against the built package and prints what it shows.
  const examples = [...readme.matchAll(/<!-- readme-example: ([\w-]+) -->/g)].map((m) => m[1]!);
  it('has examples', () => expect(examples).toEqual(expect.arrayContaining(['library', 'choosing-k'])));
  for (const name of examples) {
    it(`example "${name}" prints what the README says`, () => {
      // Inside the package folder, `import 'segmint'` resolves to this package (self-reference).
      mkdirSync(`${ROOT}build`, { recursive: true });
      const file = `${ROOT}build/readme-${name}.mjs`;
      writeFileSync(file, blockAfter(`readme-example: ${name}`));
      const output = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
      expect(output).toBe(blockAfter(`readme-example-output: ${name}`));
    });
  }

  it('shows the demo table that `segmint demo` prints', async () => {
    const { runCli, tempDir } = await import('./helpers/cli.js');
    const run = await runCli(['demo', '-o', tempDir(), '-q']);
    expect(readme).toContain(run.stdout);
  });

  it('.ci/run ends with the README\'s test command', () => {
    expect(readme).toMatch(/^npm test\s+#/m);
    expect(readFileSync(`${ROOT}.ci/run`, 'utf8').trim().split('\n').at(-1)).toBe('npm test');
  });

  it('VERSION equals package.json', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')).version);
  });
});
