import { expect } from 'vitest';
import { isSegmintError } from '../../src/errors.js';

/** Asserts that `call` throws (or rejects with) a SegmintError whose message matches. */
export async function expectSegmintError(call: () => unknown, message: RegExp): Promise<void> {
  const error = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(isSegmintError(error), `expected a SegmintError matching ${message}`).toBe(true);
  expect((error as Error).message).toMatch(message);
}
