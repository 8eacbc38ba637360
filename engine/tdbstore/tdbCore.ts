// TDBStore internals: area I/O, read_record, find_record, copy_record, GC, RAM-table build, reserved data.
// Mirrors TDBStore.cpp of Mbed OS 6.17 step for step; a profile departs from it only through its policy's hooks.
import assert from 'node:assert';
import type { BlockDevice } from '../flash/blockDevice';
import { tdbCrc, TDB_INITIAL_CRC } from '../codec/crc';
import {
  alignUp,
  decodeHeader,
  type RecordHeader,
  decodeTrailer,
  encodeTrailer,
  HEADER_CRC_SPAN,
  MAX_KEY_SIZE,
  RECORD_HEADER_SIZE,
  RESERVED_AREA_SIZE,
  RESERVED_TRAILER_SIZE,
  TDB_MAGIC,
} from '../codec/tdbRecord';
import { BufferedBlockDevice } from './bufferedBlockDevice';
import { isMasterKey } from './keys';
import { RamTable } from './ramTable';
import { MbedStatus } from './status';
import { KvFlags } from './status';
import { tdbPolicy, type TdbPolicy } from './policy';
import type { TdbProfileName } from './profile';

export { isMasterKey, MASTER_KEY_BYTES } from './keys';

const MIN_WORK_BUF_SIZE = 64;
/** Reads a verified copy tries before it gives a record up: unstable cells may settle anew on every read. */
const VERIFY_READS = 64;
const RESERVED_COPY_SIZE = RESERVED_AREA_SIZE + RESERVED_TRAILER_SIZE;

export interface AreaParams {
  address: number;
  size: number;
}

export interface ReadRecordRequest {
  /** Expected key (check_expected_key); also the key whose bytes are compared chunk by chunk. */
  expectedKey?: Uint8Array;
  dataBufSize: number;
  dataOffset: number;
  copyKey: boolean;
  copyData: boolean;
  checkExpectedKey: boolean;
  calcHash: boolean;
}

/** A read_record request: validate only (no copies, no key check) unless the fields say otherwise. */
export function readRequest(f: Partial<ReadRecordRequest>): ReadRecordRequest {
  // One object shape, built field by field: a spread per record read cost a tenth of a long shell script.
  return {
    expectedKey: f.expectedKey,
    dataBufSize: f.dataBufSize ?? 0,
    dataOffset: f.dataOffset ?? 0,
    copyKey: f.copyKey ?? false,
    copyData: f.copyData ?? false,
    checkExpectedKey: f.checkExpectedKey ?? false,
    calcHash: f.calcHash ?? false,
  };
}

export interface ReadRecordResult {
  ret: number;
  /** min(buffer, data_size - offset); undefined where the real code leaves it uninitialised. */
  actualDataSize: number | undefined;
  flags: number;
  hash: number;
  nextOffset: number;
  key?: Uint8Array;
  data?: Uint8Array;
}

export interface FindResult {
  ret: number;
  offset: number;
  ramTableInd: number;
  hash: number;
}

/** The single incremental-set handle TDBStore owns (inc_set_handle_t). */
export interface IncSetHandle {
  magic: number;
  flags: number;
  keySize: number;
  dataSize: number;
  crc: number;
  bdBaseOffset: number;
  bdCurrOffset: number;
  offsetInData: number;
  ramTableInd: number;
  hash: number;
  newKey: boolean;
}

export function newIncSetHandle(): IncSetHandle {
  return {
    magic: 0,
    flags: 0,
    keySize: 0,
    dataSize: 0,
    crc: 0,
    bdBaseOffset: 0,
    bdCurrOffset: 0,
    offsetInData: 0,
    ramTableInd: 0,
    hash: 0,
    newKey: false,
  };
}

