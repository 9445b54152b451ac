// Mini-batch k-means (Sculley 2010, as scikit-learn's MiniBatchKMeans runs it) over rows that
// arrive in batches: a file larger than memory, a stream, a generator. Nothing here holds more
// than a batch, a shuffle window and an initialisation sample. Browser-safe.
import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import { checkKnownOptions } from '../options.js';
import { init as loadKernels } from '../wasm/module.js';
import { Workspace } from '../wasm/workspace.js';
import { kmeans, predictRows } from './kmeans.js';
import { Random } from './random.js';
import type { Matrix } from './types.js';
import { toDenseMatrix } from './validate.js';

export const MINIBATCH_DEFAULTS = {
  /** Rows per update step (scikit-learn's default). */
  batchSize: 1024,
  /** Epochs (passes over the rows) at most. */
  maxIter: 100,
  /** Stop after this many steps without a new minimum of the smoothed batch inertia. */
  maxNoImprovement: 10,
  /** Clusters with fewer than this share of the largest one's count are moved (scikit-learn's rule); 0: never. */
  reassignmentRatio: 0.01,
  /** Stop when a step moves the centres by at most tol × the mean feature variance (squared, summed); 0: never. */
  tol: 0,
  /** k-means runs (k-means++ then Lloyd) on the initialisation sample; the best is kept. */
  nInit: 3,
  /** Batches per shuffle window: rows are shuffled within a window before they are batched. */
  shuffleBatches: 64,
  seed: 0,
} as const;

/**
 * scikit-learn's update rule, per cluster j with batch rows:
 * centre_j = (centre_j × count_j + batchSum_j) / (count_j + batchCount_j); count_j += batchCount_j.
 * Clusters without batch rows keep their centre. Returns the total squared centre shift.
 */
export function updateCentres(
  centroids: Float64Array, // INOUT k×d
  counts: Float64Array, // INOUT k
  batchSums: Float64Array, // IN k×d
  batchCounts: Float64Array, // IN k
  nFeatures: number,
): number {
  let shift = 0;
  for (let j = 0; j < counts.length; j++) {
    const b = batchCounts[j]!;
    if (!(b > 0)) continue;
    const count = counts[j]!;
    const total = count + b;
    for (let f = 0; f < nFeatures; f++) {
      const t = j * nFeatures + f;
      const next = (centroids[t]! * count + batchSums[t]!) / total;
      const diff = next - centroids[t]!;
      shift += diff * diff;
      centroids[t] = next;
    }
    counts[j] = total;
  }
  return shift;
}

/**
 * A seeded uniform sample of `capacity` rows from a stream of rows of unknown length
 * (reservoir sampling, Vitter's algorithm R).
 */
export class RowReservoir {
  readonly rows: Float64Array;
  /** Rows offered so far. */
  seen = 0;
  private readonly random: Random;

  constructor(
    readonly capacity: number,
    readonly nFeatures: number,
    seed: number,
  ) {
    this.rows = new Float64Array(capacity * nFeatures);
    this.random = new Random(seed);
  }

  /** The slot row `seen` goes to, or -1 when it is not kept. Call once per row, in order. */
  slot(): number {
    const i = this.seen++;
    if (i < this.capacity) return i;
    const j = i < 4294967296 ? this.random.nextInt(i + 1) : Math.floor(this.random.nextFloat() * (i + 1));
    return j < this.capacity ? j : -1;
  }

  offer(row: Float64Array, at = 0): void {
    const slot = this.slot();
    const d = this.nFeatures;
    if (slot >= 0) this.rows.set(row.subarray(at, at + d), slot * d);
  }

  /** The sample, row-major (a copy). */
  sample(): Float64Array {
    return this.rows.slice(0, Math.min(this.seen, this.capacity) * this.nFeatures);
  }
}

/**
 * Collects rows into a window of `windowBatches` batches, shuffles the window's rows (seeded)
 * and hands them on in batches of `batchSize`, so a file sorted by date or by customer does
 * not feed the centres one end of the data at a time. The batch passed to `emit` is a view,
 * valid during the call.
 */
export class RowShuffler {
  private readonly window: Float64Array;
  private readonly scratch: Float64Array;
  private filled = 0;

