// The messages between a page (or a Node thread) and a segmint worker. One worker runs one
// request: it answers with progress messages, then one result or one error. Everything in them
// is structured-cloneable (no functions), so doubles cross the boundary with their exact bits.
import type { PhaseProgress } from '../pipeline/segment-csv.js';

export type WorkerOperation = 'kmeans' | 'scanK' | 'inspectCsv' | 'segmentCsv';

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

export type WorkerReply =
  | { type: 'progress'; progress: PhaseProgress }
  | { type: 'result'; value: unknown }
  | { type: 'error'; error: SerializedError };
