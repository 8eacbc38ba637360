// TicKV, profile `hardened`: the crate's on-flash format and API, with the flaws the crash harness found fixed.
// Each departure from the crate is an entry of TICKV_HARDENING (policy.ts) naming its findings; in short:
// - Reads verify every object's CRC: a torn append is not a key (faithful: InvalidCheckSum forever).
// - Every probe visits all regions, so GC erasing a home region or a nearly full one hides nothing.
// - No error return loses the read buffer; no walk trusts a length it cannot verify (no livelock, no halt).
// - A torn tail seals its region (nothing is appended over it) and GC erases regions with nothing live.
// - replaceKey writes the new copy after the live one, then invalidates the older copies: a cut leaves the
//   old or the new value, and when two copies are live the one later in probe order (then offset) wins.
// - initialise programs to 0 the bits that differ between reads of a region: cells a cut left unstable settle.
import { encodeObject, hashedKeyBytes, HEADER_LENGTH, LEN_OFFSET, OBJECT_LENGTH_LIMIT, objectLengthFor, VALID_BIT } from '../codec/tickvObject';
import { EngineHalt } from '../halt';
import { err, INVALID_ARGUMENT, ok, type ErrorCodeName, type SuccessCodeName, type TicKVResult } from './errorCodes';
import type { FlashController } from './regionController';
import { hasKey, scanRegion, type RegionScan } from './regionScan';
import type { GetKeyValue } from './tickv';

const RUST_PANIC = 101;
/** Reads of each region at initialise that must agree before its cells count as stable (unstable cells differ). */
const STABILITY_READS = 32;
const U64_MAX = 0xffffffffffffffffn;
const isU64 = (v: unknown): v is bigint => typeof v === 'bigint' && v >= 0n && v <= U64_MAX;
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;

/** A live copy of a key: its region, the region's index in the key's probe order, where it lies. */
interface Copy {
  readonly region: number;
  readonly rank: number;
  readonly offset: number;
  readonly length: number;
}

/** Every region of a key's probe order, scanned, and the key's live copies oldest first (winner last). */
interface Survey {
  readonly order: number[];
  readonly data: Uint8Array[];
  readonly scans: RegionScan[];
  readonly copies: Copy[];
}

export class HardenedTicKV {
  readonly profile = 'hardened' as const;
  readonly regionSizeBytes: number;

  constructor(
    readonly controller: FlashController,
    readonly flashSizeBytes: number,
  ) {
    this.regionSizeBytes = controller.regionSizeBytes;
  }

  get numRegions(): number {
    return Math.floor(this.flashSizeBytes / this.regionSizeBytes);
  }

  /** The crate's assert on the hashes it reserves stays: no caller of the real crate may pass them. */
  getRegion(hash: bigint): number {
    if (hash === U64_MAX || hash === 0n) throw new EngineHalt('tickv::get_region', RUST_PANIC, `assertion failed: hash != 0x${hash.toString(16)}`);
    return Number(hash & 0xffffn) % this.numRegions;
  }

  /** h, h+1, h-1, h+2, h-2, ... inside 0..N-1: the crate's order, walked to its end. */
  probeOrder(home: number): number[] {
    const order = [home];
    for (let d = 1; d < this.numRegions; d++) {
      if (home + d < this.numRegions) order.push(home + d);
      if (home - d >= 0) order.push(home - d);
    }
    return order;
  }

