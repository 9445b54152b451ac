import { describe, expect, it } from 'vitest';
import { isSegmintError } from '../../src/errors.js';
import { kmeans } from '../../src/kmeans/kmeans.js';
import { MiniBatchKMeans, miniBatchKMeans, RowReservoir, RowShuffler, updateCentres } from '../../src/kmeans/minibatch.js';
import { Random } from '../../src/kmeans/random.js';

/** n rows of 4 Gaussian blobs in 3 dimensions (unit spread, centres 6 apart), row-major. */
function blobs(n: number, seed: number): Float64Array {
  const random = new Random(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random.nextFloat())) * Math.cos(2 * Math.PI * random.nextFloat());
  const centres = [[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6]];
  const x = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const c = centres[random.nextInt(4)]!;
    for (let f = 0; f < 3; f++) x[i * 3 + f] = c[f]! + gauss();
  }
  return x;
}

/** Batches of `size` rows over x, the same every pass. */
function inBatches(x: Float64Array, d: number, size: number) {
  return function* () {
    for (let at = 0; at < x.length; at += size * d) yield x.subarray(at, Math.min(x.length, at + size * d));
  };
}

describe('updateCentres (scikit-learn rule)', () => {
  it('moves each centre to the count-weighted mean of its old self and the batch rows', () => {
    const centroids = Float64Array.from([0, 0, 10, 10]);
    const counts = Float64Array.from([3, 0]);
    // Centre 0 gets rows (4, 8) and (8, 4): sum (12, 12), count 2 -> (0·3 + 12) / 5 = 2.4.
    // Centre 1 had no rows: it becomes the batch mean of its row (1, 2).
    const shift = updateCentres(centroids, counts, Float64Array.from([12, 12, 1, 2]), Float64Array.from([2, 1]), 2);
    expect(Array.from(centroids)).toEqual([2.4, 2.4, 1, 2]);
    expect(Array.from(counts)).toEqual([5, 1]);
    expect(shift).toBeCloseTo(2.4 ** 2 * 2 + 81 + 64, 12);
  });

  it('leaves clusters without batch rows alone', () => {
    const centroids = Float64Array.from([1, 2, 3]);
    const counts = Float64Array.from([7]);
    expect(updateCentres(centroids, counts, new Float64Array(3), new Float64Array(1), 3)).toBe(0);
    expect(Array.from(centroids)).toEqual([1, 2, 3]);
    expect(counts[0]).toBe(7);
  });
});

describe('MiniBatchKMeans.step', () => {
  it('equals a plain TypeScript step: nearest centres, then the update rule', async () => {
    const d = 3;
    const x = blobs(500, 4);
    const initial = Float64Array.from([0.5, 0.5, 0.5, 5, 5, 1, 1, 5, 5, 5, 1, 5]);
    const model = await MiniBatchKMeans.create(initial, { nFeatures: d, reassignmentRatio: 0, batchSize: 100 });
    const centres = initial.slice();
    const counts = new Float64Array(4);
    for (let at = 0; at < 500; at += 100) {
      const batch = x.subarray(at * d, (at + 100) * d);
      // Reference: brute-force nearest centre (ties to the lowest), sums, counts, inertia.
      const sums = new Float64Array(12);
      const batchCounts = new Float64Array(4);
      let inertia = 0;
      for (let i = 0; i < 100; i++) {
        let best = 0;
        let bestDistance = Infinity;
        for (let j = 0; j < 4; j++) {
          let dist = 0;
          for (let f = 0; f < d; f++) dist += (batch[i * d + f]! - centres[j * d + f]!) ** 2;
          if (dist < bestDistance) [best, bestDistance] = [j, dist];
        }
        inertia += bestDistance;
        batchCounts[best]!++;
        for (let f = 0; f < d; f++) sums[best * d + f]! += batch[i * d + f]!;
      }
      for (let j = 0; j < 4; j++) {
        for (let f = 0; f < d; f++) centres[j * d + f] = (centres[j * d + f]! * counts[j]! + sums[j * d + f]!) / (counts[j]! + batchCounts[j]!);
        counts[j]! += batchCounts[j]!;
      }
      const step = model.step(batch);
      expect(step.inertia).toBeCloseTo(inertia / 100, 9);
      expect(Array.from(model.counts)).toEqual(Array.from(counts));
      model.centroids.forEach((v, t) => expect(v).toBeCloseTo(centres[t]!, 12));
    }
  });

  it('reassigns a centre that gets no rows to a row of the batch', async () => {
    const x = blobs(200, 1);
    const model = await MiniBatchKMeans.create([[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6], [1000, 1000, 1000]], { nFeatures: 3, batchSize: 200 });
    const step = model.step(x);
    expect(step.reassigned).toBe(1);
    expect(Math.max(...model.centroids.subarray(12, 15))).toBeLessThan(20);
    expect(model.counts[4]).toBeGreaterThan(0);
  });
});

