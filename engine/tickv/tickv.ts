// The synchronous TicKV of the tickv 2.0.0 crate (libraries/tickv/src/tickv.rs), flash op for flash op.
import { cksumCrc } from '../codec/crc';
import {
  CHECK_SUM_LEN,
  encodeObject,
  ERASED,
  HASH_OFFSET,
  hashedKeyBytes,
  HEADER_LENGTH,
  isValidObject,
  LEN_OFFSET,
  objectLength,
  objectLengthFor,
  OBJECT_LENGTH_LIMIT,
  VALID_BIT,
  VERSION,
} from '../codec/tickvObject';
import { EngineHalt } from '../halt';
import { err, INVALID_ARGUMENT, ok, type ErrorCodeName, type SuccessCodeName, type TicKVResult } from './errorCodes';
import type { FlashController } from './regionController';
import type { TicKVProfileName } from './profile';

/** Exit code of a Rust panic, for EngineHalt. */
const RUST_PANIC = 101;
/** A walk that can never advance: the firmware spins until a watchdog resets it. */
const LIVELOCK = 124;
const U64_MAX = 0xffffffffffffffffn;

/** JS values no Rust caller could pass: the key must be a u64, values and buffers byte slices. */
const isU64 = (v: unknown): v is bigint => typeof v === 'bigint' && v >= 0n && v <= U64_MAX;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/** `find_key_offset`'s answer: where the object is, or whether to keep looking in the next region. */
export type FindKeyResult =
  | { readonly ok: true; readonly offset: number; readonly length: number }
  | { readonly ok: false; readonly cont: boolean; readonly code: ErrorCodeName };

/** A live object located by the probe walk shared by get, invalidate and zeroise. */
interface Located {
  readonly region: number;
  readonly data: Uint8Array;
  readonly offset: number;
  readonly length: number;
}

export interface GetKeyValue {
  readonly code: SuccessCodeName;
  /** Length of the stored value (`usize`: wraps modulo 2^32 as on Tock's 32-bit targets). */
  readonly valueLength: number;
}

export class TicKV {
  readonly regionSizeBytes: number;
  /** `read_buffer: Cell<Option<&mut [u8; S]>>` (tickv.rs:65): an early `?` return after `take()` never puts it back. */
  private readBufferHeld = true;

  constructor(
    readonly controller: FlashController,
    readonly flashSizeBytes: number,
    readonly profile: TicKVProfileName = 'faithful',
  ) {
    this.regionSizeBytes = controller.regionSizeBytes;
  }

  /** `flash_size / S` (tickv.rs:209, 1086). */
  get numRegions(): number {
    return Math.floor(this.flashSizeBytes / this.regionSizeBytes);
  }

