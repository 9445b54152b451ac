// The worker API in Node (worker_threads, from the built dist/ like an installed package): the
// same results as the functions on the caller's thread, bit for bit; progress; cancellation;
// errors that keep their code.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { kmeans, scanK } from '../../src/index.js';
import { gapStatistic, MIN_GAP_WORKER_WORK } from '../../src/select/gap.js';
import { segmentCsv } from '../../src/pipeline/segment-csv.js';
import { bits, blobs, MALL_CSV, mallIncomeSpending, ROOT } from '../helpers/data.js';

type NodeEntry = typeof import('../../src/node/index.js');
let segmint: NodeEntry;

beforeAll(async () => {
  const entry = `${ROOT}dist/node/index.js`;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` (npm test builds it in its pretest step)`);
  segmint = (await import(entry)) as NodeEntry;
});

const rows = mallIncomeSpending();

describe('fitInWorker and scanInWorker (worker_threads)', () => {
  it('fitInWorker gives kmeans()\'s result bit for bit, with a working predict()', async () => {
    for (const [data, k, options] of [
      [rows, 5, { seed: 0 }],
      [blobs(20_000, 4, 6, 3), 6, { seed: 11, nFeatures: 4, nInit: 3 }],
    ] as const) {
      const here = await kmeans(data, k, options);
      const progress: number[][] = [];
      const there = await segmint.fitInWorker(data, k, { ...options, onProgress: (done, total) => progress.push([done, total]) });
      expect(bits(there.centroids.flat())).toEqual(bits(here.centroids.flat()));
      expect(bits([there.inertia])).toEqual(bits([here.inertia]));
      expect(there.labels).toEqual(here.labels);
      expect([there.sizes, there.iterations, there.converged, there.warnings, there.options]).toEqual([here.sizes, here.iterations, here.converged, here.warnings, here.options]);
      expect(progress).toEqual([[0, 1], [1, 1]]);
      const probe = data instanceof Float64Array ? data.subarray(0, 40) : [[90, 95], [20, 10]];
      expect(there.predict(probe)).toEqual(here.predict(probe));
    }
  });

  it('fitInWorker runs on threads of its own when asked, with the same result', async () => {
    const data = blobs(40_000, 8, 16, 5);
    const options = { seed: 2, nFeatures: 8, nInit: 1, maxIter: 20 };
    const here = await kmeans(data, 16, options);
    const there = await segmint.fitInWorker(data, 16, { ...options, threads: 2 });
    expect(there.options.threads).toBe(2);
    expect(there.warnings).toEqual([]);
    expect(bits(there.centroids.flat())).toEqual(bits(here.centroids.flat()));
    expect(there.labels).toEqual(here.labels);
  });

  it('scanInWorker gives scanK()\'s scan bit for bit and reports progress as scanK does', async () => {
    const here = await scanK(rows, { seed: 0 });
    const progress: number[][] = [];
    const there = await segmint.scanInWorker(rows, { seed: 0, onProgress: (done, total) => progress.push([done, total]) });
    expect(there.recommendation).toEqual(here.recommendation);
    expect(there.gap).toEqual(here.gap);
    expect(there.entries).toHaveLength(here.entries.length);
    there.entries.forEach((entry, i) => {
      const expected = here.entries[i]!;
      expect(bits([entry.inertia, entry.calinskiHarabasz, entry.daviesBouldin, entry.silhouette!.mean])).toEqual(
        bits([expected.inertia, expected.calinskiHarabasz, expected.daviesBouldin, expected.silhouette!.mean]),
      );
      expect(bits(entry.silhouette!.samples)).toEqual(bits(expected.silhouette!.samples));
      expect(entry.fit.labels).toEqual(expected.fit.labels);
      expect(entry.fit.predict([[50, 50]])).toEqual(expected.fit.predict([[50, 50]]));
    });
    const total = progress[0]![1]!;
    expect(progress.map(([done]) => done)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('gapStatistic and scanK fit the gap statistic\'s reference sets in workers when given threads: the 1-thread statistic, bit for bit', async () => {
    const data = blobs(3_000, 4, 5, 8);
    const options = { nFeatures: 4, kMin: 1, kMax: 8, seed: 3, nInit: 2 };
    // Enough work for workers: rows × features × ks × reference sets.
    expect(3_000 * 4 * 8 * 10).toBeGreaterThanOrEqual(MIN_GAP_WORKER_WORK);
    const serial = await gapStatistic(data, options);
    const progress: number[] = [];
    const threaded = await segmint.gapStatistic(data, { ...options, threads: 2, onProgress: (done) => progress.push(done) });
    expect([threaded.threads, threaded.warnings, threaded.k]).toEqual([2, [], serial.k]);
    const gapBits = (result: typeof serial) => result.entries.map((e) => bits([e.logInertia, e.referenceLogInertia, e.gap, e.sd]));
    expect(gapBits(threaded)).toEqual(gapBits(serial));
    // Every fit counted once, whichever thread ran it.
    expect(progress).toEqual(Array.from({ length: 8 * 11 }, (_, i) => i + 1));

    const scanOptions = { nFeatures: 4, kMin: 2, kMax: 6, seed: 1, nInit: 2, gap: { maxSamples: 2_000 } };
    const scanSerial = await scanK(data, scanOptions);
    const scanThreaded = await segmint.scanK(data, { ...scanOptions, threads: 2 });
    expect(scanThreaded.warnings).toEqual(scanSerial.warnings);
    expect([scanSerial.gap!.threads, scanThreaded.gap!.threads]).toEqual([1, 2]);
    expect(scanThreaded.gap!.entries.map((e) => bits([e.gap, e.sd]))).toEqual(scanSerial.gap!.entries.map((e) => bits([e.gap, e.sd])));
  });

  it('segmentCsvInWorker gives segmentCsv()\'s model, labelled CSV and charts, with phase progress', async () => {
    const text = readFileSync(MALL_CSV, 'utf8');
    const options = { features: ['Annual Income (k$)', 'Spending Score (1-100)'] };
    const here = await segmentCsv(text, 'mall_customers.csv', options);
    const phases = new Set<string>();
    const there = await segmint.segmentCsvInWorker(text, 'mall_customers.csv', { ...options, onProgress: (p) => phases.add(p.phase) });
    expect(there.modelJson).toBe(here.modelJson);
    expect(there.labelledCsv).toBe(here.labelledCsv);
    expect(there.charts).toEqual(here.charts);
    expect([...phases]).toEqual(['read', 'prepare', 'scan', 'charts', 'write']);
  });

  it('an AbortSignal ends the worker: before the call, or in the middle of a scan', async () => {
    const aborted = AbortSignal.abort();
    await expect(segmint.fitInWorker(rows, 5, { signal: aborted })).rejects.toMatchObject({ name: 'AbortError' });

    const controller = new AbortController();
    const data = blobs(30_000, 8, 8, 5);
    let steps = 0;
    const started = Date.now();
    const scan = segmint.scanInWorker(data, {
      nFeatures: 8,
      seed: 0,
      signal: controller.signal,
      onProgress: () => {
        if (++steps === 2) controller.abort();
      },
    });
    await expect(scan).rejects.toMatchObject({ name: 'AbortError' });
    expect(steps).toBe(2);
    // The whole scan takes many seconds; the abort ends it at once.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an unknown option whose value is a function is named on the calling side, not a DataCloneError', async () => {
    const error = await segmint.fitInWorker(rows, 5, { seed: 0, onDone: () => {} } as object).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SegmintError', code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/^unknown option "onDone" for fitInWorker/) });
  });

  it('a SegmintError thrown in the worker arrives as a SegmintError with its code and message', async () => {
    const error = await segmint.fitInWorker(rows, 500, { seed: 0 }).catch((e: unknown) => e);
    expect(segmint.isSegmintError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringContaining('k=500') });
    const csvError = await segmint.segmentCsvInWorker('a,b\n1,x\n2,3\n', 'bad.csv').catch((e: unknown) => e);
    expect(csvError).toMatchObject({ code: 'ERR_INVALID_DATA', message: expect.stringMatching(/^bad\.csv, line 2, column "b" \(2\): expected a number, got "x"/) });
    // Options are checked in the worker, by segmentCsv: signal and onProgress stay with the caller.
    const optionError = await segmint.segmentCsvInWorker('a,b\n1,2\n3,4\n', 'm.csv', { scale: 'zscore' as never, onProgress: () => {} }).catch((e: unknown) => e);
    expect(optionError).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: 'unknown scale "zscore"; expected one of standard, minmax, robust, none' });
    const nameError = await segmint.segmentCsvInWorker('a,b\n1,2\n3,4\n', 'm.csv', { kk: 3 } as never).catch((e: unknown) => e);
    expect(nameError).toMatchObject({ code: 'ERR_INVALID_ARGUMENT', message: expect.stringMatching(/^unknown option "kk" for segmentCsv/) });
  });
});