describe('streaming helpers', () => {
  it('RowReservoir keeps every row while it fits, then a seeded uniform sample', () => {
    const small = new RowReservoir(10, 1, 0);
    for (let i = 0; i < 5; i++) small.offer(Float64Array.of(i));
    expect(Array.from(small.sample())).toEqual([0, 1, 2, 3, 4]);
    const draw = (seed: number) => {
      const r = new RowReservoir(1000, 1, seed);
      for (let i = 0; i < 100_000; i++) r.offer(Float64Array.of(i));
      return r.sample();
    };
    expect(Array.from(draw(3))).toEqual(Array.from(draw(3)));
    const sample = draw(3);
    const mean = sample.reduce((a, b) => a + b, 0) / sample.length;
    expect(Math.abs(mean - 50_000)).toBeLessThan(3000); // uniform over 0..99999: sd of the mean ~ 900
    expect(sample.filter((v) => v >= 1000).length).toBeGreaterThan(900);
  });

  it('RowShuffler hands on every row exactly once, in batches of batchSize', () => {
    const rows: number[] = [];
    const sizes: number[] = [];
    const shuffler = new RowShuffler(2, 10, 3, new Random(1), (batch) => {
      sizes.push(batch.length / 2);
      for (let at = 0; at < batch.length; at += 2) {
        expect(batch[at + 1]).toBe(-batch[at]!);
        rows.push(batch[at]!);
      }
    });
    for (let i = 0; i < 75; i++) shuffler.add(Float64Array.of(i, -i));
    shuffler.flush();
    expect(sizes).toEqual([10, 10, 10, 10, 10, 10, 10, 5]);
    expect(rows.slice().sort((a, b) => a - b)).toEqual(Array.from({ length: 75 }, (_, i) => i));
    expect(rows.slice(0, 30)).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
  });
});

