// A reference model of TDBStore at the level of records: a log since the last GC, a RAM table, reserved data.
// It predicts every status and result of the KVStore API from specs/tdbstore.md, quirks of profile mbed included.
import { hexOf, type Outcome } from '../outcome';
import type { TdbOp } from './ops';
import {
  bytesEq,
  FLAG_DELETE,
  FLAG_WRITE_ONCE,
  isMasterKey,
  keyHash,
  Layout,
  masterValue,
  STATUS,
  USER_FLAGS,
  validKey,
  type TdbGeometry,
  type TdbModelProfile,
} from './rules';

export interface LogRecord {
  key: Uint8Array;
  value: Uint8Array;
  flags: number;
  /** Offset of the record in its area (it decides whether mbed can read it back). */
  offset: number;
}

interface Entry {
  hash: number;
  rec: LogRecord;
}

interface IncSet {
  /** Record offset: the key/data bytes go to base + align(24) as they arrive. */
  base: number;
  /** A program elsewhere (reserved data) flushed the write cache, so every received byte reached flash. */
  flushed: boolean;
  key: Uint8Array;
  size: number;
  flags: number;
  chunks: Uint8Array[];
  received: number;
  found: boolean;
  ind: number;
}

/** What a reboot would find on flash, plus RAM state. Plain data: cloning a model is cheap. */
export interface TdbModelState {
  formatted: boolean;
  /** Active area (0 or 1): GC flips it, format and reset pick 0. */
  area: number;
  version: number;
  log: LogRecord[];
  reserved: Uint8Array | null;
  initialized: boolean;
  table: Entry[];
  free: number;
  inc: IncSet | null;
  /** Bytes an abandoned incremental set programmed past the log end; no blank check in 6.17 looks at them. */
  garbage: { start: number; end: number } | null;
  /** Per area, erase units that may hold bytes of an earlier generation (1) or are erased (0). */
  dirty: [number[], number[]];
  /** A GC ended its copies on the start of a unit that still holds older records (mbed erases nothing there). */
  staleAtEnd: boolean;
  epoch: number;
  heldEpoch: number;
  gcCount: number;
  /** Set when the real code reaches a state no model can predict (a known mbed flaw); predictions stop there. */
  poisoned: string | null;
}

export interface StoreSnapshot {
  keys: Array<{ key: string; value: string; flags: number }>;
  reserved: string | null;
}

const UINT32 = 0x100000000;
const ok = (extra: Partial<Outcome> = {}): Outcome => ({ status: STATUS.SUCCESS, ...extra });
const fail = (status: string): Outcome => ({ status });

export class TdbModel {
  readonly layout: Layout;
  state: TdbModelState;

  /**
   * @param tolerateFlaws true: stop predicting where mbed's undocumented flaws make the real code diverge (model-based
   *   tests); false: predict what the spec promises, so the crash oracle reports those divergences as violations.
   */
  constructor(
    readonly geometry: TdbGeometry,
    readonly profile: TdbModelProfile,
    state?: TdbModelState,
    readonly tolerateFlaws = true,
  ) {
    this.layout = new Layout(geometry);
    this.state = state ?? {
      formatted: false,
      area: 0,
      version: 0,
      log: [],
      reserved: null,
      initialized: false,
      table: [],
      free: 0,
      inc: null,
      garbage: null,
      dirty: [[], []],
      staleAtEnd: false,
      epoch: 0,
      heldEpoch: -1,
      gcCount: 0,
      poisoned: null,
    };
  }

  clone(): TdbModel {
    const s = this.state;
    return new TdbModel(this.geometry, this.profile, {
      ...s,
      log: [...s.log],
      table: s.table.map((e) => ({ ...e })),
      inc: s.inc ? { ...s.inc, chunks: [...s.inc.chunks] } : null,
      dirty: [[...s.dirty[0]], [...s.dirty[1]]],
    }, this.tolerateFlaws);
  }

  private get mbed(): boolean {
    return this.profile === 'mbed';
  }

