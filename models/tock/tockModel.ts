// A reference model of Tock's KV stack (KVStorePermissions -> TicKVKVStore -> TicKVSystem -> TicKV), tickv.md §9:
// the permission checks, the capsules' error mapping, and the RAM states that leave layers busy until a reboot.
import { hexOf, type Outcome } from '../outcome';
import { tickvKeyOf } from '../tickv/hashing';
import { MAIN_KEY_HASH } from '../tickv/ops';
import type { TickvGeometry } from '../tickv/regions';
import { TickvModel, type TkGet, type TkWrite } from '../tickv/tickvModel';
import { HEADER_VERSION, readHeader, TOCK_HEADER_LENGTH, tockValue } from './header';
import type { TockOp } from './ops';
import { mayModify, mayRead, writeIdOf, type PermSpec } from './permissions';

/** Notes an op leaves for statistics and for the permission invariant's known-flaw classification. */
export const SET_FOREIGN_COPY = 'flaw: set invalidated a further live copy the caller may not modify';

export interface TockRamState {
  /** TicKVSystem.operation left set by an append refused before any flash call (tickv.rs:652-692). */
  systemStuck: boolean;
  /** KVStorePermissions.operation left set by a garbage_collect that got an immediate error (292-300). */
  permStuck: boolean;
  poisoned: string | null;
}

type Lookup = { kind: 'found'; version: number; writeId: number } | { kind: 'missing' } | { kind: 'fail' } | { kind: 'halt'; where: string };

const call = (r: { ok: true } | { ok: false; code: string }): Outcome => ({ status: r.ok ? 'Ok' : `Err(${r.code})` });
const immediate = (code: string): Outcome => ({ status: `immediate Err(${code})` });
const halted = (where: string): Outcome => ({ status: `HALT ${where}` });

export class TockModel {
  readonly tickv: TickvModel;
  ram: TockRamState = { systemStuck: false, permStuck: false, poisoned: null };
  notes: string[] = [];

  constructor(
    readonly geometry: TickvGeometry,
    tickv?: TickvModel,
  ) {
    this.tickv = tickv ?? new TickvModel(geometry);
  }

  /** An independent copy (the crash oracle keeps the state before and after each op). */
  clone(): TockModel {
    const copy = new TockModel(this.geometry, this.tickv.clone());
    copy.ram = { ...this.ram };
    return copy;
  }

  get poisoned(): string | null {
    return this.ram.poisoned ?? this.tickv.state.poisoned;
  }

  /** Power on: a new stack, then the board's TicKVSystem::initialise() run to completion. */
  boot(): void {
    this.ram = { systemStuck: false, permStuck: false, poisoned: this.ram.poisoned };
    this.tickv.reboot();
    const r = this.tickv.initialise(MAIN_KEY_HASH);
    if (r.kind !== 'ok') this.poison(`boot initialise ended ${r.kind === 'halt' ? r.where : r.code}: TicKVSystem stays in Init and parks every request`);
  }

  apply(o: TockOp): Outcome {
    this.notes = [];
    const out = this.run(o);
    if (out.status.startsWith('HALT')) this.boot(); // a kernel panic: the board resets and boots again
    return out;
  }

  private run(o: TockOp): Outcome {
    switch (o.op) {
      case 'get':
        return this.get(o.key, o.perm, o.bufLen);
      case 'set':
      case 'update':
        return this.setOrUpdate(o.op, o.key, o.value, o.perm);
      case 'add':
        return this.add(o.key, o.value, o.perm);
      case 'delete':
        return this.delete(o.key, o.perm);
      case 'gc':
        return this.gc();
      case 'reboot':
        this.boot();
        return { status: 'boot' };
    }
  }

  private poison(reason: string): Outcome {
    this.ram.poisoned ??= reason;
    return { status: 'unpredictable' };
  }

