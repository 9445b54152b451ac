// Node's threads start from source evaluated in each worker, which inherits the process's
// execArgv: the source must run whether Node takes it as CommonJS or, under
// `--input-type=module`, as an ES module.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { MIN_THREADED_WORK } from '../../src/wasm/workspace.js';
import { ROOT } from '../helpers/data.js';

describe('Node threads', () => {
  it('run under node --input-type=module', () => {
    // n × k × d = 5.1M point·centroid·feature terms a pass: enough for the passes to go to the threads.
    const [n, k, d] = [20_000, 32, 8];
    expect(n * k * d).toBeGreaterThanOrEqual(MIN_THREADED_WORK);
    const script = `
      import { kmeans } from 'segmint/node';
      const rows = Array.from({ length: ${n} }, (_, i) => Array.from({ length: ${d} }, (_, j) => ((i * 31 + j * 17) % 101) + (i % 7) * 50));
      const two = await kmeans(rows, ${k}, { seed: 1, nInit: 1, threads: 2 });
      const one = await kmeans(rows, ${k}, { seed: 1, nInit: 1, threads: 1 });
      console.log(JSON.stringify({ threads: two.options.threads, warnings: two.warnings, same: two.inertia === one.inertia && two.labels.join() === one.labels.join() }));`;
    // Inside the package folder, 'segmint' resolves to this package (self-reference), as in an app that installed it.
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ threads: 2, warnings: [], same: true });
  });

  it('stay in place when segmint/browser is imported after segmint/node (isomorphic code)', () => {
    const [n, k, d] = [20_000, 32, 8];
    const script = `
      await import('segmint/node');
      await import('segmint/browser');
      const { kmeans } = await import('segmint/node');
      const rows = Array.from({ length: ${n} }, (_, i) => Array.from({ length: ${d} }, (_, j) => ((i * 31 + j * 17) % 101) + (i % 7) * 50));
      const two = await kmeans(rows, ${k}, { seed: 1, nInit: 1, threads: 2 });
      console.log(JSON.stringify({ threads: two.options.threads, warnings: two.warnings }));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({ threads: 2, warnings: [] });
  });
});
