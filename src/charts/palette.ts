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
