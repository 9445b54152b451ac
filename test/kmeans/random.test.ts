import { describe, expect, it } from 'vitest';
import { Random } from '../../src/kmeans/random.js';

describe('Random', () => {
  it('repeats its stream for a seed and differs between seeds', () => {
    const a = new Random(42);
    const b = new Random(42);
    const c = new Random(43);
    const sa = Array.from({ length: 100 }, () => a.nextUint32());
    expect(Array.from({ length: 100 }, () => b.nextUint32())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.nextUint32())).not.toEqual(sa);
  });

  it('distinguishes seeds above 2^32', () => {
    expect(new Random(2 ** 32 + 5).nextUint32()).not.toBe(new Random(5).nextUint32());
  });

  it('gives floats in [0, 1) and unbiased integers in [0, n)', () => {
    const random = new Random(1);
    const counts = new Array<number>(7).fill(0);
    let sum = 0;
    let outside = 0;
    const draws = 70_000;
    for (let i = 0; i < draws; i++) {
      const f = random.nextFloat();
      if (!(f >= 0 && f < 1)) outside++;
      sum += f;
      counts[random.nextInt(7)]!++;
    }
    expect(outside).toBe(0);
    expect(sum / draws).toBeCloseTo(0.5, 2);
    for (const count of counts) expect(Math.abs(count - draws / 7)).toBeLessThan(400); // ~4.5 sigma
  });
});