  /** KVStorePermissions::get and its completion: no permission means NOSUPPORT and a zeroed window. */
  private get(key: Uint8Array, perm: PermSpec, bufLen: number): Outcome {
    if (this.ram.permStuck) return immediate('BUSY');
    // TicKVSystem busy: get_value's BUSY becomes FAIL in TicKVKVStore, then a denial above it.
    if (this.ram.systemStuck) return this.denied(bufLen, 'stuck');
    const r = this.tickv.getKey(tickvKeyOf(key), bufLen);
    if (r.kind === 'halt') return halted(r.where);
    if (r.kind === 'ok') {
      if (r.value.length < TOCK_HEADER_LENGTH) return this.poison('a TicKV value shorter than the Tock header (only raw TicKV writes one)');
      return this.readAllowed(r.value, perm) ? { status: 'Ok', size: r.value.length - TOCK_HEADER_LENGTH, value: hexOf(r.value.subarray(TOCK_HEADER_LENGTH)) } : this.denied(r.value.length, 'denied-read');
    }
    if (r.code !== 'BufferTooSmall') return this.denied(bufLen, r.code === 'KeyNotFound' ? 'missing' : 'fail');
    // SIZE: the buffer comes back whole with the bytes that fit; the header is read from its first 9 bytes.
    if (bufLen < TOCK_HEADER_LENGTH) return halted('KeyHeader::new_from_buf');
    const partial = r.partial as Uint8Array;
    if (!this.readAllowed(partial, perm)) return this.denied(bufLen, 'denied-read');
    this.notes.push('partial-read');
    return { status: 'Err(SIZE)', size: bufLen - TOCK_HEADER_LENGTH, value: hexOf(partial.subarray(TOCK_HEADER_LENGTH)) };
  }

  private readAllowed(value: Uint8Array, perm: PermSpec): boolean {
    const h = readHeader(value);
    return h.version === HEADER_VERSION && mayRead(perm, h.writeId);
  }

  private denied(windowLength: number, why: string): Outcome {
    this.notes.push(why);
    return { status: 'Err(NOSUPPORT)', size: windowLength, value: '00'.repeat(Math.min(16, windowLength)) };
  }

  /** The 9-byte header lookup set, update and delete make before anything is changed. */
  private lookup(hash: bigint): Lookup {
    if (this.ram.systemStuck) return { kind: 'fail' };
    const r: TkGet = this.tickv.getKey(hash, TOCK_HEADER_LENGTH);
    if (r.kind === 'halt') return r;
    const bytes = r.kind === 'ok' ? r.value : r.code === 'BufferTooSmall' ? (r.partial as Uint8Array) : undefined;
    if (bytes === undefined) return r.kind === 'err' && r.code === 'KeyNotFound' ? { kind: 'missing' } : { kind: 'fail' };
    if (bytes.length < TOCK_HEADER_LENGTH) return { kind: 'fail' }; // unreachable through this stack; poisoned by the caller
    const h = readHeader(bytes);
    return { kind: 'found', version: h.version, writeId: h.writeId };
  }

  /** Whether the looked-up object may be modified (set also creates a missing key); notes say why not. */
  private allowedAfter(look: Lookup, perm: PermSpec, createMissing: boolean): boolean {
    if (look.kind === 'found' && look.version === HEADER_VERSION && mayModify(perm, look.writeId)) return true;
    if (look.kind === 'missing' && createMissing) return true;
    this.notes.push(look.kind === 'found' ? 'denied-modify' : look.kind === 'missing' ? 'missing' : 'stuck');
    return false;
  }

  private setOrUpdate(op: 'set' | 'update', key: Uint8Array, user: Uint8Array, perm: PermSpec): Outcome {
    const writeId = writeIdOf(perm);
    if (writeId === undefined) return this.noWriteId();
    if (this.ram.permStuck) return immediate('BUSY');
    const hash = tickvKeyOf(key);
    const look = this.lookup(hash);
    if (look.kind === 'halt') return halted(look.where);
    if (!this.allowedAfter(look, perm, op === 'set')) return call({ ok: false, code: 'NOSUPPORT' });
    const value = tockValue(user, writeId);
    return op === 'set' ? this.kvSet(hash, value, perm) : this.kvUpdate(hash, value);
  }

  private noWriteId(): Outcome {
    this.notes.push('no-write-id');
    return immediate('INVAL');
  }

