// `npm run bench:browser` runs (a smoke run: tiny data, one repeat; the benchmark itself is
// never timed against a threshold): the same kernel benchmark in Node and in Chromium, with the
// same centroid bits in both runtimes.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/data.js';

interface BenchRow {
  n: number;
  d: number;
  k: number;
  implementation: string;
  msPerIter: number;
  iterations: number;
  centroidBits: string;
}

describe('bench:browser', () => {
  it('runs the kernel benchmark in Node and Chromium with the same results in both', () => {
    const output = execFileSync(process.execPath, [join(ROOT, 'bench/browser.mjs'), '--smoke', '--json'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const report = JSON.parse(output) as { node: BenchRow[]; chromium: BenchRow[]; mode: string; iterations: number };
    expect(report.mode).toBe('smoke');
    const key = (row: BenchRow) => `${row.n}/${row.d}/${row.k}/${row.implementation}`;
    expect(report.node.map(key)).toEqual(report.chromium.map(key));
    expect(report.node.map((row) => row.implementation)).toEqual(Array.from({ length: 3 }, () => ['segmint', 'segmint-kmeans', 'plain-js']).flat());
    report.node.forEach((row, i) => {
      const other = report.chromium[i]!;
      expect(row.msPerIter).toBeGreaterThan(0);
      expect(other.msPerIter).toBeGreaterThan(0);
      expect([other.centroidBits, other.iterations], key(row)).toEqual([row.centroidBits, row.iterations]);
      expect(row.iterations).toBeLessThanOrEqual(report.iterations);
    });
  });
});