describe('miniBatchKMeans over batches', () => {
  const x = blobs(20_000, 11);

  it('is deterministic for a seed', async () => {
    const fit = () => miniBatchKMeans(inBatches(x, 3, 777), 4, { nFeatures: 3, batchSize: 256, seed: 5 });
    const [a, b] = [await fit(), await fit()];
    expect(a.centroids).toEqual(b.centroids);
    expect(a.inertia).toBe(b.inertia);
    expect(a.sizes).toEqual(b.sizes);
    expect(a.sizes.reduce((s, v) => s + v)).toBe(20_000);
  });

  it('comes within 2% of Lloyd on blobs, from a start sampled in the first pass', async () => {
    const passes: number[] = [];
    const mini = await miniBatchKMeans(inBatches(x, 3, 1000), 4, { nFeatures: 3, batchSize: 512, seed: 0, initSize: 1000, onPass: (p) => passes.push(p) });
    const lloyd = await kmeans(x, 4, { nFeatures: 3, seed: 0 });
    expect(mini.inertia / lloyd.inertia).toBeLessThan(1.02);
    expect(mini.inertia / lloyd.inertia).toBeGreaterThan(0.999);
    expect(passes[0]).toBe(0);
    expect(passes.length).toBe(mini.epochs + 2);
    expect(Array.from(mini.predict(x.subarray(0, 30), { nFeatures: 3 }))).toEqual(Array.from(lloyd.predict(x.subarray(0, 30), { nFeatures: 3 })).map((l) => mini.predict([lloyd.centroids[l]!])[0]));
  });

  it('runs from given centres, and a bad batch names the value', async () => {
    const fit = await miniBatchKMeans(inBatches(x, 3, 4096), 4, { nFeatures: 3, init: [[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6]], maxIter: 2 });
    expect(fit.epochs).toBeLessThanOrEqual(2);
    // Bad data, as kmeans() calls a NaN in its rows.
    await expect(miniBatchKMeans(() => [Float64Array.of(1, 2, NaN)], 1, { nFeatures: 3, init: [[0, 0, 0]] })).rejects.toMatchObject({ code: 'ERR_INVALID_DATA', message: expect.stringMatching(/batch value 2 \(row 0, feature 2\) is NaN/) });
    await expect(miniBatchKMeans(() => [Float64Array.of(1, 2)], 1, { nFeatures: 3 })).rejects.toThrow(/whole rows of nFeatures=3/);
    await expect(miniBatchKMeans(inBatches(x, 3, 100), 2, { nFeatures: 3, batchSize: 0 })).rejects.toThrow(/batchSize=0 must be an integer >= 1/);
  });

  describe('refuses unknown options, precision, missing options and batches that are not a function of the pass', () => {
    const batches = inBatches(x, 3, 100);
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['a misspelt option', () => miniBatchKMeans(batches, 2, { nFeatures: 3, batchsize: 10 } as never), /^unknown option "batchsize" for miniBatchKMeans; did you mean "batchSize"\?/],
      ['precision', () => miniBatchKMeans(batches, 2, { nFeatures: 3, precision: 'f32' } as never), /^miniBatchKMeans does not take precision \(got "f32"\): it stores the rows as f64$/],
      ['no options', () => miniBatchKMeans(batches, 2, undefined as never), /^miniBatchKMeans needs the option nFeatures, the number of values in each row of a batch$/],
      ['no nFeatures', () => miniBatchKMeans(batches, 2, {} as never), /^miniBatchKMeans needs the option nFeatures/],
      ['options of null', () => miniBatchKMeans(batches, 2, null as never), /^the options of miniBatchKMeans must be an object; got null$/],
      ['an array of batches', () => miniBatchKMeans([x] as never, 2, { nFeatures: 3 }), /^batches must be a function \(pass\) => the rows in Float64Array batches, called once per pass; got an array of length 1$/],
      ['a pass that is not iterable', () => miniBatchKMeans((() => 5) as never, 2, { nFeatures: 3 }), /^batches\(0\) must return an iterable or async iterable of Float64Array batches; got 5$/],
      ['batches that give no rows', () => miniBatchKMeans(() => [], 2, { nFeatures: 3 }), /^batches\(0\) gave no rows; expected at least k=2$/],
      ['an unknown option of MiniBatchKMeans.create', () => MiniBatchKMeans.create([[0, 0, 0]], { nFeatures: 3, tol: 1 } as never), /^unknown option "tol" for MiniBatchKMeans.create/],
    ];
    for (const [name, call, message] of cases) {
      it(name, async () => {
        const error = await call().then(() => undefined, (e: unknown) => e);
        expect(isSegmintError(error), String(error)).toBe(true);
        expect((error as Error).message).toMatch(message);
      });
    }
  });

  it('result.predict() refuses unknown options', async () => {
    const fit = await miniBatchKMeans(inBatches(x, 3, 4096), 4, { nFeatures: 3, init: [[0, 0, 0], [6, 6, 0], [0, 6, 6], [6, 0, 6]], maxIter: 1 });
    expect(() => fit.predict([[0, 0, 0]], { bogus: 1 } as never)).toThrow(/^unknown option "bogus" for predict/);
  });
});