  initialise(hashedMainKey: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hashedMainKey)) return err(INVALID_ARGUMENT);
    const settled = this.settleUnstableCells();
    if (settled) return err(settled);
    if (this.getKey(hashedMainKey, new Uint8Array(0)).ok) return ok('Complete');
    for (let r = 0; r < this.numRegions; r++) {
      const e = this.controller.eraseRegion(r);
      if (e) return err(e);
    }
    return this.appendKey(hashedMainKey, new Uint8Array(0));
  }

  /** A new key only: a live copy anywhere in the probe order is KeyAlreadyExists. */
  appendKey(hash: bigint, value: Uint8Array): TicKVResult<SuccessCodeName> {
    if (!isU64(hash) || !isBytes(value)) return err(INVALID_ARGUMENT);
    this.getRegion(hash);
    if (objectLengthFor(value.length) >= OBJECT_LENGTH_LIMIT) return err('ObjectTooLarge');
    const s = this.survey(hash);
    if (!s.ok) return s;
    if (s.value.copies.length) return err('KeyAlreadyExists');
    return this.writeNew(s.value, 0, hash, value);
  }

  /** Replaces a live key: the new copy goes after the winner, then every older copy is invalidated. */
  replaceKey(hash: bigint, value: Uint8Array): TicKVResult<SuccessCodeName> {
    if (!isU64(hash) || !isBytes(value)) return err(INVALID_ARGUMENT);
    this.getRegion(hash);
    if (objectLengthFor(value.length) >= OBJECT_LENGTH_LIMIT) return err('ObjectTooLarge');
    const s = this.survey(hash);
    if (!s.ok) return s;
    const copies = s.value.copies;
    if (!copies.length) return err('KeyNotFound');
    const written = this.writeNew(s.value, copies[copies.length - 1].rank, hash, value);
    if (!written.ok) return written;
    // The new copy already wins; a bit that cannot be cleared (program-once flash) leaves a shadowed copy.
    for (const c of copies) this.clearValid(c);
    return written;
  }

  getKey(hash: bigint, buf: Uint8Array): TicKVResult<GetKeyValue> {
    if (!isU64(hash) || !isBytes(buf)) return err(INVALID_ARGUMENT);
    const s = this.survey(hash);
    if (!s.ok) return s;
    const { copies, data } = s.value;
    if (!copies.length) return err('KeyNotFound');
    const w = copies[copies.length - 1];
    const valueLength = w.length - HEADER_LENGTH - 4;
    const from = data[w.rank].subarray(w.offset + HEADER_LENGTH, w.offset + HEADER_LENGTH + valueLength);
    if (buf.length < valueLength) {
      buf.set(from.subarray(0, buf.length));
      return err('BufferTooSmall', valueLength);
    }
    buf.set(from);
    return ok({ code: 'Complete', valueLength });
  }

  /** Clears the valid bit of every live copy, oldest first, so the key never falls back to an older value. */
  invalidateKey(hash: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hash)) return err(INVALID_ARGUMENT);
    const s = this.survey(hash);
    if (!s.ok) return s;
    if (!s.value.copies.length) return err('KeyNotFound');
    for (const c of s.value.copies) {
      const e = this.clearValid(c);
      if (e) return err(e);
    }
    return ok('Written');
  }

  /** Invalidates each copy (one byte, atomic), then zeroes its value and CRC: bytes as the crate leaves them. */
  zeroiseKey(hash: bigint): TicKVResult<SuccessCodeName> {
    if (!isU64(hash)) return err(INVALID_ARGUMENT);
    const s = this.survey(hash);
    if (!s.ok) return s;
    if (!s.value.copies.length) return err('KeyNotFound');
    for (const c of s.value.copies) {
      const e = this.clearValid(c) ?? this.writeAt(c.region, c.offset + HEADER_LENGTH, new Uint8Array(c.length - HEADER_LENGTH));
      if (e) return err(e);
    }
    return ok('Written');
  }

  /** Erases every region that holds something (objects or torn bytes) and nothing live; returns the bytes freed. */
  garbageCollect(): TicKVResult<number> {
    let freed = 0;
    for (let region = 0; region < this.numRegions; region++) {
      const read = this.controller.readRegion(region);
      if (!read.ok) return err(read.error);
      const scan = scanRegion(read.data);
      if ((!scan.objects.length && !scan.sealed) || scan.objects.some((o) => o.state === 'live')) continue;
      const e = this.controller.eraseRegion(region);
      if (e) return err(e);
      freed += this.regionSizeBytes;
    }
    return ok(freed);
  }

  /**
   * Bits that read differently across STABILITY_READS reads of a region are cells a cut left unstable. Programming
   * them to 0 finishes an interrupted program or undoes an interrupted erase (its bits were 0 before): either way a
   * state the cut allows, and zeros stay put, so no later read or boot sees another.
   */
  private settleUnstableCells(): ErrorCodeName | undefined {
    for (let region = 0; region < this.numRegions; region++) {
      const first = this.controller.readRegion(region);
      if (!first.ok) return first.error;
      const unstable = new Uint8Array(this.regionSizeBytes);
      for (let i = 1; i < STABILITY_READS; i++) {
        const again = this.controller.readRegion(region);
        if (!again.ok) return again.error;
        for (let b = 0; b < unstable.length; b++) unstable[b] |= first.data[b] ^ again.data[b];
      }
      const lo = unstable.findIndex((m) => m !== 0);
      if (lo < 0) continue;
      let hi = unstable.length - 1;
      while (!unstable[hi]) hi--;
      const e = this.writeAt(region, lo, first.data.slice(lo, hi + 1).map((v, k) => v & ~unstable[lo + k]));
      if (e) return e;
    }
    return undefined;
  }

  private survey(hash: bigint): TicKVResult<Survey> {
    const order = this.probeOrder(this.getRegion(hash));
    const data: Uint8Array[] = [];
    const scans: RegionScan[] = [];
    const copies: Copy[] = [];
    const key = hashedKeyBytes(hash);
    for (const [rank, region] of order.entries()) {
      const read = this.controller.readRegion(region);
      if (!read.ok) return err(read.error);
      const scan = scanRegion(read.data);
      data.push(read.data);
      scans.push(scan);
      for (const o of scan.objects) if (o.state === 'live' && hasKey(read.data, o.offset, key)) copies.push({ region, rank, offset: o.offset, length: o.length });
    }
    return ok({ order, data, scans, copies });
  }

  /** Appends at the end of the first unsealed region with room, from probe position `fromRank` on. */
  private writeNew(s: Survey, fromRank: number, hash: bigint, value: Uint8Array): TicKVResult<SuccessCodeName> {
    const object = encodeObject(hash, value);
    for (let rank = fromRank; rank < s.order.length; rank++) {
      const scan = s.scans[rank];
      if (scan.sealed || scan.end + object.length > this.regionSizeBytes) continue;
      const e = this.writeAt(s.order[rank], scan.end, object);
      return e ? err(e) : ok('Written');
    }
    return err('FlashFull');
  }

  private clearValid(c: Copy): ErrorCodeName | undefined {
    return this.writeAt(c.region, c.offset + LEN_OFFSET, null);
  }

  /**
   * Programs `bytes` at `offset` of `region` (null: header byte 1 without its valid bit). The region is read
   * first: Tock's flash glue programs the page it read last, so every write must follow a read of its region.
   */
  private writeAt(region: number, offset: number, bytes: Uint8Array | null): ErrorCodeName | undefined {
    const read = this.controller.readRegion(region);
    if (!read.ok) return read.error;
    const data = bytes ?? new Uint8Array([read.data[offset] & ~VALID_BIT]);
    return this.controller.write(this.regionSizeBytes * region + offset, data);
  }
}
