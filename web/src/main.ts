// The segmint demo app: a CSV file in, segments out, all in the page. Parsing, preparation,
// k selection and k-means run in a Web Worker (segmint's worker API) with the library's own
// pipeline, so the results are those of `segmint fit` with the same options, bit for bit.
import {
  type ChartSpec,
  type ColumnSummary,
  type CsvInspection,
  type CsvSegmentation,
  type DecimalMark,
  CLIP_LIMIT,
  formatShare,
  formatValues,
  type ImputeMethod,
  inspectCsvInWorker,
  type PhaseProgress,
  renderChart,
  reportHtml,
  type ScaleMethod,
  SEGMENT_COLOURS,
  type SegmentCsvOptions,
  segmentFeatureCells,
  segmentHighlights,
  segmentCsvInWorker,
  VERSION,
} from 'segmint/browser';
import mallCsv from '../../data/mall_customers.csv?raw';
import './style.css';

/** The bundled sample and the settings `segmint demo` uses on it. */
const SAMPLE = {
  source: 'mall_customers.csv',
  text: mallCsv,
  features: ['Annual Income (k$)', 'Spending Score (1-100)'],
};

/** Larger files than this are refused (the whole text is held in memory twice). */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

type Use = 'none' | 'number' | 'category';

interface Loaded {
  text: string;
  source: string;
  /** The decimal mark it was read with, when chosen (else its separator's). */
  decimal: DecimalMark | undefined;
  inspection: CsvInspection;
  /** How each column (by index) is used. */
  uses: Use[];
}

interface Drawn {
  spec: ChartSpec;
  canvas: HTMLCanvasElement;
  destroy(): void;
}

const state: {
  loaded: Loaded | undefined;
  running: AbortController | undefined;
  result: CsvSegmentation | undefined;
  /** The options the result was made with. */
  options: SegmentCsvOptions | undefined;
  charts: Drawn[];
} = { loaded: undefined, running: undefined, result: undefined, options: undefined, charts: [] };

/** For scripting and tests: the current file, the last result and its charts' configurations. */
(window as unknown as { segmintApp: unknown }).segmintApp = {
  get inspection() {
    return state.loaded?.inspection;
  },
  get result() {
    return state.result;
  },
  get busy() {
    return state.running !== undefined;
  },
};

function element<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`the page has no #${id}`);
  return found as T;
}

const ui = {
  dropZone: element('drop-zone'),
  fileInput: element<HTMLInputElement>('file-input'),
  sampleButton: element<HTMLButtonElement>('sample-button'),
  fileInfo: element('file-info'),
  decimal: element<HTMLSelectElement>('decimal'),
  error: element('error'),
  settingsError: element('settings-error'),
  columnsTable: element<HTMLTableElement>('columns-table'),
  form: element<HTMLFormElement>('settings'),
  scale: element<HTMLSelectElement>('scale'),
  impute: element<HTMLSelectElement>('impute'),
  constantField: element('constant-field'),
  imputeConstant: element<HTMLInputElement>('impute-constant'),
  encode: element<HTMLSelectElement>('encode'),
  kAuto: element<HTMLInputElement>('k-auto'),
  kFixed: element<HTMLInputElement>('k-fixed'),
  kValue: element<HTMLInputElement>('k-value'),
  seed: element<HTMLInputElement>('seed'),
  nInit: element<HTMLInputElement>('n-init'),
  clip: element<HTMLInputElement>('clip'),
  runButton: element<HTMLButtonElement>('run-button'),
  cancelButton: element<HTMLButtonElement>('cancel-button'),
  progress: element('progress'),
  progressBar: element<HTMLProgressElement>('progress-bar'),
  status: element('status'),
  results: element('results'),
  resultsEmpty: element('results-empty'),
  resultsBody: element('results-body'),
  summary: element('summary'),
  segmentsTable: element<HTMLTableElement>('segments-table'),
  reasons: element<HTMLDetailsElement>('k-reasons'),
  charts: element('charts'),
  command: element('command'),
  warnings: element('warnings'),
};

