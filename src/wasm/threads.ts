import { CHUNK_KERNELS, chunkKernelTable, type ChunkJob, type ChunkRunner, JOB_BOARD_BYTES, JOB_SLOTS, jobBoard, MAX_ARGS, postJob, runChunks } from './chunks.js';
import type { Kernels } from './kernels.js';
import type { WasmMemory, WasmModule } from './webassembly-types.js';

// Threads: workers running the shared-memory build of the kernels over a shared
// WebAssembly.Memory (a k-means Workspace's, or the silhouette's: SilhouetteThreads). The main
// thread posts a job on a shared job board, wakes the workers, claims chunks alongside them,
// then waits until every worker is idle again. Every chunk writes only its own outputs (partial
// sums reduced later in chunk order), so the result does not depend on which thread ran which
// chunk, nor on how many there are.
//
// This module is the same everywhere; how a worker is started is not. A platform registers a
// ThreadSpawner (src/wasm/node-threads.ts: worker_threads, loaded by segmint/node), so the
// core never references Node's modules.

/** What a worker receives. */
export interface ThreadSetup {
  /** The shared-memory build of the kernels. */
  module: WasmModule;
  memory: WasmMemory;
  jobBuffer: SharedArrayBuffer;
  /** The kernels in CHUNK_KERNELS order. */
  kernels: readonly string[];
  /** Where the job board keeps what (its args and strides hold maxArgs f64 each). */
  slots: typeof JOB_SLOTS;
  maxArgs: number;
}

/** A started worker. */
export interface ThreadHandle {
  /** Resolves once the worker waits for jobs; rejects if it fails to start. */
  ready: Promise<void>;
  terminate(): Promise<void>;
}

/** Starts one worker that runs workerLoop() with the given setup. */
export type ThreadSpawner = (setup: ThreadSetup) => ThreadHandle;

let spawner: ThreadSpawner | undefined;

/** Makes threads available on this platform (called by the platform's module on import); returns the spawner it replaces. */
export function registerThreads(spawn: ThreadSpawner): ThreadSpawner | undefined {
  const previous = spawner;
  spawner = spawn;
  return previous;
}

/** Why threads cannot run here, or undefined when they can. */
export function threadsUnavailable(): string | undefined {
  if (typeof SharedArrayBuffer === 'undefined') {
    return 'SharedArrayBuffer is not available (in a browser the page must be cross-origin isolated)';
  }
  if (spawner === undefined) return 'no thread support is loaded: segmint/node and segmint/browser load it';
  if (!mayBlock()) return "this thread may not wait on the others (a browser page's main thread): run kmeans in a Web Worker";
  return undefined;
}

let blocking: boolean | undefined;

/** Whether Atomics.wait may block this thread: everywhere but a browser page's main thread. */
function mayBlock(): boolean {
  if (blocking === undefined) {
    try {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
      blocking = true;
    } catch {
      blocking = false;
    }
  }
  return blocking;
}

/**
 * What every platform's worker runs once it has its setup: instantiate the shared-memory kernels
 * over the shared memory, say it is ready, then loop. Self-contained, like workerLoop and
 * runChunks, which it is given as values: workers run the source text of all three.
 */
export function workerMain(
  setup: ThreadSetup,
  ready: () => void,
  loop: typeof workerLoop,
  run: typeof runChunks,
): void {
  const { module, memory, jobBuffer, kernels, slots, maxArgs } = setup;
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...args: number[]) => unknown>;
  const board = new Int32Array(jobBuffer, 0, slots.argsByte / 4);
  const args = new Float64Array(jobBuffer, slots.argsByte, maxArgs);
  const strides = new Float64Array(jobBuffer, slots.argsByte + maxArgs * 8, maxArgs);
  ready();
  loop(board, args, strides, kernels.map((name) => exports[name]!), slots, run);
}

/**
 * A worker's life once it has instantiated the kernels: wait for a job, run its chunks, report
 * idle, until told to stop. Self-contained (no outer references) because workers run its
 * source text, with runChunks beside it.
 */
