import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model.js';
import { filesIn, runCli, tempDir } from '../helpers/cli.js';
import { MALL_CSV } from '../helpers/data.js';

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('fit and demo write charts and a report', () => {
  it('demo: names the five segments, writes report.html and every chart', async () => {
    const out = tempDir();
    const run = await runCli(['demo', '-o', out, '-q']);
    expect(run.code).toBe(0);
    expect(filesIn(out)).toEqual(['.segmint-files', 'charts', 'charts/elbow.png', 'charts/profiles.png', 'charts/scatter.png', 'charts/silhouette.png', 'charts/sizes.png', 'model.json', 'report.html', 'segments.csv']);
    for (const chart of ['elbow', 'profiles', 'scatter', 'silhouette', 'sizes']) {
      expect([...readFileSync(join(out, 'charts', `${chart}.png`)).subarray(0, 4)]).toEqual(PNG);
    }
    expect(run.stdout).toMatch(/^2\s+High income, high spending\s+39\s+19\.5%/m);
    const model = parseModel(readFileSync(join(out, 'model.json'), 'utf8'), 'm');
    expect(model.segments.map((s) => s.name)).toContain('High income, high spending');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<img [^>]*src="data:image\/png;base64,/g)).toHaveLength(5);
    expect(html).toContain('High income, high spending');
    expect(html).toContain(`segmint demo -o ${out} -q`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('--no-report and --no-charts leave them out', async () => {
    const out = tempDir();
    await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '3', '-o', out, '-q', '--no-report']);
    expect(filesIn(out)).toContain('charts/scatter.png');
    expect(filesIn(out)).not.toContain('report.html');
    const bare = tempDir();
    await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '3', '-o', bare, '-q', '--no-report', '--no-charts']);
    expect(filesIn(bare)).toEqual(['.segmint-files', 'model.json', 'segments.csv']);
  });

  it('--names renames segments in the table, the model and the report', async () => {
    const out = tempDir();
    const names = join(out, 'names.json');
    writeFileSync(names, JSON.stringify({ 2: 'Premium', 5: 'Young spenders' }));
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', join(out, 'run'), '-q', '--names', names]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^2\s+Premium\s+39/m);
    expect(run.stdout).toMatch(/^5\s+Young spenders\s+22/m);
    const model = parseModel(readFileSync(join(out, 'run', 'model.json'), 'utf8'), 'm');
    expect(model.segments[1]!.name).toBe('Premium');
    expect(readFileSync(join(out, 'run', 'report.html'), 'utf8')).toContain('Young spenders');
  });

  it('a bad names.json exits 2 and writes nothing', async () => {
    const dir = tempDir();
    const names = join(dir, 'names.json');
    writeFileSync(names, JSON.stringify({ segment2: 'Premium' }));
    const out = join(dir, 'out');
    const run = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '--names', names]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/names\.json.*segment2.*write the number alone: "2"/);
    expect(filesIn(dir)).toEqual(['names.json']);
    writeFileSync(names, '{"1": ');
    const broken = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '--names', names]);
    expect(broken.stderr).toMatch(/names\.json: not valid JSON/);
    expect(broken.code).toBe(2);
    // A segment named twice (JSON.parse would keep the second silently), even when written
    // with an escape; keys inside a value do not count.
    writeFileSync(names, '{\n  "1": "Premium",\n  "2": "Bargain {\\"1\\": x}",\n  "\\u0031": "Loyal"\n}\n');
    const twice = await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '--names', names]);
    expect(twice.stderr).toContain('names.json: segment "1" is named twice (lines 2 and 4); expected one name for each segment');
    expect(twice.code).toBe(2);
    expect(filesIn(dir)).toEqual(['names.json']);
    writeFileSync(names, '{"1": "Premium", "2": "Bargain {\\"1\\": x}", "3": ["not", "1"]}');
    expect((await runCli(['fit', MALL_CSV, '-f', '4,5', '-k', '5', '-o', out, '--names', names])).stderr).not.toContain('named twice');
  });
});
