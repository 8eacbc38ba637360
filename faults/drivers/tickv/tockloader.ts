// tockloader's `tickv.py` (tock/tockloader 789c30808c7d): its object parser, walk, dump text and image edits.
// tockloader works on the whole store in memory and writes it back; its rules differ from the crate's
// (specs/tickv.md §10): wrapping probe order, every region walked, upsert, CRC recomputed on invalidate.
import { readU32LE, toHex, writeU32LE } from '../../../engine/codec/bytes';
import { cksumCrc } from '../../../engine/codec/crc';
import { hashedKeyBytes, MAIN_KEY_HASH } from '../../../engine/codec/tickvObject';

/** A TicKV object as tockloader holds it (TicKVObjectFlash / TicKVObject). */
export interface TlObject {
  version: number;
  /** The whole flags nibble (8 = valid). */
  flags: number;
  hashedKey: bigint;
  value: Uint8Array;
  /** The CRC read from flash; undefined for objects tockloader builds. */
  checksum?: number;
}

/** A Tock storage object parsed out of a value (TockStorageObjectFlash). */
export interface TlTockObject {
  version: number;
  writeId: number;
  /** The header's length field, as stored. */
  headerLength: number;
  user: Uint8Array;
  /** Value bytes after the user bytes; printed as zeros (TicKVObjectTock.get_value_bytes). */
  padding: number;
}

export class TockloaderError extends Error {
  override readonly name = 'TockloaderError';
}

/** Python's `seq[start:stop]` bounds on a sequence of length n. */
function pySlice(n: number, start: number, stop: number): [number, number] {
  const fix = (i: number): number => Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  const s = fix(start);
  return [s, Math.max(s, fix(stop))];
}

/** `TicKVObjectFlash(binary)` (tickv.py:155-172, 48-70): undefined where Python raises and the walk stops. */
export function parseTlObject(region: Uint8Array, offset: number): TlObject | undefined {
  const n = region.length - offset;
  if (n < 11 || region[offset] !== 1) return undefined;
  const word = (region[offset + 1] << 8) | region[offset + 2];
  const length = word & 0xfff;
  const [cs, ce] = pySlice(n, length - 4, length);
  if (ce - cs !== 4) return undefined;
  const [vs, ve] = pySlice(n, 11, length - 4);
  let key = 0n;
  for (let i = 0; i < 8; i++) key = (key << 8n) | BigInt(region[offset + 3 + i]);
  return {
    version: 1,
    flags: word >> 12,
    hashedKey: key,
    value: region.slice(offset + vs, offset + ve),
    checksum: readU32LE(region, offset + cs),
  };
}

/** `length()`: header + value + CRC, rebuilt from what was parsed (15 for any object whose length field is under 15). */
export const tlLength = (o: TlObject): number => 11 + o.value.length + 4;
export const tlValid = (o: TlObject): boolean => ((o.flags >> 3) & 1) === 1;

/** `get_binary()`: header packed `>BHQ` with `flags << 12 | length` (a length over 0xFFF spills into the flags), value, CRC `<I`. */
export function tlBinary(o: TlObject): Uint8Array {
  const total = tlLength(o);
  const out = new Uint8Array(total);
  const word = (o.flags << 12) | total;
  if (word > 0xffff) throw new TockloaderError(`struct.error: 'H' format requires 0 <= number <= 65535`);
  out[0] = o.version;
  out[1] = word >> 8;
  out[2] = word & 0xff;
  out.set(hashedKeyBytes(o.hashedKey), 3);
  out.set(o.value, 11);
  writeU32LE(out, total - 4, cksumCrc(out, 0, total - 4));
  return out;
}

/** `TockStorageObjectFlash` (tickv.py:231-246, 199-205): undefined when Python raises (value under 9 bytes). */
export function parseTockObject(value: Uint8Array): TlTockObject | undefined {
  if (value.length < 9) return undefined;
  const headerLength = readU32LE(value, 1);
  const user = value.slice(9, Math.min(value.length, 9 + headerLength));
  if (user.length + 9 > 4096) return undefined;
  return { version: value[0], writeId: readU32LE(value, 5), headerLength, user, padding: value.length - 9 - user.length };
}

/** `TockStorageObject.get_binary()` + padding: the value as tockloader prints it (user length rebuilt). */
export function tockValueBytes(t: TlTockObject): Uint8Array {
  const out = new Uint8Array(9 + t.user.length + t.padding);
  out[0] = t.version;
  writeU32LE(out, 1, t.user.length);
  writeU32LE(out, 5, t.writeId);
  out.set(t.user, 9);
  return out;
}

/** One walk step: the object and where it starts. */
export interface TlEntry {
  offset: number;
  object: TlObject;
}

/** `TockTicKV` over an image held in memory. */
export class TockloaderTicKV {
  constructor(
    public storage: Uint8Array,
    readonly regionSizeBytes: number,
  ) {
    if (storage.length % regionSizeBytes !== 0) throw new TockloaderError('ERROR: TicKV storage not a multiple of region size.');
  }

  get numberRegions(): number {
    return Math.floor(this.storage.length / this.regionSizeBytes);
  }

  /** `_region_range(start)`: start, start+1, ... modulo N (tickv.py:535-543). */
  regionRange(start: number): number[] {
    return Array.from({ length: this.numberRegions }, (_, i) => (start + i) % this.numberRegions);
  }

