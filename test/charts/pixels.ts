// Reading a chart's pixels back, in Node (a PNG decoded by @napi-rs/canvas) and in Chromium
// (a canvas's own pixels): how many pixels have each colour, and how many are not background.
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface PixelCensus {
  width: number;
  height: number;
  /** Pixels that are not (near) white. */
  inked: number;
  /** Per colour asked about, the pixels within `tolerance` of it on every channel. */
  counts: number[];
}

/** '#0072B2' → [0, 114, 178]. */
export function rgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/**
 * Counts pixels of RGBA data. Self-contained (no imports, no closures) because the browser test
 * sends its source into the page to count there.
 */
export function censusOf(data: ArrayLike<number>, width: number, height: number, colours: number[][], tolerance: number): PixelCensus {
  const counts = colours.map(() => 0);
  let inked = 0;
  for (let p = 0; p < data.length; p += 4) {
    const r = data[p]!;
    const g = data[p + 1]!;
    const b = data[p + 2]!;
    if (r < 245 || g < 245 || b < 245) inked++;
    for (let c = 0; c < colours.length; c++) {
      const colour = colours[c]!;
      if (Math.abs(r - colour[0]!) <= tolerance && Math.abs(g - colour[1]!) <= tolerance && Math.abs(b - colour[2]!) <= tolerance) counts[c]!++;
    }
  }
  return { width, height, inked, counts };
}

/** Decodes a PNG and counts its pixels. */
export async function pngCensus(png: Uint8Array, colours: readonly string[], tolerance = 2): Promise<PixelCensus> {
  const image = await loadImage(Buffer.from(png));
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const { data } = context.getImageData(0, 0, image.width, image.height);
  return censusOf(data, image.width, image.height, colours.map(rgb), tolerance);
}
