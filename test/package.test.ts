// What `npm pack` puts in the tarball an app installs: every file package.json points to, the
// built web app (`segmint serve`), the fonts and the demo data. Reads the file list of
// `npm pack --dry-run` (no network), so it needs the build `npm test` makes first.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/data.js';

interface PackedFile {
  path: string;
  size: number;
}

const packageJson = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { main: string; types: string; bin: Record<string, string>; exports: unknown };

const packed: PackedFile[] = (
  JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' })) as { files: PackedFile[] }[]
)[0]!.files;
const paths = packed.map((file) => file.path);

/** Every path in package.json "exports", through its conditions, without the leading "./". */
function exportTargets(entry: unknown): string[] {
  if (typeof entry === 'string') return [entry.replace(/^\.\//, '')];
  return Object.values(entry as Record<string, unknown>).flatMap(exportTargets);
}

describe('npm pack', () => {
  it('packs every file package.json points to', () => {
    const targets = [packageJson.main, packageJson.types, ...Object.values(packageJson.bin), ...exportTargets(packageJson.exports)].map((target) =>
      target.replace(/^\.\//, ''),
    );
    for (const target of targets) {
      if (target.endsWith('*')) expect(paths.filter((path) => path.startsWith(target.slice(0, -1))), target).not.toEqual([]);
      else expect(paths, target).toContain(target);
    }
  });

  it('packs the web app `segmint serve` serves, with the files its page loads', () => {
    expect(paths).toContain('web/dist/index.html');
    const page = readFileSync(`${ROOT}web/dist/index.html`, 'utf8');
    const loads = [...page.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((match) => `web/dist/${match[1]!}`);
    expect(loads).not.toEqual([]);
    expect(paths).toEqual(expect.arrayContaining(loads));
    expect(paths.filter((path) => /^web\/dist\/assets\/.*\.woff2$/.test(path))).toHaveLength(2);
  });

  it('packs the fonts with their licence, the demo data and the CLI', () => {
    expect(paths).toEqual(
      expect.arrayContaining([
        'assets/fonts/inter-latin-400-normal.woff2',
        'assets/fonts/inter-latin-600-normal.woff2',
        'assets/fonts/LICENSE',
        'data/mall_customers.csv',
        'bin/segmint.js',
        'dist/index.js',
        'dist/cli/main.js',
      ]),
    );
  });

  it('packs source maps that carry their sources (src/ is not packed: bundlers would warn of missing files)', () => {
    const maps = paths.filter((path) => path.endsWith('.js.map'));
    expect(maps).toContain('dist/index.js.map');
    for (const path of maps) {
      const map = JSON.parse(readFileSync(`${ROOT}${path}`, 'utf8')) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(map.sourcesContent?.length, path).toBe(map.sources.length);
      expect(map.sourcesContent!.every((content) => typeof content === 'string' && content !== ''), path).toBe(true);
    }
  });

  it('packs declarations of a reasonable size (the inlined WebAssembly is typed string, not its text)', () => {
    const largest = packed.filter((file) => file.path.endsWith('.d.ts')).sort((a, b) => b.size - a.size)[0]!;
    expect(largest.size, largest.path).toBeLessThan(20_000);
  });
});
