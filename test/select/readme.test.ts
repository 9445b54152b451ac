import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data.js';

describe('README, Choosing k', () => {
  it('the example prints what the README says (run against the built package)', () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8');
    const fenced = (marker: string): string => {
      const at = readme.indexOf(`<!-- ${marker} -->`);
      expect(at, `README marker ${marker}`).toBeGreaterThan(-1);
      return /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at))![1]!;
    };
    mkdirSync(`${ROOT}build`, { recursive: true });
    const file = `${ROOT}build/readme-choosing-k.mjs`;
    writeFileSync(file, fenced('readme-example: choosing-k'));
    // Inside the package folder, `import 'segmint'` resolves to this package (self-reference).
    const output = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(output).toBe(fenced('readme-example-output: choosing-k'));
    expect(output.trim().split('\n').at(-1)).toMatch(/^5 /);
  });
});