  /** Sets the store up unless the main key is already readable; otherwise erases everything (tickv.rs:131-201). */
  initialise(hashedMainKey: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hashedMainKey)) return err(INVALID_ARGUMENT);
    const got = this.getKey(hashedMainKey, new Uint8Array(0));
    if (got.ok) return ok(got.value.code);
    for (let r = 0; r < this.numRegions; r++) {
      const e = this.controller.eraseRegion(r);
      if (e) return err(e);
    }
    return this.appendKey(hashedMainKey, new Uint8Array(0));
  }

  /** Home region: the low 16 bits of the hash modulo the region count; 0 and all-ones are asserted away (tickv.rs:204-213). */
  getRegion(hash: bigint): number {
    if (hash === 0xffffffffffffffffn || hash === 0n) {
      throw new EngineHalt('tickv::get_region', RUST_PANIC, `assertion failed: hash != 0x${hash.toString(16)}`);
    }
    return Number(hash & 0xffffn) % this.numRegions;
  }

  /** Next offset from the home region: +1, -1, +2, -2, ... inside 0..N-1, no wrap (tickv.rs:227-259). */
  incrementRegionOffset(region: number, regionOffset: number): number | undefined {
    let tooBig = false;
    let tooSmall = false;
    let newOffset = regionOffset;
    while (!tooBig || !tooSmall) {
      newOffset = newOffset === 0 ? 1 : newOffset > 0 ? -newOffset : -newOffset + 1;
      if (region + newOffset > this.numRegions - 1) {
        tooBig = true;
        continue;
      }
      if (region + newOffset < 0) {
        tooSmall = true;
        continue;
      }
      return newOffset;
    }
    return undefined;
  }

  /** The probe order for a home region: h, h+1, h-1, h+2, h-2, ... */
  probeOrder(home: number): number[] {
    const order = [home];
    for (let o: number | undefined = this.incrementRegionOffset(home, 0); o !== undefined; o = this.incrementRegionOffset(home, o)) {
      order.push(home + o);
    }
    return order;
  }

  /** Walk (a) of the spec: the first live object with this key in one region (tickv.rs:267-379). */
  findKeyOffset(hash: bigint, data: Uint8Array): FindKeyResult {
    const S = this.regionSizeBytes;
    const key = hashedKeyBytes(hash);
    let offset = 0;
    let empty = true;
    // Each turn advances by a non-zero length, so the walk ends within S turns.
    for (;;) {
      if (offset + HEADER_LENGTH >= S) return { ok: false, cont: false, code: 'KeyNotFound' };
      if (data[offset] === ERASED) return { ok: false, cont: !empty, code: 'KeyNotFound' };
      empty = false;
      if (data[offset] !== VERSION) return { ok: false, cont: false, code: 'UnsupportedVersion' };
      const length = objectLength(data, offset);
      if (length === 0) return { ok: false, cont: false, code: 'KeyNotFound' };
      if (!isValidObject(data, offset) || !sameKey(data, offset, key)) {
        offset += length;
        continue;
      }
      return { ok: true, offset, length };
    }
  }

  /** Appends a new object in the first region of the probe order with room (tickv.rs:389-648). */
  appendKey(hash: bigint, value: Uint8Array): TicKVResult<SuccessCodeName> {
    if (!isU64(hash) || !isBytes(value)) return err(INVALID_ARGUMENT);
    const home = this.getRegion(hash);
    const S = this.regionSizeBytes;
    const packageLength = HEADER_LENGTH + value.length;
    if (objectLengthFor(value.length) >= OBJECT_LENGTH_LIMIT) return err('ObjectTooLarge');
    let regionOffset = 0;
    for (;;) {
      const region = home + regionOffset;
      this.takeReadBuffer('tickv::append_key');
      const read = this.controller.readRegion(region);
      if (!read.ok) return err(read.error);
      const data = read.data;
      if (this.findKeyOffset(hash, data).ok) return err('KeyAlreadyExists');
      const slot = this.freeSlot(data, packageLength, region);
      if (slot.kind === 'error') return err(slot.code);
      if (slot.kind === 'full') {
        const next = this.incrementRegionOffset(home, regionOffset);
        if (next === undefined) return err('FlashFull');
        regionOffset = next;
        continue;
      }
      // The room test above does not count the CRC, so the object may still overrun the region (625-627);
      // that `?` returns without putting the read buffer back.
      if (slot.offset + packageLength + CHECK_SUM_LEN > S) return this.loseReadBuffer(err('ObjectTooLarge'));
      const e = this.controller.write(S * region + slot.offset, encodeObject(hash, value));
      return e ? err(e) : ok('Written');
    }
  }

  /** Walk (b): the first erased byte where `offset + 11 + len < S`, and its 8 key bytes must be erased (443-566). */
  private freeSlot(
    data: Uint8Array,
    packageLength: number,
    region: number,
  ): { kind: 'slot'; offset: number } | { kind: 'full' } | { kind: 'error'; code: ErrorCodeName } {
    let offset = 0;
    for (;;) {
      if (offset + packageLength >= this.regionSizeBytes) return { kind: 'full' };
      if (data[offset] === ERASED) break;
      if (data[offset] !== VERSION) return { kind: 'error', code: 'UnsupportedVersion' };
      const length = objectLength(data, offset);
      // The crate adds the length without testing it: a zero length never advances (482-495).
      if (length === 0) this.livelock('tickv::append_key', region, offset);
      offset += length;
    }
    for (let i = 0; i < 8; i++) {
      if (data[offset + HASH_OFFSET + i] !== ERASED) return { kind: 'error', code: 'CorruptData' };
    }
    return { kind: 'slot', offset };
  }

  /** Reads a value into `buf`: BufferTooSmall before the CRC check, InvalidCheckSum after copying (tickv.rs:660-782). */
  getKey(hash: bigint, buf: Uint8Array): TicKVResult<GetKeyValue> {
    if (!isU64(hash) || !isBytes(buf)) return err(INVALID_ARGUMENT);
    const found = this.locate(hash, 'tickv::get_key');
    if (!found.ok) return found;
    const { data, offset, length } = found.value;
    const S = this.regionSizeBytes;
    // `total_length - 15` in usize: lengths under 15 wrap (32-bit targets, release build without overflow checks).
    const valueLength = (length - HEADER_LENGTH - CHECK_SUM_LEN) >>> 0;
    const valueAt = offset + HEADER_LENGTH;
    if (buf.length < valueLength) {
      for (let i = 0; i < buf.length; i++) {
        if (valueAt + i >= S) return this.loseReadBuffer(err('BufferTooSmall', valueLength));
        buf[i] = data[valueAt + i];
      }
      return err('BufferTooSmall', valueLength);
    }
    for (let i = 0; i < valueLength; i++) {
      if (valueAt + i >= S) return this.loseReadBuffer(err('CorruptData'));
      buf[i] = data[valueAt + i];
    }
    const crc = cksumCrc(data, offset, valueAt + valueLength);
    // Compared byte by byte from the last CRC byte down; a byte past the region is a `?` return (734-757).
    for (let k = 1; k <= CHECK_SUM_LEN; k++) {
      const at = offset + length - k;
      if (at >= S) return this.loseReadBuffer(err('InvalidCheckSum'));
      if (data[at] !== ((crc >>> (8 * (CHECK_SUM_LEN - k))) & 0xff)) return err('InvalidCheckSum');
    }
    return ok({ code: 'Complete', valueLength });
  }

  /** Clears the valid bit of the first live copy with one 1-byte write; the CRC stays (tickv.rs:793-864). */
  invalidateKey(hash: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hash)) return err(INVALID_ARGUMENT);
    const found = this.locate(hash, 'tickv::invalidate_key');
    if (!found.ok) return found;
    const { region, data, offset } = found.value;
    data[offset + LEN_OFFSET] &= ~VALID_BIT;
    const at = offset + LEN_OFFSET;
    const e = this.controller.write(this.regionSizeBytes * region + at, data.slice(at, at + 1));
    return e ? err(e) : ok('Written');
  }

  /** Clears the valid bit and zeroes value and CRC in one write of the object (tickv.rs:889-968). */
  zeroiseKey(hash: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hash)) return err(INVALID_ARGUMENT);
    const found = this.locate(hash, 'tickv::zeroise_key');
    if (!found.ok) return found;
    const { region, data, offset, length } = found.value;
    data[offset + LEN_OFFSET] &= ~VALID_BIT;
    // The crate zeroes indexes 11..L+11, 11 bytes past the object: near the region end that is RegionFull (923-928).
    for (let i = HEADER_LENGTH; i < length + HEADER_LENGTH; i++) {
      if (offset + i >= this.regionSizeBytes) return this.loseReadBuffer(err('RegionFull'));
      data[offset + i] = 0;
    }
    const e = this.controller.write(this.regionSizeBytes * region + offset, data.slice(offset, offset + length));
    return e ? err(e) : ok('Written');
  }

  /** Erases every non-empty region whose objects are all invalid; returns the bytes freed (tickv.rs:970-1110). */
  garbageCollect(): TicKVResult<number> {
    let freed = 0;
    for (let region = 0; region < this.numRegions; region++) {
      const r = this.garbageCollectRegion(region);
      if (!r.ok) return r;
      freed += r.value;
    }
    return ok(freed);
  }

  private garbageCollectRegion(region: number): TicKVResult<number> {
    this.takeReadBuffer('tickv::garbage_collect_region');
    const read = this.controller.readRegion(region);
    if (!read.ok) return err(read.error);
    const verdict = this.gcWalk(read.data, region);
    // CorruptData comes from a `?` (the read buffer is lost), UnsupportedVersion from a return that restores it.
    if (verdict === 'CorruptData') return this.loseReadBuffer(err(verdict));
    if (verdict !== 'erase') return verdict === 'keep' ? ok(0) : err(verdict);
    const e = this.controller.eraseRegion(region);
    return e ? err(e) : ok(this.regionSizeBytes);
  }

  /** Walk (c): keep a region that is empty or holds a live object; erase one that held only invalid ones (992-1061). */
  private gcWalk(data: Uint8Array, region: number): 'keep' | 'erase' | ErrorCodeName {
    const S = this.regionSizeBytes;
    let entryFound = false;
    let offset = 0;
    for (;;) {
      if (offset >= S) return 'erase';
      if (data[offset] === ERASED) return entryFound ? 'erase' : 'keep';
      if (data[offset] !== VERSION) return 'UnsupportedVersion';
      entryFound = true;
      // Bytes 1-2 of an object starting in the last two bytes lie outside the region buffer (1021-1028).
      if (offset + LEN_OFFSET + 1 >= S) return 'CorruptData';
      if (isValidObject(data, offset)) return 'keep';
      const length = objectLength(data, offset);
      if (length === 0) this.livelock('tickv::garbage_collect_region', region, offset);
      offset += length;
    }
  }

  /** The probe walk of get, invalidate and zeroise: h, h+1, h-1, ... until found or told to stop (762-779). */
  private locate(hash: bigint, where: string): TicKVResult<Located> {
    const home = this.getRegion(hash);
    let regionOffset = 0;
    for (;;) {
      const region = home + regionOffset;
      this.takeReadBuffer(where);
      const read = this.controller.readRegion(region);
      if (!read.ok) return err(read.error);
      const found = this.findKeyOffset(hash, read.data);
      if (found.ok) return ok({ region, data: read.data, offset: found.offset, length: found.length });
      if (!found.cont) return err(found.code);
      const next = this.incrementRegionOffset(home, regionOffset);
      if (next === undefined) return err(found.code);
      regionOffset = next;
    }
  }

  /** `self.read_buffer.take().unwrap()` at every region visit: a panic once an earlier operation lost the buffer. */
  private takeReadBuffer(where: string): void {
    if (!this.readBufferHeld) {
      throw new EngineHalt(where, RUST_PANIC, 'called `Option::unwrap()` on a `None` value (read_buffer lost by an earlier error return)');
    }
  }

  /** An error leaving through `?` between `read_buffer.take()` and `replace()`: TicKV has no read buffer any more. */
  private loseReadBuffer<T>(r: TicKVResult<T>): TicKVResult<T> {
    this.readBufferHeld = false;
    return r;
  }

  /** The crate loops forever here; a faithful twin stops the firmware instead of hanging the harness. */
  private livelock(where: string, region: number, offset: number): never {
    throw new EngineHalt(where, LIVELOCK, `livelock: invalid or unchecked object of length 0 at region ${region} offset ${offset} is skipped forever`);
  }
}

function sameKey(data: Uint8Array, offset: number, key: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (data[offset + HASH_OFFSET + i] !== key[i]) return false;
  return true;
}
