// The flashproof C ABI (wasm/ABI.md, wasm/flashproof.h) as the loader checks it: imports, exports, signatures.
import { functionType, typeText, type FuncType, type ModuleInfo } from './binary';
import { WasmLoadError } from './errors';

export const IMPORT_MODULE = 'flashproof';

/** FP_ABI_VERSION of wasm/flashproof.h: the version of this ABI the loader reads; a store exports it as fp_abi_version. */
export const ABI_VERSION = 1;

const sig = (params: number, results: number): FuncType => ({ params: Array(params).fill('i32'), results: Array(results).fill('i32') });

/** Functions a store may import (all from module "flashproof"); it need not import them all. */
export const ABI_IMPORTS: Readonly<Record<string, FuncType>> = {
  fp_read: sig(3, 1),
  fp_program: sig(3, 1),
  fp_erase: sig(2, 1),
  fp_halt: sig(2, 0),
};

export const REQUIRED_EXPORTS: Readonly<Record<string, FuncType>> = {
  fp_mount: sig(4, 1),
  fp_set: sig(4, 1),
  fp_get: sig(5, 1),
  fp_remove: sig(2, 1),
  fp_alloc: sig(1, 1),
  fp_free: sig(1, 0),
  fp_abi_version: sig(0, 1),
};

export const OPTIONAL_EXPORTS: Readonly<Record<string, FuncType>> = {
  fp_iterate: sig(4, 1),
  fp_gc: sig(0, 1),
  fp_reset: sig(0, 1),
  fp_status_table: sig(0, 1),
  /** WASI reactors run their constructors here; the host calls it once per instance. */
  _initialize: sig(0, 0),
  __wasm_call_ctors: sig(0, 0),
};

export type OptionalExport = keyof typeof OPTIONAL_EXPORTS;

const sameType = (a: FuncType, b: FuncType): boolean =>
  a.params.join() === b.params.join() && a.results.join() === b.results.join();

/** Checks a parsed module against the ABI; returns the optional exports it has. Throws one WasmLoadError. */
export function checkAbi(info: ModuleInfo, label: string): Set<OptionalExport> {
  const foreign = info.imports.filter((i) => i.module !== IMPORT_MODULE || i.kind !== 'function' || !(i.name in ABI_IMPORTS));
  if (foreign.length) {
    const list = foreign.map((i) => `${i.module}.${i.name} (${i.kind})`).join(', ');
    throw new WasmLoadError(
      `${label}: imports ${list}; a store may import only the ${IMPORT_MODULE} functions ${Object.keys(ABI_IMPORTS).join(', ')} (wasm/ABI.md)`,
    );
  }
  const problems: string[] = [];
  let funcIndex = 0;
  for (const imp of info.imports) {
    const t = functionType(info, funcIndex++);
    const want = ABI_IMPORTS[imp.name];
    if (!t || !sameType(t, want)) problems.push(`import ${imp.name} is ${t ? typeText(t) : '?'}, not ${typeText(want)}`);
  }
  const exported = new Map(info.exports.map((e) => [e.name, e]));
  const memory = exported.get('memory');
  if (!memory || memory.kind !== 'memory') problems.push('no memory exported as "memory"');
  const check = (name: string, want: FuncType, required: boolean): boolean => {
    const e = exported.get(name);
    if (!e) {
      if (required) problems.push(name === 'fp_abi_version' ? 'no export fp_abi_version (include wasm/flashproof.h, which defines it)' : `no export ${name}`);
      return false;
    }
    const t = e.kind === 'function' ? functionType(info, e.index) : undefined;
    if (!t || !sameType(t, want)) {
      problems.push(`export ${name} is ${t ? typeText(t) : e.kind}, not ${typeText(want)}`);
      return false;
    }
    return true;
  };
  for (const [name, want] of Object.entries(REQUIRED_EXPORTS)) check(name, want, true);
  const optional = new Set<OptionalExport>();
  for (const [name, want] of Object.entries(OPTIONAL_EXPORTS)) if (check(name, want, false)) optional.add(name as OptionalExport);
  if (problems.length) throw new WasmLoadError(`${label}: not a flashproof store: ${problems.join('; ')} (wasm/ABI.md)`);
  return optional;
}

/** Status classes of the ABI (FP_CLASS_*), in their numeric order. */
export const STATUS_CLASSES = ['ok', 'not-found', 'no-space', 'invalid', 'error'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** A store's result: its own number, its name, and the class the harness compares. */
export interface WasmResult {
  code: number;
  name: string;
  cls: StatusClass;
}

const BD_NAMES: Record<number, string> = { [-4001]: 'BD_ERROR_DEVICE_ERROR', [-3201]: 'BD_ERROR_NOT_ERASED' };

/** The fixed convention of stores without a status table: 0, -1, -2, -3; anything else is an error. */
export function conventionalResult(code: number): WasmResult {
  switch (code) {
    case 0:
      return { code, name: 'FP_OK', cls: 'ok' };
    case -1:
      return { code, name: 'FP_E_NOT_FOUND', cls: 'not-found' };
    case -2:
      return { code, name: 'FP_E_NO_SPACE', cls: 'no-space' };
    case -3:
      return { code, name: 'FP_E_INVALID', cls: 'invalid' };
    default:
      return { code, name: BD_NAMES[code] ?? (code === -4 ? 'FP_E_ERROR' : `E${code}`), cls: 'error' };
  }
}

/** Entries of a status table as read from memory: (code, class number, name). */
export function statusMap(entries: ReadonlyArray<{ code: number; klass: number; name: string }>, label: string): Map<number, WasmResult> {
  const map = new Map<number, WasmResult>();
  for (const e of entries) {
    const cls = STATUS_CLASSES[e.klass];
    if (cls === undefined) throw new WasmLoadError(`${label}: status ${e.name} (${e.code}) has class ${e.klass}, not 0..4`);
    map.set(e.code, { code: e.code, name: e.name, cls });
  }
  return map;
}