export abstract class TdbCore {
  protected buff: BufferedBlockDevice | undefined;
  protected readonly table = new RamTable();
  protected freeSpaceOffset = 0;
  protected masterRecordOffset = 0;
  protected masterRecordSize = 0;
  protected activeArea = 0;
  protected activeAreaVersion = 0;
  protected size = 0;
  protected areas: AreaParams[] = [
    { address: 0, size: 0 },
    { address: 0, size: 0 },
  ];
  protected progSize = 1;
  protected workBufSize = MIN_WORK_BUF_SIZE;
  protected incSetHandle: IncSetHandle | undefined;
  /** Where this profile departs from 6.17 (engine/tdbstore/policy.ts). */
  protected readonly policy: TdbPolicy;
  /** An active area has been chosen or formatted (a policy may read reserved data from it alone). */
  protected activeValid = false;
  /** Garbage collections run since construction (statistics only). */
  gcCount = 0;
  /** Where a verified copy last met a record that no read verifies (hardened). */
  protected unverifiedOffset: number | undefined;

  constructor(
    protected readonly bd: BlockDevice,
    readonly profile: TdbProfileName,
  ) {
    this.policy = tdbPolicy(profile);
  }

  /** Implemented by the API layer: set() through the master-record path. */
  protected abstract writeMasterRecord(version: number): number;

  protected get io(): BufferedBlockDevice {
    // Only reachable after init; the API layer refuses calls before it.
    return this.buff as BufferedBlockDevice;
  }

  // ---- area I/O (read_area / write_area / erase_area) ----

  protected readArea(area: number, offset: number, size: number): Uint8Array | undefined {
    if (offset + size > this.size) return undefined;
    return this.io.read(this.areas[area].address + offset, size);
  }

  /** A read the engine's own invariants keep inside the area (table entries, reserved data): failing is a bug. */
  protected readInside(area: number, offset: number, size: number): Uint8Array {
    const bytes = this.readArea(area, offset, size);
    assert.ok(bytes, `read of ${size} bytes at area offset ${offset} leaves the area (${this.size} bytes)`);
    return bytes;
  }

  protected writeArea(area: number, offset: number, data: Uint8Array): number {
    return this.io.program(data, this.areas[area].address + offset) ? MbedStatus.WRITE_FAILED : MbedStatus.SUCCESS;
  }

  protected eraseArea(area: number, offset: number, size: number): number {
    return this.io.erase(this.areas[area].address + offset, size);
  }

  protected calcAreaParams(): void {
    const bdSize = Math.min(this.bd.geometry.sizeBytes, 0x80000000);
    const unit = this.bd.geometry.eraseSizeBytes;
    let area0 = 0;
    while (area0 + unit <= Math.floor(bdSize / 2)) area0 += unit;
    let area1 = 0;
    while (area1 + unit <= Math.floor(bdSize / 2)) area1 += unit;
    this.areas = [
      { address: 0, size: area0 },
      { address: area0, size: area1 },
    ];
  }

  /** Erase-as-you-go: erase the units whose start lies in [offset, offset+size) (all of them when forced). */
  protected checkEraseBeforeWrite(area: number, offset: number, size: number, force = false): number {
    let erase = false;
    let startOffset = 0;
    let endOffset = 0;
    while (size) {
      const bdOffset = this.areas[area].address + offset;
      const unit = this.io.eraseSizeAt(bdOffset);
      const offsetFromStart = bdOffset % unit;
      const dist = unit - offsetFromStart;
      const chunk = Math.min(size, dist);
      if (offsetFromStart === 0 || force) {
        if (!erase) {
          erase = true;
          startOffset = offset - offsetFromStart;
        }
        endOffset = offset + dist;
      }
      offset += chunk;
      size -= chunk;
    }
    if (erase && this.eraseArea(area, startOffset, endOffset - startOffset) !== MbedStatus.SUCCESS) {
      return MbedStatus.WRITE_FAILED;
    }
    return MbedStatus.SUCCESS;
  }

  // ---- records ----