  constructor(
    private readonly nFeatures: number,
    private readonly batchSize: number,
    windowBatches: number,
    private readonly random: Random,
    private readonly emit: (batch: Float64Array) => void,
  ) {
    this.window = new Float64Array(batchSize * Math.max(1, windowBatches) * nFeatures);
    this.scratch = new Float64Array(nFeatures);
  }

  /** Adds rows (row-major). */
  add(rows: Float64Array): void {
    const d = this.nFeatures;
    const capacity = this.window.length / d;
    for (let at = 0; at < rows.length; ) {
      const take = Math.min(capacity - this.filled, (rows.length - at) / d);
      this.window.set(rows.subarray(at, at + take * d), this.filled * d);
      this.filled += take;
      at += take * d;
      if (this.filled === capacity) this.drain();
    }
  }

  /** Hands on what is left (the last batch may be smaller). */
  flush(): void {
    if (this.filled > 0) this.drain();
  }

  private drain(): void {
    const d = this.nFeatures;
    const n = this.filled;
    const w = this.window;
    for (let i = n - 1; i > 0; i--) {
      const j = this.random.nextInt(i + 1);
      if (j === i) continue;
      this.scratch.set(w.subarray(i * d, i * d + d));
      w.copyWithin(i * d, j * d, j * d + d);
      w.set(this.scratch, j * d);
    }
    this.filled = 0;
    for (let start = 0; start < n; start += this.batchSize) {
      this.emit(w.subarray(start * d, Math.min(n, start + this.batchSize) * d));
    }
  }
}

export interface MiniBatchStepOptions {
  batchSize?: number;
  /** Rows per epoch, when known: sets the smoothing of the batch inertia (alpha = 2 × batchSize / (nSamples + 1)) and when early stopping may start. */
  nSamples?: number;
  /** Absolute: the squared centre shift of a step at or below which the fit has converged (0: never). */
  tolerance?: number;
  maxNoImprovement?: number;
  reassignmentRatio?: number;
  seed?: number;
  /**
   * Rows each initial centre already stands for (a warm start): when the centres are the means of
   * a k-means fit on a sample, its cluster sizes, so the first batches refine them instead of
   * replacing them with their own noisy means. Default: 0 for every centre (scikit-learn's start).
   */
  initialCounts?: ArrayLike<number>;
  /** Early stopping is considered only after this many rows (default: nSamples, one epoch, so every row is seen once). */
  minRowsBeforeStopping?: number;
}

/** The option names of MiniBatchKMeans.create: MiniBatchStepOptions and nFeatures. */
const STEP_OPTIONS = ['batchSize', 'nSamples', 'tolerance', 'maxNoImprovement', 'reassignmentRatio', 'seed', 'initialCounts', 'minRowsBeforeStopping', 'nFeatures'] as const;

/** What one step did. */
export interface MiniBatchStep {
  /** The batch's inertia against the centres before the step, per row. */
  inertia: number;
  /** Total squared centre shift of the step. */
  shift: number;
  /** Clusters moved to batch rows (reassignment of tiny clusters). */
  reassigned: number;
  /** Whether the early-stopping rule says to stop. */
  converged: boolean;
}

/**
 * The state of a mini-batch fit: centres, per-centre counts, the smoothed batch inertia. Feed
 * it batches with step(); label rows with label(). Kernels must be loaded (create() does it).
 */
export class MiniBatchKMeans {
  readonly k: number;
  readonly nFeatures: number;
  /** Current centres, row-major k×nFeatures. */
  readonly centroids: Float64Array;
  /** Rows each centre has absorbed (its learning rate is batch / count). */
  readonly counts: Float64Array;
  steps = 0;
  rowsSeen = 0;
  reassignedTotal = 0;
  converged = false;
  /** Why the fit converged: 'tol' or 'no-improvement'. */
  stoppedBy: 'tol' | 'no-improvement' | undefined;
  private readonly options: Required<Omit<MiniBatchStepOptions, 'nSamples' | 'minRowsBeforeStopping' | 'initialCounts'>> & { nSamples: number | undefined; minRows: number };
  private readonly random: Random;
  private readonly workspaces = new Map<number, Workspace>();
  private ewa: number | undefined;
  private ewaMin: number | undefined;
  private noImprovement = 0;
  private sinceReassign = 0;

