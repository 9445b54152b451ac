// The Mall Customers segmentation the CLI makes (prepare, k-means, segments numbered largest
// first), as the inputs of src/charts and src/report: shared by the chart, report and browser tests.
import { readFileSync } from 'node:fs';
import type { KSelection } from '../../src/charts/elbow.js';
import type { ChartSpec } from '../../src/charts/types.js';
import { numberSegments } from '../../src/pipeline/segment.js';
import { readCsvText } from '../../src/data/csv.js';
import { applyPreparation, fitPreparation, type PreparedData, type Preparation, toOriginalUnits } from '../../src/data/prepare.js';
import { kmeans } from '../../src/kmeans/kmeans.js';
import type { KMeansResult } from '../../src/kmeans/types.js';
import { segmentCharts, type Segmentation } from '../../src/report/charts.js';
import { kSelectionOf } from '../../src/report/k-selection.js';
import { nameSegments } from '../../src/report/names.js';
import { profileSegments, type SegmentProfiles } from '../../src/report/profile.js';
import { scanK } from '../../src/select/scan.js';
import { silhouette } from '../../src/select/silhouette.js';
import { MALL_CSV } from '../helpers/data.js';

/** Columns of mall_customers.csv (0-based): CustomerID, Genre, Age, Annual Income (k$), Spending Score (1-100). */
export const MALL_COLUMNS = { genre: 1, age: 2, income: 3, spending: 4 } as const;

export interface MallSegmentation {
  segmentation: Segmentation;
  data: PreparedData;
  preparation: Preparation;
  result: KMeansResult;
  profiles: SegmentProfiles;
  names: string[];
  /** Each segment's centre in the features' own units, in segment order. */
  centres: number[][];
}

/** Segments the Mall data on the given columns as `segmint fit` does (standard scaling, seed 0). */
export async function mallSegmentation(columns: readonly number[] = [MALL_COLUMNS.income, MALL_COLUMNS.spending], k = 5): Promise<MallSegmentation> {
  const table = readCsvText(readFileSync(MALL_CSV, 'utf8'), 'mall_customers.csv', { keep: () => columns });
  const { preparation } = fitPreparation(table, columns, { scale: 'standard' });
  const data = applyPreparation(preparation, table);
  const result = await kmeans(data.matrix, k, { nFeatures: data.nFeatures, seed: 0 });
  const { segments, segmentOfLabel } = numberSegments(result, toOriginalUnits(preparation, result.centroids));
  const segmentation: Segmentation = {
    matrix: data.matrix,
    nFeatures: data.nFeatures,
    labels: Int32Array.from(result.labels, (label) => segmentOfLabel[label]! - 1),
    k,
    preparation,
    centroids: segments.map((segment) => segment.scaledCentroid),
  };
  const profiles = profileSegments(segmentation);
  return { segmentation, data, preparation, result, profiles, names: nameSegments(profiles), centres: segments.map((s) => s.centroid) };
}

/** The k scan of the segmentation's matrix, k = 2..10 (without the gap statistic, to stay quick). */
export async function mallKSelection(mall: MallSegmentation): Promise<KSelection> {
  const { matrix, nFeatures } = mall.segmentation;
  return kSelectionOf(await scanK(matrix, { nFeatures, seed: 0, kMin: 2, kMax: 10, gap: false }));
}

/** Every chart of the Mall k=5 segmentation on income and spending, with a silhouette and a small k table. */
export async function mallCharts(): Promise<{ mall: MallSegmentation; charts: ChartSpec[] }> {
  const mall = await mallSegmentation();
  const { segmentation, profiles, names } = mall;
  const scored = await silhouette(segmentation.matrix, segmentation.labels, { nFeatures: segmentation.nFeatures });
  const charts = segmentCharts({
    segmentation,
    profiles,
    names,
    silhouette: scored,
    kSelection: await mallKSelection(mall),
  });
  return { mall, charts };
}