// ---------------------------------------------------------------------------------------------
// Small helpers

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const integer = new Intl.NumberFormat('en-US');

function plural(n: number, one: string, many = `${one}s`): string {
  return `${integer.format(n)} ${n === 1 ? one : many}`;
}

function isAbort(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'AbortError';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function showError(title: string, detail?: string): void {
  ui.error.replaceChildren(h('p', { textContent: title }), ...(detail ? [h('p', { textContent: detail })] : []));
  ui.error.hidden = false;
}

/** A setting that cannot be used: said beside the button that ran it, with the field marked and focused. */
class SettingError extends Error {
  constructor(
    message: string,
    readonly field?: HTMLElement,
  ) {
    super(message);
  }
}

function showSettingError(error: SettingError): void {
  ui.settingsError.replaceChildren(h('p', { textContent: error.message }));
  ui.settingsError.hidden = false;
  if (error.field) {
    error.field.setAttribute('aria-invalid', 'true');
    error.field.setAttribute('aria-describedby', 'settings-error');
    // Advanced settings sit in a closed <details>: open it so the field can take the focus.
    const details = error.field.closest('details');
    if (details) details.open = true;
    error.field.focus();
  }
}

function clearError(): void {
  ui.error.hidden = true;
  ui.error.replaceChildren();
  ui.settingsError.hidden = true;
  ui.settingsError.replaceChildren();
  // The columns table's selects are outside the form, and can be marked too.
  for (const field of document.querySelectorAll('[aria-invalid]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
}

function download(name: string, content: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h('a', { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The canvas as a PNG file. Through an OffscreenCanvas where there is one: Chromium runs a
 * canvas's toBlob() in idle time, which can take seconds on a busy page.
 */
async function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  if (typeof OffscreenCanvas === 'function') {
    const copy = new OffscreenCanvas(canvas.width, canvas.height);
    copy.getContext('2d')!.drawImage(canvas, 0, 0);
    return copy.convertToBlob({ type: 'image/png' });
  }
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the chart could not be encoded as PNG'))), 'image/png'));
}

// ---------------------------------------------------------------------------------------------
// Progress and busy state

const PHASES: Record<PhaseProgress['phase'], string> = {
  read: 'Reading the file',
  prepare: 'Preparing the features',
  scan: 'Trying k = 2 to 10',
  fit: 'Fitting k-means',
  silhouette: 'Scoring how well rows fit their segments',
  charts: 'Making the charts',
  write: 'Labelling the rows',
};

/** The element that had the focus when the busy state began, to give it back after. */
let focusBeforeBusy: Element | null = null;

function setBusy(busy: boolean): void {
  // The controls a run disables. The decimal mark too: the loaded file's would no longer match
  // the menu, so it changes between runs only.
  const controls: (HTMLButtonElement | HTMLInputElement | HTMLSelectElement)[] = [ui.runButton, ui.sampleButton, ui.fileInput, ui.decimal];
  // A control that is disabled while it has the focus drops it to the page: keyboard and
  // screen-reader users would lose their place. The Cancel button (shown first) holds it meanwhile.
  ui.cancelButton.hidden = !busy;
  if (busy) {
    focusBeforeBusy = document.activeElement;
    if ((controls as Element[]).includes(document.activeElement!)) ui.cancelButton.focus();
  }
  for (const control of controls) control.disabled = busy;
  ui.progress.hidden = !busy;
  if (busy) ui.progressBar.removeAttribute('value');
  else if (document.activeElement === ui.cancelButton || document.activeElement === document.body) {
    (focusBeforeBusy instanceof HTMLElement && !focusBeforeBusy.hasAttribute('disabled') ? focusBeforeBusy : ui.runButton).focus();
  }
}

/** Before the first result, the results area says what is being done (the status line is further down the sidebar). */
function showPlaceholder(text: string): void {
  if (!state.result) ui.resultsEmpty.textContent = text;
}

function showProgress(progress: PhaseProgress): void {
  const label = PHASES[progress.phase];
  showPlaceholder(`${label}…`);
  // The status line is read out when it changes: it says each phase once, and the progress bar
  // (which says its own value) counts within it. A percentage there was read out 100 times a run.
  if (ui.status.textContent !== `${label}…`) ui.status.textContent = `${label}…`;
  if (progress.total > 1) {
    ui.progressBar.max = progress.total;
    ui.progressBar.value = progress.done;
  } else {
    ui.progressBar.removeAttribute('value');
  }
}

/**
 * Threads for k-means: every core, when the page is cross-origin isolated (`segmint serve` sends
 * the headers); elsewhere one. The segments are the same either way.
 */
// kmeans and scanK take at most 256 threads.
const THREADS = globalThis.crossOriginIsolated === true ? Math.min(256, Math.max(1, navigator.hardwareConcurrency || 1)) : undefined;

/** Runs one worker task with the busy state, cancellation and progress wired up. */
async function task<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  state.running?.abort();
  const controller = new AbortController();
  state.running = controller;
  setBusy(true);
  try {
    return await run(controller.signal);
  } finally {
    if (state.running === controller) {
      state.running = undefined;
      setBusy(false);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 1. Data: reading a file and showing its columns

const KIND_LABELS: Record<ColumnSummary['kind'], string> = {
  numeric: 'Numbers',
  categorical: 'Text',
  empty: 'Empty',
  mixed: 'Numbers and text',
};

function describeValues(column: ColumnSummary): string {
  if (column.kind === 'numeric' && column.min !== undefined && column.max !== undefined) {
    const [min, max] = formatValues([column.min, column.max]);
    return `${min} to ${max}`;
  }
  if (column.kind === 'mixed') return `${integer.format(column.numbers)} numbers, ${integer.format(column.texts)} texts`;
  if (column.kind === 'categorical') return column.categories === undefined ? 'over 1,000 distinct' : plural(column.categories, 'category', 'categories');
  return 'every value missing';
}

function useOptions(column: ColumnSummary): Use[] {
  switch (column.kind) {
    case 'numeric':
      return ['none', 'number', 'category'];
    case 'mixed':
      return ['none', 'number', 'category'];
    case 'categorical':
      return column.categories === undefined ? ['none'] : ['none', 'category'];
    default:
      return ['none'];
  }
}

const USE_LABELS: Record<Use, string> = { none: 'Not used', number: 'Number', category: 'Category' };

function renderColumns(loaded: Loaded): void {
  const body = ui.columnsTable.tBodies[0]!;
  body.replaceChildren(
    ...loaded.inspection.columns.map((column) => {
      const select = h('select', { id: `use-${column.index}` });
      select.setAttribute('aria-label', `Use column ${column.name} as`);
      for (const use of useOptions(column)) select.append(h('option', { value: use, textContent: USE_LABELS[use], selected: loaded.uses[column.index] === use }));
      select.disabled = select.options.length === 1;
      const row = h(
        'tr',
        {},
        h(
          'td',
          {},
          h('span', { className: 'column-name', textContent: column.name }),
          h('span', { className: 'note', textContent: `${KIND_LABELS[column.kind]} · ${describeValues(column)}` }),
          ...(column.skipped ? [h('span', { className: 'note', textContent: `Left out automatically: ${column.skipped}` })] : []),
        ),
        h('td', { className: `number${column.missing > 0 ? ' has-missing' : ''}`, textContent: integer.format(column.missing) }),
        h('td', {}, select),
      );
      row.classList.toggle('used', loaded.uses[column.index] !== 'none');
      select.addEventListener('change', () => {
        loaded.uses[column.index] = select.value as Use;
        row.classList.toggle('used', select.value !== 'none');
      });
      return row;
    }),
  );
  ui.columnsTable.hidden = false;
  element('columns-heading').hidden = false;
}

/** Whether the clip field holds a file's automatic clip (inspection.autoClip), and whether the user typed one. */
let clipPrefilled = false;
let clipSetByUser = false;

/** Reads and describes a CSV text in the worker; `features` pre-selects columns (default: automatic selection). */
async function loadText(text: string, source: string, features?: readonly string[]): Promise<boolean> {
  clearError();
  ui.fileInfo.textContent = `Reading ${source}…`;
  try {
    const decimal = (ui.decimal.value || undefined) as DecimalMark | undefined;
    const inspection = await task((signal) => inspectCsvInWorker(text, source, { ...(decimal && { decimal }), signal, onProgress: showProgress }));
    const chosen = new Set(features ?? inspection.autoFeatures);
    // The clip the CLI's automatic selection uses with these features (segmint rfm's table), unless
    // the user set one; a clip put there for an earlier file goes with it.
    const wanted = features === undefined ? inspection.autoClip : undefined;
    if (wanted !== undefined && !clipSetByUser) {
      ui.clip.value = String(wanted);
      clipPrefilled = true;
    } else if (wanted === undefined && clipPrefilled) {
      ui.clip.value = '0';
      clipPrefilled = false;
    }
    const uses = inspection.columns.map((column): Use => {
      if (!chosen.has(column.name)) return 'none';
      return column.kind === 'categorical' ? 'category' : 'number';
    });
    state.loaded = { text, source, decimal, inspection, uses };
    ui.fileInfo.textContent = `${source}: ${plural(inspection.rows, 'row')}, ${plural(inspection.columns.length, 'column')}, separated by ${delimiterName(inspection.delimiter)}.`;
    ui.status.textContent = '';
    renderColumns(state.loaded);
    return true;
  } catch (error) {
    showPlaceholder('The segments appear here.');
    if (isAbort(error)) return false;
    ui.fileInfo.textContent = state.loaded ? `Still using ${state.loaded.source}.` : '';
    ui.status.textContent = '';
    showError(`Could not read ${source}.`, messageOf(error));
    return false;
  }
}

function delimiterName(delimiter: string): string {
  return { ',': 'commas', '\t': 'tabs', ';': 'semicolons', '|': 'vertical bars' }[delimiter] ?? JSON.stringify(delimiter);
}

async function loadFile(file: File): Promise<void> {
  if (file.size > MAX_FILE_BYTES) {
    showError(`Could not read ${file.name}.`, `It is ${Math.round(file.size / 1024 / 1024)} MB; this page reads files up to ${MAX_FILE_BYTES / 1024 / 1024} MB (the command line streams files of any size).`);
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    showError(`Could not read ${file.name}.`, messageOf(error));
    return;
  }
  await loadText(text, file.name);
}

// ---------------------------------------------------------------------------------------------
// 2. Settings → options, and running the segmentation

function readOptions(loaded: Loaded): SegmentCsvOptions {
  const columns = loaded.inspection.columns;
  const used = columns.filter((column) => loaded.uses[column.index] !== 'none');
  if (used.length === 0) throw new SettingError('Choose at least one column to segment by (set "Use as" in the columns table).', ui.columnsTable.querySelector<HTMLElement>('select:not(:disabled)') ?? undefined);
  const imputeChoice = ui.impute.value;
  let impute: ImputeMethod | undefined;
  if (imputeChoice === 'constant') impute = { constant: ui.imputeConstant.value.trim() };
  else if (imputeChoice !== '') impute = imputeChoice as ImputeMethod;
  const k = ui.kFixed.checked ? Number(ui.kValue.value) : 'auto';
  if (k !== 'auto' && !(Number.isInteger(k) && k >= 1)) throw new SettingError(`The number of segments must be a whole number of at least 1, not "${ui.kValue.value}".`, ui.kValue);
  const seed = Number(ui.seed.value);
  const nInit = Number(ui.nInit.value);
  const clip = Number(ui.clip.value);
  if (!(Number.isInteger(seed) && seed >= 0)) throw new SettingError(`The random seed must be a whole number of at least 0, not "${ui.seed.value}".`, ui.seed);
  if (!(Number.isInteger(nInit) && nInit >= 1)) throw new SettingError(`The number of runs must be a whole number of at least 1, not "${ui.nInit.value}".`, ui.nInit);
  if (!(clip >= 0 && clip < CLIP_LIMIT)) throw new SettingError(`The clipping quantile must be at least 0 and below ${CLIP_LIMIT}, not "${ui.clip.value}".`, ui.clip);
  return {
    ...(loaded.decimal && { decimal: loaded.decimal }),
    features: used.map((column) => column.name),
    // Numbers treated as categories must be declared; text columns are categories anyway.
    categorical: used.filter((column) => loaded.uses[column.index] === 'category' && column.kind !== 'categorical').map((column) => column.name),
    scale: ui.scale.value as ScaleMethod,
    encode: ui.encode.value as 'onehot' | 'ordinal',
    ...(impute !== undefined ? { impute } : {}),
    k,
    seed,
    nInit,
    // 0 is the default: left out, so the command line shown is the CLI's shortest.
    ...(clip > 0 ? { clip } : {}),
  };
}

/** Segments the loaded file with the settings in the form, or with the given options (a rename reruns the last run's). */
async function runSegmentation(given?: SegmentCsvOptions, moveFocus = true): Promise<void> {
  const loaded = state.loaded;
  if (!loaded) {
    showError('Choose a CSV file first.');
    return;
  }
  clearError();
  // An earlier run's "Done" would read as this attempt's outcome.
  ui.status.textContent = '';
  let options: SegmentCsvOptions;
  try {
    options = given ?? readOptions(loaded);
  } catch (error) {
    if (error instanceof SettingError) showSettingError(error);
    else showError('Cannot segment yet.', messageOf(error));
    return;
  }
  const started = performance.now();
  try {
    const result = await task((signal) => segmentCsvInWorker(loaded.text, loaded.source, { ...options, threads: THREADS, signal, onProgress: showProgress }));
    state.result = result;
    state.options = options;
    ui.status.textContent = 'Drawing the charts…';
    await renderResults(result);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    ui.status.textContent = `Done in ${seconds} s: ${plural(result.model.k, 'segment')} of ${plural(result.usedRows, 'row')}.`;
    // To the results, which the keyboard would otherwise reach only past the whole form; not for
    // the sample a first visit shows, which would scroll the page past the form it opens on.
    if (moveFocus) ui.results.focus();
  } catch (error) {
    showPlaceholder('The segments appear here.');
    if (isAbort(error)) {
      ui.status.textContent = 'Cancelled.';
      return;
    }
    ui.status.textContent = '';
    showError(`Could not segment ${loaded.source}.`, messageOf(error));
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Results

function nameInput(id: number, name: string): HTMLInputElement {
  const input = h('input', { type: 'text', className: 'name-input', value: name, maxLength: 60, id: `name-${id}` });
  input.setAttribute('aria-label', `Name of segment ${id}`);
  // Wide enough for the whole name (at most 60 characters): a cut name hid its end.
  input.style.minWidth = `${Math.max(14, name.length + 3)}ch`;
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') void renameSegments();
  });
  return input;
}

/** Reruns the last segmentation with the names typed into the table, as `segmint fit --names` does. */
async function renameSegments(): Promise<void> {
  const result = state.result;
  if (!result || !state.options || state.running) return;
  const given: Record<string, string> = { ...(state.options.names as Record<string, string> | undefined) };
  let changed = false;
  result.names.forEach((name, i) => {
    const typed = ui.segmentsTable.querySelector<HTMLInputElement>(`#name-${i + 1}`)?.value.trim() ?? name;
    if (typed !== name) {
      given[String(i + 1)] = typed;
      changed = true;
    }
  });
  if (!changed) {
    ui.status.textContent = 'No name was changed: edit a name in the table first.';
    return;
  }
  await runSegmentation({ ...state.options, names: given });
}

function renderSegmentsTable(result: CsvSegmentation): void {
  const { model } = result;
  const head = h('tr', {}, ...['Segment', 'Name', 'Rows', 'Share'].map((title, i) => h('th', { scope: 'col', className: i >= 2 ? 'number' : '', textContent: title })));
  for (const feature of model.features) head.append(h('th', { scope: 'col', className: 'number', textContent: feature }));
  head.append(h('th', { scope: 'col', textContent: 'What sets it apart (segment; all rows)' }));
  // As the report says it: the most distinctive features, the segment's mean or share beside all rows'.
  const highlights = segmentHighlights(result.profiles);
  ui.segmentsTable.tHead!.replaceChildren(head);
  // The CLI's cells: one number of decimals per feature, ordinal columns by their categories.
  const cells = segmentFeatureCells(model.segments, result.profiles);
  ui.segmentsTable.tBodies[0]!.replaceChildren(
    ...model.segments.map((segment, i) => {
      const swatch = h('span', { className: 'swatch' });
      swatch.style.background = SEGMENT_COLOURS[i % SEGMENT_COLOURS.length]!;
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, swatch, String(segment.id)),
        h('td', {}, nameInput(segment.id, segment.name)),
        h('td', { className: 'number', textContent: integer.format(segment.size) }),
        h('td', { className: 'number', textContent: formatShare(segment.size / result.usedRows) }),
        ...cells.map((column) => h('td', { className: 'number', textContent: column[i]! })),
        h('td', { className: 'highlights', textContent: highlights[i]!.length > 0 ? highlights[i]!.join('; ') : 'close to the average on every feature' }),
      );
    }),
  );
}

function summaryText(result: CsvSegmentation): string {
  const { model, kSelection } = result;
  const rows = result.usedRows === result.rows ? plural(result.rows, 'row') : `${integer.format(result.usedRows)} of ${plural(result.rows, 'row')} (the others have missing values)`;
  const how = kSelection ? `k = ${model.k} chosen automatically` : `k = ${model.k} as set`;
  const silhouette = result.silhouette === undefined ? '' : `, mean silhouette ${result.silhouette.toFixed(3)}`;
  return `${plural(model.k, 'segment')} of ${rows} in ${result.source}, by ${result.featureColumns.join(', ')} (${model.preparation.scale} scaling); ${how}${silhouette}.`;
}

async function renderCharts(specs: readonly ChartSpec[]): Promise<void> {
  for (const drawn of state.charts) drawn.destroy();
  state.charts = [];
  ui.charts.replaceChildren();
  for (const spec of specs) {
    const canvas = h('canvas', { id: `chart-${spec.id}` });
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', spec.description);
    const button = h('button', { type: 'button', className: 'button', textContent: 'PNG' });
    button.setAttribute('aria-label', `Download the chart “${spec.title}” as PNG`);
    // Sideways scrolling on a narrow screen, where the chart keeps a width its text can be read at.
    const area = h('div', { className: 'table-scroll chart-area', tabIndex: 0 }, canvas);
    area.setAttribute('role', 'region');
    area.setAttribute('aria-label', spec.title);
    const figure = h('figure', { className: 'chart' }, area, h('figcaption', {}, h('span', { textContent: spec.description }), button));
    figure.dataset.chart = spec.id;
    ui.charts.append(figure);
    const chart = await renderChart(canvas, spec);
    state.charts.push({ spec, canvas, destroy: () => chart.destroy() });
    button.addEventListener('click', () => void canvasPng(canvas).then((png) => download(`${spec.id}.png`, png, 'image/png')));
  }
}

async function renderResults(result: CsvSegmentation): Promise<void> {
  ui.resultsEmpty.hidden = true;
  ui.resultsBody.hidden = false;
  ui.summary.textContent = summaryText(result);
  renderSegmentsTable(result);
  const reasons = result.kSelection?.reasons ?? [];
  ui.reasons.hidden = reasons.length === 0;
  ui.reasons.querySelector('ul')!.replaceChildren(...reasons.map((reason) => h('li', { textContent: reason })));
  ui.command.textContent = result.command;
  element('download-names').hidden = state.options?.names === undefined;
  ui.warnings.hidden = result.warnings.length === 0;
  ui.warnings.querySelector('ul')!.replaceChildren(...result.warnings.map((warning) => h('li', { textContent: warning })));
  await renderCharts(result.charts);
}

function baseName(source: string): string {
  return source.replace(/\.[^.]*$/, '') || 'segments';
}

async function downloadReport(): Promise<void> {
  const result = state.result;
  if (!result) return;
  const charts = await Promise.all(state.charts.map(async ({ spec, canvas }) => ({ spec, png: new Uint8Array(await (await canvasPng(canvas)).arrayBuffer()) })));
  download(`${baseName(result.source)}-report.html`, reportHtml({ ...result.report, charts }), 'text/html');
}

async function downloadCharts(): Promise<void> {
  for (const { spec, canvas } of state.charts) {
    download(`${spec.id}.png`, await canvasPng(canvas), 'image/png');
    await new Promise((resolve) => setTimeout(resolve, 150)); // browsers drop downloads started all at once
  }
}

// ---------------------------------------------------------------------------------------------
// Wiring

ui.fileInput.addEventListener('change', () => {
  const file = ui.fileInput.files?.[0];
  if (file) void loadFile(file);
  ui.fileInput.value = '';
});

for (const type of ['dragenter', 'dragover'] as const) {
  ui.dropZone.addEventListener(type, (event) => {
    event.preventDefault();
    ui.dropZone.classList.add('dragging');
  });
}
ui.dropZone.addEventListener('dragleave', () => ui.dropZone.classList.remove('dragging'));
ui.dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  ui.dropZone.classList.remove('dragging');
  const file = event.dataTransfer?.files[0];
  if (file && !state.running) void loadFile(file);
});
// A file dropped next to the zone would otherwise replace the page.
window.addEventListener('dragover', (event) => event.preventDefault());
window.addEventListener('drop', (event) => event.preventDefault());

ui.sampleButton.addEventListener('click', () => void loadSample());

ui.impute.addEventListener('change', () => (ui.constantField.hidden = ui.impute.value !== 'constant'));
ui.clip.addEventListener('input', () => {
  clipSetByUser = true;
  clipPrefilled = false;
});
// Another decimal mark reads the columns anew (which are numbers may change); if that fails,
// the menu shows the mark the file is still read with.
ui.decimal.addEventListener('change', () => {
  const loaded = state.loaded;
  if (!loaded) return;
  void loadText(loaded.text, loaded.source).then((read) => {
    if (!read) ui.decimal.value = state.loaded?.decimal ?? '';
  });
});
for (const radio of [ui.kAuto, ui.kFixed]) radio.addEventListener('change', () => (ui.kValue.disabled = !ui.kFixed.checked));

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  void runSegmentation();
});
ui.cancelButton.addEventListener('click', () => state.running?.abort());

element('rename-button').addEventListener('click', () => void renameSegments());
element('download-csv').addEventListener('click', () => state.result && download(`${baseName(state.result.source)}-segments.csv`, state.result.labelledCsv, 'text/csv'));
element('download-model').addEventListener('click', () => state.result && download('model.json', state.result.modelJson, 'application/json'));
element('download-names').addEventListener('click', () => state.options?.names && download('names.json', JSON.stringify(state.options.names, null, 2) + '\n', 'application/json'));
element('download-report').addEventListener('click', () => void downloadReport());
element('download-charts').addEventListener('click', () => void downloadCharts());
element('version').textContent = VERSION;

async function loadSample(moveFocus = true): Promise<void> {
  if (await loadText(SAMPLE.text, SAMPLE.source, SAMPLE.features)) await runSegmentation(undefined, moveFocus);
}

// A first visit shows a result at once: the sample, segmented as `segmint demo` does it.
void loadSample(false);