  private constructor(initial: Float64Array, k: number, nFeatures: number, options: MiniBatchStepOptions) {
    this.k = k;
    this.nFeatures = nFeatures;
    this.centroids = initial.slice();
    this.counts = new Float64Array(k);
    if (options.initialCounts !== undefined) {
      if (options.initialCounts.length !== k) throw invalidArgument(`initialCounts holds ${options.initialCounts.length} counts; expected k=${k}`);
      for (let j = 0; j < k; j++) {
        const c = options.initialCounts[j]!;
        if (!(c >= 0 && Number.isFinite(c))) throw invalidArgument(`initialCounts[${j}] is ${c}; expected a finite number >= 0`);
        this.counts[j] = c;
      }
    }
    const batchSize = options.batchSize ?? MINIBATCH_DEFAULTS.batchSize;
    this.options = {
      batchSize,
      nSamples: options.nSamples,
      tolerance: options.tolerance ?? 0,
      maxNoImprovement: options.maxNoImprovement ?? MINIBATCH_DEFAULTS.maxNoImprovement,
      reassignmentRatio: options.reassignmentRatio ?? MINIBATCH_DEFAULTS.reassignmentRatio,
      seed: options.seed ?? MINIBATCH_DEFAULTS.seed,
      minRows: options.minRowsBeforeStopping ?? options.nSamples ?? 0,
    };
    checkCount('batchSize', batchSize, 1);
    this.random = new Random(this.options.seed);
  }

  /** A fit starting from the given k centres. */
  static async create(initial: Matrix, options: MiniBatchStepOptions & { nFeatures?: number } = {}): Promise<MiniBatchKMeans> {
    checkKnownOptions(options, STEP_OPTIONS, 'MiniBatchKMeans.create');
    await loadKernels();
    const centres = toDenseMatrix(initial, options.nFeatures, 'init');
    return new MiniBatchKMeans(centres.values, centres.nSamples, centres.nFeatures, options);
  }

  /** One workspace per batch length (the last batch of a pass may be shorter). */
  private workspace(rows: number): Workspace {
    let ws = this.workspaces.get(rows);
    if (ws === undefined) {
      if (this.workspaces.size >= 4) this.workspaces.clear();
      ws = Workspace.create({ nSamples: rows, nFeatures: this.nFeatures, k: this.k, weighted: false });
      this.workspaces.set(rows, ws);
    }
    return ws;
  }

  private rowsOf(batch: Float64Array): number {
    const rows = batch.length / this.nFeatures;
    if (!Number.isInteger(rows) || rows === 0) {
      throw invalidArgument(`a batch of ${batch.length} values is not a whole number (>= 1) of rows of nFeatures=${this.nFeatures}`);
    }
    return rows;
  }

  /** Assigns a batch to the current centres, then moves them (see updateCentres) and checks for convergence. */
  step(batch: Float64Array): MiniBatchStep {
    const rows = this.rowsOf(batch);
    const d = this.nFeatures;
    const ws = this.workspace(rows);
    ws.setRows(batch);
    ws.centroids.set(this.centroids);
    const pass = ws.assign({ update: true, distances: true });
    const before = this.centroids.slice();
    updateCentres(this.centroids, this.counts, ws.sums, ws.counts, d);
    const reassigned = this.reassign(batch, rows);
    let shift = 0;
    for (let t = 0; t < before.length; t++) shift += (this.centroids[t]! - before[t]!) ** 2;
    this.steps++;
    this.rowsSeen += rows;
    const inertia = pass.inertia / rows;
    const converged = this.checkConvergence(inertia, shift, rows);
    return { inertia, shift, reassigned, converged };
  }