  apply(o: TdbOp): Outcome {
    switch (o.op) {
      case 'init':
        return this.init();
      case 'deinit':
        if (this.state.initialized) this.dropInc(true);
        this.state.initialized = false;
        return ok();
      case 'reboot':
        if (this.state.initialized) this.dropInc(false);
        this.state.initialized = false;
        return this.init();
      case 'reset':
        return this.reset();
      case 'set':
        return this.set(o.key, o.value, o.flags);
      case 'remove':
        return this.set(o.key, new Uint8Array(0), FLAG_DELETE);
      case 'get':
        return this.get(o.key, o.bufferSize, o.offset);
      case 'info':
        return this.info(o.key);
      case 'list':
        return this.list(o.prefix);
      case 'incStart':
        return this.incStart(o.key, o.size, o.flags);
      case 'incAdd':
        return this.incAdd(o.data);
      case 'incFinalize':
        return this.incFinalize();
      case 'reservedSet':
        return this.reservedSet(o.data);
      case 'reservedGet':
        return this.reservedGet(o.bufferSize);
    }
  }

  /**
   * What a cut inside `o` may leave besides old and new: the GC that set_start ran before writing the record
   * (abandoned handle, full log, hardened's dirty tail) is committed, the record is not. Undefined if no GC ran.
   */
  afterGcOnly(o: TdbOp): TdbModel | undefined {
    if (o.op !== 'set' && o.op !== 'remove' && o.op !== 'incStart') return undefined;
    const m = this.clone();
    const s = m.state;
    const key = o.key;
    const flags = o.op === 'remove' ? FLAG_DELETE : o.flags;
    const size = o.op === 'set' ? o.value.length : o.op === 'incStart' ? o.size : 0;
    if (!s.initialized || !m.argsOk(key, flags) || isMasterKey(key)) return undefined;
    const gcs = s.gcCount;
    m.start(key, size, flags);
    s.inc = null;
    return s.gcCount > gcs && !s.poisoned ? m : undefined;
  }

  /**
   * What a cut inside mbed's reset may leave besides old and new: it erases both areas' first units before it writes
   * the master record, so a cut between leaves no valid area and the next init formats. That store is the empty one
   * reset makes, but init's format path skips build_ram_table, so "TDBS" (TDB-15) is not in the RAM table: iterators
   * do not list it and a GC does not copy it until the next reboot. Only for the boot right after the cut: carried on
   * without one (a failed master write) the same flash loses every later write at the next boot, TDB-10. Undefined
   * where no such cut exists.
   */
  afterResetCut(o: TdbOp): TdbModel | undefined {
    if (o.op !== 'reset' || !this.mbed || !this.state.initialized) return undefined;
    const m = this.clone();
    m.apply(o);
    m.state.formatted = false; // a reboot formats: erase area 0's first unit, master v1, empty table
    return m;
  }

  /** After `o` failed on a device error: nothing stored; the one incremental handle is closed (any GC closes it too). */
  afterFailure(o: TdbOp): TdbModel[] {
    if (o.op === 'get' || o.op === 'info' || o.op === 'list' || o.op === 'reservedGet') return [];
    const failed = this.clone();
    failed.state.inc = null;
    const mid = this.afterGcOnly(o);
    return mid ? [failed, mid] : [failed];
  }

  /** The whole visible store, in iteration order (what the subject reads back after a reboot). */
  snapshot(): StoreSnapshot {
    // Read back as the API does: list the keys, then get/info each (aliasing keys read their alias).
    const keys = (this.list().keys ?? []).map((hex) => {
      const key = new Uint8Array(Buffer.from(hex, 'hex'));
      const got = this.get(key);
      const info = this.info(key);
      return { key: hex, value: got.status === STATUS.SUCCESS ? (got.value as string) : `<${got.status}>`, flags: info.flags ?? -1 };
    });
    return { keys, reserved: this.state.reserved ? hexOf(this.state.reserved) : null };
  }

  // ---- lifecycle ----

  private init(): Outcome {
    const s = this.state;
    if (s.initialized) return ok();
    s.initialized = true;
    s.epoch++;
    s.inc = null;
    if (!s.formatted) {
      s.formatted = true;
      s.area = 0;
      s.version = 1;
      s.log = [];
      s.table = [];
      s.free = this.layout.logStart;
      this.eraseForce(0, 0, this.layout.logStart + this.layout.p);
      this.markDirty(0, this.layout.masterOffset, this.layout.logStart);
      return ok();
    }
    if (this.mbed && s.staleAtEnd && this.tolerateFlaws) {
      // The scan runs past the log end into records of an older generation: they come back (a resurrection).
      return this.poison('stale records resurrect: a GC ended on an unerased erase-unit start and nothing erased it before the reboot', STATUS.SUCCESS);
    }
    this.rebuild();
    return ok();
  }

