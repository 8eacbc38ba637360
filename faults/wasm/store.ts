// One instance of a WebAssembly store: its imports bound to a BlockDevice, its exports called under a fuel budget.
// An instance lives for one power cycle: after a power loss, a halt, a trap or a hang it is dead for good.
import type { BlockDevice } from '../../engine/flash/blockDevice';
import { BudgetExceeded, isPowerLoss } from '../powerLoss';
import { statusMap, type WasmResult } from './abi';
import { WasmHalt, WasmHang, WasmTrap } from './errors';
import { FUEL_EXPORT } from './instrument';
import type { WasmStoreModule } from './loader';
import { WebAssemblyApi, type WasmGlobalHandle, type WasmImports, type WasmMemoryHandle } from './webassembly';

type Fn = (...args: number[]) => number;

const HALT_MESSAGE_MAX = 1024;
const STATUS_TABLE_MAX = 256;

export interface GetResult extends WasmResult {
  value?: Uint8Array;
}

export class WasmStore {
  /** Why the instance can no longer run (power lost, halt, trap, hang), or null. */
  dead: string | null = null;
  /** Export calls made, and fuel they used (the last call's and in total). */
  calls = 0;
  lastFuel = 0;
  totalFuel = 0;
  private readonly memory: WasmMemoryHandle;
  private readonly fuel: WasmGlobalHandle;
  private readonly fns: Record<string, Fn>;
  private current = '(instantiation)';
  private scratch = 0;
  private scratchCap = 0;

  constructor(
    readonly module: WasmStoreModule,
    readonly device: BlockDevice,
  ) {
    let instance;
    try {
      instance = new WebAssemblyApi.Instance(module.handle, this.imports());
    } catch (e) {
      throw this.failure('(instantiation)', e);
    }
    this.memory = instance.exports.memory as WasmMemoryHandle;
    this.fuel = instance.exports[FUEL_EXPORT] as WasmGlobalHandle;
    this.fns = instance.exports as Record<string, Fn>;
    if (module.has('_initialize')) this.run('_initialize', () => this.fns._initialize());
    else if (module.has('__wasm_call_ctors')) this.run('__wasm_call_ctors', () => this.fns.__wasm_call_ctors());
  }

  /** What the store's fp_abi_version answers (FP_ABI_VERSION of the header it was built with). */
  abiVersion(): number {
    return this.run('fp_abi_version', () => this.fns.fp_abi_version());
  }

  mount(): WasmResult {
    const g = this.device.geometry;
    return this.result(this.run('fp_mount', () => this.fns.fp_mount(g.sizeBytes, g.eraseSizeBytes, g.programSizeBytes, g.readSizeBytes)));
  }

  set(key: Uint8Array, value: Uint8Array): WasmResult {
    const [k, v] = this.stage([key, value]);
    return this.result(this.run('fp_set', () => this.fns.fp_set(k, key.length, v, value.length)));
  }

  remove(key: Uint8Array): WasmResult {
    const [k] = this.stage([key]);
    return this.result(this.run('fp_remove', () => this.fns.fp_remove(k, key.length)));
  }

  /** The value of `key`: asked with a `cap`-byte buffer first, and again with the real size when it is larger. */
  get(key: Uint8Array, cap = 64): GetResult {
    const first = this.sized('fp_get', key, cap, (k, buf, n, out) => this.fns.fp_get(k, key.length, buf, n, out));
    if (first.cls !== 'ok' || first.size <= cap) return { ...first.result, value: first.cls === 'ok' ? first.bytes : undefined };
    const again = this.sized('fp_get', key, first.size, (k, buf, n, out) => this.fns.fp_get(k, key.length, buf, n, out));
    if (again.cls === 'ok' && again.size !== first.size) throw new WasmTrap('fp_get', 'abi', `size ${first.size}, then ${again.size} for the same key`);
    return { ...again.result, value: again.cls === 'ok' ? again.bytes : undefined };
  }

  /** Every key fp_iterate lists, in the store's order; stops at the first result that is not ok. */
  keys(limit = 4096): { result: WasmResult; keys: Uint8Array[] } {
    if (!this.module.has('fp_iterate')) throw new Error(`${this.module.name} exports no fp_iterate`);
    const keys: Uint8Array[] = [];
    for (let i = 0; ; i++) {
      if (i >= limit) throw new WasmTrap('fp_iterate', 'abi', `more than ${limit} keys: the iteration does not end`);
      const r = this.sized('fp_iterate', new Uint8Array(0), 256, (_k, buf, n, out) => this.fns.fp_iterate(i, buf, n, out));
      if (r.cls !== 'ok') return { result: r.result, keys };
      if (r.size > 256) throw new WasmTrap('fp_iterate', 'abi', `a key of ${r.size} bytes`);
      keys.push(r.bytes);
    }
  }

