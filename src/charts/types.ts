// Chart configurations as plain, JSON-serialisable data: no functions, no class instances, so a
// configuration built in a worker can be posted to the page, saved, or embedded in a report.
//
// These types describe the subset of Chart.js 4's configuration segmint uses. They are written
// out here rather than imported from 'chart.js' so the library's core imports no package (not
// even types); the renderers, which do import Chart.js, check at compile time that every
// ChartConfig is a valid Chart.js configuration (see chartjs.ts).

export interface ChartFont {
  family: string;
  size: number;
  weight: number;
  lineHeight?: number;
}

export interface ChartPoint {
  x: number;
  y: number;
}

export type PointStyle = 'circle' | 'rect' | 'rectRot' | 'rectRounded' | 'triangle' | 'star' | 'cross' | 'crossRot' | 'line';

interface DatasetBase {
  label: string;
  /** Drawing order: lower is drawn on top. */
  order?: number;
  xAxisID?: string;
  yAxisID?: string;
}

export interface LineDataset extends DatasetBase {
  type: 'line';
  data: ChartPoint[];
  borderColor: string;
  backgroundColor: string;
  borderWidth: number;
  borderDash?: number[];
  pointRadius: number;
  pointStyle?: PointStyle;
  pointBackgroundColor?: string;
  pointBorderColor?: string;
  pointBorderWidth?: number;
  /** 'origin' fills the area between the line and zero. */
  fill: 'origin' | false;
  tension?: number;
  /** Where the line ends between two points; false for straight segments. */
  stepped?: false | 'before' | 'after' | 'middle';
  spanGaps?: boolean;
  /** false draws past the plot area, so points at its edges are whole. */
  clip?: false;
}

export interface ScatterDataset extends DatasetBase {
  type: 'scatter';
  data: ChartPoint[];
  backgroundColor: string;
  borderColor: string;
  borderWidth: number;
  pointRadius: number;
  pointStyle: PointStyle;
  /** Degrees the marker is turned by (a triangle turned 180° points down). */
  pointRotation?: number;
}

export interface BarDataset extends DatasetBase {
  type: 'bar';
  data: number[];
  backgroundColor: string | string[];
  borderColor?: string | string[];
  borderWidth?: number;
  barPercentage?: number;
  categoryPercentage?: number;
}

export type ChartDataset = LineDataset | ScatterDataset | BarDataset;

export interface ChartTitle {
  display: boolean;
  text: string | string[];
  color: string;
  font: ChartFont;
  padding: { top: number; bottom: number };
  align?: 'start' | 'center' | 'end';
}

export interface ChartAxis {
  type: 'linear' | 'category';
  position?: 'left' | 'right' | 'top' | 'bottom';
  /** Category axes only: the categories, in order. */
  labels?: string[];
  min?: number;
  max?: number;
  suggestedMin?: number;
  suggestedMax?: number;
  beginAtZero?: boolean;
  /** Category axes: leave half a category of room at each end (bars); false for lines. */
  offset?: boolean;
  title: { display: boolean; text: string; color: string; font: ChartFont; padding?: number };
  ticks: {
    display?: boolean;
    color: string;
    font: ChartFont;
    stepSize?: number;
    precision?: number;
    autoSkip?: boolean;
    maxRotation?: number;
    padding?: number;
  };
  grid: { display: boolean; color: string; drawOnChartArea?: boolean };
  border: { display: boolean; color: string };
}

export interface ChartLegend {
  display: boolean;
  position: 'top' | 'bottom' | 'left' | 'right';
  align?: 'start' | 'center' | 'end';
  labels: {
    color: string;
    font: ChartFont;
    usePointStyle?: boolean;
    boxWidth?: number;
    boxHeight?: number;
    padding?: number;
  };
}

/** A straight line across the plot at one value of an axis, with an optional label (segmint's annotation plugin). */
export interface ReferenceLine {
  /** The id of the scale the value is on, e.g. 'x' or 'y'. */
  scaleID: string;
  value: number;
  color: string;
  width: number;
  dash: number[];
  label?: string;
  /** Where along the line the label sits. */
  labelPosition?: 'start' | 'end';
}

/** Options of segmint's own Chart.js plugins (registered by both renderers; see chartjs.ts). */
export interface SegmintPluginOptions {
  /** Paints the whole canvas first, so PNGs are not transparent. */
  segmintBackground?: { color: string };
  /** Lines across the plot. */
  segmintReferenceLines?: { lines: ReferenceLine[]; font: ChartFont };
  /** Text at the end of each bar of the given dataset: each value, and its share of `total`. */
  segmintBarValues?: { datasetIndex: number; total: number; color: string; font: ChartFont };
  /** Text beside each point of the given dataset: labels[i] at point i, on a white box. */
  segmintPointLabels?: { datasetIndex: number; labels: string[]; color: string; font: ChartFont };
}

export interface ChartOptions {
  responsive: false;
  animation: false;
  maintainAspectRatio: false;
  /** 'y' turns bars horizontal. */
  indexAxis?: 'x' | 'y';
  layout: { padding: { top: number; right: number; bottom: number; left: number } };
  scales: Record<string, ChartAxis>;
  plugins: SegmintPluginOptions & {
    title: ChartTitle;
    subtitle: ChartTitle;
    legend: ChartLegend;
    /** Static images: no tooltips. */
    tooltip: { enabled: boolean };
  };
}

export interface ChartConfig {
  type: 'line' | 'bar' | 'scatter';
  data: { labels?: string[]; datasets: ChartDataset[] };
  options: ChartOptions;
}

/** The charts segmint draws; also the file names the CLI writes them under (`<id>.png`). */
export const CHART_IDS = ['sizes', 'profiles', 'scatter', 'silhouette', 'elbow'] as const;
export type ChartId = (typeof CHART_IDS)[number];

/** One chart: its configuration and the size (CSS pixels) it is designed for. */
export interface ChartSpec {
  id: ChartId;
  /** The chart's title, also usable as a caption. */
  title: string;
  /** One or two sentences saying what the chart shows: alt text and report caption. */
  description: string;
  width: number;
  height: number;
  config: ChartConfig;
}