  /** read_record(): the one validation routine, including its quirks (see tdbstore.md §5.1). */
  /** The header checks of read_record (magic, key size, wrap, area end); the header or the failing status. */
  private checkedHeader(area: number, offset: number): { status: number; header?: RecordHeader; bytes?: Uint8Array } {
    const bytes = this.readArea(area, offset, RECORD_HEADER_SIZE);
    if (!bytes) return { status: MbedStatus.READ_FAILED };
    const header = decodeHeader(bytes);
    const bad = { status: MbedStatus.INVALID_DATA_DETECTED, header };
    if (header.magic !== TDB_MAGIC) return { status: MbedStatus.INVALID_DATA_DETECTED };
    if (!header.keySize || header.keySize >= MAX_KEY_SIZE) return bad;
    const total = (header.keySize + header.dataSize) >>> 0;
    if (total < header.keySize || total < header.dataSize) return bad;
    // 6.17 adds in uint32 (a torn header's huge data size wraps past this check) and rejects an end exactly at the area end.
    if (this.policy.recordEndsPastArea(offset + alignUp(RECORD_HEADER_SIZE, this.progSize), total, this.size)) return bad;
    return { status: MbedStatus.SUCCESS, header, bytes };
  }

  protected readRecord(area: number, offset: number, req: ReadRecordRequest): ReadRecordResult {
    const res: ReadRecordResult = { ret: MbedStatus.SUCCESS, actualDataSize: undefined, flags: 0, hash: 0, nextOffset: offset };
    const checked = this.checkedHeader(area, offset);
    res.flags = checked.header?.flags ?? 0;
    if (checked.status) return { ...res, ret: checked.status };
    const header = checked.header as RecordHeader;
    const headerBytes = checked.bytes as Uint8Array;
    offset += alignUp(RECORD_HEADER_SIZE, this.progSize);
    let keySize = header.keySize;
    const dataSize = header.dataSize;
    let totalSize = (keySize + dataSize) >>> 0;
    const dataOffset = req.dataOffset;
    if (dataOffset > dataSize) return { ...res, ret: MbedStatus.INVALID_SIZE };
    const actual = Math.min(req.dataBufSize, dataSize - dataOffset);
    res.actualDataSize = actual;

    const validate = dataOffset === 0;
    let crc = TDB_INITIAL_CRC;
    let currDataOffset: number;
    if (validate) {
      crc = tdbCrc(crc, headerBytes, 0, HEADER_CRC_SPAN);
      currDataOffset = 0;
    } else {
      totalSize = actual;
      currDataOffset = dataOffset;
      offset += dataOffset + keySize;
      keySize = 0;
    }
    const keyOut = req.copyKey ? new Uint8Array(header.keySize) : undefined;
    let keyPos = 0;
    let hash = TDB_INITIAL_CRC;
    let ret: number = MbedStatus.SUCCESS;
    while (totalSize) {
      let chunk: number;
      let toUser = false;
      // (6.17's "before data_offset" case cannot occur: validation reads from 0, the other path starts at the offset.)
      if (keySize) {
        chunk = req.copyKey ? keySize : Math.min(keySize, this.workBufSize);
      } else if (req.copyData && currDataOffset < dataOffset + actual) {
        chunk = actual;
        toUser = true;
      } else {
        chunk = Math.min(this.workBufSize, totalSize);
      }
      const buf = this.readArea(area, offset, chunk);
      if (!buf) {
        // `goto end` with ret = READ_FAILED; next_offset stays at the record start.
        return { ...res, ret: MbedStatus.READ_FAILED, key: keyOut, hash };
      }
      ret = MbedStatus.SUCCESS; // every chunk read overwrites ret: the real code's key check is undone here
      if (validate) crc = tdbCrc(crc, buf);
      if (keySize) {
        if (req.checkExpectedKey && !this.keyChunkMatches(req.expectedKey as Uint8Array, keyPos, buf)) {
          ret = MbedStatus.ITEM_NOT_FOUND;
        }
        if (req.calcHash) hash = tdbCrc(hash, buf);
        keyOut?.set(buf, keyPos);
        keyPos += chunk;
        keySize -= chunk;
        if (!keySize) offset += dataOffset;
      } else {
        if (toUser) res.data = buf;
        currDataOffset += chunk;
      }
      totalSize -= chunk;
      offset += chunk;
    }
    res.key = keyOut;
    res.hash = hash;
    if (validate && crc !== header.crc) return { ...res, ret: MbedStatus.INVALID_DATA_DETECTED };
    res.ret = ret;
    res.nextOffset = alignUp(offset, this.progSize);
    if (req.copyData && !res.data) res.data = new Uint8Array(0);
    return res;
  }

