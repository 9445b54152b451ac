// The chart builders: pure functions from plain data to Chart.js configurations.
import { describe, expect, it } from 'vitest';
import { elbowChart } from '../../src/charts/elbow.js';
import { segmentColour, SEGMENT_COLOURS, segmentEdge, segmentMarker } from '../../src/charts/palette.js';
import { profileChart } from '../../src/charts/profiles.js';
import { scatterChart } from '../../src/charts/scatter.js';
import { allocate, evenlySpaced } from '../../src/charts/segmented.js';
import { silhouetteChart } from '../../src/charts/silhouette.js';
import { sizesChart } from '../../src/charts/sizes.js';
import { formatShare, niceStep } from '../../src/charts/theme.js';
import type { ChartPoint, ChartSpec, LineDataset, ScatterDataset } from '../../src/charts/types.js';
import { blobs } from '../helpers/data.js';
import { mallCharts } from '../report/mall-segmentation.js';

const names = ['Alpha', 'Beta', 'Gamma'];

function subtitle(chart: ChartSpec): string {
  const text = chart.config.options.plugins.subtitle.text;
  return Array.isArray(text) ? text.join(' ') : text;
}

describe('every chart of a segmentation', () => {
  it('is plain data: JSON round-trips it unchanged (no functions, no typed arrays)', async () => {
    const { charts } = await mallCharts();
    for (const chart of charts) expect(JSON.parse(JSON.stringify(chart)), chart.id).toEqual(chart);
  });

  it('gives segment i the colour segmentColour(i) in every chart, and labels it the same way', async () => {
    const { charts, mall } = await mallCharts();
    const label = (s: number): string => `${s + 1} · ${mall.names[s]}`;
    const byId = Object.fromEntries(charts.map((c) => [c.id, c]));
    const datasetsOf = (id: string) => byId[id]!.config.data.datasets;
    for (let s = 0; s < 5; s++) {
      expect(datasetsOf('sizes')[0]!.backgroundColor).toContain(segmentColour(s));
      expect(byId.sizes!.config.data.labels![s]).toBe(label(s));
      for (const id of ['profiles', 'silhouette']) {
        expect(datasetsOf(id)[s]).toMatchObject({ label: label(s), backgroundColor: segmentColour(s) });
      }
      // The scatter lists the centres first (drawn on top), then the segments.
      expect(datasetsOf('scatter')[s + 1]).toMatchObject({ label: label(s), backgroundColor: segmentColour(s), borderColor: segmentEdge(s), ...segmentMarker(s) });
    }
  });

  it('titles every chart and names the unit on every axis', async () => {
    const { charts } = await mallCharts();
    for (const chart of charts) {
      expect(chart.config.options.plugins.title.text, chart.id).toBe(chart.title);
      for (const [id, axis] of Object.entries(chart.config.options.scales)) {
        if (axis.type === 'category') continue; // its labels are the categories
        expect(axis.title.text, `${chart.id} ${id}`).not.toBe('');
      }
    }
  });
});

describe('palette', () => {
  it('has distinct colours, the Okabe-Ito set first', () => {
    expect(new Set(SEGMENT_COLOURS).size).toBe(SEGMENT_COLOURS.length);
    expect(SEGMENT_COLOURS.slice(0, 8).sort()).toEqual(['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'].sort());
    expect(segmentColour(SEGMENT_COLOURS.length)).toBe(SEGMENT_COLOURS[0]);
  });

  it('edges every colour at 3:1 or more against white, and gives each of 68 segments its own colour and filled marker', () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    for (let s = 0; s < SEGMENT_COLOURS.length; s++) expect(1.05 / (luminance(segmentEdge(s)) + 0.05), segmentColour(s)).toBeGreaterThanOrEqual(3);
    // Dark colours keep their own edge; yellow gets a darker one.
    expect(segmentEdge(0)).toBe('#0072B2');
    expect(segmentEdge(6)).not.toBe('#F0E442');
    const marker = (s: number) => `${segmentMarker(s).pointStyle} ${segmentMarker(s).pointRotation}`;
    const pairs = new Set(Array.from({ length: 68 }, (_, s) => `${segmentColour(s)} ${marker(s)}`));
    expect(pairs.size).toBe(68);
    expect(new Set(Array.from({ length: 68 }, (_, s) => marker(s))).size).toBe(4);
    // Filled shapes only: outlines (cross, star) would not show the colour; the diamond is the centres'.
    for (let s = 0; s < 68; s++) expect(['circle', 'triangle', 'rect']).toContain(segmentMarker(s).pointStyle);
  });
});