  /** build_ram_table: replay the log (mbed: starting with the master record itself) through find(). */
  private rebuild(): void {
    const s = this.state;
    s.table = [];
    const master: LogRecord = { key: new Uint8Array(MASTER_KEY_BYTES), value: masterValue(s.version), flags: 0, offset: this.layout.masterOffset };
    const records = this.mbed ? [master, ...s.log] : s.log;
    for (const [i, rec] of records.entries()) {
      if (!this.readable(rec)) {
        // The scan stops at the first record it cannot read: the log ends there, the record's bytes stay.
        s.log = s.log.slice(0, this.mbed ? i - 1 : i);
        s.garbage = { start: rec.offset, end: this.layout.areaSize };
        break;
      }
      if (!this.mbed && isMasterKey(rec.key)) continue;
      const f = this.find(rec.key);
      const deleted = (rec.flags & FLAG_DELETE) !== 0;
      if (!f.found) {
        if (!deleted) s.table.splice(f.ind, 0, { hash: keyHash(rec.key), rec });
      } else if (deleted) {
        s.table.splice(f.ind, 1);
      } else {
        s.table[f.ind] = { hash: keyHash(rec.key), rec };
      }
    }
    s.free = this.layout.logStart + s.log.reduce((n, r) => n + this.recordSize(r.key.length, r.value.length), 0);
  }

  private reset(): Outcome {
    const s = this.state;
    if (!s.initialized) return fail(STATUS.NOT_READY);
    Object.assign(s, { area: 0, version: 1, log: [], table: [], free: this.layout.logStart, reserved: null, inc: null, garbage: null, staleAtEnd: false });
    const span = this.layout.logStart + this.layout.p;
    this.eraseForce(0, 0, span);
    this.eraseForce(1, 0, span);
    this.markDirty(0, this.layout.masterOffset, this.layout.logStart);
    return ok();
  }

  /** RAM dies with an open incremental set: what it programmed stays past the log end (deinit flushes all of it). */
  private dropInc(flushCache: boolean): void {
    const inc = this.state.inc;
    if (!inc) return;
    const start = inc.base + this.layout.align(24);
    const written = inc.key.length + inc.received;
    const programmed = flushCache || inc.flushed ? written : Math.floor(written / this.layout.p) * this.layout.p;
    if (programmed > 0) this.state.garbage = { start, end: start + programmed };
    this.state.inc = null;
  }

  // ---- lookups ----

  /** find_record: descending hash order; equal hashes are resolved as the profile's key check does. */
  private find(key: Uint8Array): { found: boolean; ind: number; error?: string } {
    const hash = keyHash(key);
    const t = this.state.table;
    for (let i = 0; i < t.length; i++) {
      if (hash < t[i].hash) continue;
      if (hash > t[i].hash) return { found: false, ind: i };
      if (!this.readable(t[i].rec)) return { found: false, ind: i, error: STATUS.INVALID_DATA_DETECTED };
      if (this.sameKey(t[i].rec, key)) return { found: true, ind: i };
    }
    return { found: false, ind: t.length };
  }

  private readable(rec: LogRecord): boolean {
    const l = this.layout;
    return this.mbed ? l.mbedReadable(rec.offset, rec.key.length, rec.value.length) : l.hardenedReadable(rec.offset, rec.key.length, rec.value.length);
  }

  /** mbed's check is undone by any read after the key (data present): colliding keys alias (spec §11.2). */
  private sameKey(rec: LogRecord, key: Uint8Array): boolean {
    if (!this.mbed) return bytesEq(rec.key, key);
    if (rec.value.length > 0) return true;
    const w = this.layout.workBuf;
    const from = Math.floor((rec.key.length - 1) / w) * w; // only the last key chunk's comparison survives
    for (let i = from; i < rec.key.length; i++) if (rec.key[i] !== (i < key.length ? key[i] : 0)) return false;
    return true;
  }

  private userKeyOk(key: Uint8Array): boolean {
    if (!validKey(key)) return false;
    return this.mbed || (!isMasterKey(key) && key.length < 128);
  }

