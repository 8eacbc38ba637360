// The slice of the WebAssembly JS API the loader uses, typed here: tsconfig's lib is ES2022 without DOM, which
// is where TypeScript declares WebAssembly (a global declaration would clash the day DOM types are added).

export interface WasmModuleHandle {
  readonly __brand: 'WebAssembly.Module';
}

export interface WasmGlobalHandle {
  value: number;
}

export interface WasmMemoryHandle {
  readonly buffer: ArrayBuffer;
}

export interface WasmInstanceHandle {
  readonly exports: Record<string, unknown>;
}

export type WasmImports = Record<string, Record<string, (...args: number[]) => number | void>>;

interface WebAssemblyApi {
  Module: {
    new (bytes: Uint8Array): WasmModuleHandle;
    imports(m: WasmModuleHandle): Array<{ module: string; name: string; kind: string }>;
    exports(m: WasmModuleHandle): Array<{ name: string; kind: string }>;
  };
  Instance: new (m: WasmModuleHandle, imports: WasmImports) => WasmInstanceHandle;
  RuntimeError: new (...args: unknown[]) => Error;
  CompileError: new (...args: unknown[]) => Error;
  LinkError: new (...args: unknown[]) => Error;
  validate(bytes: Uint8Array): boolean;
}

export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
