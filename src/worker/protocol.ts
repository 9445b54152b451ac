// The messages between a page (or a Node thread) and a segmint worker. One worker runs one
// request: it answers with progress messages, then one result or one error. Everything in them
// is structured-cloneable (no functions), so doubles cross the boundary with their exact bits.
// Only types from the core: the core's own parallel work (call.ts) speaks this protocol too.

export type WorkerOperation = 'kmeans' | 'scanK' | 'inspectCsv' | 'segmentCsv' | 'referenceInertias';

export interface WorkerRequest {
  op: WorkerOperation;
  args: unknown[];
}

/** An error as it crosses the boundary; a SegmintError keeps its code. */
export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
}

/** Units of work done in a phase (the pipeline's PhaseProgress is one). */
export interface WorkerProgress {
  phase: string;
  done: number;
  total: number;
}

export type WorkerReply =
  | { type: 'progress'; progress: WorkerProgress }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: SerializedError };
