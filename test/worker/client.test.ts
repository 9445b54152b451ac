// The caller's side of the worker API, over a "worker" on this thread that clones each request
// as postMessage does: what is refused before a worker starts, and what gets through.
import { describe, expect, it } from 'vitest';
import { isSegmintError } from '../../src/errors.js';
import { type SpawnWorker, workerApi } from '../../src/worker/client.js';
import { handleRequest } from '../../src/worker/handler.js';
import type { WorkerReply } from '../../src/worker/protocol.js';

const rows = [[1, 2], [1, 4], [10, 2], [10, 4]];

/** The API over in-thread workers; `spawned` counts them. */
function api() {
  const counter = { spawned: 0 };
  const spawn: SpawnWorker = () => {
    counter.spawned++;
    let onReply: (reply: WorkerReply) => void = () => {};
    return {
      // structuredClone throws the DataCloneError postMessage throws.
      post: (request) => void handleRequest(structuredClone(request), (reply) => onReply(structuredClone(reply))),
      listen: (reply) => (onReply = reply),
      terminate: () => {},
    };
  };
  return { ...workerApi(spawn), counter };
}

async function failure(call: Promise<unknown>): Promise<Error> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  expect(isSegmintError(error), String(error)).toBe(true);
  return error as Error;
}

describe('the worker API refuses options on the calling side', () => {
  it('fitInWorker: an unknown option whose value is a function, as kmeans() names it', async () => {
    const { fitInWorker, counter } = api();
    const error = await failure(fitInWorker(rows, 2, { seed: 1, onDone: () => {} } as object));
    expect(error.message).toMatch(/^unknown option "onDone" for fitInWorker \(options: init, nInit, .*, precision, signal, onProgress\)$/);
    expect(counter.spawned).toBe(0);
  });

  it('fitInWorker: any unknown name, before a worker starts', async () => {
    const { fitInWorker, counter } = api();
    expect((await failure(fitInWorker(rows, 2, { seeed: 1 } as object))).message).toMatch(/^unknown option "seeed" for fitInWorker; did you mean "seed"\?/);
    expect(counter.spawned).toBe(0);
  });

  it('scanInWorker, inspectCsvInWorker and segmentCsvInWorker: any unknown name, nested ones too, before a worker starts (a rejection, not a throw)', async () => {
    const { scanInWorker, inspectCsvInWorker, segmentCsvInWorker, counter } = api();
    expect((await failure(scanInWorker(rows, { onDone: () => {} } as object))).message).toMatch(/^unknown option "onDone" for scanInWorker \(options: kMin, (?!.*onProgress.*onProgress).*onProgress.*, signal\)$/);
    expect((await failure(scanInWorker(rows, { kMax: 3, gap: { b: 5 } } as object))).message).toMatch(/^unknown option "b" for scanInWorker gap; did you mean "B"\?/);
    expect((await failure(inspectCsvInWorker('a\n1\n', 'a.csv', { mising: ['-'] } as object))).message).toMatch(/^unknown option "mising" for inspectCsvInWorker; did you mean "missing"\?/);
    expect((await failure(segmentCsvInWorker('a\n1\n', 'a.csv', { nInits: 3 } as object))).message).toMatch(/^unknown option "nInits" for segmentCsvInWorker; did you mean "nInit"\?/);
    expect(counter.spawned).toBe(0);
  });

  it('a signal that is no AbortSignal, an onProgress that is no function, text that is no string: errors, before a worker starts', async () => {
    const { fitInWorker, scanInWorker, segmentCsvInWorker, inspectCsvInWorker, counter } = api();
    expect((await failure(fitInWorker(rows, 2, { onProgress: 5 } as object))).message).toBe('onProgress must be a function; got 5');
    expect((await failure(scanInWorker(rows, { signal: 'x' } as object))).message).toBe('signal must be an AbortSignal; got "x"');
    // Something like one, without what the call uses of it: refused, not a crash when the call ends.
    expect((await failure(fitInWorker(rows, 2, { signal: { aborted: false, addEventListener() {} } } as object))).message).toBe(
      'signal must be an AbortSignal; got an object without its aborted flag and event listeners',
    );
    expect((await failure(fitInWorker(rows, 2, { onProgress: null } as object))).message).toBe('onProgress must be a function; got null');
    expect((await failure(segmentCsvInWorker(42 as unknown as string, 'x.csv', { k: 2 })))).toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: "text must be the CSV file's content as a string; got 42 (read a File with await file.text())",
    });
    expect((await failure(inspectCsvInWorker('a\n1\n', {} as string))).message).toBe('source must be a string naming the file in messages; got an object');
    expect(counter.spawned).toBe(0);
  });

  it('what onProgress throws rejects the call, as on the caller\'s thread', async () => {
    const { fitInWorker, scanInWorker } = api();
    const boom = new Error('boom');
    await expect(fitInWorker(rows, 2, { onProgress: () => { throw boom; } })).rejects.toBe(boom);
    await expect(scanInWorker(rows, { kMax: 3, gap: false, onProgress: () => { throw boom; } })).rejects.toBe(boom);
  });

  it('a function among the options, nested ones too, named by its path', async () => {
    const { scanInWorker, segmentCsvInWorker, counter } = api();
    const message = (path: string, call: string) => `option "${path}" for ${call} is a function, which cannot be sent to a worker; only signal and onProgress stay on this side`;
    expect((await failure(scanInWorker(rows, { kMax: 3, gap: { B: (() => 3) as never } }))).message).toBe(message('gap.B', 'scanInWorker'));
    expect((await failure(segmentCsvInWorker('a\n1\n', 'a.csv', { names: { 1: (() => 'VIP') as never } }))).message).toBe(message('names.1', 'segmentCsvInWorker'));
    expect((await failure(segmentCsvInWorker('a\n1\n', 'a.csv', { kRange: [2, (() => 4) as never] }))).message).toBe(message('kRange[1]', 'segmentCsvInWorker'));
    expect(counter.spawned).toBe(0);
    // A cycle, which structured clone takes, is walked once: the options post, and the worker judges them.
    const names: Record<string, unknown> = { 1: 'VIP' };
    names.self = names;
    const cyclic = await segmentCsvInWorker('a,b\n1,2\n3,4\n5,6\n7,9\n', 'x.csv', { k: 2, names: names as never }).catch((e: unknown) => e);
    expect(cyclic).not.toBeInstanceOf(RangeError);
    expect(counter.spawned).toBe(1);
  });

  it('posts the options it keeps: the fit, its progress on this side', async () => {
    const { fitInWorker, counter } = api();
    const progress: number[] = [];
    const fit = await fitInWorker(rows, 2, { seed: 42, onProgress: (done) => progress.push(done), signal: new AbortController().signal });
    expect(fit.sizes).toEqual([2, 2]);
    expect(progress).toEqual([0, 1]);
    expect(counter.spawned).toBe(1);
  });
});
