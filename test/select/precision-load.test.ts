// precision 'f32' in a fresh module context (vitest isolates each file): the selection methods
// must load every build they use themselves (the f32 kernels for the fits, the f64 ones for the
// metrics), not rely on an earlier call having loaded them.
import { expect, it } from 'vitest';
import { gapStatistic } from '../../src/select/gap.js';
import { scanK } from '../../src/select/scan.js';
import { blobs } from '../helpers/data.js';

const data = blobs(400, 3, 3, 17);

it("gapStatistic and scanK with precision 'f32' load what they need", async () => {
  const gap = await gapStatistic(data, { nFeatures: 3, kMax: 4, precision: 'f32', nInit: 2 });
  expect(gap.entries).toHaveLength(4);
  const scan = await scanK(data, { nFeatures: 3, kMax: 4, precision: 'f32', nInit: 2, gap: false });
  expect(scan.warnings).toEqual([]);
  expect(scan.entries.every((entry) => entry.silhouette !== undefined && entry.fit.options.precision === 'f32')).toBe(true);
});
