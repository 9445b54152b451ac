// WebAssembly's types as this package's declarations name them. TypeScript declares WebAssembly
// only in its DOM and WebWorker libraries, and @types/node 20 not at all, so a Node app checking
// the declarations with lib ["es2022"] and skipLibCheck false could not resolve
// `WebAssembly.Module`. Where WebAssembly is declared these are its own types; elsewhere the
// app cannot make such values anyway, and they stay opaque.

/** WebAssembly.Module. */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: { prototype: infer M } } } ? M : object;

/** WebAssembly.Memory. */
export type WasmMemory = typeof globalThis extends { WebAssembly: { Memory: { prototype: infer M } } } ? M : object;

/** What WebAssembly.compile takes: BufferSource. */
export type WasmBytes = typeof globalThis extends { WebAssembly: { compile(bytes: infer B): unknown } } ? B : ArrayBuffer | ArrayBufferView;
