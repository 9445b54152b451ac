import type { Kernels, MetricKernels } from './kernels.js';

/** The kernels that work on a range of rows: each takes (x, nFeatures, start, end, ...). */
export const CHUNK_KERNELS = [
  'screenRows', 'assignChunk', 'hamerlyChunk', 'elkanChunk', 'elkanRebase', 'labelDistances', 'scoreCandidates', 'silhouetteChunk',
] as const;
export type ChunkKernel = (typeof CHUNK_KERNELS)[number];

/**
 * One call of a chunk kernel per chunk of rows. Argument a of the call for chunk c is
 * args[a] + c × strides[a] (so a per-chunk output gets its own part of a buffer), except
 * arguments 2 and 3, which are the chunk's first row and the row after its last.
 */
export interface ChunkJob {
  kernel: ChunkKernel;
  args: number[];
  strides: number[];
}

/** Runs every chunk of a job, on this thread or spread over threads; returns when all are done. */
export interface ChunkRunner {
  run(job: ChunkJob): void;
  /** Releases the threads, if any. */
  close(): Promise<void>;
}

/** Where a job and its progress live in a job board (an Int32Array, shared between threads). */
export const JOB_SLOTS = {
  /** Bumped for each job; threads wait on it. */
  generation: 0,
  /** The next chunk to claim. */
  next: 1,
  /** Threads that finished the current job. */
  idle: 2,
  /** 1: threads exit. */
  stop: 3,
  kernel: 4,
  nChunks: 5,
  chunkRows: 6,
  nSamples: 7,
  nArgs: 8,
  /** Byte offset of args (MAX_ARGS f64), then of strides (MAX_ARGS f64). */
  argsByte: 64,
} as const;

export const MAX_ARGS = 32;
export const JOB_BOARD_BYTES = JOB_SLOTS.argsByte + 2 * MAX_ARGS * 8;

/**
 * Claims chunks of the job on the board until none is left, and runs each with `table` (the
 * kernels in CHUNK_KERNELS order). Which thread runs which chunk does not matter: every chunk
 * writes only its own outputs. Self-contained (no outer references) because worker threads
 * run its source text: see src/wasm/threads.ts.
 */
export function runChunks(
  board: Int32Array,
  args: Float64Array,
  strides: Float64Array,
  table: readonly ((...args: number[]) => unknown)[],
  slots: typeof JOB_SLOTS,
): void {
  const kernel = table[board[slots.kernel]!]!;
  const nChunks = board[slots.nChunks]!;
  const chunkRows = board[slots.chunkRows]!;
  const nSamples = board[slots.nSamples]!;
  const call = new Array<number>(board[slots.nArgs]!);
  for (;;) {
    const chunk = Atomics.add(board, slots.next, 1);
    if (chunk >= nChunks) return;
    for (let a = 0; a < call.length; a++) call[a] = args[a]! + chunk * strides[a]!;
    call[2] = chunk * chunkRows;
    call[3] = Math.min(nSamples, call[2] + chunkRows);
    kernel(...call);
  }
}

/** Writes a job on a board for runChunks(). */
export function postJob(board: Int32Array, args: Float64Array, strides: Float64Array, job: ChunkJob, nSamples: number, chunkRows: number): void {
  if (job.args.length > MAX_ARGS) throw new Error(`a chunk job takes at most ${MAX_ARGS} arguments`);
  board[JOB_SLOTS.kernel] = CHUNK_KERNELS.indexOf(job.kernel);
  board[JOB_SLOTS.nChunks] = Math.ceil(nSamples / chunkRows);
  board[JOB_SLOTS.chunkRows] = chunkRows;
  board[JOB_SLOTS.nSamples] = nSamples;
  board[JOB_SLOTS.nArgs] = job.args.length;
  args.set(job.args);
  strides.set(job.strides);
  Atomics.store(board, JOB_SLOTS.next, 0);
}

/** A job board in memory of the given kind (shared for threads). */
export function jobBoard(buffer: ArrayBufferLike): { board: Int32Array; args: Float64Array; strides: Float64Array } {
  return {
    board: new Int32Array(buffer, 0, JOB_SLOTS.argsByte / 4),
    args: new Float64Array(buffer, JOB_SLOTS.argsByte, MAX_ARGS),
    strides: new Float64Array(buffer, JOB_SLOTS.argsByte + MAX_ARGS * 8, MAX_ARGS),
  };
}

/**
 * The kernels of an instance in CHUNK_KERNELS order. The TypeScript reference kernels come in
 * two objects (k-means, metrics): one that lacks a kernel gets a stand-in that says so.
 */
export function chunkKernelTable(kernels: Kernels & Partial<MetricKernels>): ((...args: number[]) => unknown)[] {
  return CHUNK_KERNELS.map((name) => {
    const kernel = kernels[name] as ((...args: number[]) => unknown) | undefined;
    if (kernel === undefined) {
      return () => {
        throw new Error(`these kernels have no ${name}`);
      };
    }
    return kernel.bind(kernels);
  });
}

/** Every chunk on this thread, in chunk order. */
export class SerialRunner implements ChunkRunner {
  private readonly table: ((...args: number[]) => unknown)[];
  private readonly job = jobBoard(new ArrayBuffer(JOB_BOARD_BYTES));

  constructor(
    kernels: Kernels,
    private readonly nSamples: number,
    private readonly chunkRows: number,
  ) {
    this.table = chunkKernelTable(kernels);
  }

  run(job: ChunkJob): void {
    const { board, args, strides } = this.job;
    postJob(board, args, strides, job, this.nSamples, this.chunkRows);
    runChunks(board, args, strides, this.table, JOB_SLOTS);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