  private get(key: Uint8Array, bufferSize?: number, offset = 0): Outcome {
    if (!this.userKeyOk(key)) return fail(STATUS.INVALID_ARGUMENT);
    if (!this.state.initialized) return fail(STATUS.ITEM_NOT_FOUND);
    const f = this.find(key);
    if (f.error) return fail(f.error);
    if (!f.found) return fail(STATUS.ITEM_NOT_FOUND);
    if (!this.readable(this.state.table[f.ind].rec)) return fail(STATUS.INVALID_DATA_DETECTED);
    const v = this.state.table[f.ind].rec.value;
    if (offset > v.length) return fail(STATUS.INVALID_SIZE);
    const n = Math.min(bufferSize ?? Number.MAX_SAFE_INTEGER, v.length - offset);
    return ok({ size: n, value: hexOf(v.subarray(offset, offset + n)) });
  }

  private info(key: Uint8Array): Outcome {
    if (!this.userKeyOk(key)) return fail(STATUS.INVALID_ARGUMENT);
    if (!this.state.initialized) return fail(STATUS.ITEM_NOT_FOUND);
    const f = this.find(key);
    if (f.error) return fail(f.error);
    if (!f.found) return fail(STATUS.ITEM_NOT_FOUND);
    const rec = this.state.table[f.ind].rec;
    if (!this.readable(rec)) return fail(STATUS.INVALID_DATA_DETECTED);
    return ok({ size: rec.value.length, flags: rec.flags });
  }

  private list(prefix?: Uint8Array): Outcome {
    if (!this.state.initialized) return fail(STATUS.NOT_READY);
    const keys: string[] = [];
    for (const e of this.state.table) {
      if (!this.readable(e.rec)) return { status: STATUS.INVALID_DATA_DETECTED, keys }; // iterator_next reads each key
      const k = e.rec.key;
      if (!prefix || (k.length >= prefix.length && bytesEq(k.subarray(0, prefix.length), prefix))) keys.push(hexOf(k));
    }
    return { status: STATUS.ITEM_NOT_FOUND, keys };
  }

  // ---- writes ----

  private argsOk(key: Uint8Array, flags: number): boolean {
    return this.userKeyOk(key) && (flags & ~(USER_FLAGS | FLAG_DELETE)) === 0;
  }

  private set(key: Uint8Array, value: Uint8Array, flags: number): Outcome {
    if (!this.argsOk(key, flags)) return fail(STATUS.INVALID_ARGUMENT);
    if (!this.state.initialized) return fail(STATUS.NOT_READY);
    if (isMasterKey(key)) return this.poison('a user write of "TDBS" overwrites the live master record', STATUS.SUCCESS);
    const started = this.start(key, value.length, flags);
    if (started.status !== STATUS.SUCCESS || this.state.poisoned) return started;
    const inc = this.state.inc as IncSet;
    inc.chunks.push(value);
    inc.received = value.length;
    return this.commit();
  }

  private incStart(key: Uint8Array, size: number, flags: number): Outcome {
    if (!this.argsOk(key, flags)) return fail(STATUS.INVALID_ARGUMENT);
    if (!this.state.initialized) return fail(STATUS.NOT_READY);
    this.state.heldEpoch = this.state.epoch;
    if (isMasterKey(key)) return this.poison('a user write of "TDBS" overwrites the live master record', STATUS.SUCCESS);
    return this.start(key, size, flags);
  }

  private incAdd(data: Uint8Array): Outcome {
    const s = this.state;
    if (!s.initialized) return fail(STATUS.NOT_READY);
    if (s.heldEpoch !== s.epoch || !s.inc) return fail(STATUS.INVALID_ARGUMENT);
    if (s.inc.received + data.length > s.inc.size) return fail(STATUS.INVALID_SIZE);
    s.inc.chunks.push(data);
    s.inc.received += data.length;
    return ok();
  }

  private incFinalize(): Outcome {
    const s = this.state;
    if (!s.initialized) return fail(STATUS.NOT_READY);
    if (s.heldEpoch !== s.epoch || !s.inc) return fail(STATUS.INVALID_ARGUMENT);
    return this.commit();
  }