  /**
   * scikit-learn's reassignment: after at least 10 × k rows since the last check (or while a
   * centre has absorbed nothing), centres whose count is below reassignmentRatio × the largest
   * count move to rows of the batch drawn at random, at most half the batch, and their counts
   * are set to the smallest of the others so that they are not moved again at once.
   */
  private reassign(batch: Float64Array, rows: number): number {
    const { reassignmentRatio } = this.options;
    if (!(reassignmentRatio > 0)) return 0;
    this.sinceReassign += rows;
    const counts = this.counts;
    if (!(counts.some((c) => c === 0) || this.sinceReassign >= 10 * this.k)) return 0;
    this.sinceReassign = 0;
    const limit = reassignmentRatio * Math.max(...counts);
    let small = [...counts.keys()].filter((j) => counts[j]! < limit);
    if (small.length === 0) return 0;
    const most = Math.floor(0.5 * rows);
    if (small.length > most) small = small.sort((a, b) => counts[a]! - counts[b]! || a - b).slice(0, most);
    if (small.length === 0) return 0;
    const moved = new Set(small);
    let floor = Infinity;
    for (let j = 0; j < this.k; j++) if (!moved.has(j)) floor = Math.min(floor, counts[j]!);
    const d = this.nFeatures;
    // Distinct batch rows, Floyd's algorithm (in draw order).
    const picked = new Set<number>();
    for (let j = rows - small.length; j < rows; j++) {
      const t = this.random.nextInt(j + 1);
      picked.add(picked.has(t) ? j : t);
    }
    let i = 0;
    for (const row of picked) {
      const j = small[i++]!;
      this.centroids.set(batch.subarray(row * d, row * d + d), j * d);
      counts[j] = Number.isFinite(floor) ? floor : 0;
    }
    this.reassignedTotal += small.length;
    return small.length;
  }

  /** scikit-learn's early stopping: the centres barely move, or the smoothed batch inertia stopped improving. */
  private checkConvergence(inertia: number, shift: number, rows: number): boolean {
    if (this.steps === 1) return false; // the first batch's inertia is that of the initial centres
    const n = this.options.nSamples ?? this.rowsSeen;
    const alpha = Math.min(1, (this.options.batchSize * 2) / (n + 1));
    this.ewa = this.ewa === undefined ? inertia : this.ewa * (1 - alpha) + inertia * alpha;
    if (this.ewaMin === undefined || this.ewa < this.ewaMin) {
      this.noImprovement = 0;
      this.ewaMin = this.ewa;
    } else {
      this.noImprovement++;
    }
    void rows;
    if (this.rowsSeen < this.options.minRows) return false;
    if (this.options.tolerance > 0 && shift <= this.options.tolerance) {
      this.stoppedBy = 'tol';
    } else if (this.noImprovement >= this.options.maxNoImprovement) {
      this.stoppedBy = 'no-improvement';
    } else {
      return false;
    }
    this.converged = true;
    return true;
  }

  /** The nearest centre of each row of a batch and each row's squared distance to it (copies). */
  label(batch: Float64Array): { labels: Int32Array; distances: Float64Array; inertia: number } {
    const rows = this.rowsOf(batch);
    const ws = this.workspace(rows);
    ws.setRows(batch);
    ws.centroids.set(this.centroids);
    const pass = ws.assign({ update: false, distances: true });
    return { labels: ws.labels.slice(0, rows), distances: ws.distances.slice(0, rows), inertia: pass.inertia };
  }
}

/** A fresh pass over the rows, in batches of any length (row-major, nFeatures values per row). */
export type RowBatches = (pass: number) => AsyncIterable<Float64Array> | Iterable<Float64Array>;

export interface MiniBatchOptions {
  /** Columns per row (required: batches are flat Float64Arrays). */
  nFeatures: number;
  /** Rows per update step. Default 1024. */
  batchSize?: number;
  /** Epochs at most. Default 100. */
  maxIter?: number;
  /** Relative to the mean feature variance (of the initialisation sample); 0 (default) turns the rule off. */
  tol?: number;
  maxNoImprovement?: number;
  reassignmentRatio?: number;
  seed?: number;
  /** k-means runs on the initialisation sample. Default 3. */
  nInit?: number;
  /** Rows in the initialisation sample (a seeded reservoir sample of the first pass). Default max(3 × batchSize, 3 × k). */
  initSize?: number;
  /** The k initial centres; then no sampling pass is made (and the centres start with counts of 0). */
  init?: Matrix;
  /** Batches per shuffle window. Default 64. */
  shuffleBatches?: number;
  /** After each pass: its number (0 is the sampling pass, the last one measures the inertia) and what is known. */
  onPass?: (pass: number, info: { rows: number; steps: number }) => void;
}

