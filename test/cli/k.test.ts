import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV, sklearnReference } from '../helpers/data.js';

describe('segmint k', () => {
  it('tabulates every metric for k = 2..10 on the Mall data and recommends k = 5', async () => {
    const run = await runCli(['k', MALL_CSV, '-f', 'Annual Income (k$),Spending Score (1-100)', '--scale', 'none']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^\s*k\s+inertia\s+silhouette\s+calinski-harabasz\s+davies-bouldin\s+gap\s+gap s\.e\.$/);
    expect(lines.slice(1, 10).map((line) => line.trim().split(/\s+/)[0])).toEqual(['2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(run.stdout).toMatch(/recommended k = 5\n {2}- k = 5: 3 of 5 criteria chose it/);
    expect(run.stdout).toMatch(/rule: the k chosen by the most criteria \(knee of the inertia curve, highest silhouette, highest Calinski-Harabasz, lowest Davies-Bouldin, gap statistic 1-SE rule\);/);
  });

  it('--no-gap: the rule names only the criteria computed', async () => {
    const run = await runCli(['k', MALL_CSV, '-f', '4,5', '--no-gap', '-q']);
    expect(run.stdout).toMatch(/^ {2}- rule: the k chosen by the most criteria \(knee of the inertia curve, highest silhouette, highest Calinski-Harabasz, lowest Davies-Bouldin\); a tie goes to the higher mean silhouette, then to the smaller k$/m);
    expect(run.stdout).not.toMatch(/gap/);
  });

  it('--json gives the same scan, with the metrics scikit-learn reports', async () => {
    const run = await runCli(['elbow', MALL_CSV, '-f', '4,5', '--scale', 'none', '--json', '--no-gap', '-q']);
    expect(run.code).toBe(0);
    const scan = JSON.parse(run.stdout);
    expect(scan.recommendation.k).toBe(5);
    expect(scan.recommendation.votes.gap).toBeUndefined();
    const reference = sklearnReference().results.raw_income_spending!;
    for (const k of [3, 4, 5]) {
      const ours = scan.entries.find((e: { k: number }) => e.k === k);
      const theirs = reference.find((r) => r.k === k)!;
      for (const [mine, sk] of [[ours.inertia, theirs.inertia], [ours.silhouette.mean, theirs.silhouette], [ours.calinskiHarabasz, theirs.calinski_harabasz], [ours.daviesBouldin, theirs.davies_bouldin]]) {
        expect(Math.abs(mine - sk!) / Math.abs(sk!)).toBeLessThan(1e-9);
      }
    }
  });

  it('takes a k range, caps the default range below the number of rows, and adds stability on request', async () => {
    const ranged = await runCli(['k', MALL_CSV, '-f', '4,5', '--k-range', '3..6', '--no-gap', '--stability', '3', '-q']);
    expect(ranged.stdout.split('\n').slice(1, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(['3', '4', '5', '6']);
    expect(ranged.stdout.split('\n')[0]).toMatch(/stability \(ARI\)$/);
    const dir = tempDir();
    const small = join(dir, 'small.csv');
    writeFileSync(small, 'x,y\n0,0\n0,1\n10,10\n10,11\n20,0\n');
    const capped = await runCli(['k', small, '--no-gap', '-q']);
    expect(capped.code).toBe(0);
    expect(capped.stdout.split('\n').slice(1, 4).map((l) => l.trim().split(/\s+/)[0])).toEqual(['2', '3', '4']);
  });

  it('suggests a wider range when it recommends the largest k tried, unless the data allow no larger k', async () => {
    const edge = await runCli(['k', MALL_CSV, '-f', '4,5', '--k-range', '2..4', '--no-gap']);
    expect(edge.code).toBe(0);
    expect(edge.stdout).toMatch(/recommended k = 4\n/);
    expect(edge.stdout).toContain('  - k = 4 is the largest k scanned: larger ks were not tried and may score better\n');
    expect(edge.stderr).toContain('note: k = 4 is the largest k tried; more segments may score better: try --k-range 2..8\n');
    // The Mall data's own range: k = 5 is inside it.
    const inside = await runCli(['k', MALL_CSV, '-f', '4,5', '--no-gap']);
    expect(inside.stdout).toMatch(/recommended k = 5\n/);
    expect(inside.stdout + inside.stderr).not.toMatch(/largest k/);
    // Four distinct rows: k = 4 is as many segments as the data allow.
    const dir = tempDir();
    const four = join(dir, 'four.csv');
    writeFileSync(four, 'x,y\n0,0\n0,0\n10,10\n10,10\n20,0\n20,0\n30,30\n30,30\n');
    const capped = await runCli(['k', four, '--no-gap']);
    expect(capped.stdout).toMatch(/recommended k = 4\n/);
    expect(capped.stdout + capped.stderr).not.toMatch(/largest k/);
    // The suggestion stops below the distinct rows (a segment each would score perfectly), and
    // with five distinct rows and k = 4 scanned there is nothing to suggest.
    const six = join(dir, 'six.csv');
    const doubled = (points: number[][]) => 'x,y\n' + points.flatMap(([x, y]) => [`${x},${y}`, `${x},${y}`]).join('\n') + '\n';
    writeFileSync(six, doubled([[0, 0], [9, 9], [20, 0], [30, 30], [40, 0], [50, 50]]));
    const short = await runCli(['k', six, '--no-gap', '--k-range', '2..4']);
    expect(short.stdout).toMatch(/recommended k = 4\n/);
    expect(short.stderr).toContain('try --k-range 2..5\n');
    const five = join(dir, 'five.csv');
    writeFileSync(five, doubled([[0, 0], [9, 9], [20, 0], [30, 30], [40, 0]]));
    const none = await runCli(['k', five, '--no-gap', '--k-range', '2..4']);
    expect(none.stdout).toMatch(/recommended k = 4\n/);
    expect(none.stdout + none.stderr).not.toMatch(/largest k/);
  });

  it('warns about an identifier given as a feature, and uses it', async () => {
    const run = await runCli(['k', MALL_CSV, '-f', 'customerid,Age', '--no-gap', '--k-range', '2..3', '-q']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('warning: "CustomerID" looks like an identifier (by its name); segments by it mean little\n');
  });

  it('refuses a bad range with exit code 2', async () => {
    const bad = await runCli(['k', MALL_CSV, '--k-range', 'two..five']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/expected a range like 2\.\.10, got "two\.\.five"/);
    const tooBig = await runCli(['k', MALL_CSV, '-f', '4,5', '--k-range', '2..200']);
    expect(tooBig.code).toBe(2);
    expect(tooBig.stderr).toMatch(/mall_customers\.csv: the k range 2\.\.200 goes past its 200 rows; k can be at most 199/);
    const genre = await runCli(['k', MALL_CSV, '-f', 'Genre', '--k-range', '2..4']);
    expect(genre.code).toBe(2);
    expect(genre.stderr).toMatch(/mall_customers\.csv: the k range 2\.\.4 goes past its 2 distinct combinations of feature values; k can be at most 2/);
    // The default range stops at the distinct rows.
    const capped = await runCli(['k', MALL_CSV, '-f', 'Genre', '--json', '--no-gap']);
    expect(capped.code).toBe(0);
    expect(JSON.parse(capped.stdout).entries.map((entry: { k: number }) => entry.k)).toEqual([2]);
  });
});

describe('segmint fit -k auto', () => {
  it('is the default: chooses k by the same rule and records why in model.json', async () => {
    const out = tempDir();
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-o', out]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/k = 5: 3 of 5 criteria chose it/);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm');
    expect(model.k).toBe(5);
    expect(model.kSelection).toMatchObject({ recommended: 5, votes: { knee: 5, silhouette: 5, daviesBouldin: 5 } });
    // The same segments as an explicit -k 5 with the same seed.
    const explicit = tempDir();
    await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', explicit, '-q']);
    expect(readFileSync(join(out, 'segments.csv'), 'utf8')).toBe(readFileSync(join(explicit, 'segments.csv'), 'utf8'));
  });
});
