// What Tock's KV stack promises (kernel/src/hil/kv.rs, the capsules' own comments), over the promise model of
// TicKV: the permission checks and error codes of tickv.md §9, no layer left busy for good, write errors
// reported. `order` is how set/update replace an existing key: `invalidate-first` as the capsules do
// (tickv_kv_store.rs:497-557: delete the old object, then store the new), `append-first` as the hardened
// stack does (the new copy first, then the old one invalidated).
import { hexOf, type Outcome } from '../outcome';
import { tickvKeyOf } from '../tickv/hashing';
import { MAIN_KEY_HASH } from '../tickv/ops';
import { PromiseTickvModel } from '../tickv/promiseModel';
import type { TickvGeometry } from '../tickv/regions';
import type { TkWrite } from '../tickv/tickvModel';
import { HEADER_VERSION, readHeader, TOCK_HEADER_LENGTH, tockValue } from './header';
import type { TockOp } from './ops';
import { mayModify, mayRead, writeIdOf, type PermSpec } from './permissions';

export type ReplaceOrder = 'invalidate-first' | 'append-first';

type Lookup = { kind: 'found'; version: number; writeId: number } | { kind: 'missing' } | { kind: 'halt'; where: string };

const OBJECT_OVERHEAD = 15;
const LIMIT = 0xfff;
const result = (code?: string): Outcome => ({ status: code ? `Err(${code})` : 'Ok' });
const halted = (where: string): Outcome => ({ status: `HALT ${where}` });

export class PromiseTockModel {
  constructor(
    readonly geometry: TickvGeometry,
    readonly order: ReplaceOrder,
    readonly tickv: PromiseTickvModel,
  ) {}

  static create(geometry: TickvGeometry, order: ReplaceOrder, canClearBits: boolean): PromiseTockModel {
    return new PromiseTockModel(geometry, order, new PromiseTickvModel(geometry, canClearBits));
  }

  clone(): PromiseTockModel {
    return new PromiseTockModel(this.geometry, this.order, this.tickv.clone());
  }

  /** Power on: a new stack, then TicKVSystem::initialise() run to completion. */
  boot(): void {
    this.tickv.initialise(MAIN_KEY_HASH);
  }

  apply(o: TockOp): Outcome {
    switch (o.op) {
      case 'get':
        return this.get(o.key, o.perm, o.bufLen);
      case 'set':
      case 'update':
      case 'add':
        return this.insert(o.op, o.key, o.value, o.perm);
      case 'delete':
        return this.delete(o.key, o.perm);
      case 'gc': {
        const r = this.tickv.garbageCollect();
        return r.kind === 'halt' ? halted(r.where) : result();
      }
      case 'reboot':
        this.boot();
        return { status: 'boot' };
    }
  }

  /** KVStorePermissions::get: a readable header in the window, or NOSUPPORT and a zeroed window. */
  private get(key: Uint8Array, perm: PermSpec, bufLen: number): Outcome {
    const r = this.tickv.getKey(tickvKeyOf(key), bufLen);
    if (r.kind === 'halt') return halted(r.where);
    if (r.kind === 'ok') {
      return this.readable(r.value, perm) ? { status: 'Ok', size: r.value.length - TOCK_HEADER_LENGTH, value: hexOf(r.value.subarray(TOCK_HEADER_LENGTH)) } : denied(r.value.length);
    }
    if (r.code !== 'BufferTooSmall') return denied(bufLen);
    const partial = r.partial as Uint8Array;
    if (!this.readable(partial, perm)) return denied(bufLen);
    return { status: 'Err(SIZE)', size: bufLen - TOCK_HEADER_LENGTH, value: hexOf(partial.subarray(TOCK_HEADER_LENGTH)) };
  }

  /** A window too short for the header proves no permission. */
  private readable(window: Uint8Array, perm: PermSpec): boolean {
    if (window.length < TOCK_HEADER_LENGTH) return false;
    const h = readHeader(window);
    return h.version === HEADER_VERSION && mayRead(perm, h.writeId);
  }