/** The option names of MiniBatchOptions. */
const MINIBATCH_OPTIONS = ['nFeatures', 'batchSize', 'maxIter', 'tol', 'maxNoImprovement', 'reassignmentRatio', 'seed', 'nInit', 'initSize', 'init', 'shuffleBatches', 'onPass'] as const;

export interface MiniBatchResult {
  centroids: number[][];
  /** Rows per cluster, from the final pass. */
  sizes: number[];
  /** The true inertia of every row against the final centres (the final pass). */
  inertia: number;
  nSamples: number;
  /** Epochs run (started). */
  epochs: number;
  steps: number;
  converged: boolean;
  stoppedBy: 'tol' | 'no-improvement' | 'max-iter';
  reassigned: number;
  warnings: string[];
  predict(data: Matrix, options?: { nFeatures?: number }): Int32Array;
}

/** Mean over features of the (population) variance of row-major rows. */
export function meanFeatureVariance(values: Float64Array, nFeatures: number): number {
  const n = values.length / nFeatures;
  if (n === 0) return 0;
  let total = 0;
  for (let f = 0; f < nFeatures; f++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += values[i * nFeatures + f]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (values[i * nFeatures + f]! - mean) ** 2;
    total += ss / n;
  }
  return total / nFeatures;
}

function checkCount(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) throw invalidArgument(`${name}=${String(value)} must be an integer >= ${min}`);
}

/** One pass of `batches`, checked to be iterable (for await would fail with a bare TypeError). */
function passOf(batches: RowBatches, pass: number): AsyncIterable<Float64Array> | Iterable<Float64Array> {
  const rows: unknown = batches(pass);
  const iterable = rows !== null && typeof rows === 'object' && (Symbol.asyncIterator in rows || Symbol.iterator in rows);
  if (!iterable) {
    throw invalidArgument(`batches(${pass}) must return an iterable or async iterable of Float64Array batches; got ${describeGiven(rows)}`);
  }
  return rows as AsyncIterable<Float64Array> | Iterable<Float64Array>;
}

function checkRows(batch: Float64Array, d: number): void {
  if (!(batch instanceof Float64Array) || batch.length % d !== 0) {
    throw invalidArgument(`every batch must be a Float64Array of whole rows of nFeatures=${d} values; got ${batch instanceof Float64Array ? `${batch.length} values` : describeGiven(batch)}`);
  }
  for (let t = 0; t < batch.length; t++) {
    if (!Number.isFinite(batch[t]!)) throw new SegmintError('ERR_INVALID_DATA', `batch value ${t} (row ${Math.floor(t / d)}, feature ${t % d}) is ${batch[t]}; every value must be a finite number`);
  }
}

/**
 * Mini-batch k-means over rows that come in batches, in bounded memory: a sampling pass (a
 * seeded reservoir sample of initSize rows on which nInit k-means runs choose the start, unless
 * `init` is given), epochs of mini-batch steps (scikit-learn's update rule, reassignment and
 * early stopping, tried only after one full epoch), and a final pass for the true inertia and
 * the sizes. `batches(pass)` must give the same rows in the same order every time.
 */
