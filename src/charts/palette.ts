import type { PointStyle } from './types.js';

/**
 * One colour per segment, the same in every chart and in the report's tables: segment i (0-based,
 * in the order the CLI numbers segments) is SEGMENT_COLOURS[i].
 *
 * The first eight are Okabe & Ito's palette (2008), told apart with every common form of colour
 * blindness; ordered so that small k gets the most distinct hues. Yellow and black come last:
 * yellow is faint on white and black is the colour of the charts' own marks. Segments nine to
 * seventeen take Paul Tol's "muted" scheme, also designed for colour-blind readers (though the
 * two sets were not designed together); beyond seventeen the colours repeat.
 */
export const SEGMENT_COLOURS: readonly string[] = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#D55E00', // vermillion
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#F0E442', // yellow
  '#000000', // black
  '#332288', // indigo
  '#88CCEE', // cyan
  '#44AA99', // teal
  '#117733', // green
  '#999933', // olive
  '#DDCC77', // sand
  '#CC6677', // rose
  '#882255', // wine
  '#AA4499', // purple
];

/** The colour of segment `index` (0-based). */
export function segmentColour(index: number): string {
  return SEGMENT_COLOURS[index % SEGMENT_COLOURS.length]!;
}

/**
 * The scatter's marker of each segment, beside its colour: past eight segments some colours are
 * hard to tell apart for colour-blind readers (and past seventeen they repeat), the shapes are
 * not. Filled shapes only (a cross or a star is drawn as an outline, without the segment's
 * colour): a circle, a triangle pointing up, a square, a triangle pointing down. Four shapes
 * against seventeen colours: no two of the first 68 segments share both. The diamond (rectRot)
 * is the centres'.
 */
const SEGMENT_MARKERS: readonly { pointStyle: PointStyle; pointRotation: number }[] = [
  { pointStyle: 'circle', pointRotation: 0 },
  { pointStyle: 'triangle', pointRotation: 0 },
  { pointStyle: 'rect', pointRotation: 0 },
  { pointStyle: 'triangle', pointRotation: 180 },
];

export function segmentMarker(index: number): { pointStyle: PointStyle; pointRotation: number } {
  return SEGMENT_MARKERS[index % SEGMENT_MARKERS.length]!;
}

/** WCAG's relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const c = parseInt(hex.slice(at, at + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/**
 * The edge drawn around segment `index`'s marks: its colour darkened (in steps of 5%) until it
 * stands 3:1 against the white background (WCAG's contrast for graphics), so that yellow, sand
 * and sky blue dots and bars do not fade into the page. Colours dark enough already keep theirs.
 */
export function segmentEdge(index: number): string {
  const colour = segmentColour(index);
  const channels = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16));
  for (let keep = 1; keep > 0; keep -= 0.05) {
    const edge = `#${channels.map((c) => Math.round(c * keep).toString(16).padStart(2, '0')).join('')}`;
    if (1.05 / (luminance(edge) + 0.05) >= 3) return edge.toUpperCase();
  }
  return '#000000';
}

/** Colours of the charts' own marks: text, grid, reference lines and the two elbow curves. */
export const INK = {
  text: '#1f2328',
  mutedText: '#57606a',
  grid: '#e4e7eb',
  axis: '#8c959f',
  reference: '#1f2328',
  background: '#ffffff',
  inertia: '#1f2328',
  silhouette: '#0072B2',
} as const;
