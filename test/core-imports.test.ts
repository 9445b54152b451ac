import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/data.js';

/** Every module the library's core (src/index.ts) reaches, with the specifiers each imports. */
function importGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (graph.has(file)) continue;
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => (m[1] ?? m[2])!);
    graph.set(file, specifiers);
    for (const specifier of specifiers) {
      if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  }
  return graph;
}

describe('the library core runs in browsers', () => {
  // A Node built-in would break browsers; any other package would need a bundler to resolve.
  it('imports no Node built-ins and no packages', () => {
    const graph = importGraph(`${ROOT}src/index.ts`);
    expect(graph.size).toBeGreaterThan(5);
    const offending = [...graph].flatMap(([file, specifiers]) =>
      specifiers
        .filter((s) => !s.startsWith('.'))
        .map((s) => `${file.slice(ROOT.length)} imports ${builtinModules.includes(s.replace(/^node:/, '')) ? 'the Node built-in' : 'the package'} ${s}`),
    );
    expect(offending).toEqual([]);
  });

  it('data preparation (src/data) imports no Node built-ins and no packages', () => {
    const graph = new Map<string, string[]>();
    for (const file of readdirSync(`${ROOT}src/data`)) for (const [f, s] of importGraph(`${ROOT}src/data/${file}`)) graph.set(f, s);
    const outside = [...graph].flatMap(([file, specifiers]) =>
      specifiers.filter((s) => !s.startsWith('.')).map((s) => `${file.slice(ROOT.length)} imports ${s}`),
    );
    expect(outside).toEqual([]);
  });
});
