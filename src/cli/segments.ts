import type { KMeansResult } from '../kmeans/types.js';
import type { ModelSegment } from '../model.js';

/**
 * Segments in the order the CLI numbers them: largest first, ties by centroid. Run-to-run
 * label numbering is arbitrary; this order is stable for the same clustering.
 * Returns the segments (centroids in the features' units and as fitted) and, for each k-means
 * label, its 1-based segment number.
 */
export function numberSegments(
  result: Pick<KMeansResult, 'centroids' | 'sizes'>,
  centroidsInUnits: number[][],
): { segments: ModelSegment[]; segmentOfLabel: Int32Array } {
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
    return {
      id: index + 1,
      name: '',
      size: result.sizes[label]!,
      centroid: centroidsInUnits[label]!,
      scaledCentroid: result.centroids[label]!.slice(),
    };
  });
  return { segments, segmentOfLabel };
}

export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
}

function alignedTable(rows: string[][], leftColumns = 0): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
  return rows.map(line).join('\n') + '\n';
}

/** Above this many features the table turns: one line per feature, one column per segment. */
const WIDE = 6;

/** A plain-text table of the segments: size, share and each feature's centroid (original units). */
export function segmentTable(segments: ModelSegment[], features: string[], nSamples: number): string {
  const share = (segment: ModelSegment) => `${((100 * segment.size) / nSamples).toFixed(1)}%`;
  if (features.length > WIDE) {
    return alignedTable(
      [
        ['segment', ...segments.map((s) => String(s.id))],
        ...(segments.some((s) => s.name) ? [['name', ...segments.map((s) => s.name)]] : []),
        ['size', ...segments.map((s) => String(s.size))],
        ['share', ...segments.map(share)],
        ...features.map((feature, f) => [feature, ...segments.map((s) => formatValue(s.centroid[f]!))]),
      ],
      1,
    );
  }
  const named = segments.some((s) => s.name);
  return alignedTable(
    [
      ['segment', ...(named ? ['name'] : []), 'size', 'share', ...features],
      ...segments.map((segment) => [String(segment.id), ...(named ? [segment.name] : []), String(segment.size), share(segment), ...segment.centroid.map(formatValue)]),
    ],
    named ? 2 : 0,
  );
}

/** A column name for the segment that does not clash with the file's own columns. */
export function segmentColumnName(header: string[]): string {
  let name = 'segment';
  for (let n = 2; header.includes(name); n++) name = `segment_${n}`;
  return name;
}