  gc(): WasmResult {
    if (!this.module.has('fp_gc')) throw new Error(`${this.module.name} exports no fp_gc`);
    return this.result(this.run('fp_gc', () => this.fns.fp_gc()));
  }

  reset(): WasmResult {
    if (!this.module.has('fp_reset')) throw new Error(`${this.module.name} exports no fp_reset`);
    return this.result(this.run('fp_reset', () => this.fns.fp_reset()));
  }

  /** The store's status table (fp_status_table), read from its memory. */
  readStatusTable(): Map<number, WasmResult> {
    const ptr = this.run('fp_status_table', () => this.fns.fp_status_table()) >>> 0;
    const entries: Array<{ code: number; klass: number; name: string }> = [];
    for (let i = 0; ; i++) {
      if (i >= STATUS_TABLE_MAX) throw new WasmTrap('fp_status_table', 'abi', `no end after ${STATUS_TABLE_MAX} entries`);
      const view = this.view('fp_status_table', ptr + 12 * i, 12);
      const dv = new DataView(view.buffer, view.byteOffset, 12);
      const namePtr = dv.getUint32(8, true);
      if (namePtr === 0) break;
      entries.push({ code: dv.getInt32(0, true), klass: dv.getInt32(4, true), name: this.cString('fp_status_table', namePtr, 64) });
    }
    return statusMap(entries, this.module.name);
  }

  private result(code: number): WasmResult {
    return this.module.resultOf(code);
  }

  /** Runs one export call under a fresh fuel budget; any failure kills the instance and is typed. */
  private run(name: string, call: () => number | void): number {
    if (this.dead) throw new Error(`${name} on a dead instance of ${this.module.name} (${this.dead}): a harness bug`);
    const budget = this.module.limits.fuelPerCall;
    this.current = name;
    this.fuel.value = budget;
    this.calls++;
    try {
      const r = call();
      return typeof r === 'number' ? r : 0;
    } catch (e) {
      const f = this.failure(name, e);
      this.dead = isPowerLoss(f) ? 'power lost' : `${f.name}: ${f.message}`;
      throw f;
    } finally {
      const used = budget - Math.max(this.fuel.value, -1);
      this.lastFuel = Math.min(used, budget);
      this.totalFuel += this.lastFuel;
    }
  }

