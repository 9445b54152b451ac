import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ColumnReport, Preparation } from '../../src/data/prepare.js';
import { base64, escapeHtml, type ReportChart, type ReportInput, reportHtml } from '../../src/report/html.js';
import { profileSegments } from '../../src/report/profile.js';
import { mallSegmentation } from './mall-segmentation.js';

// A 1×1 PNG: the report embeds whatever bytes it is given.
const PIXEL = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'));

function chart(id: 'sizes' | 'elbow', description: string): ReportChart {
  return { spec: { id, title: `The ${id} chart`, description, width: 960, height: 600 }, png: PIXEL };
}

async function reportInput(overrides: Partial<ReportInput> = {}): Promise<ReportInput> {
  const { profiles, names, data } = await mallSegmentation();
  const columns: ColumnReport[] = data.report.columns;
  return {
    data: { source: 'mall_customers.csv', rows: 200, usedRows: data.nSamples, columns, scaling: 'standard' },
    profiles,
    names,
    charts: [chart('sizes', 'Segment sizes')],
    reproduce: { command: 'segmint demo -o segmint-demo', seed: 0, version: '0.1.0' },
    ...overrides,
  };
}

describe('reportHtml', () => {
  it('is one page that fetches nothing: no scripts, no external references, a CSP that forbids them', async () => {
    const html = reportHtml(await reportInput());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|@import|url\(/i);
    // Every src and href is a data: URI or a link within the page.
    for (const [, , value] of html.matchAll(/\b(src|href)="([^"]*)"/g)) expect(value).toMatch(/^(data:|#)/);
  });

  it('embeds each chart as a PNG data URI, with its title as alt text and its description as caption (read once)', async () => {
    const html = reportHtml(await reportInput({ charts: [chart('sizes', 'Segment sizes: 81, 39'), chart('elbow', 'The elbow')] }));
    const images = [...html.matchAll(/<img src="data:image\/png;base64,([^"]+)" width="960" height="600" alt="([^"]*)">/g)];
    expect(images.map((m) => m[2])).toEqual(['The sizes chart (chart, described below)', 'The elbow chart (chart, described below)']);
    expect(Uint8Array.from(Buffer.from(images[0]![1]!, 'base64'))).toEqual(PIXEL);
    expect(html).toContain('<figcaption>Segment sizes: 81, 39</figcaption>');
  });

  it('says under the title how well apart the segments are, by the mean silhouette, then the fit\'s figures', async () => {
    const input = await reportInput();
    const quality = (silhouette: number) => reportHtml({ ...input, quality: { inertia: 65.57, silhouette, iterations: 5, converged: true } });
    expect(quality(0.555)).toContain('<p class="muted small">The segments are reasonably apart. Inertia 65.57 (in scaled units), mean silhouette 0.555 after 5 iterations.</p>');
    expect(quality(0.74)).toContain('The segments are clearly apart.');
    expect(reportHtml({ ...input, quality: { inertia: 65.57, epochs: 2, converged: true } })).toContain('Inertia 65.57 (in scaled units) after 2 epochs of mini-batches.');
    expect(quality(0.3)).toContain('The segments are weakly apart: they overlap');
    expect(quality(0.17)).toContain('The segments are hardly apart');
    // A segment of a few outliers makes a high silhouette say nothing of groups.
    const profiles = { ...input.profiles, segments: input.profiles.segments.map((segment, i) => (i === 4 ? { ...segment, size: 1, share: 1 / 200 } : segment)) };
    const outliers = reportHtml({ ...input, profiles, quality: { inertia: 65.57, silhouette: 0.9, iterations: 5, converged: true } });
    expect(outliers).toContain('The mean silhouette says little of these segments: one holds under 1% of the customers');
    expect(outliers).not.toContain('clearly apart');
  });

  it('says under the profiles how filled and clipped values count, when there are any', async () => {
    const input = await reportInput();
    expect(reportHtml(input)).not.toContain('A missing value counts');
    const columns = input.data.columns.map((column, i) => (i === 0 ? { ...column, filled: 3, clipped: 2 } : column));
    const html = reportHtml({ ...input, data: { ...input.data, columns } });
    expect(html).toContain('A missing value counts as the value it was filled with (see Data). Clipped values count as they are in the file: the clip was for the fit.</p>');
  });

  it('says in the segments table what sets each segment apart, in the features\' units against all customers', async () => {
    const html = reportHtml(await reportInput());
    expect(html).toContain("<th scope=\"col\" class=\"text\">what sets it apart (the segment's mean or share; all customers')</th>");
    expect(html).toContain('<td class="text">Spending Score (1-100) 82.13 (all 50.20)<br>Annual Income (k$) 86.54 (all 60.56)</td>');
    expect(html).toContain('<span class="muted">close to the average on every feature</span>');
  });

  it('warns under the segments table of a segment too small to act on, and only then', async () => {
    const input = await reportInput();
    expect(reportHtml(input)).not.toContain('class="warning"');
    const profiles = { ...input.profiles, segments: input.profiles.segments.map((segment, i) => (i === 4 ? { ...segment, size: 1, share: 1 / 200 } : segment)) };
    expect(reportHtml({ ...input, profiles })).toContain('<p class="warning">Segment 5 (1 row, 0.5%) is under 1% of the rows: too few to act on as a group');
  });

  it('lists the segments with names, sizes and shares, and profiles every feature', async () => {
    const html = reportHtml(await reportInput());
    expect(html).toMatch(/<th scope="row" class="text">[^<]*<span class="swatch" style="background:#E69F00"><\/span>2<\/th><td class="text">High income, high spending<\/td><td>39<\/td><td>19\.5%<\/td>/);
    expect(html).toContain('<th scope="row" class="text">Annual Income (k$)</th>');
    // Segment 2's income: mean 86.54, median 79, +0.99 sd (emphasised: at least 0.5 sd).
    expect(html).toMatch(/<td>86\.54<br><span class="muted small">median 79\.00<\/span><br><strong class="small distinct">\+0\.99 sd<\/strong><\/td>/);
    // Every table is named, its header cells are column headers, and its box scrolls by keyboard too.
    expect(html.match(/<div class="scroll" tabindex="0" role="region" aria-label="[^"]+"><table><caption class="visually-hidden">/g)).toHaveLength(3);
    expect(html).not.toMatch(/<th>|<th class/);
  });

  it('shows a share below 0.05% as "<0.1%", not "0.0%"', async () => {
    const input = await reportInput();
    const segments = input.profiles.segments.map((segment, s) => (s === 4 ? { ...segment, share: 1 / 3017 } : segment));
    const html = reportHtml({ ...input, profiles: { ...input.profiles, segments } });
    expect(html).toMatch(/<\/span>5<\/th><td class="text">[^<]*<\/td><td>22<\/td><td>&lt;0\.1%<\/td><td class="text">/);
  });

  it('profiles an ordinal column by its most common category and its share, not a mean code', async () => {
    // Size codes: L 0, M 1, S 2, unscaled.
    const preparation: Preparation = {
      inputs: [{ name: 'Size', kind: 'categorical', encoding: 'ordinal', categories: ['L', 'M', 'S'], fill: null }],
      outputs: ['Size'],
      scale: 'none',
      center: [0],
      scaleBy: [1],
    };
    const profiles = profileSegments({ matrix: [[0], [0], [2], [1], [2], [2]], labels: [0, 0, 0, 1, 1, 1], k: 2, preparation });
    const html = reportHtml({ ...(await reportInput()), profiles, names: ['Mostly L', 'Mostly S'] });
    // All: S 50%; segment 1: L 66.7%, (2/3 - 1/3) / √(2/9) = +0.71 sd; segment 2: S 66.7%, (2/3 - 1/2) / √(1/4) = +0.33 sd.
    expect(html).toContain(
      '<tr><th scope="row" class="text">Size: most common (share)</th><td>S 50.0%</td>' +
        '<td>L 66.7%<br><strong class="small distinct">+0.71 sd</strong></td><td>S 66.7%<br><span class="small muted">+0.33 sd</span></td></tr>',
    );
  });

  it('summarises the data and says how to reproduce the run', async () => {
    const html = reportHtml(await reportInput({ reproduce: { command: 'segmint fit mall.csv -k 5 --seed 7', seed: 7, version: '9.9.9', createdAt: '2026-11-26T15:00:00Z' } }));
    expect(html).toContain('mall_customers.csv: 200 rows, 200 clustered; 2 input columns. Scaling: standardised');
    expect(html).toContain('<pre tabindex="0" aria-label="The command"><code>segmint fit mall.csv -k 5 --seed 7</code></pre>');
    expect(html).toContain('Seed 7, segmint 9.9.9, run 2026-11-26T15:00:00Z.');
  });

  it('shows the k-selection table only when a scan is given, highlighting the k used', async () => {
    expect(reportHtml(await reportInput())).not.toContain('id="k"');
    const html = reportHtml(
      await reportInput({
        kSelection: {
          metrics: [
            { k: 2, inertia: 269, silhouette: 0.295, daviesBouldin: 1.29 },
            { k: 3, inertia: 157.7, silhouette: 0.467, daviesBouldin: 0.716 },
          ],
          knee: 3,
          recommended: 3,
          votes: { knee: 3, silhouette: 3, daviesBouldin: 3 },
          reasons: ['k = 3: 3 of 3 criteria chose it'],
        },
      }),
    );
    expect(html).toContain('<section id="k"><h2>Choosing k</h2>');
    expect(html).toMatch(/<tr class="highlight"><th scope="row">3<\/th><td>157\.70<\/td><td><strong>0\.467<\/strong><\/td><td><strong>0\.716<\/strong><\/td><td class="text small">knee, silhouette, Davies–Bouldin<\/td><td class="text small">recommended<\/td><\/tr>/);
    expect(html).toContain('<th scope="col" class="text">note</th></tr>');
    expect(html).toContain('<li>k = 3: 3 of 3 criteria chose it</li>');
    // No Calinski-Harabasz given: no column for it.
    expect(html).not.toContain('Calinski');
  });

  it('escapes every text that comes from the user', async () => {
    const input = await reportInput();
    const evil = '<img src=x onerror="alert(1)">';
    const html = reportHtml({
      ...input,
      title: `Q3 <b>report</b>`,
      names: ['Tom & "Jerry"', evil, ...input.names.slice(2)],
      data: { ...input.data, source: `</title><script>alert('x')</script>.csv`, columns: input.data.columns.map((c) => ({ ...c, name: `${c.name}<br>` })) },
      reproduce: { ...input.reproduce, command: `segmint fit "a&b.csv" --names '<x>'` },
      charts: [{ ...chart('sizes', `"quoted" <caption>`), spec: { ...chart('sizes', '').spec, title: `"quoted" <alt>`, description: `"quoted" <caption>` } }],
    });
    expect(html).not.toContain('<script');
    expect(html).not.toContain(evil);
    expect(html).not.toContain('<b>report</b>');
    expect(html).toContain('Tom &amp; &quot;Jerry&quot;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;.csv');
    expect(html).toContain('alt="&quot;quoted&quot; &lt;alt&gt; (chart, described below)"');
    expect(html).toContain('<figcaption>&quot;quoted&quot; &lt;caption&gt;</figcaption>');
    expect(html).toContain('segmint fit &quot;a&amp;b.csv&quot; --names &#39;&lt;x&gt;&#39;');
    expect(html).toContain('Annual Income (k$)&lt;br&gt;');
  });

  it('needs one name per segment', async () => {
    const input = await reportInput();
    expect(() => reportHtml({ ...input, names: input.names.slice(1) })).toThrow('expected 5 segment names (one per profile); got 4');
  });
});

describe('escapeHtml and base64', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;');
  });

  it('encodes bytes as Node does, across chunk boundaries', () => {
    for (const length of [0, 1, 2, 3, 0x8000, 0x8000 + 1, 100_003]) {
      const bytes = Uint8Array.from(randomBytes(length));
      expect(base64(bytes), `length ${length}`).toBe(Buffer.from(bytes).toString('base64'));
    }
  });
});