  startingRegion(hashedKey: bigint): number {
    return Number(hashedKey & 0xffffn) % this.numberRegions;
  }

  region(index: number): Uint8Array {
    return this.storage.subarray(index * this.regionSizeBytes, (index + 1) * this.regionSizeBytes);
  }

  /** `_get_all` (414-430): every object until one fails to parse; offsets advance by the rebuilt length. */
  walk(index: number): TlEntry[] {
    const region = this.region(index);
    const out: TlEntry[] = [];
    for (let offset = 0; ; ) {
      const object = parseTlObject(region, offset);
      if (!object) return out;
      out.push({ offset, object });
      offset += tlLength(object);
    }
  }

  /** `TicKV.get` (323-341): the first valid object with the key, visiting every region from its home. */
  get(hashedKey: bigint): TlObject | undefined {
    for (const r of this.regionRange(this.startingRegion(hashedKey))) {
      const hit = this.walk(r).find((e) => tlValid(e.object) && e.object.hashedKey === hashedKey);
      if (hit) return hit.object;
    }
    return undefined;
  }

  /** `_invalidate_hashed_key` (432-465): every valid copy is rewritten whole with flags & 7 and a new CRC. */
  invalidate(hashedKey: bigint): void {
    for (const r of this.regionRange(this.startingRegion(hashedKey))) {
      const region = this.region(r);
      for (let offset = 0; ; ) {
        const object = parseTlObject(region, offset);
        if (!object) break;
        if (tlValid(object) && object.hashedKey === hashedKey) {
          object.flags &= 0x7;
          const binary = tlBinary(object);
          // Python would grow the bytearray here and shift every later region: refuse instead.
          if (offset + binary.length > region.length) throw new TockloaderError('object rewrite would run past its region');
          region.set(binary, offset);
        }
        offset += tlLength(object);
      }
    }
  }

  /** `_append_object` (467-513): invalidate every copy, then the end of the first region (h, h+1, ...) with room. */
  appendObject(object: TlObject): void {
    this.invalidate(object.hashedKey);
    const binary = tlBinary(object);
    for (const r of this.regionRange(this.startingRegion(object.hashedKey))) {
      const entries = this.walk(r);
      const last = entries[entries.length - 1];
      const end = last ? last.offset + tlLength(last.object) : 0;
      if (this.regionSizeBytes - end >= binary.length) {
        this.region(r).set(binary, end);
        return;
      }
    }
    throw new TockloaderError('No space to append TicKV object');
  }

  /** `TockTicKV.append` (600-612): the value wrapped in a Tock header with `write_id`. */
  appendTock(hashedKey: bigint, user: Uint8Array, writeId: number): void {
    if (user.length + 9 > 4096) throw new TockloaderError(`Cannot create TockStorageObject object (length ${user.length} > 4087)`);
    const value = tockValueBytes({ version: 0, writeId, headerLength: user.length, user, padding: 0 });
    this.appendObject({ version: 1, flags: 8, hashedKey, value });
  }

  /** `reset` (363-378): all 0xFF plus the main-key object. */
  reset(): void {
    this.storage = new Uint8Array(this.storage.length).fill(0xff);
    this.appendObject({ version: 1, flags: 8, hashedKey: MAIN_KEY_HASH, value: new Uint8Array(0) });
  }

  /** `cleanup` (380-405): keep the valid objects (main key aside), reset, append them again in region order. */
  cleanup(): void {
    const keep: TlObject[] = [];
    for (const r of this.regionRange(0)) {
      for (const e of this.walk(r)) if (tlValid(e.object) && e.object.hashedKey !== MAIN_KEY_HASH) keep.push(e.object);
    }
    this.reset();
    for (const o of keep) this.appendObject({ ...o, checksum: undefined });
  }
}

/** `str(TicKVObjectBase)` plus the indented Tock object when the value parses as one (tickv.py:128-141, 220-228, 265-269). */
export function tlObjectText(o: TlObject): string {
  const tock = parseTockObject(o.value);
  const value = tock ? tockValueBytes(tock) : o.value;
  const checksum = o.checksum ?? cksumCrc(tlBinary(o), 0, tlLength(o) - 4);
  let out = `TicKV Object hash=0x${o.hashedKey.toString(16)} version=${o.version} flags=${o.flags} length=${11 + value.length + 4} `;
  out += `valid=${tlValid(o) ? 'True' : 'False'} checksum=0x${checksum.toString(16)}\n`;
  out += `  Value: ${toHex(value)}\n`;
  if (tock) {
    out += `  TockTicKV Object version=${tock.version} write_id=${tock.writeId} length=${tock.user.length}\n`;
    out += `    Value: ${toHex(tock.user)}\n`;
  }
  return out;
}

/** `print(db.dump())` of `tockloader tickv dump` (614-630): regions, objects, one empty line each, print's newline. */
export function tockloaderDumpText(db: TockloaderTicKV): string {
  let out = '';
  for (let r = 0; r < db.numberRegions; r++) {
    out += `REGION ${r}\n`;
    for (const e of db.walk(r)) out += tlObjectText(e.object);
    out += '\n';
  }
  return out + '\n';
}
