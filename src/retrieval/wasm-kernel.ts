// A WebAssembly kernel of this folder (sparse-scan.wat, bm25-walk.wat; their bytes in
// *-wasm.ts as base64), compiled once a process and instantiated as often as asked.
// Declares the little of WebAssembly used, which the project's type libraries do not.

/** A kernel's memory: what it reads and writes, grown in 64 KiB pages. */
export interface KernelMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

/** A function making a fresh instance of the kernel in `base64` (its exports typed as K). */
export function kernelOf<K>(base64: string): () => K {
  let compiled: object | null = null;
  return () => {
    compiled ??= new wasm.Module(Buffer.from(base64, 'base64'));
    return new wasm.Instance(compiled).exports as K;
  };
}