  /** set_start: GC for an abandoned handle or a full log, MEDIA_FULL, WRITE_ONCE, delete of a missing key. */
  private start(key: Uint8Array, size: number, flags: number): Outcome {
    const s = this.state;
    if (s.inc) {
      const gc = this.gc();
      if (gc.status !== STATUS.SUCCESS) return this.closeWith(gc);
    }
    const rs = this.recordSize(key.length, size);
    if (!this.fits(key.length, size, rs)) {
      const gc = this.gc();
      if (gc.status !== STATUS.SUCCESS) return this.closeWith(gc);
    }
    if (!this.fits(key.length, size, rs)) return this.closeWith(fail(STATUS.MEDIA_FULL));
    if (!this.mbed && this.tailDirty(rs)) {
      const gc = this.gc(); // hardened moves away from bytes left past the log end
      if (gc.status !== STATUS.SUCCESS) return this.closeWith(gc);
    }
    const f = this.find(key);
    if (f.error) return this.closeWith(fail(f.error));
    if (f.found && s.table[f.ind].rec.flags & FLAG_WRITE_ONCE) return this.closeWith(fail(STATUS.WRITE_PROTECTED));
    if (!f.found && flags & FLAG_DELETE) return this.closeWith(fail(STATUS.ITEM_NOT_FOUND));
    if (this.mbed && this.tolerateFlaws && s.garbage && s.free < s.garbage.end && s.free + rs > s.garbage.start) {
      // The record is programmed over those bytes: a failed read-back (NOR) or a refused program that
      // sticks in BufferedBlockDevice's cache (strict). Byte-level, so the model stops predicting here.
      return this.poison('a write over bytes an abandoned incremental set left past the log end (no blank check in 6.17)', STATUS.SUCCESS);
    }
    s.inc = { base: s.free, flushed: false, key, size, flags, chunks: [], received: 0, found: f.found, ind: f.ind };
    this.eraseStartingIn(s.area, s.free, s.free + rs); // erase as you go, then the key is programmed
    this.markDirty(s.area, s.free, s.free + rs);
    s.staleAtEnd = false;
    return ok();
  }

  /** mbed: the padded record fits; hardened also keeps its unpadded end off the area end (mbed's reader needs that). */
  private fits(keyLen: number, size: number, rs: number): boolean {
    const s = this.state;
    if ((s.free + rs) % UINT32 > this.layout.areaSize) return false;
    return this.mbed || this.layout.mbedReadable(s.free, keyLen, size);
  }

  /** Hardened's blank check: bytes left in the part of the record's erase unit that erase-as-you-go will not erase. */
  private tailDirty(rs: number): boolean {
    const s = this.state;
    const g = s.garbage;
    const e = this.geometry.eraseSizeBytes;
    const abs = s.area * this.layout.areaSize + s.free;
    if (!g || abs % e === 0) return false;
    const end = s.free + Math.min(rs, e - (abs % e));
    return s.free < g.end && end > g.start;
  }

  /** set_finalize: all data or INVALID_SIZE; read-back (exact fit, 128-byte keys) or INVALID_DATA; then the table. */
  private commit(): Outcome {
    const s = this.state;
    const inc = s.inc as IncSet;
    s.inc = null;
    if (inc.received !== inc.size) return this.afterFailedCommit(STATUS.INVALID_SIZE);
    // The read-back after the header: mbed's `>=` refuses a record ending exactly at the area end (spec §11.4).
    if (!this.layout.mbedReadable(s.free, inc.key.length, inc.size)) return this.afterFailedCommit(STATUS.INVALID_DATA_DETECTED);
    const value = new Uint8Array(inc.size);
    let o = 0;
    for (const c of inc.chunks) {
      value.set(c, o);
      o += c.length;
    }
    const rec: LogRecord = { key: inc.key, value, flags: inc.flags, offset: s.free };
    s.log.push(rec);
    s.free += this.recordSize(inc.key.length, inc.size);
    if (s.garbage && s.free >= s.garbage.end) s.garbage = null;
    if (inc.flags & FLAG_DELETE) s.table.splice(inc.ind, 1);
    else if (!inc.found) s.table.splice(inc.ind, 0, { hash: keyHash(inc.key), rec });
    else s.table[inc.ind] = { hash: keyHash(inc.key), rec };
    return ok();
  }

  private afterFailedCommit(status: string): Outcome {
    this.gc(); // its result is ignored by the real code; the value being written is lost
    return fail(status);
  }

  private closeWith(o: Outcome): Outcome {
    this.state.inc = null;
    return o;
  }

