import { SegmintError } from '../errors.js';
import type { KernelExports } from './kernels.js';
import { kernelsSharedWasmBase64, kernelsWasmBase64 } from './kernels.wasm.generated.js';

// The .wasm is inlined as base64 so that Node, browsers, bundlers and workers load it the same
// way, with no file access and no bundler configuration. It is compiled once and shared.
let compiled: Promise<WebAssembly.Module> | undefined;
let ready: WebAssembly.Module | undefined;

function decodeBase64(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Compiles the kernels (once). Call it yourself to supply an already compiled module or its
 * bytes, e.g. under a Content-Security-Policy that forbids compiling from a string, or on an
 * edge runtime that only accepts precompiled modules.
 */
export function init(source?: WebAssembly.Module | BufferSource): Promise<WebAssembly.Module> {
  if (source !== undefined) {
    compiled =
      source instanceof WebAssembly.Module
        ? Promise.resolve(source)
        : WebAssembly.compile(source);
  } else if (compiled === undefined) {
    compiled = WebAssembly.compile(decodeBase64(kernelsWasmBase64) as Uint8Array<ArrayBuffer>);
  }
  return compiled.then((module) => {
    ready = module;
    return module;
  });
}

/** The compiled module, once init() has resolved. */
export function compiledModule(): WebAssembly.Module {
  if (ready === undefined) {
    throw new SegmintError(
      'ERR_INVALID_ARGUMENT',
      'the WebAssembly kernels are not loaded yet; await init() (or an async API such as kmeans()) first',
    );
  }
  return ready;
}

// The same kernels built to import a shared memory, for worker threads: compiled on first use.
let compiledShared: Promise<WebAssembly.Module> | undefined;
let readyShared: WebAssembly.Module | undefined;

/** Compiles the shared-memory build of the kernels (once), for threads. */
export function initShared(): Promise<WebAssembly.Module> {
  compiledShared ??= WebAssembly.compile(decodeBase64(kernelsSharedWasmBase64) as Uint8Array<ArrayBuffer>).then(
    (module) => (readyShared = module),
  );
  return compiledShared;
}

/** The shared-memory build, once initShared() has resolved. */
export function compiledSharedModule(): WebAssembly.Module {
  if (readyShared === undefined) {
    throw new SegmintError('ERR_INVALID_ARGUMENT', 'the shared-memory kernels are not loaded yet; await initShared() first');
  }
  return readyShared;
}

/**
 * A fresh instance over the given memory: the shared-memory build when the memory is shared.
 * Synchronous: the module is tiny and precompiled.
 */
export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
  const instance = new WebAssembly.Instance(shared ? compiledSharedModule() : compiledModule(), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