  private lookup(hash: bigint): Lookup {
    const r = this.tickv.getKey(hash, TOCK_HEADER_LENGTH);
    if (r.kind === 'halt') return r;
    const bytes = r.kind === 'ok' ? r.value : r.code === 'BufferTooSmall' ? (r.partial as Uint8Array) : undefined;
    if (!bytes) return { kind: 'missing' };
    const h = readHeader(bytes);
    return { kind: 'found', version: h.version, writeId: h.writeId };
  }

  private modifiable(look: Lookup, perm: PermSpec): boolean {
    return look.kind === 'found' && look.version === HEADER_VERSION && mayModify(perm, look.writeId);
  }

  private insert(op: 'set' | 'add' | 'update', key: Uint8Array, user: Uint8Array, perm: PermSpec): Outcome {
    const writeId = writeIdOf(perm);
    if (writeId === undefined) return { status: 'immediate Err(INVAL)' };
    const hash = tickvKeyOf(key);
    const value = tockValue(user, writeId);
    if (op === 'add') return appended(this.tickv.appendKey(hash, value), 'NOSUPPORT');
    const look = this.lookup(hash);
    if (look.kind === 'halt') return halted(look.where);
    if (!this.modifiable(look, perm) && !(op === 'set' && look.kind === 'missing')) return result('NOSUPPORT');
    if (op === 'set') {
      const a = this.tickv.appendKey(hash, value);
      if (a.kind !== 'err' || a.code !== 'KeyAlreadyExists') return appended(a, 'FAIL');
    } else if (OBJECT_OVERHEAD + value.length >= LIMIT) {
      return result('SIZE');
    }
    return this.replace(hash, value, op === 'set' ? 'FAIL' : 'NOSUPPORT');
  }

  /** An existing key gets a new value; `failed` is the code when the old copy cannot be removed. */
  private replace(hash: bigint, value: Uint8Array, failed: 'FAIL' | 'NOSUPPORT'): Outcome {
    if (this.order === 'append-first') {
      const r = this.tickv.replaceKey(hash, value);
      if (r.kind === 'err' && r.code === 'KeyNotFound') return result(failed);
      return appended(r, 'FAIL');
    }
    // Promised: a full store refuses before anything is removed; the capsule removes first (a flaw it shows).
    if (!this.tickv.hasRoomFor(hash, value.length)) return result('NOMEM');
    const i = this.tickv.invalidateKey(hash);
    if (i.kind === 'halt') return halted(i.where);
    if (i.kind === 'err') return result(failed);
    return appended(this.tickv.appendKey(hash, value), 'FAIL');
  }

  private delete(key: Uint8Array, perm: PermSpec): Outcome {
    const hash = tickvKeyOf(key);
    const look = this.lookup(hash);
    if (look.kind === 'halt') return halted(look.where);
    if (!this.modifiable(look, perm)) return result('NOSUPPORT');
    const i = this.tickv.invalidateKey(hash);
    if (i.kind === 'halt') return halted(i.where);
    return i.kind === 'ok' ? result() : result(i.code === 'KeyNotFound' ? 'NOSUPPORT' : 'FAIL');
  }

  /** Values as readers see them: hash -> user value and write id of the live copy get returns. */
  storedValues(): Map<bigint, { user: Uint8Array; writeId: number; version: number }> {
    const out = new Map<bigint, { user: Uint8Array; writeId: number; version: number }>();
    for (const [hash, v] of this.tickv.liveValues()) {
      if (hash === MAIN_KEY_HASH || v.length < TOCK_HEADER_LENGTH) continue;
      const h = readHeader(v);
      out.set(hash, { user: v.subarray(TOCK_HEADER_LENGTH), writeId: h.writeId, version: h.version });
    }
    return out;
  }
}

function denied(windowLength: number): Outcome {
  return { status: 'Err(NOSUPPORT)', size: windowLength, value: '00'.repeat(Math.min(16, windowLength)) };
}

/** How an append ends a request: SIZE at once when too large, NOMEM when full, `exists` for a live key. */
function appended(a: TkWrite, exists: 'NOSUPPORT' | 'FAIL'): Outcome {
  if (a.kind === 'halt') return halted(a.where);
  if (a.kind === 'ok') return result();
  if (a.early) return result('SIZE');
  if (a.code === 'FlashFull' || a.code === 'RegionFull') return result('NOMEM');
  return result(a.code === 'KeyAlreadyExists' ? exists : 'FAIL');
}
