import { SegmintError } from '../errors.js';
import type { WasmMemory } from './webassembly-types.js';

// The rules every buffer layout in a kernel instance's memory follows (src/wasm/workspace.ts
// keeps its own copy of them for now).

export const PAGE_BYTES = 65536;
/** wasm32 memory: at most 65536 pages of 64 KiB (4 GiB). */
export const MAX_PAGES = 65536;

/** The next multiple of 16 (SIMD loads and stores of f64x2 stay aligned). */
export function align16(offset: number): number {
  return Math.ceil(offset / 16) * 16;
}

/**
 * Hands out 16-byte aligned byte ranges from `base` up, never at 0 (0 means "absent" to the
 * kernels). `end` is the first byte after the last range.
 */
export class BufferPlan {
  private at: number;

  constructor(base: number) {
    this.at = align16(Math.max(base, 16));
  }

  /** `bytes` from the next multiple of `alignment` (16 or a larger multiple of 16). */
  take(bytes: number, alignment = 16): number {
    const start = Math.ceil(this.at / alignment) * alignment;
    // A negative size would lay later buffers over earlier ones.
    if (!(bytes >= 0)) throw new Error(`BufferPlan.take(${bytes}): a buffer's size must be a number >= 0`);
    this.at = align16(start + bytes);
    return start;
  }

  get end(): number {
    return this.at;
  }
}

/**
 * The 64 KiB pages that hold `endByte` bytes; `what` names the problem in the error when they
 * would pass wasm32's 4 GiB.
 */
export function pagesFor(endByte: number, what: string): number {
  const pages = Math.ceil(endByte / PAGE_BYTES);
  if (pages > MAX_PAGES) {
    throw new SegmintError(
      'ERR_INVALID_DATA',
      `${what} needs ${(endByte / 2 ** 30).toFixed(2)} GiB of WebAssembly memory; the limit is 4 GiB`,
    );
  }
  return pages;
}

/**
 * Grows `memory` to hold `endByte` bytes. Growing detaches the old ArrayBuffer, so callers build
 * their views afterwards. `what` names the problem in the error when it cannot fit.
 */
export function growToFit(memory: WasmMemory, endByte: number, what: string): void {
  const pages = pagesFor(endByte, what);
  const current = memory.buffer.byteLength / PAGE_BYTES;
  if (pages > current) memory.grow(pages - current);
}
