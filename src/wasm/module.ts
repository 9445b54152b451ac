import { SegmintError } from '../errors.js';
import type { KernelExports } from './kernels.js';
import { kernelsWasmBase64 } from './kernels.wasm.generated.js';

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

/** A fresh instance over the given memory. Synchronous: the module is tiny and precompiled. */
export function instantiateKernels(memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(compiledModule(), { env: { memory } });
  return instance.exports as unknown as KernelExports;
}