  private failure(name: string, e: unknown): Error {
    if (e instanceof BudgetExceeded && !(e instanceof WasmHang)) {
      // the device's budget ran out inside this call: name the export, as a fuel hang does
      const hang = new BudgetExceeded(e.what, e.limit);
      hang.message = `${name}: the flash ${e.what === 'reads' ? 'read' : 'step'} budget of ${e.limit} ran out: the store does not terminate`;
      return hang;
    }
    if (isPowerLoss(e) || e instanceof BudgetExceeded || e instanceof WasmHalt || e instanceof WasmTrap) return e as Error;
    if (e instanceof WebAssemblyApi.RuntimeError) {
      if (this.fuel && this.fuel.value < 0) return new WasmHang(name, this.module.limits.fuelPerCall);
      return new WasmTrap(name, 'trap', `${e.message}${whereIn(e)}`);
    }
    if (e instanceof RangeError && /call stack/i.test(e.message)) return new WasmTrap(name, 'stack-overflow', e.message);
    const err = e as Error;
    return new WasmTrap(name, 'trap', `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
  }

  /** Calls an export that fills a buffer and a size (fp_get, fp_iterate) with a `cap`-byte buffer. */
  private sized(name: string, key: Uint8Array, cap: number, call: (k: number, buf: number, cap: number, out: number) => number) {
    const [k, out, buf] = this.stage([key, new Uint8Array([0xff, 0xff, 0xff, 0xff]), new Uint8Array(cap)]);
    const result = this.result(this.run(name, () => call(k, buf, cap, out)));
    if (result.cls !== 'ok') return { result, cls: result.cls, size: 0, bytes: new Uint8Array(0) };
    const size = new DataView(this.view(name, out, 4).slice().buffer).getUint32(0, true);
    if (size === 0xffffffff) throw this.kill(new WasmTrap(name, 'abi', 'answered ok without writing the size'));
    const bytes = this.view(name, buf, Math.min(size, cap)).slice();
    return { result, cls: result.cls, size, bytes };
  }

  /** Copies byte strings into the instance's scratch buffer (4-byte aligned each); returns their addresses. */
  private stage(parts: Uint8Array[]): number[] {
    const need = parts.reduce((n, p) => n + ((p.length + 3) & ~3), 0) || 4;
    if (need > this.scratchCap) {
      if (this.scratch) this.run('fp_free', () => this.fns.fp_free(this.scratch));
      const cap = Math.max(256, need * 2);
      const ptr = this.run('fp_alloc', () => this.fns.fp_alloc(cap)) >>> 0;
      if (!ptr) throw this.kill(new WasmTrap('fp_alloc', 'abi', `returned NULL for ${cap} bytes`));
      this.view('fp_alloc', ptr, cap);
      [this.scratch, this.scratchCap] = [ptr, cap];
    }
    const addrs: number[] = [];
    let at = this.scratch;
    const mem = new Uint8Array(this.memory.buffer);
    for (const p of parts) {
      mem.set(p, at);
      addrs.push(at);
      at += (p.length + 3) & ~3;
    }
    return addrs;
  }

  private kill(e: WasmTrap): WasmTrap {
    this.dead = e.message;
    return e;
  }

  /** A view of linear memory, or a `memory` trap when the range is outside it. */
  private view(call: string, ptr: number, len: number): Uint8Array {
    const buffer = this.memory?.buffer;
    if (!buffer) throw new WasmTrap(call, 'abi', 'flash call before the instance exists (start function)');
    if (ptr + len > buffer.byteLength) {
      throw new WasmTrap(call, 'memory', `buffer 0x${ptr.toString(16)}+${len} is outside linear memory (${buffer.byteLength} bytes)`);
    }
    return new Uint8Array(buffer, ptr, len);
  }

  private cString(call: string, ptr: number, max: number): string {
    const bytes = this.view(call, ptr, Math.min(max, this.memory.buffer.byteLength - ptr));
    const end = bytes.indexOf(0);
    return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
  }

  /** Fuel for a flash call; past the budget the store does not terminate. */
  private charge(): void {
    const left = this.fuel.value - this.module.limits.flashCallFuel;
    this.fuel.value = Math.max(left, -1);
    if (left < 0) throw new WasmHang(this.current, this.module.limits.fuelPerCall);
  }

  /** Harness flash is strict: out-of-range or misaligned access is the store's bug, a crash. */
  private checkFlash(what: string, addr: number, len: number, unit: number): void {
    const size = this.device.geometry.sizeBytes;
    if (addr + len > size) throw new WasmTrap(this.current, 'flash-misuse', `${what} out of range: addr=${addr} len=${len} size=${size}`);
    if (addr % unit || len % unit) throw new WasmTrap(this.current, 'flash-misuse', `${what} misaligned: addr=${addr} len=${len} unit=${unit}`);
  }

  private imports(): WasmImports {
    const g = this.device.geometry;
    return {
      flashproof: {
        fp_read: (addr: number, len: number, ptr: number): number => {
          this.charge();
          [addr, len, ptr] = [addr >>> 0, len >>> 0, ptr >>> 0];
          this.checkFlash('fp_read', addr, len, g.readSizeBytes);
          const dst = this.view(this.current, ptr, len);
          if (len) dst.set(this.device.read(addr, len));
          return 0;
        },
        fp_program: (addr: number, ptr: number, len: number): number => {
          this.charge();
          [addr, len, ptr] = [addr >>> 0, len >>> 0, ptr >>> 0];
          this.checkFlash('fp_program', addr, len, g.programSizeBytes);
          return this.device.program(addr, this.view(this.current, ptr, len).slice());
        },
        fp_erase: (addr: number, len: number): number => {
          this.charge();
          [addr, len] = [addr >>> 0, len >>> 0];
          this.checkFlash('fp_erase', addr, len, g.eraseSizeBytes);
          return this.device.erase(addr, len);
        },
        fp_halt: (ptr: number, len: number): never => {
          [ptr, len] = [ptr >>> 0, Math.min(len >>> 0, HALT_MESSAGE_MAX)];
          const text = ptr + len <= (this.memory?.buffer.byteLength ?? 0) ? Buffer.from(this.view(this.current, ptr, len)).toString('utf8') : '(message outside memory)';
          throw new WasmHalt(this.current, text);
        },
      },
    };
  }
}

/** " in NAME" for the innermost wasm frame of a trap's stack, when the module carries names. */
function whereIn(e: Error): string {
  const m = /at (\S+) \(wasm:\/\//.exec(e.stack ?? '');
  return m ? ` in ${m[1]}` : '';
}
