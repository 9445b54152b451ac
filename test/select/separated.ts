import { Random } from '../../src/kmeans/random.js';

/**
 * nSamples rows around k centres at the vertices of a regular simplex (centre c is 15 along
 * feature c, so nFeatures = k and every two centres are 15√2 ≈ 21 apart), with standard normal
 * noise: k well separated clusters with no structure among them (no pairs or rows of clusters
 * that could pass for fewer clusters), so every criterion should find k. Returns the row-major
 * rows and each row's true cluster.
 */
export function separatedBlobs(nSamples: number, k: number, seed: number): { values: Float64Array; truth: Int32Array } {
  const random = new Random(seed);
  const values = new Float64Array(nSamples * k);
  const truth = new Int32Array(nSamples);
  for (let i = 0; i < nSamples; i++) {
    const c = i % k;
    truth[i] = c;
    for (let f = 0; f < k; f++) {
      const u = 1 - random.nextFloat();
      const v = random.nextFloat();
      values[i * k + f] = (f === c ? 15 : 0) + Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
  return { values, truth };
}
