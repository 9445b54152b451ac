import { invalidArgument } from '../errors.js';
import { segmentColour, segmentEdge } from './palette.js';
import { axis, baseOptions, CHART_SIZE, formatNumber, formatShare, legend, segmentLabel } from './theme.js';
import type { ChartSpec } from './types.js';

export interface SizesData {
  /** Customers in each segment. */
  sizes: readonly number[];
  /** One name per segment, aligned with sizes. */
  segmentNames: readonly string[];
}

/**
 * Segment sizes: one horizontal bar per segment in its colour, labelled with its count and
 * share. The segments' names are on the axis, so the chart needs no legend.
 */
export function sizesChart(data: SizesData): ChartSpec {
  const k = data.segmentNames.length;
  if (data.sizes.length !== k || data.sizes.some((size) => !Number.isInteger(size) || size < 0)) {
    throw invalidArgument(`sizes must be ${k} counts (one per segment name), integers >= 0`);
  }
  const total = data.sizes.reduce((sum, size) => sum + size, 0);
  const share = (size: number): string => (total > 0 ? ` (${formatShare(size / total)})` : '');
  const title = 'Segment sizes';
  return {
    id: 'sizes',
    title,
    description: `${title}, of ${formatNumber(total)} customers: ${data.sizes.map((size, s) => `segment ${s + 1}, ${formatNumber(size)}${share(size)}`).join('; ')}.`,
    width: CHART_SIZE.width,
    height: Math.max(320, 150 + k * 46),
    config: {
      type: 'bar',
      data: {
        labels: data.segmentNames.map((_, s) => segmentLabel(data.segmentNames, s)),
        datasets: [
          {
            type: 'bar',
            label: 'customers',
            data: data.sizes.slice(),
            backgroundColor: data.sizes.map((_, s) => segmentColour(s)),
            borderColor: data.sizes.map((_, s) => segmentEdge(s)),
            borderWidth: 1,
            barPercentage: 0.8,
            categoryPercentage: 0.9,
          },
        ],
      },
      options: baseOptions({
        title,
        subtitle: [`${formatNumber(total)} customers in ${k} segments`],
        width: CHART_SIZE.width,
        legend: legend(false),
        indexAxis: 'y',
        scales: {
          // Room past the longest bar for its label.
          x: axis('customers', { beginAtZero: true, suggestedMax: Math.max(...data.sizes) * 1.15, precision: 0 }),
          y: axis('', { type: 'category', grid: false }),
        },
        barValues: { datasetIndex: 0, total },
      }),
    },
  };
}