  /** garbage_collection: copy the table's records in table order behind a new master (version + 1). */
  private gc(): Outcome {
    const s = this.state;
    const l = this.layout;
    s.gcCount++;
    const target = 1 - s.area;
    this.eraseForce(target, 0, l.logStart + l.p);
    if (s.reserved) this.markDirty(target, 0, 72);
    let to = l.logStart;
    const copies: LogRecord[] = [];
    for (const e of s.table) {
      const rs = this.recordSize(e.rec.key.length, e.rec.value.length);
      if (to + rs > l.areaSize) {
        return this.poison('GC ran out of space copying its own records (tdbstore-script.md §11.3)', STATUS.MEDIA_FULL);
      }
      e.rec = { ...e.rec, offset: to }; // copies are not read back: one may end exactly at the area end
      this.eraseStartingIn(target, to, to + rs);
      this.markDirty(target, to, to + rs);
      to += rs;
      copies.push(e.rec);
    }
    if (!this.mbed && to < l.areaSize) this.eraseStartingIn(target, to, Math.min(to + 24, l.areaSize)); // hardened erases the unit at the log end
    this.markDirty(target, l.masterOffset, l.logStart);
    const e = this.geometry.eraseSizeBytes;
    s.staleAtEnd = to % e === 0 && to < l.areaSize && s.dirty[target][to / e] === 1;
    s.log = copies;
    s.free = to;
    s.garbage = null; // the other area is erased as the copies go
    s.version = (s.version + 1) & 0xffff;
    s.area = 1 - s.area;
    s.inc = null; // the master record is written through the one incremental handle
    return ok();
  }

  private recordSize(keyLen: number, dataLen: number): number {
    const p = this.layout.p;
    const alignU32 = (v: number): number => ((Math.floor(((v - 1) >>> 0) / p) + 1) * p) % UINT32;
    return (alignU32(24) + alignU32((keyLen + dataLen) % UINT32)) % UINT32;
  }

  // ---- erase-unit bookkeeping (which units may still hold older records) ----

  private unitRange(from: number, to: number): [number, number] {
    const e = this.geometry.eraseSizeBytes;
    return [Math.floor(from / e), Math.ceil(to / e)];
  }

  private markDirty(area: number, from: number, to: number): void {
    const [a, b] = this.unitRange(from, to);
    for (let u = a; u < b; u++) this.state.dirty[area][u] = 1;
  }

  /** check_erase_before_write with force: every unit the range touches. */
  private eraseForce(area: number, from: number, to: number): void {
    const [a, b] = this.unitRange(from, to);
    for (let u = a; u < b; u++) this.state.dirty[area][u] = 0;
  }

  /** Erase as you go: only the units whose start lies inside the range. */
  private eraseStartingIn(area: number, from: number, to: number): void {
    const e = this.geometry.eraseSizeBytes;
    for (let u = Math.ceil(from / e); u * e < to; u++) this.state.dirty[area][u] = 0;
  }

  private poison(reason: string, status: string): Outcome {
    this.state.poisoned ??= reason;
    return fail(status);
  }

  // ---- reserved data ----

  private reservedSet(data: Uint8Array): Outcome {
    const s = this.state;
    if (!s.initialized) return fail(STATUS.NOT_READY);
    if (data.length > 64) return fail(STATUS.INVALID_SIZE);
    if (s.reserved) return fail(STATUS.WRITE_FAILED);
    s.reserved = data;
    // Programming area 0 flushes the pending partial unit. mbed goes on with an open incremental set; hardened
    // ends it (its reserved_data_set may collect, and a GC closes the one handle), leaving those bytes behind.
    if (!this.mbed) this.dropInc(true);
    else if (s.inc) s.inc.flushed = true;
    this.eraseForce(1 - s.area, 0, this.layout.logStart + this.layout.p);
    this.markDirty(0, 0, 72);
    this.markDirty(1, 0, 72);
    return ok();
  }

  private reservedGet(bufferSize: number): Outcome {
    const s = this.state;
    if (!s.initialized) return fail(STATUS.NOT_READY);
    if (!s.reserved) return fail(STATUS.ITEM_NOT_FOUND);
    if (bufferSize < s.reserved.length) return fail(STATUS.INVALID_SIZE);
    return ok({ size: s.reserved.length, value: hexOf(s.reserved) });
  }
}

const MASTER_KEY_BYTES = [0x54, 0x44, 0x42, 0x53];
