// Compiling the kernels where compiling WebAssembly is refused, as a browser refuses it under a
// Content-Security-Policy whose script-src lacks 'wasm-unsafe-eval': each test loads the
// modules afresh (the compiled builds are cached per module instance).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { kernelsWasmBase64 } from '../../src/wasm/kernels.wasm.generated.js';

type KMeansModule = typeof import('../../src/kmeans/kmeans.js');
type WasmModuleModule = typeof import('../../src/wasm/module.js');

const compileWasm = WebAssembly.compile.bind(WebAssembly);

/** Chrome's words, as a CompileError. */
function refuse(): Promise<never> {
  return Promise.reject(
    new WebAssembly.CompileError(
      "WebAssembly.compile(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\".", // Chromium's ends with a full stop
    ),
  );
}

async function fresh(): Promise<{ kmeans: KMeansModule['kmeans']; init: WasmModuleModule['init'] }> {
  vi.resetModules();
  const { kmeans } = (await import('../../src/kmeans/kmeans.js')) as KMeansModule;
  const { init } = (await import('../../src/wasm/module.js')) as WasmModuleModule;
  return { kmeans, init };
}

afterEach(() => {
  vi.restoreAllMocks();
});

const rows = [[1, 2], [1, 4], [10, 2], [10, 4]];

describe('where compiling WebAssembly is refused', () => {
  it('kmeans rejects with a SegmintError that says what happened and what to do', async () => {
    const { kmeans } = await fresh();
    vi.spyOn(WebAssembly, 'compile').mockImplementation(refuse);
    const error = await kmeans(rows, 2).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'SegmintError', code: 'ERR_INVALID_ARGUMENT' });
    expect((error as Error).message).toBe(
      "cannot compile the f64 build of the WebAssembly kernels: CompileError: WebAssembly.compile(): Refused to compile or instantiate WebAssembly module because 'unsafe-eval' is not an allowed source of script in the following Content Security Policy directive: \"script-src 'self'\". Where a Content-Security-Policy forbids compiling WebAssembly, allow 'wasm-unsafe-eval' in its script-src, or pass a compiled module to init(module) before the first call",
    );
  });

  it('init() refuses what is neither a module nor bytes, without a word about Content-Security-Policies', async () => {
    const { init } = await fresh();
    await expect(init('nonsense' as never)).rejects.toMatchObject({
      code: 'ERR_INVALID_ARGUMENT',
      message: 'init() takes a compiled WebAssembly.Module or the bytes of segmint/kernels.wasm (an ArrayBuffer or a Uint8Array); got "nonsense"',
    });
  });

  it('a module given to init() serves f64 fits; f32 fits and threads say that it does not serve them', async () => {
    const module = await compileWasm(Uint8Array.from(atob(kernelsWasmBase64), (c) => c.charCodeAt(0)));
    const { kmeans, init } = await fresh();
    vi.spyOn(WebAssembly, 'compile').mockImplementation(refuse);
    await init(module);
    expect((await kmeans(rows, 2, { seed: 42 })).sizes).toEqual([2, 2]);
    await expect(kmeans(rows, 2, { precision: 'f32' })).rejects.toMatchObject({
      name: 'SegmintError',
      message: expect.stringMatching(
        /^cannot compile the f32 build \(precision 'f32'\) of the WebAssembly kernels: CompileError: .*allow 'wasm-unsafe-eval' in its script-src; init\(module\) serves only the f64 build on this thread, not the f32 build \(precision 'f32'\)$/,
      ),
    });
    await import('../../src/wasm/node-threads.js');
    const big = new Float64Array(1 << 20);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 1000;
    await expect(kmeans(big, 8, { nFeatures: 2, nInit: 1, maxIter: 1, threads: 2 })).rejects.toMatchObject({
      name: 'SegmintError',
      message: expect.stringMatching(/^cannot compile the shared-memory build \(threads\) of the WebAssembly kernels: CompileError: .*; init\(module\) serves only the f64 build on this thread, not the shared-memory build \(threads\)$/),
    });
  });
});
