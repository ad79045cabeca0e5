/**
 * The slice of the WebAssembly JS API the kernels use, typed locally: the project compiles with
 * lib ES2022 and @types/node (no DOM lib), where the WebAssembly namespace is only partly declared.
 */

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface WasmGlobal {
  value: number;
}

export interface WasmExportDescriptor {
  name: string;
  kind: string;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): WasmExportDescriptor[];
    exports(m: object): WasmExportDescriptor[];
  };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}

export const wasmApi: WasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
