import { describeGiven, invalidArgument, SegmintError } from '../errors.js';
import type { Precision } from '../kmeans/types.js';
import type { KernelExports } from './kernels.js';
import { kernelsSharedWasmBase64, kernelsWasmBase64 } from './kernels.wasm.generated.js';
import type { WasmBytes, WasmMemory, WasmModule } from './webassembly-types.js';

// The .wasm is inlined as base64 so that Node, browsers, bundlers and workers load it the same
// way, with no file access and no bundler configuration. It is compiled once and shared.
let compiled: Promise<WasmModule> | undefined;
let ready: WasmModule | undefined;

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The plain f64 build: the one init(module) can be given. */
const PLAIN_F64 = 'the f64 build';

/**
 * Compiles one build of the kernels. A refusal is a SegmintError that says what to do: browsers
 * refuse to compile any WebAssembly under a Content-Security-Policy whose script-src lacks
 * 'wasm-unsafe-eval', and some runtimes (edge workers) refuse to compile from bytes at all.
 */
async function compile(bytes: WasmBytes, build: string): Promise<WasmModule> {
  try {
    return await WebAssembly.compile(bytes);
  } catch (error) {
    throw compileFailure(error, build);
  }
}

function compileFailure(error: unknown, build: string): SegmintError {
  // Without its own full stop: the advice follows as a sentence of its own.
  const reason = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\.+$/, '');
  const instead =
    build === PLAIN_F64
      ? ', or pass a compiled module to init(module) before the first call'
      : `; init(module) serves only the f64 build on this thread, not ${build}`;
  return new SegmintError(
    'ERR_INVALID_ARGUMENT',
    `cannot compile ${build} of the WebAssembly kernels: ${reason}. Where a Content-Security-Policy forbids compiling WebAssembly, allow 'wasm-unsafe-eval' in its script-src${instead}`,
  );
}

/**
 * Compiles the kernels (once). Call it yourself to supply an already compiled module or its
 * bytes, e.g. on a runtime that only accepts precompiled modules. The module is the plain f64
 * build: precision 'f32' and threads still compile theirs from bytes.
 */
export function init(source?: WasmModule | WasmBytes): Promise<WasmModule> {
  if (source !== undefined) {
    if (!(source instanceof WebAssembly.Module || source instanceof ArrayBuffer || ArrayBuffer.isView(source))) {
      return Promise.reject(invalidArgument(`init() takes a compiled WebAssembly.Module or the bytes of segmint/kernels.wasm (an ArrayBuffer or a Uint8Array); got ${describeGiven(source)}`));
    }
    compiled =
      source instanceof WebAssembly.Module
        ? Promise.resolve(source)
        : compile(source, PLAIN_F64);
  } else if (compiled === undefined) {
    compiled = compile(decodeBase64(kernelsWasmBase64) as Uint8Array<ArrayBuffer>, PLAIN_F64);
  }
  return compiled.then((module) => {
    ready = module;
    return module;
  });
}

/** The compiled module, once init() has resolved. */
export function compiledModule(): WasmModule {
  if (ready === undefined) {
    throw new SegmintError(
      'ERR_INVALID_ARGUMENT',
      'the WebAssembly kernels are not loaded yet; await init() (or an async API such as kmeans()) first',
    );
  }
  return ready;
}

// The same kernels built to import a shared memory, for worker threads: compiled on first use.
let compiledShared: Promise<WasmModule> | undefined;
let readyShared: WasmModule | undefined;

/** Compiles the shared-memory build of the kernels (once), for threads. */
export function initShared(): Promise<WasmModule> {
  compiledShared ??= compile(decodeBase64(kernelsSharedWasmBase64) as Uint8Array<ArrayBuffer>, 'the shared-memory build (threads)').then(
    (module) => (readyShared = module),
  );
  return compiledShared;
}

/** The shared-memory build, once initShared() has resolved. */
export function compiledSharedModule(): WasmModule {
  if (readyShared === undefined) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', 'the shared-memory kernels are not loaded yet; await initShared() first');
  }
  return readyShared;
}

// The f32 builds, loaded on first use: a dynamic import, so bundles keep them out of the code
// every page loads. The shared-memory one is compiled only when threads ask for it.
interface F32Builds {
  plain: WasmModule;
  sharedBase64: string;
  shared?: WasmModule;
}
let loadingF32: Promise<F32Builds> | undefined;
let f32Builds: F32Builds | undefined;

/**
 * Compiles the kernels for rows stored at `precision` (once): init(), and for 'f32' the f32
 * build too (the metrics and logarithms always run on the f64 build).
 */
export async function initPrecision(precision: Precision): Promise<void> {
  await init();
  if (precision === 'f32') await loadF32();
}

/** Compiles the shared-memory build for rows stored at `precision` (once), for threads. */
export async function initSharedPrecision(precision: Precision): Promise<void> {
  if (precision === 'f64') {
    await initShared();
    return;
  }
  const builds = await loadF32();
  builds.shared ??= await compile(decodeBase64(builds.sharedBase64) as Uint8Array<ArrayBuffer>, "the shared-memory f32 build (threads, precision 'f32')");
}

function loadF32(): Promise<F32Builds> {
  loadingF32 ??= import('./kernels-f32.wasm.generated.js').then(async (builds) => {
    const plain = await compile(decodeBase64(builds.kernelsF32WasmBase64) as Uint8Array<ArrayBuffer>, "the f32 build (precision 'f32')");
    return (f32Builds = { plain, sharedBase64: builds.kernelsF32SharedWasmBase64 });
  });
  return loadingF32;
}

/** The plain (or shared-memory) build for rows at `precision`, once initPrecision() has loaded it. */
export function kernelsModule(precision: Precision, shared: boolean): WasmModule {
  if (precision === 'f64') return shared ? compiledSharedModule() : compiledModule();
  const module = shared ? f32Builds?.shared : f32Builds?.plain;
  if (module === undefined) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', `the f32 kernels${shared ? ' (shared memory)' : ''} are not loaded yet; await ${shared ? 'initSharedPrecision' : 'initPrecision'}('f32') first`);
  }
  return module;
}

/**
 * A fresh instance over the given memory: the shared-memory build when the memory is shared,
 * for rows stored at `precision`. Synchronous: the module is tiny and precompiled.
 */
export function instantiateKernels(memory: WasmMemory, precision: Precision = 'f64'): KernelExports {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const instance = new WebAssembly.Instance(kernelsModule(precision, shared), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