export async function miniBatchKMeans(batches: RowBatches, k: number, options: MiniBatchOptions): Promise<MiniBatchResult> {
  if (typeof batches !== 'function') {
    throw invalidArgument(`batches must be a function (pass) => the rows in Float64Array batches, called once per pass; got ${describeGiven(batches)}`);
  }
  // precision is a kmeans option a caller may well carry over: say why it does not apply.
  if (options !== null && typeof options === 'object' && 'precision' in options) {
    throw invalidArgument(`miniBatchKMeans does not take precision (got ${JSON.stringify((options as { precision: unknown }).precision)}): it stores the rows as f64`);
  }
  checkKnownOptions(options === undefined ? {} : options, MINIBATCH_OPTIONS, 'miniBatchKMeans');
  const d = options?.nFeatures;
  if (d === undefined) throw invalidArgument('miniBatchKMeans needs the option nFeatures, the number of values in each row of a batch');
  checkCount('nFeatures', d, 1);
  checkCount('k', k, 1);
  const batchSize = options.batchSize ?? MINIBATCH_DEFAULTS.batchSize;
  checkCount('batchSize', batchSize, 1);
  const maxIter = options.maxIter ?? MINIBATCH_DEFAULTS.maxIter;
  checkCount('maxIter', maxIter, 1);
  const seed = options.seed ?? MINIBATCH_DEFAULTS.seed;
  const warnings: string[] = [];
  let pass = 0;

  let initial: Float64Array;
  let initialCounts: number[] | undefined;
  let nSamples: number;
  let variance: number;
  if (options.init === undefined) {
    const initSize = options.initSize ?? Math.max(3 * batchSize, 3 * k);
    const reservoir = new RowReservoir(initSize, d, seed);
    for await (const batch of passOf(batches, pass)) {
      checkRows(batch, d);
      for (let at = 0; at < batch.length; at += d) reservoir.offer(batch, at);
    }
    nSamples = reservoir.seen;
    if (nSamples === 0) throw new SegmintError('ERR_INVALID_DATA', `batches(${pass}) gave no rows; expected at least k=${k}`);
    if (nSamples < k) throw invalidArgument(`k=${k} must be <= nSamples=${nSamples}`);
    const sample = reservoir.sample();
    variance = meanFeatureVariance(sample, d);
    const fit = await kmeans(sample, k, { nFeatures: d, seed, nInit: options.nInit ?? MINIBATCH_DEFAULTS.nInit });
    warnings.push(...fit.warnings);
    initial = Float64Array.from(fit.centroids.flat());
    initialCounts = fit.sizes;
    options.onPass?.(pass, { rows: nSamples, steps: 0 });
    pass++;
  } else {
    const given = toDenseMatrix(options.init, d, 'init');
    if (given.nSamples !== k) throw invalidArgument(`init holds ${given.nSamples} centres; expected k=${k}`);
    initial = given.values;
    nSamples = 0;
    variance = 0;
  }

  const model = await MiniBatchKMeans.create(initial, {
    nFeatures: d,
    batchSize,
    nSamples: nSamples || undefined,
    tolerance: (options.tol ?? MINIBATCH_DEFAULTS.tol) * variance,
    maxNoImprovement: options.maxNoImprovement,
    reassignmentRatio: options.reassignmentRatio,
    seed,
    initialCounts,
  });
  const shuffle = new Random(seed + 1);
  let epochs = 0;
  const stop = Symbol('stop');
  for (let epoch = 0; epoch < maxIter && !model.converged; epoch++) {
    epochs++;
    let rows = 0;
    const shuffler = new RowShuffler(d, batchSize, options.shuffleBatches ?? MINIBATCH_DEFAULTS.shuffleBatches, shuffle, (batch) => {
      if (model.step(batch).converged) throw stop;
    });
    try {
      for await (const batch of passOf(batches, pass)) {
        checkRows(batch, d);
        rows += batch.length / d;
        shuffler.add(batch);
      }
      shuffler.flush();
    } catch (error) {
      if (error !== stop) throw error;
    }
    if (nSamples === 0) nSamples = rows;
    options.onPass?.(pass, { rows, steps: model.steps });
    pass++;
  }

  const sizes = new Array<number>(k).fill(0);
  let inertia = 0;
  let rows = 0;
  for await (const batch of passOf(batches, pass)) {
    checkRows(batch, d);
    if (batch.length === 0) continue;
    const labelled = model.label(batch);
    inertia += labelled.inertia;
    for (const label of labelled.labels) sizes[label]!++;
    rows += labelled.labels.length;
  }
  options.onPass?.(pass, { rows, steps: model.steps });
  if (sizes.some((s) => s === 0)) warnings.push(`${sizes.filter((s) => s === 0).length} cluster(s) ended with no rows`);
  const centres = model.centroids.slice();
  const centroids = Array.from({ length: k }, (_, j) => Array.from(centres.subarray(j * d, j * d + d)));
  return {
    centroids,
    sizes,
    inertia,
    nSamples: rows,
    epochs,
    steps: model.steps,
    converged: model.converged,
    stoppedBy: model.stoppedBy ?? 'max-iter',
    reassigned: model.reassignedTotal,
    warnings,
    predict(data: Matrix, predictOptions: { nFeatures?: number } = {}): Int32Array {
      return predictRows({ values: centres, nSamples: k, nFeatures: d }, data, predictOptions, 'wasm', 'f64');
    },
  };
}