describe('scatterChart', () => {
  const matrix = [
    [-1, -1],
    [-1, 1],
    [1, 1],
    [1, -1],
  ];
  const base = { matrix, labels: [0, 0, 1, 2], centroids: [[-1, 0], [1, 1], [1, -1]], featureNames: ['Income (k$)', 'Score (1-100)'], segmentNames: names };

  it('draws two features in their own units when the scaling is given', () => {
    const chart = scatterChart({ ...base, scaling: { center: [50, 10], scaleBy: [20, 2] } });
    const [centres, first] = chart.config.data.datasets as ScatterDataset[];
    expect(first!.data).toEqual([
      { x: 30, y: 8 },
      { x: 30, y: 12 },
    ]);
    expect(centres!.data[0]).toEqual({ x: 30, y: 10 });
    // Each centre is labelled with its segment's number.
    expect(chart.config.options.plugins.segmintPointLabels).toMatchObject({ datasetIndex: 0, labels: ['1', '2', '3'] });
    expect(chart.config.options.scales.x!.title.text).toBe('Income (k$)');
    expect(chart.config.options.scales.y!.title.text).toBe('Score (1-100)');
    expect(subtitle(chart)).toBe('4 customers');
  });

  it('projects more than two features onto two principal components, saying how much variance each explains', () => {
    // Three features, the third a copy of the first: two components hold all the variance.
    const rows = matrix.map(([x, y]) => [x!, y!, x!]);
    const chart = scatterChart({ ...base, matrix: rows, centroids: base.centroids.map(([x, y]) => [x!, y!, x!]), featureNames: ['a', 'b', 'c'] });
    const x = chart.config.options.scales.x!.title.text;
    const y = chart.config.options.scales.y!.title.text;
    expect(x).toMatch(/^principal component 1 \((\d+\.\d)% of variance\)$/);
    expect(y).toMatch(/^principal component 2 \((\d+\.\d)% of variance\)$/);
    // Variances 2 (2x, as a+c) and 1: 66.7% and 33.3%.
    expect(x).toContain('66.7%');
    expect(y).toContain('33.3%');
    expect(subtitle(chart)).toContain('3 features projected onto their first two principal components (100.0% of the variance)');
  });

  it('says in its description which segments overlap in the view, and by how much, or that they stand apart', () => {
    const apart = scatterChart(base).description;
    expect(apart).toContain("In this view the segments stand apart: under 5.0% of any two segments' customers lie nearer the other's centre.");
    // Segment 1's third row sits on segment 2's centre: 1 of the pair's 4 drawn rows.
    const mixed = { ...base, matrix: [...matrix, [1, 0.9]], labels: [0, 0, 1, 2, 0] };
    expect(scatterChart(mixed).description).toContain("In this view segments 1 and 2 overlap: 25.0% of their customers lie nearer the other's centre.");
    // Several pairs: the most mixed first, at most three named.
    const grid = Array.from({ length: 5 }, (_, s) => [s, 0]);
    // Rows on the centres, then: 1 ⇄ 2 (one each way, of 4 rows), 3 → 2 (1 of 5), 3 → 4 (1 of 6),
    // 4 → 5 (1 of 4), and a row of 4 at 2.6, nearer its own centre (3) than 3's (2).
    const rows = [...grid, [0.9, 0], [0.45, 0], [1.1, 0], [3.45, 0], [3.9, 0], [2.6, 0]];
    const several = scatterChart({ matrix: rows, labels: [0, 1, 2, 3, 4, 0, 1, 2, 2, 3, 3], centroids: grid, featureNames: ['a', 'b'], segmentNames: ['A', 'B', 'C', 'D', 'E'] }).description;
    expect(several).toContain("In this view segments 1 and 2 overlap most (50.0% of their customers lie nearer the other's centre), then 4 and 5 (25.0%), 2 and 3 (20.0%), and 1 more pair.");
    // A row as near another centre as its own is no overlap; one segment has nothing to overlap.
    const tie = scatterChart({ matrix: [[1], [3], [2]], labels: [0, 1, 1], centroids: [[1], [3]], featureNames: ['a'], segmentNames: ['A', 'B'] });
    expect(tie.description).toContain('In this view the segments stand apart');
    const one = scatterChart({ ...base, labels: [0, 0, 0, 0], centroids: [[0, 0]], segmentNames: ['A'] }).description;
    expect(one).toBe('Segments: 4 customers, each segment in its own colour and marker, its centre a white diamond labelled with its number.');
  });

  it('describes a view of hundreds of thousands of points (no spread of them into Math.max)', () => {
    const n = 300_000;
    const values = Float64Array.from({ length: 2 * n }, (_, t) => (t % 2 === 0 ? (t % 7) / 7 : (t % 11) / 11));
    const chart = scatterChart({ matrix: values, nFeatures: 2, labels: Int32Array.from({ length: n }, (_, i) => i % 2), centroids: [[0.2, 0.5], [0.8, 0.5]], featureNames: ['a', 'b'], segmentNames: ['A', 'B'], maxPoints: n });
    expect(chart.description).toMatch(/^Segments: 300,000 customers, .* In this view segments 1 and 2 overlap: \d+\.\d% of their customers/);
  });

  it('draws a deterministic sample of large data, every segment keeping its share, and says so', () => {
    const n = 20_000;
    const data = blobs(n, 3, 3, 7);
    const labels = Int32Array.from({ length: n }, (_, i) => (i % 10 === 0 ? 2 : i % 2));
    const input = { matrix: data, nFeatures: 3, labels, centroids: [[0, 0, 0], [1, 1, 1], [2, 2, 2]], featureNames: ['a', 'b', 'c'], segmentNames: names, maxPoints: 1000 };
    const chart = scatterChart(input);
    const drawn = (chart.config.data.datasets as ScatterDataset[]).slice(1).map((d) => d.data.length);
    expect(drawn.reduce((a, b) => a + b, 0)).toBe(1000);
    // Segment shares: even rows but every tenth 40%, odd rows 50%, every tenth 10%.
    expect(drawn).toEqual([400, 500, 100]);
    expect(subtitle(chart)).toContain('1,000 of 20,000 customers shown');
    expect(scatterChart(input)).toEqual(chart);
  });

  it('checks its input', () => {
    expect(() => scatterChart({ ...base, labels: [0, 0, 1, 3] })).toThrow('labels[3] is 3; expected a segment index from 0 to 2');
    expect(() => scatterChart({ ...base, labels: [0, 1] })).toThrow('labels has 2 values; expected one per row (4)');
    expect(() => scatterChart({ ...base, featureNames: ['a'] })).toThrow('featureNames has 1 names; the matrix has 2 columns');
    expect(() => scatterChart({ ...base, centroids: [[0, 0]] })).toThrow('centroids must be 3 rows');
  });
});

