/**
 * Every error a user can cause carries a stable code; the CLI maps them all to exit code 2.
 * Anything else that escapes is a fault in segmint itself (exit code 1).
 */
export type SegmintErrorCode =
  /** An argument or option of the library API or the CLI is invalid. */
  | 'ERR_INVALID_ARGUMENT'
  /** Input data (a matrix or a CSV file's content) is invalid. */
  | 'ERR_INVALID_DATA'
  /** A file cannot be read or written. */
  | 'ERR_FILE'
  /** A model file is malformed or from an unsupported version. */
  | 'ERR_INVALID_MODEL';

export class SegmintError extends Error {
  readonly code: SegmintErrorCode;

  constructor(code: SegmintErrorCode, message: string) {
    super(message);
    this.name = 'SegmintError';
    this.code = code;
  }
}

export function isSegmintError(error: unknown): error is SegmintError {
  return error instanceof SegmintError;
}

/** Shorthand for the most common case: a bad argument or option value. */
export function invalidArgument(message: string): SegmintError {
  return new SegmintError('ERR_INVALID_ARGUMENT', message);
}

/**
 * A value a caller gave, as messages show it after "got": text in quotes, an array by its
 * length, an object by its kind, anything else as it prints.
 */
export function describeGiven(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  const kind = (value as object).constructor?.name || Object.prototype.toString.call(value).slice(8, -1);
  // "an ArrayBuffer", "a Uint8Array" (a U said "you").
  return kind === 'Object' ? 'an object' : `${/^[AEIO]/.test(kind) ? 'an' : 'a'} ${kind}`;
}
