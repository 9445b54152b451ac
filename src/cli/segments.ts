import type { KMeansResult } from '../kmeans/types.js';
import type { ModelSegment } from '../model.js';

/**
 * Segments in the order the CLI numbers them: largest first, ties by centroid. Run-to-run
 * label numbering is arbitrary; this order is stable for the same clustering.
 * Returns the segments and, for each k-means label, its 1-based segment number.
 */
export function numberSegments(result: Pick<KMeansResult, 'centroids' | 'sizes'>): {
  segments: ModelSegment[];
  segmentOfLabel: Int32Array;
} {
  const order = result.centroids.map((_, label) => label);
  order.sort((a, b) => {
    const bySize = result.sizes[b]! - result.sizes[a]!;
    if (bySize !== 0) return bySize;
    const ca = result.centroids[a]!;
    const cb = result.centroids[b]!;
    for (let f = 0; f < ca.length; f++) if (ca[f] !== cb[f]) return ca[f]! - cb[f]!;
    return a - b;
  });
  const segmentOfLabel = new Int32Array(order.length);
  const segments = order.map((label, index) => {
    segmentOfLabel[label] = index + 1;
    return { id: index + 1, size: result.sizes[label]!, centroid: result.centroids[label]!.slice() };
  });
  return { segments, segmentOfLabel };
}

function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

/** A plain-text table of the segments: size, share and each feature's centroid. */
export function segmentTable(segments: ModelSegment[], features: string[], nSamples: number): string {
  const header = ['segment', 'size', 'share', ...features];
  const rows = segments.map((segment) => [
    String(segment.id),
    String(segment.size),
    `${((100 * segment.size) / nSamples).toFixed(1)}%`,
    ...segment.centroid.map(formatValue),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => cell.padStart(widths[c]!)).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** A column name for the segment that does not clash with the file's own columns. */
export function segmentColumnName(header: string[]): string {
  let name = 'segment';
  for (let n = 2; header.includes(name); n++) name = `segment_${n}`;
  return name;
}