describe('sampling for drawing', () => {
  it('allocates a budget in proportion, keeping every non-empty group', () => {
    expect(allocate([10, 20], 100)).toEqual([10, 20]);
    expect(allocate([900, 99, 1, 0], 100)).toEqual([89, 10, 1, 0]);
    expect(allocate([5, 5, 5], 9).reduce((a, b) => a + b)).toBe(9);
  });

  it('takes evenly spaced items', () => {
    expect(evenlySpaced([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([1, 3, 5, 7, 9]);
    expect(evenlySpaced([1, 2], 5)).toEqual([1, 2]);
  });
});

describe('silhouetteChart', () => {
  const values = [0.5, 0.9, 0.1, 0.7, -0.2, 0.3];
  const labels = [0, 0, 0, 1, 1, 2];

  it('sorts each segment from highest to lowest, side by side, with the mean as a line', () => {
    const chart = silhouetteChart({ values, labels, segmentNames: names });
    const [first, second] = chart.config.data.datasets as LineDataset[];
    const ys = (points: ChartPoint[]): number[] => points.slice(1, -1).map((p) => p.y);
    expect(ys(first!.data)).toEqual([0.9, 0.5, 0.1]);
    expect(ys(second!.data)).toEqual([0.7, -0.2]);
    // Closed at zero on both sides; the second block starts after the first and a gap.
    expect(first!.data[0]).toEqual({ x: 0, y: 0 });
    expect(first!.data.at(-1)).toEqual({ x: 3, y: 0 });
    expect(second!.data[0]!.x).toBeGreaterThan(3);
    const mean = values.reduce((a, b) => a + b) / values.length;
    // The subtitle names the line: a label on it would cover bars.
    expect(chart.config.options.plugins.segmintReferenceLines!.lines[0]).toMatchObject({ scaleID: 'y', value: mean });
    expect(chart.config.options.plugins.segmintReferenceLines!.lines[0]!.label).toBeUndefined();
    expect(subtitle(chart)).toContain(`Mean silhouette ${mean.toFixed(2)} (dashed line)`);
    expect(chart.config.options.scales.y!.min).toBe(-0.2);
  });

  it("says each segment's mean silhouette and share below 0 in its text alternative", () => {
    expect(silhouetteChart({ values, labels, segmentNames: names }).description).toContain(
      'mean silhouette 0.38; by segment: segment 1 0.50, segment 2 0.25 (50.0% below 0), segment 3 0.30.',
    );
  });

  it('says when the silhouettes were computed on a sample', () => {
    expect(subtitle(silhouetteChart({ values, labels, segmentNames: names, sampledFrom: 60_000 }))).toContain('a sample of 6 of 60,000 customers');
  });

  it('draws many rows from evenly spaced ranks, keeping each block as wide as its segment', () => {
    const n = 10_000;
    const many = Array.from({ length: n }, (_, i) => (i % 97) / 97);
    const chart = silhouetteChart({ values: many, labels: many.map((_, i) => i % 3), segmentNames: names, maxPoints: 300 });
    const datasets = chart.config.data.datasets as LineDataset[];
    expect(datasets.map((d) => d.data.length - 2)).toEqual([100, 100, 100]);
    expect(datasets[0]!.data.at(-1)!.x).toBe(3334);
    expect(subtitle(chart)).toContain(', shown as 300 bars');
  });
});

describe('elbowChart', () => {
  const metrics = [
    { k: 2, inertia: 100, silhouette: 0.4 },
    { k: 3, inertia: 50, silhouette: 0.6 },
    { k: 4, inertia: 40, silhouette: 0.5 },
  ];

  it('draws inertia on the left axis and silhouette on the right, and marks the knee', () => {
    const chart = elbowChart({ metrics, knee: 3, recommended: 3 });
    const [inertia, silhouette] = chart.config.data.datasets as LineDataset[];
    expect(inertia!.data).toEqual([{ x: 2, y: 100 }, { x: 3, y: 50 }, { x: 4, y: 40 }]);
    expect(inertia!.yAxisID).toBe('y');
    expect(silhouette!.yAxisID).toBe('y1');
    expect(chart.config.options.scales.y1!.position).toBe('right');
    // From 0, so that silhouettes of 0.33 to 0.43 do not read as a steep climb.
    expect(chart.config.options.scales.y1!.beginAtZero).toBe(true);
    expect(chart.config.options.plugins.segmintReferenceLines!.lines).toEqual([expect.objectContaining({ scaleID: 'x', value: 3, label: 'k = 3: knee, recommended' })]);
  });

  it('marks the knee, the recommendation and the k used apart when they differ; no silhouette axis without silhouettes', () => {
    const chart = elbowChart({ metrics: metrics.map(({ k, inertia }) => ({ k, inertia })), knee: 3, recommended: 4, chosen: 2 });
    expect(chart.config.options.plugins.segmintReferenceLines!.lines.map((l) => l.label)).toEqual(['k = 3: knee', 'k = 4: recommended', 'k = 2: chosen']);
    expect(chart.config.data.datasets).toHaveLength(1);
    expect(chart.config.options.scales.y1).toBeUndefined();
  });

  it("gives every k's inertia and silhouette in its text alternative", () => {
    expect(elbowChart({ metrics, knee: 3, recommended: 3 }).description).toBe(
      'Choosing the number of segments: inertia and mean silhouette for k = 2 to 4 (k = 3: knee, recommended). ' +
        'k = 2: inertia 100, silhouette 0.40; k = 3: inertia 50, silhouette 0.60; k = 4: inertia 40, silhouette 0.50.',
    );
  });

  it('rejects metrics out of order', () => {
    expect(() => elbowChart({ metrics: [metrics[1]!, metrics[0]!] })).toThrow('metrics[1] is k=2');
    expect(() => elbowChart({ metrics: [] })).toThrow('no metrics');
  });
});

describe('profileChart', () => {
  it('draws each segment as bars of z-scores, on an axis of at least one standard deviation either side', () => {
    const chart = profileChart({ featureNames: ['a', 'b'], zScores: [[1.2, -0.3], [-0.4, 0.1], [0, 0]], segmentNames: names });
    expect(chart.config.options.indexAxis).toBe('y');
    expect(chart.config.data.labels).toEqual(['a', 'b']);
    expect(chart.config.data.datasets[0]!.data).toEqual([1.2, -0.3]);
    expect([chart.config.options.scales.x!.min, chart.config.options.scales.x!.max]).toEqual([-1.5, 1.5]);
    // Its text alternative says each segment's longest bars (from half a standard deviation).
    expect(chart.description).toContain('Longest bars: segment 1 a +1.2; segment 2 near 0 on all; segment 3 near 0 on all.');
    const two = profileChart({ featureNames: ['a', 'b', 'c'], zScores: [[0.6, -2, 1], [0, 0, 0]], segmentNames: names.slice(0, 2) });
    expect(two.description).toContain('Longest bars: segment 1 b −2.0, c +1.0; segment 2 near 0 on all.');
  });

  it('spans the bars, not a symmetric axis, with ticks by 1, 2 or 5 × 10^n from one multiple to another, so 0 is a tick', () => {
    const x = (zScores: number[][]) => profileChart({ featureNames: ['a', 'b'], zScores, segmentNames: names.slice(0, zScores.length) }).config.options.scales.x!;
    expect(x([[-1.7, 4.2], [0.3, -0.2]])).toMatchObject({ min: -2, max: 5, ticks: { stepSize: 1 } });
    // One far bar does not leave half the chart empty.
    expect(x([[-1.7, 47.2], [0.3, -0.2]])).toMatchObject({ min: -5, max: 50, ticks: { stepSize: 5 } });
    expect(x([[-1.2, 0.4]])).toMatchObject({ min: -1.5, max: 1.5, ticks: { stepSize: 0.5 } });
    expect(x([[-6.3, -0.4]])).toMatchObject({ min: -7, max: 2, ticks: { stepSize: 1 } });
  });

  it('draws rare categories only when the other features leave room', () => {
    const featureNames = ['Marital: YOLO (share)', 'Income', 'Marital: Absurd (share)', 'Recency'];
    const zScores = [[33, 1.5, 20, 0.2], [-0.1, -1.2, -0.2, 0.9]];
    const rare = [true, false, true, false];
    const shown = (maxFeatures: number) => profileChart({ featureNames, zScores, segmentNames: names.slice(0, 2), maxFeatures, rare }).config.data.labels;
    expect(shown(2)).toEqual(['Income', 'Recency']);
    expect(shown(3)).toEqual(['Income', 'Recency', 'Marital: YOLO (share)']);
    expect(shown(4)).toEqual(featureNames); // all of them, in their order
  });

  it('shows only the most distinctive features when there are many', () => {
    const featureNames = Array.from({ length: 20 }, (_, f) => `f${f}`);
    const zScores = names.map((_, s) => featureNames.map((_, f) => (f === 7 ? 3 : f === 12 && s === 2 ? -2 : 0.1)));
    const chart = profileChart({ featureNames, zScores, segmentNames: names, maxFeatures: 2 });
    expect(chart.config.data.labels).toEqual(['f7', 'f12']);
    expect(subtitle(chart)).toContain('the 2 most distinctive of 20 features');
  });
});

describe('niceStep', () => {
  it('is the smallest 1, 2 or 5 × 10^n giving at most the given number of intervals', () => {
    expect([8.6, 10, 10.1, 3, 94.4, 0.07, 1234].map((span) => niceStep(span))).toEqual([1, 1, 2, 0.5, 10, 0.01, 200]);
    expect(niceStep(8.6, 4)).toBe(5);
  });
});

describe('formatShare', () => {
  it('shows one decimal, and a share that is not 0 or 1 never as 0.0% or 100.0%', () => {
    expect([0.405, 0, 1, 1 / 3017, 0.0005, 3016 / 3017, 0.9994].map(formatShare)).toEqual(['40.5%', '0.0%', '100.0%', '<0.1%', '0.1%', '>99.9%', '99.9%']);
    // What undoing the scaling leaves of a share of 0 or 1 is rounding, not a customer.
    expect([-1e-17, 5e-17, 1 - 1e-16].map(formatShare)).toEqual(['0.0%', '0.0%', '100.0%']);
    expect(formatShare(NaN)).toBe('–');
  });
});

describe('sizesChart', () => {
  it('draws one bar per segment in its colour, with counts and shares as labels', () => {
    const chart = sizesChart({ sizes: [6, 3, 1], segmentNames: names });
    expect(chart.config.data.datasets[0]).toMatchObject({ data: [6, 3, 1], backgroundColor: SEGMENT_COLOURS.slice(0, 3) });
    expect(chart.config.options.plugins.segmintBarValues).toMatchObject({ datasetIndex: 0, total: 10 });
    expect(chart.description).toBe('Segment sizes, of 10 customers: segment 1, 6 (60.0%); segment 2, 3 (30.0%); segment 3, 1 (10.0%).');
    expect(() => sizesChart({ sizes: [1, 2], segmentNames: names })).toThrow('sizes must be 3 counts');
    expect(sizesChart({ sizes: [3016, 0, 1], segmentNames: names }).description).toBe(
      'Segment sizes, of 3,017 customers: segment 1, 3,016 (>99.9%); segment 2, 0 (0.0%); segment 3, 1 (<0.1%).',
    );
  });
});
