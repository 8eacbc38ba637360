// Loading a store compiled to WebAssembly: checked against the ABI, fuel-instrumented and compiled once per
// distinct binary (by SHA-256), then booted as a fresh instance per power cycle (RAM does not survive a cut).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BlockDevice } from '../../engine/flash/blockDevice';
import { NorFlash } from '../../engine/flash/norFlash';
import { ABI_VERSION, checkAbi, conventionalResult, type OptionalExport, type WasmResult } from './abi';
import { WasmFormatError } from './bytes';
import { SECTION } from './binary';
import { WasmLoadError, WasmTrap } from './errors';
import { instrument, START_FUEL } from './instrument';
import { WasmStore } from './store';
import { WebAssemblyApi, type WasmModuleHandle } from './webassembly';

/** Work limits of one instance: fuel per export call (loop headers and function entries cost 1), and per flash call. */
export interface WasmLimits {
  fuelPerCall: number;
  flashCallFuel: number;
}

export const DEFAULT_LIMITS: WasmLimits = { fuelPerCall: START_FUEL, flashCallFuel: 1 };

interface Compiled {
  handle: WasmModuleHandle;
  sha256: string;
  optional: ReadonlySet<OptionalExport>;
  functions: number;
  loops: number;
  /** The store's status table once an instance has read it; null when it exports none. */
  statuses: Map<number, WasmResult> | null | undefined;
  /** A trial instance booted and answered the right ABI version (see `probe`). */
  probed: boolean;
  /** The module has a start function (run by instantiation itself). */
  hasStart: boolean;
}

const cache = new Map<string, Compiled>();

/** Distinct binaries compiled so far in this process. */
export const compiledCount = (): number => cache.size;

function compile(bytes: Uint8Array, label: string): Compiled {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const hit = cache.get(sha256);
  if (hit) return hit;
  let out;
  try {
    out = instrument(bytes);
  } catch (e) {
    if (e instanceof WasmFormatError) throw new WasmLoadError(`${label}: cannot read the module: ${e.message}`);
    throw e;
  }
  const optional = checkAbi(out.info, label);
  let handle: WasmModuleHandle;
  try {
    handle = new WebAssemblyApi.Module(out.bytes);
  } catch (e) {
    throw new WasmLoadError(`${label}: does not compile: ${(e as Error).message}`);
  }
  // The engine's own view of the imports must agree with the parser's (a second check of the one rule that matters).
  const foreign = WebAssemblyApi.Module.imports(handle).filter((i) => i.module !== 'flashproof');
  if (foreign.length) throw new WasmLoadError(`${label}: imports ${foreign.map((i) => `${i.module}.${i.name}`).join(', ')}`);
  const compiled: Compiled = { handle, sha256, optional, functions: out.functions, loops: out.loops, statuses: undefined, probed: false, hasStart: out.info.sections.some((s) => s.id === SECTION.start) };
  cache.set(sha256, compiled);
  return compiled;
}

export class WasmStoreModule {
  /** Instances booted from this module (one per power cycle). */
  instances = 0;

  constructor(
    /** A name for messages (the file name for files). */
    readonly name: string,
    private readonly compiled: Compiled,
    readonly limits: WasmLimits,
  ) {}

  get sha256(): string {
    return this.compiled.sha256;
  }

  get handle(): WasmModuleHandle {
    return this.compiled.handle;
  }

  /** Function bodies and loop headers the fuel instrumentation metered. */
  get metered(): { functions: number; loops: number } {
    return { functions: this.compiled.functions, loops: this.compiled.loops };
  }

  has(name: OptionalExport): boolean {
    return this.compiled.optional.has(name);
  }

  /** A fresh instance over `device`, not mounted: its RAM is new, its flash is whatever the device holds. */
  boot(device: BlockDevice): WasmStore {
    this.instances++;
    const store = new WasmStore(this, device);
    if (this.compiled.statuses === undefined) this.compiled.statuses = this.has('fp_status_table') ? store.readStatusTable() : null;
    return store;
  }

  /** The store's number as a result: through its status table, or the fixed convention when it has none. */
  resultOf(code: number): WasmResult {
    const table = this.compiled.statuses;
    if (!table) return conventionalResult(code);
    return table.get(code) ?? { code, name: `UNLISTED(${code})`, cls: 'error' };
  }
}

export interface LoadOptions {
  name?: string;
  limits?: Partial<WasmLimits>;
}

/** The flash of the trial instance: blank, two erase units (a start function or constructor may read it). */
const PROBE_GEOMETRY = { sizeBytes: 8192, eraseSizeBytes: 4096, programSizeBytes: 1, readSizeBytes: 1, eraseValue: 0xff };

/**
 * Boots one trial instance before the module is accepted, so what would otherwise fail every boot of a campaign
 * fails here, once, as a load error: a trap at instantiation (start function, data segment outside memory), in
 * _initialize (C++ constructors), another ABI version, a status table with a bad class. Not counted in `instances`.
 */
function probe(module: WasmStoreModule, compiled: Compiled, label: string): void {
  let store: WasmStore;
  try {
    store = new WasmStore(module, new NorFlash(PROBE_GEOMETRY));
  } catch (e) {
    const why = e instanceof WasmTrap && e.call === '(instantiation)' ? `${e.detail}${compiled.hasStart ? ' (its start function)' : ''}` : (e as Error).message;
    throw new WasmLoadError(`${label}: fails at instantiation: ${why}`);
  }
  let version: number;
  try {
    version = store.abiVersion();
  } catch (e) {
    throw new WasmLoadError(`${label}: fp_abi_version fails: ${(e as Error).message}`);
  }
  if (version !== ABI_VERSION) {
    throw new WasmLoadError(`${label}: built for flashproof ABI version ${version}; this flashproof loads version ${ABI_VERSION} (rebuild it with this wasm/flashproof.h)`);
  }
  if (compiled.statuses === undefined) {
    try {
      compiled.statuses = module.has('fp_status_table') ? store.readStatusTable() : null;
    } catch (e) {
      if (e instanceof WasmLoadError) throw e;
      throw new WasmLoadError(`${label}: cannot read its status table: ${(e as Error).message}`);
    }
  }
}

export function loadWasmStore(bytes: Uint8Array, opts: LoadOptions = {}): WasmStoreModule {
  const name = opts.name ?? 'wasm store';
  const compiled = compile(bytes, name);
  const module = new WasmStoreModule(name, compiled, { ...DEFAULT_LIMITS, ...opts.limits });
  if (!compiled.probed) {
    try {
      probe(module, compiled, name);
    } catch (e) {
      cache.delete(compiled.sha256); // refused: a later load tries again and fails the same way
      throw e;
    }
    compiled.probed = true;
  }
  return module;
}

export function loadWasmStoreFile(file: string, opts: LoadOptions = {}): WasmStoreModule {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(fs.readFileSync(file));
  } catch (e) {
    throw new WasmLoadError(`${file}: cannot read: ${(e as Error).message}`);
  }
  return loadWasmStore(bytes, { name: path.basename(file), ...opts });
}