  /** TicKVKVStore::set: append; on KeyAlreadyExists invalidate the copy get finds and append again. */
  private kvSet(hash: bigint, value: Uint8Array, perm: PermSpec): Outcome {
    for (let turn = 0; ; turn++) {
      if (turn > 64) return this.poison('set kept finding live copies after 64 invalidations');
      const a = this.tickv.appendKey(hash, value);
      if (a.kind !== 'err' || a.code !== 'KeyAlreadyExists') return this.appendEnd(a, 'set');
      const i = this.tickv.invalidateKey(hash);
      if (i.kind === 'halt') return halted(i.where);
      if (i.kind === 'err') return call({ ok: false, code: 'FAIL' });
      // The first invalidation hits the copy the lookup checked; later ones are never checked (tickv_kv_store.rs 384-409).
      const stored = i.object && i.object.value.length >= TOCK_HEADER_LENGTH ? readHeader(i.object.value).writeId : 0;
      if (turn > 0 && !mayModify(perm, stored)) this.notes.push(SET_FOREIGN_COPY);
      if (turn > 0) this.notes.push('set-loop');
    }
  }

  /** TicKVKVStore::update: invalidate first (a failure is NOSUPPORT), then append. */
  private kvUpdate(hash: bigint, value: Uint8Array): Outcome {
    const i = this.tickv.invalidateKey(hash);
    if (i.kind === 'halt') return halted(i.where);
    if (i.kind === 'err') return call({ ok: false, code: 'NOSUPPORT' });
    return this.appendEnd(this.tickv.appendKey(hash, value), 'update');
  }

  private add(key: Uint8Array, user: Uint8Array, perm: PermSpec): Outcome {
    const writeId = writeIdOf(perm);
    if (writeId === undefined) return this.noWriteId();
    if (this.ram.permStuck) return immediate('BUSY');
    if (this.ram.systemStuck) return call({ ok: false, code: 'BUSY' }); // append_key's BUSY passes through add unmapped
    return this.appendEnd(this.tickv.appendKey(tickvKeyOf(key), tockValue(user, writeId)), 'add');
  }

  /** How an append ends each request: TicKVSystem's mapping, then the KV store's per-operation mapping. */
  private appendEnd(a: TkWrite, op: 'set' | 'add' | 'update'): Outcome {
    if (a.kind === 'halt') return halted(a.where);
    if (a.kind === 'ok') return call({ ok: true });
    if (a.early) {
      // No flash call, so no callback: TicKVSystem keeps operation = AppendKey for good; SIZE surfaces (FAIL in update).
      this.ram.systemStuck = true;
      this.notes.push('stuck');
      return call({ ok: false, code: op === 'update' ? 'FAIL' : 'SIZE' });
    }
    if (a.code === 'FlashFull' || a.code === 'RegionFull') return call({ ok: false, code: 'NOMEM' });
    if (a.code === 'KeyAlreadyExists' && op === 'add') {
      this.notes.push('key-exists');
      return call({ ok: false, code: 'NOSUPPORT' });
    }
    return call({ ok: false, code: 'FAIL' });
  }

  private delete(key: Uint8Array, perm: PermSpec): Outcome {
    if (this.ram.permStuck) return immediate('BUSY');
    const hash = tickvKeyOf(key);
    const look = this.lookup(hash);
    if (look.kind === 'halt') return halted(look.where);
    if (!this.allowedAfter(look, perm, false)) return call({ ok: false, code: 'NOSUPPORT' });
    const i = this.tickv.invalidateKey(hash);
    if (i.kind === 'halt') return halted(i.where);
    if (i.kind === 'ok') return call({ ok: true });
    return call({ ok: false, code: i.code === 'KeyNotFound' ? 'NOSUPPORT' : 'FAIL' });
  }

  private gc(): Outcome {
    if (this.ram.permStuck) return immediate('BUSY');
    if (this.ram.systemStuck) {
      // TicKVSystem answers BUSY at once; KVStorePermissions has already set its operation and never clears it.
      this.ram.permStuck = true;
      this.notes.push('perm-stuck');
      return immediate('BUSY');
    }
    const r = this.tickv.garbageCollect();
    if (r.kind === 'halt') return halted(r.where);
    if (r.freed > 0) this.notes.push('gc-freed');
    return call({ ok: true });
  }
}