  /** memcmp of the caller's C string (NUL-terminated) against a key chunk read from flash. */
  private keyChunkMatches(expected: Uint8Array, pos: number, chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const want = pos + i < expected.length ? expected[pos + i] : 0;
      if (want !== chunk[i]) return false;
    }
    return true;
  }

  /** find_record(): walk the RAM table in hash order; equal hashes are checked on flash. */
  protected findRecord(area: number, key: Uint8Array): FindResult {
    const hash = tdbCrc(TDB_INITIAL_CRC, key);
    let ret: number = MbedStatus.ITEM_NOT_FOUND;
    let offset = 0;
    let ind = 0;
    const { hashes, offsets } = this.table;
    for (; ind < hashes.length; ind++) {
      offset = offsets[ind];
      if (hash < hashes[ind]) continue;
      if (hash > hashes[ind]) return { ret: MbedStatus.ITEM_NOT_FOUND, offset, ramTableInd: ind, hash };
      ret = this.policy.compareWholeKey() ? this.verifyKeyExactly(area, offset, key) : this.verifyKeyAsMbed(area, offset, key);
      // ITEM_NOT_FOUND here means the hash belongs to another key: keep searching.
      if (ret !== MbedStatus.ITEM_NOT_FOUND) break;
    }
    return { ret, offset, ramTableInd: ind, hash };
  }

  private verifyKeyAsMbed(area: number, offset: number, key: Uint8Array): number {
    return this.readRecord(area, offset, readRequest({ expectedKey: key, checkExpectedKey: true })).ret;
  }

  /** A CRC-valid record matches only if its whole key equals the caller's key. */
  private verifyKeyExactly(area: number, offset: number, key: Uint8Array): number {
    const rr = this.readRecord(area, offset, readRequest({ copyKey: true }));
    if (rr.ret !== MbedStatus.SUCCESS) return rr.ret;
    const stored = rr.key as Uint8Array;
    if (stored.length !== key.length) return MbedStatus.ITEM_NOT_FOUND;
    for (let i = 0; i < key.length; i++) if (stored[i] !== key[i]) return MbedStatus.ITEM_NOT_FOUND;
    return MbedStatus.SUCCESS;
  }

  /**
   * The whole record at `offset` (header unit, key, data, padding) from one read whose CRC matches, or undefined when
   * none of VERIFY_READS reads does: only a read that verifies is the record as it was written.
   */
  protected readVerifiedRecord(area: number, offset: number): Uint8Array | undefined {
    const headerUnit = alignUp(RECORD_HEADER_SIZE, this.progSize);
    for (let attempt = 0; attempt < VERIFY_READS; attempt++) {
      const head = this.readArea(area, offset, RECORD_HEADER_SIZE);
      if (!head) return undefined;
      const h = decodeHeader(head);
      if (h.magic !== TDB_MAGIC) continue;
      const bytes = this.readArea(area, offset, headerUnit + alignUp((h.keySize + h.dataSize) >>> 0, this.progSize));
      if (!bytes) continue;
      // The header is read again with the rest: sizes and CRC must all come from this one read.
      const again = decodeHeader(bytes);
      if (again.magic !== TDB_MAGIC || again.keySize !== h.keySize || again.dataSize !== h.dataSize) continue;
      const crc = tdbCrc(tdbCrc(TDB_INITIAL_CRC, bytes, 0, HEADER_CRC_SPAN), bytes, headerUnit, headerUnit + h.keySize + h.dataSize);
      if (crc === again.crc) return bytes;
    }
    return undefined;
  }

  /** copy_record(): header unit first (zero padding), then key/data in work-buffer chunks. */
  protected copyRecord(fromArea: number, fromOffset: number, toOffset: number): { ret: number; toNextOffset: number } {
    const toArea = 1 - fromArea;
    // 6.17 reads each chunk anew, so cells that change between reads make a copy that fails its CRC (TDB-23).
    const verify = this.policy.verifyGcCopies();
    const verified = verify ? this.readVerifiedRecord(fromArea, fromOffset) : undefined;
    if (verify && !verified) {
      this.unverifiedOffset = fromOffset;
      return { ret: MbedStatus.READ_FAILED, toNextOffset: 0 };
    }
    const sourceAt = (offset: number, size: number): Uint8Array | undefined =>
      verified ? verified.slice(offset - fromOffset, offset - fromOffset + size) : this.readArea(fromArea, offset, size);
    const headerBytes = verified ? verified.slice(0, RECORD_HEADER_SIZE) : this.readInside(fromArea, fromOffset, RECORD_HEADER_SIZE);
    const header = decodeHeader(headerBytes);
    const headerUnit = alignUp(RECORD_HEADER_SIZE, this.progSize);
    let totalSize = (headerUnit + alignUp((header.keySize + header.dataSize) >>> 0, this.progSize)) >>> 0;
    if (toOffset + totalSize > this.size) return { ret: MbedStatus.MEDIA_FULL, toNextOffset: 0 };
    let ret = this.checkEraseBeforeWrite(toArea, toOffset, totalSize);
    if (ret) return { ret, toNextOffset: 0 };
    const headerChunk = new Uint8Array(headerUnit);
    headerChunk.set(headerBytes);
    ret = this.writeArea(toArea, toOffset, headerChunk);
    if (ret) return { ret, toNextOffset: 0 };
    let from = fromOffset + headerUnit;
    toOffset += headerUnit;
    totalSize -= headerUnit;
    while (totalSize) {
      const chunk = Math.min(totalSize, this.workBufSize) & 0xffff; // chunk_size is a uint16_t
      const buf = sourceAt(from, chunk); // a header corrupted at rest can point past the area
      if (!buf) return { ret: MbedStatus.READ_FAILED, toNextOffset: 0 };
      ret = this.writeArea(toArea, toOffset, buf);
      if (ret) return { ret, toNextOffset: 0 };
      from += chunk;
      toOffset += chunk;
      totalSize -= chunk;
    }
    return { ret: MbedStatus.SUCCESS, toNextOffset: alignUp(toOffset, this.progSize) };
  }

  /** garbage_collection(): copy every RAM-table entry to the other area, then commit with its master record. */
  protected garbageCollection(): number {
    this.gcCount++;
    let ret = this.resetArea(1 - this.activeArea);
    if (ret) return ret;
    let toOffset = this.masterRecordOffset + this.masterRecordSize;
    let toNextOffset = toOffset; // in case the table is empty
    const { offsets } = this.table;
    // 6.17 points each entry at its copy as it goes: after a failed commit the entries read the wrong area.
    const afterCommit = this.policy.switchAreaAfterGcCommit();
    const moved = afterCommit ? [...offsets] : offsets;
    for (let ind = 0; ind < offsets.length; ind++) {
      const copied = this.copyRecord(this.activeArea, offsets[ind], toOffset);
      if (copied.ret) return copied.ret;
      toNextOffset = copied.toNextOffset;
      moved[ind] = toOffset;
      toOffset = toNextOffset;
    }
    if (this.policy.eraseGcLogEnd(toNextOffset, this.size)) {
      // The copies may end on a unit start whose unit still holds older records, which a reboot would scan into.
      ret = this.checkEraseBeforeWrite(1 - this.activeArea, toNextOffset, Math.min(RECORD_HEADER_SIZE, this.size - toNextOffset));
      if (ret) return ret;
    }
    const [oldArea, oldVersion, oldFree] = [this.activeArea, this.activeAreaVersion, this.freeSpaceOffset];
    this.freeSpaceOffset = toNextOffset;
    // Switch to the new active area, then write its master record with the version incremented (uint16).
    this.activeArea = 1 - this.activeArea;
    this.activeAreaVersion = (this.activeAreaVersion + 1) & 0xffff;
    ret = this.writeMasterRecord(this.activeAreaVersion);
    if (!afterCommit) return ret;
    if (ret) {
      // No commit: a reboot would pick the old area, so keep working there rather than lose what comes next.
      [this.activeArea, this.activeAreaVersion, this.freeSpaceOffset] = [oldArea, oldVersion, oldFree];
      return ret;
    }
    offsets.splice(0, offsets.length, ...moved);
    return ret;
  }

  /** build_ram_table(): scan the active area's log from the master record until a record fails to read. */
  protected buildRamTable(): number {
    this.table.clear();
    // 6.17 scans from the master record itself, so "TDBS" lands in the table (mbed-os #15208).
    const masterOutside = this.policy.keepMasterOutOfRamTable();
    let offset = masterOutside ? this.masterRecordOffset + this.masterRecordSize : this.masterRecordOffset;
    let nextOffset = offset; // 6.17 starts from 0, a value never used: its scan always reads the master record
    let ret: number = MbedStatus.SUCCESS;
    while (offset + RECORD_HEADER_SIZE < this.freeSpaceOffset) {
      const rr = this.readRecord(this.activeArea, offset, readRequest({ copyKey: true, calcHash: true }));
      nextOffset = rr.nextOffset;
      ret = rr.ret;
      if (ret && this.policy.skipDamagedRecord(ret)) {
        const skipTo = this.damagedRecordEnd(offset);
        if (skipTo !== undefined) {
          offset = skipTo; // one damaged record in the middle of the log costs that record, not the log after it
          nextOffset = skipTo;
          continue;
        }
      }
      if (ret) break;
      if (masterOutside && isMasterKey(rr.key as Uint8Array)) {
        offset = nextOffset; // a GC copy of the master record written by 6.17: not a user key
        continue;
      }
      const found = this.findRecord(this.activeArea, rr.key as Uint8Array);
      ret = found.ret;
      if (ret !== MbedStatus.SUCCESS && ret !== MbedStatus.ITEM_NOT_FOUND) break;
      const saveOffset = offset;
      offset = nextOffset;
      const deleted = (rr.flags & KvFlags.DELETE) !== 0;
      if (ret === MbedStatus.ITEM_NOT_FOUND) {
        ret = MbedStatus.SUCCESS;
        if (deleted) continue;
        this.table.insertAt(found.ramTableInd, found.hash, saveOffset);
        continue;
      } else if (deleted) {
        this.table.removeAt(found.ramTableInd);
        continue;
      }
      this.table.set(found.ramTableInd, found.hash, saveOffset);
    }
    this.freeSpaceOffset = nextOffset;
    return ret;
  }

  /**
   * Where a record that failed its CRC (a bit flipped at rest) ends, if its magic and sizes look intact and
   * a valid record starts right there. A torn record at the log end is followed by erased space, so the log still
   * ends at it. Searching further would be unsafe: a torn write can run into a unit still holding older records.
   */
  private damagedRecordEnd(offset: number): number | undefined {
    const h = decodeHeader(this.readArea(this.activeArea, offset, RECORD_HEADER_SIZE) as Uint8Array);
    if (h.magic !== TDB_MAGIC || !h.keySize || h.keySize >= MAX_KEY_SIZE) return undefined;
    const end = offset + alignUp(RECORD_HEADER_SIZE, this.progSize) + alignUp(h.keySize + h.dataSize, this.progSize);
    if (end + RECORD_HEADER_SIZE >= this.size) return undefined;
    return this.readRecord(this.activeArea, end, readRequest({})).ret === MbedStatus.SUCCESS ? end : undefined;
  }

  // ---- reserved data ----

  /** do_reserved_data_get(): area 0 then area 1; the first whose trailer and CRC check out wins. */
  protected doReservedDataGet(bufSize: number | undefined): { ret: number; data?: Uint8Array; trailer?: Uint8Array } {
    for (const area of this.policy.reservedDataAreas(this.activeArea, this.activeValid)) {
      const trailerBytes = this.readInside(area, RESERVED_AREA_SIZE, RESERVED_TRAILER_SIZE);
      const trailer = decodeTrailer(trailerBytes);
      if (trailer.trailerSize !== RESERVED_TRAILER_SIZE) continue;
      if (trailer.dataSize > RESERVED_AREA_SIZE) continue;
      const data = this.readInside(area, 0, trailer.dataSize);
      if (tdbCrc(TDB_INITIAL_CRC, data) === trailer.crc) {
        // A NULL destination (undefined here) skips the size check.
        if (bufSize !== undefined && bufSize < trailer.dataSize) return { ret: MbedStatus.INVALID_SIZE };
        return { ret: MbedStatus.SUCCESS, data, trailer: trailerBytes };
      }
    }
    return { ret: MbedStatus.ITEM_NOT_FOUND };
  }

  /** reset_area(): force-erase the reserved area + master record units, then put valid reserved data back. */
  protected resetArea(area: number): number {
    const existing = this.doReservedDataGet(RESERVED_COPY_SIZE);
    const span = this.masterRecordOffset + this.masterRecordSize + this.progSize;
    let ret = this.checkEraseBeforeWrite(area, 0, span, true);
    if (ret) return ret;
    if (existing.ret === MbedStatus.SUCCESS) {
      // The real buffer is uninitialised past data_size (don't-care bytes); 0xFF leaves the cells erased.
      const buf = new Uint8Array(RESERVED_COPY_SIZE).fill(0xff);
      buf.set(existing.data as Uint8Array);
      buf.set(existing.trailer as Uint8Array, RESERVED_AREA_SIZE);
      ret = this.writeArea(area, 0, buf);
    }
    return ret;
  }

  /** reserved_data_set(): write-once data, written to both areas behind a fresh standby area. */
  protected doReservedDataSet(data: Uint8Array): number {
    if (data.length > RESERVED_AREA_SIZE) return MbedStatus.INVALID_SIZE;
    if (this.doReservedDataGet(undefined).ret === MbedStatus.SUCCESS) return MbedStatus.WRITE_FAILED;
    const trailer = encodeTrailer({
      trailerSize: RESERVED_TRAILER_SIZE,
      dataSize: data.length,
      crc: tdbCrc(TDB_INITIAL_CRC, data),
    });
    let ret: number;
    if (this.policy.collectBeforeReservedDataSet()) {
      // The GC below would close an open incremental set only when it runs, i.e. depending on what a cut left on
      // flash: end it always, as set_start ends one, so its next add or finalize answers INVALID_ARGUMENT.
      (this.incSetHandle as IncSetHandle).magic = 0;
      if (!this.isErased(this.activeArea, 0, RESERVED_COPY_SIZE)) {
        // An interrupted earlier attempt left bytes here, which strict flash refuses to program over: move the
        // store, so this area becomes the standby that reset_area erases below.
        ret = this.garbageCollection();
        if (ret) return ret;
      }
    }
    ret = this.resetArea(1 - this.activeArea);
    if (ret) return ret;
    for (let area = 0; area < 2; area++) {
      ret = this.writeArea(area, 0, data);
      if (ret) return ret;
      ret = this.writeArea(area, RESERVED_AREA_SIZE, trailer);
      if (ret) return ret;
      ret = this.io.sync();
      if (ret) return ret;
    }
    return MbedStatus.SUCCESS;
  }

  protected isErased(area: number, offset: number, size: number): boolean {
    const bytes = this.readInside(area, offset, size);
    for (let i = 0; i < size; i++) if (bytes[i] !== 0xff) return false;
    return true;
  }

}