export function workerLoop(
  board: Int32Array,
  args: Float64Array,
  strides: Float64Array,
  table: readonly ((...args: number[]) => unknown)[],
  slots: typeof JOB_SLOTS,
  run: typeof runChunks,
): void {
  let generation = 0;
  for (;;) {
    Atomics.wait(board, slots.generation, generation);
    generation = Atomics.load(board, slots.generation);
    if (Atomics.load(board, slots.stop) !== 0) return;
    run(board, args, strides, table, slots);
    Atomics.add(board, slots.idle, 1);
    Atomics.notify(board, slots.idle);
  }
}

/** The main thread and `threads - 1` workers over one shared memory. */
export class ThreadPool implements ChunkRunner {
  private readonly job: ReturnType<typeof jobBoard>;
  private table: ((...args: number[]) => unknown)[];

  private constructor(
    private readonly workers: ThreadHandle[],
    jobBuffer: SharedArrayBuffer,
    main: Kernels,
    private nSamples: number,
    private readonly chunkRows: number,
  ) {
    this.job = jobBoard(jobBuffer);
    this.table = chunkKernelTable(main);
  }

  /** The threads, this one and the workers. */
  get size(): number {
    return this.workers.length + 1;
  }

  /**
   * Serves another workspace in the same memory: its kernels on this thread and its rows. The
   * workers' instances are the memory's, whatever lies in it.
   */
  rebind(main: Kernels, nSamples: number): void {
    this.table = chunkKernelTable(main);
    this.nSamples = nSamples;
  }

  /**
   * Starts `threads - 1` workers on the shared-memory `module` over `memory` (shared), which
   * must already have all the room its jobs use: it may not grow afterwards. `main` runs
   * chunks on this thread. Resolves once every worker is ready.
   */
  static async start(
    threads: number,
    module: WasmModule,
    memory: WasmMemory,
    main: Kernels,
    nSamples: number,
    chunkRows: number,
  ): Promise<ThreadPool> {
    const reason = threadsUnavailable();
    if (reason !== undefined) throw new Error(`threads are unavailable: ${reason}`);
    const jobBuffer = new SharedArrayBuffer(JOB_BOARD_BYTES);
    const setup: ThreadSetup = { module, memory, jobBuffer, kernels: CHUNK_KERNELS, slots: JOB_SLOTS, maxArgs: MAX_ARGS };
    const workers: ThreadHandle[] = [];
    try {
      for (let w = 1; w < threads; w++) workers.push(spawner!(setup));
    } catch (error) {
      // The workers already started would wait for jobs forever.
      await Promise.all(workers.map((worker) => worker.terminate()));
      throw error;
    }
    const pool = new ThreadPool(workers, jobBuffer, main, nSamples, chunkRows);
    try {
      await Promise.all(workers.map((worker) => worker.ready));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  run(job: ChunkJob): void {
    const { board, args, strides } = this.job;
    postJob(board, args, strides, job, this.nSamples, this.chunkRows);
    Atomics.store(board, JOB_SLOTS.idle, 0);
    Atomics.add(board, JOB_SLOTS.generation, 1);
    Atomics.notify(board, JOB_SLOTS.generation);
    runChunks(board, args, strides, this.table, JOB_SLOTS);
    // Every worker takes part in every job, so the next one can only be posted once all of
    // them are idle (none can still be reading this one).
    for (let idle = Atomics.load(board, JOB_SLOTS.idle); idle < this.workers.length; idle = Atomics.load(board, JOB_SLOTS.idle)) {
      Atomics.wait(board, JOB_SLOTS.idle, idle);
    }
  }

  async close(): Promise<void> {
    const { board } = this.job;
    Atomics.store(board, JOB_SLOTS.stop, 1);
    Atomics.add(board, JOB_SLOTS.generation, 1);
    Atomics.notify(board, JOB_SLOTS.generation);
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
