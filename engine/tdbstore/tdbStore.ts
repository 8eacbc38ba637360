// TDBStore's KVStore API (init, set/get/remove, incremental set, iterators, reserved data) over TdbCore.
import type { BlockDevice } from '../flash/blockDevice';
import { tdbCrc, TDB_INITIAL_CRC } from '../codec/crc';
import {
  alignUp,
  decodeHeader,
  decodeMasterVersion,
  encodeMasterData,
  encodeHeader,
  HEADER_CRC_SPAN,
  masterRecordOffset,
  masterRecordSize,
  MAX_KEY_SIZE,
  RECORD_HEADER_SIZE,
  recordSize,
  TDB_MAGIC,
  TDB_REVISION,
} from '../codec/tdbRecord';
import { EngineHalt } from '../halt';
import { BufferedBlockDevice } from './bufferedBlockDevice';
import { isMasterKey, isValidKey, keyBytes, MASTER_KEY_BYTES, startsWith, type KeyInput } from './keys';
import type { TdbProfileName } from './profile';
import { KvFlags, MbedStatus } from './status';
import { newIncSetHandle, readRequest, TdbCore, type IncSetHandle } from './tdbCore';

export type { KeyInput } from './keys';

const SUPPORTED_FLAGS = KvFlags.WRITE_ONCE | KvFlags.REQUIRE_CONFIDENTIALITY | KvFlags.REQUIRE_REPLAY_PROTECTION;
const MAX_OPEN_ITERATORS = 16;
const UINT32_MAX = 0xffffffff;

/** Opaque handle of an incremental set (the store owns exactly one). */
export type SetHandle = object;
/** Opaque handle of an open iterator. */
export type IteratorHandle = object;

export interface TdbGetResult {
  status: number;
  /** The bytes returned (length = actualSize on success). */
  data: Uint8Array;
  /** Written on every path after the key was found; undefined where the real code leaves it uninitialised. */
  actualSize: number | undefined;
}

export interface TdbInfo {
  size: number;
  flags: number;
}

/** Internal positions, for dumps, statistics and model resynchronisation after a crash. */
export interface TdbInternals {
  initialized: boolean;
  activeArea: number;
  activeAreaVersion: number;
  freeSpaceOffset: number;
  areaSizeBytes: number;
  areaAddresses: number[];
  masterRecordOffset: number;
  masterRecordSize: number;
  numKeys: number;
  maxKeys: number;
  gcCount: number;
}

interface IteratorState {
  num: number;
  ramTableInd: number;
  prefix: Uint8Array | undefined;
}

const isUint = (v: unknown, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

export class TDBStore extends TdbCore {
  private initialized = false;
  private iterators: Array<IteratorState | undefined> = [];

  constructor(bd: BlockDevice, profile: TdbProfileName = 'mbed') {
    super(bd, profile);
  }

  get isInitialized(): boolean {
    return this.initialized;
  }

  // ---- lifecycle ----

  init(): number {
    if (this.initialized) return MbedStatus.SUCCESS;
    this.table.clear();
    this.table.maxKeys = 16;
    this.size = UINT32_MAX;
    this.buff = new BufferedBlockDevice(this.bd, this.policy);
    this.progSize = this.bd.geometry.programSizeBytes;
    this.workBufSize = Math.max(this.progSize, 64);
    this.incSetHandle = newIncSetHandle();
    this.iterators = new Array(MAX_OPEN_ITERATORS).fill(undefined);
    this.masterRecordOffset = masterRecordOffset(this.progSize);
    this.masterRecordSize = masterRecordSize(this.progSize);
    this.calcAreaParams();
    // Deviation: the real code runs off the end of an area too small for its header; refuse such geometries.
    if (this.areas[0].size < this.masterRecordOffset + this.masterRecordSize + this.progSize) {
      return this.failInit(MbedStatus.INVALID_SIZE);
    }

    const valid = [false, false];
    const versions = [0, 0];
    for (let area = 0; area < 2; area++) {
      this.size = Math.min(this.size, this.areas[area].size);
      const version = this.readMasterVersion(area);
      if (version === undefined) continue;
      versions[area] = version;
      valid[area] = true;
      this.activeArea = area;
      this.activeAreaVersion = version;
    }

    if (!valid[0] && !valid[1]) {
      this.resetArea(0);
      this.activeArea = 0;
      this.activeAreaVersion = 1;
      this.freeSpaceOffset = this.masterRecordOffset + this.masterRecordSize;
      const ret = this.writeMasterRecord(this.activeAreaVersion);
      if (ret) {
        if (this.policy.haltOnInitError(ret)) throw new EngineHalt('TDBStore::init', ret, 'Unable to write master record at init');
        return this.failInit(ret);
      }
      this.initialized = true;
      this.activeValid = true;
      return MbedStatus.SUCCESS;
    }
    if (valid[0] && valid[1]) {
      // 6.17 picks area 0 when `v0 > v1 || v0 == 0`; the 16-bit wrap to 0 lands in area 1, where that picks the older area.
      this.activeArea = this.policy.newerArea(versions[0], versions[1]);
      this.activeAreaVersion = versions[this.activeArea];
    }
    this.freeSpaceOffset = this.size;
    this.activeValid = true;
    const ret = this.buildRamTable();
    if (ret !== MbedStatus.SUCCESS && ret !== MbedStatus.INVALID_DATA_DETECTED) return this.failInit(ret);
    this.initialized = true;
    // The master record read as valid is programmed again first, so erasing the other area (the only other copy)
    // never leaves a store whose one commit may still read as erased; a failed collection leaves the store on the
    // area it read (switchAreaAfterGcCommit): init still succeeds.
    if (this.policy.collectAtInit() && this.reprogramMasterRecord() === MbedStatus.SUCCESS) this.collectVerified();
    return MbedStatus.SUCCESS;
  }

  /**
   * The boot collection (TDB-22), from verified copies (TDB-23). A record the scan took but no read verifies is one a
   * cut left unstable, with nothing committed after it: the log ends before it and the collection runs again.
   */
  private collectVerified(): void {
    // Zeros are stable: a newer standby master record a cut left unstable, read as invalid at this boot, can never
    // read valid at a later one, even if the erase below is cut. Strict flash refuses this over an older valid
    // header, which is stable anyway; the collection's erase settles either way.
    const standby = 1 - this.activeArea;
    this.writeArea(standby, this.masterRecordOffset, new Uint8Array(alignUp(RECORD_HEADER_SIZE, this.progSize)));
    this.io.sync();
    this.unverifiedOffset = undefined;
    if (this.garbageCollection() !== MbedStatus.READ_FAILED || this.unverifiedOffset === undefined) return;
    this.freeSpaceOffset = this.unverifiedOffset;
    const ret = this.buildRamTable();
    if (ret === MbedStatus.SUCCESS || ret === MbedStatus.INVALID_DATA_DETECTED) this.garbageCollection();
  }

  /** Programs the active master record's bytes over themselves: cells a cut left unstable settle as they read now. */
  private reprogramMasterRecord(): number {
    const bytes = this.policy.verifyGcCopies()
      ? this.readVerifiedRecord(this.activeArea, this.masterRecordOffset)
      : this.readInside(this.activeArea, this.masterRecordOffset, this.masterRecordSize);
    if (!bytes) return MbedStatus.READ_FAILED;
    const ret = this.writeArea(this.activeArea, this.masterRecordOffset, bytes);
    return ret || (this.io.sync() ? MbedStatus.WRITE_FAILED : MbedStatus.SUCCESS);
  }

  deinit(): number {
    if (this.initialized) {
      this.io.deinit(); // flushes the write cache; TDBStore ignores its result
      // `delete _buff_bd`: ~BufferedBlockDevice calls deinit() again, which repeats a flush the first call failed.
      this.io.deinit();
      this.buff = undefined;
      this.table.clear();
    }
    this.initialized = false;
    this.activeValid = false;
    return MbedStatus.SUCCESS;
  }

  reset(): number {
    if (!this.initialized) return MbedStatus.NOT_READY;
    if (this.policy.resetThroughNewGeneration()) return this.resetByNewGeneration();
    const span = this.masterRecordOffset + this.masterRecordSize + this.progSize;
    for (let area = 0; area < 2; area++) {
      const ret = this.checkEraseBeforeWrite(area, 0, span, true);
      if (ret) return ret;
    }
    this.activeArea = 0;
    this.table.clear();
    this.activeAreaVersion = 1;
    this.freeSpaceOffset = this.masterRecordOffset + this.masterRecordSize;
    return this.writeMasterRecord(this.activeAreaVersion);
  }

  /**
   * Reset through a new generation: an empty generation in the standby area (version + 1) is the commit point,
   * then the old area is erased. 6.17 erases area 0, then area 1, then writes the master: a cut between them
   * brings back the older generation area 1 may still hold.
   */
  private resetByNewGeneration(): number {
    const span = this.masterRecordOffset + this.masterRecordSize + this.progSize;
    const [old, oldVersion, oldFree] = [this.activeArea, this.activeAreaVersion, this.freeSpaceOffset];
    let ret = this.checkEraseBeforeWrite(1 - old, 0, span, true);
    if (ret) return ret;
    this.activeArea = 1 - old;
    this.activeAreaVersion = (this.activeAreaVersion + 1) & 0xffff;
    this.freeSpaceOffset = this.masterRecordOffset + this.masterRecordSize;
    ret = this.writeMasterRecord(this.activeAreaVersion);
    if (ret) {
      // Not committed: a reboot keeps the old store, so RAM must keep it too (or every later write is lost).
      [this.activeArea, this.activeAreaVersion, this.freeSpaceOffset] = [old, oldVersion, oldFree];
      return ret;
    }
    this.table.clear();
    return this.checkEraseBeforeWrite(old, 0, span, true);
  }

  // ---- set / get ----

  set(key: KeyInput, value: Uint8Array | null | undefined, flags = 0): number {
    const data = this.valueBytes(value);
    if (!data) return MbedStatus.INVALID_ARGUMENT;
    const start = this.setStart(key, data.length, flags);
    if (start.status) return start.status;
    const ret = this.setAddData(start.handle as SetHandle, data);
    if (ret) return ret;
    return this.setFinalize(start.handle as SetHandle);
  }

  remove(key: KeyInput): number {
    return this.set(key, null, KvFlags.DELETE);
  }

  get(key: KeyInput, options: { bufferSize?: number; offset?: number } = {}): TdbGetResult {
    const none = (status: number): TdbGetResult => ({ status, data: new Uint8Array(0), actualSize: undefined });
    const k = this.userKey(key);
    if (!k) return none(MbedStatus.INVALID_ARGUMENT);
    const bufferSize = options?.bufferSize ?? Number.MAX_SAFE_INTEGER;
    const offset = options?.offset ?? 0;
    if (!isUint(bufferSize) || !isUint(offset)) return none(MbedStatus.INVALID_ARGUMENT);
    if (!this.initialized) return none(MbedStatus.ITEM_NOT_FOUND); // the real table is empty before init
    const found = this.findRecord(this.activeArea, k);
    if (found.ret) return none(found.ret);
    const rr = this.readRecord(this.activeArea, found.offset, readRequest({ dataBufSize: bufferSize, dataOffset: offset, copyData: true }));
    return {
      status: rr.ret,
      data: rr.ret === MbedStatus.SUCCESS ? (rr.data as Uint8Array) : new Uint8Array(0),
      actualSize: rr.actualDataSize,
    };
  }

  getInfo(key: KeyInput): { status: number; info?: TdbInfo } {
    const k = this.userKey(key);
    if (!k) return { status: MbedStatus.INVALID_ARGUMENT };
    if (!this.initialized) return { status: MbedStatus.ITEM_NOT_FOUND };
    const found = this.findRecord(this.activeArea, k);
    if (found.ret) return { status: found.ret };
    const rr = this.readRecord(this.activeArea, found.offset, readRequest({ dataBufSize: UINT32_MAX }));
    if (rr.ret) return { status: rr.ret };
    return { status: MbedStatus.SUCCESS, info: { size: rr.actualDataSize as number, flags: rr.flags } };
  }

  // ---- incremental set ----

  setStart(key: KeyInput, finalSize: number, flags = 0): { status: number; handle?: SetHandle } {
    const k = this.userKey(key);
    if (!k) return { status: MbedStatus.INVALID_ARGUMENT };
    if (!isUint(flags, UINT32_MAX) || flags & ~(SUPPORTED_FLAGS | KvFlags.DELETE)) {
      return { status: MbedStatus.INVALID_ARGUMENT };
    }
    if (!isUint(finalSize, UINT32_MAX)) return { status: MbedStatus.INVALID_ARGUMENT };
    if (!this.initialized) return { status: MbedStatus.NOT_READY };
    return this.doSetStart(k, finalSize, flags);
  }

  setAddData(handle: SetHandle, data: Uint8Array | null | undefined): number {
    if (!this.initialized) return MbedStatus.NOT_READY;
    if (handle !== this.incSetHandle) return MbedStatus.INVALID_ARGUMENT;
    const bytes = this.valueBytes(data);
    if (!bytes) return MbedStatus.INVALID_ARGUMENT;
    return this.doSetAddData(bytes);
  }

  setFinalize(handle: SetHandle): number {
    if (!this.initialized) return MbedStatus.NOT_READY;
    if (handle !== this.incSetHandle) return MbedStatus.INVALID_ARGUMENT;
    return this.doSetFinalize();
  }

  // ---- iterators ----

  iteratorOpen(prefix?: KeyInput | null): { status: number; iterator?: IteratorHandle } {
    if (!this.initialized) return { status: MbedStatus.NOT_READY };
    let p: Uint8Array | undefined;
    if (prefix !== undefined && prefix !== null) {
      p = keyBytes(prefix, true);
      if (!p) return { status: MbedStatus.INVALID_ARGUMENT };
      if (p.length === 0) p = undefined;
    }
    const num = this.iterators.findIndex((it) => it === undefined);
    if (num < 0) return { status: MbedStatus.OUT_OF_RESOURCES };
    const it: IteratorState = { num, ramTableInd: 0, prefix: p };
    this.iterators[num] = it;
    return { status: MbedStatus.SUCCESS, iterator: it };
  }

  iteratorNext(iterator: IteratorHandle, keyBufferSize = MAX_KEY_SIZE): { status: number; key?: Uint8Array } {
    if (!this.initialized) return { status: MbedStatus.NOT_READY };
    const it = this.openIterator(iterator);
    if (!it || !isUint(keyBufferSize)) return { status: MbedStatus.INVALID_ARGUMENT };
    let ret: number = MbedStatus.ITEM_NOT_FOUND;
    let key: Uint8Array | undefined;
    while (ret && it.ramTableInd < this.table.numKeys) {
      const rr = this.readRecord(this.activeArea, this.table.offsets[it.ramTableInd], readRequest({ copyKey: true }));
      if (rr.ret) return { status: rr.ret };
      const k = rr.key as Uint8Array;
      if (!it.prefix || startsWith(k, it.prefix)) {
        if (k.length >= keyBufferSize) return { status: MbedStatus.INVALID_SIZE };
        key = k;
        ret = MbedStatus.SUCCESS;
      } else {
        ret = MbedStatus.ITEM_NOT_FOUND;
      }
      it.ramTableInd++;
    }
    return ret ? { status: ret } : { status: ret, key };
  }

  iteratorClose(iterator: IteratorHandle): number {
    if (!this.initialized) return MbedStatus.NOT_READY;
    const it = this.openIterator(iterator);
    if (!it) return MbedStatus.INVALID_ARGUMENT;
    this.iterators[it.num] = undefined;
    return MbedStatus.SUCCESS;
  }

  // ---- reserved data ----

  reservedDataSet(data: Uint8Array): number {
    const bytes = this.valueBytes(data);
    if (!bytes) return MbedStatus.INVALID_ARGUMENT;
    if (!this.initialized) return MbedStatus.NOT_READY;
    return this.doReservedDataSet(bytes);
  }

  reservedDataGet(bufferSize = 64): { status: number; data?: Uint8Array; actualSize?: number } {
    if (!isUint(bufferSize)) return { status: MbedStatus.INVALID_ARGUMENT };
    if (!this.initialized) return { status: MbedStatus.NOT_READY };
    const r = this.doReservedDataGet(bufferSize);
    if (r.ret) return { status: r.ret };
    return { status: MbedStatus.SUCCESS, data: r.data, actualSize: (r.data as Uint8Array).length };
  }

  internals(): TdbInternals {
    return {
      initialized: this.initialized,
      activeArea: this.activeArea,
      activeAreaVersion: this.activeAreaVersion,
      freeSpaceOffset: this.freeSpaceOffset,
      areaSizeBytes: this.size,
      areaAddresses: this.areas.map((a) => a.address),
      masterRecordOffset: this.masterRecordOffset,
      masterRecordSize: this.masterRecordSize,
      numKeys: this.table.numKeys,
      maxKeys: this.table.maxKeys,
      gcCount: this.gcCount,
    };
  }

  // ---- the real set_start / set_add_data / set_finalize ----

  protected writeMasterRecord(version: number): number {
    const value = encodeMasterData(version);
    const start = this.doSetStart(MASTER_KEY_BYTES, value.length, 0);
    if (start.status) return start.status;
    const ret = this.doSetAddData(value);
    if (ret) return ret;
    return this.doSetFinalize();
  }

  private doSetStart(key: Uint8Array, finalSize: number, flags: number): { status: number; handle?: SetHandle } {
    const ih = this.incSetHandle as IncSetHandle;
    const fail = (status: number, needGc = false): { status: number; handle: SetHandle } => {
      if (needGc && ih.bdBaseOffset !== this.masterRecordOffset) this.garbageCollection();
      ih.magic = 0;
      return { status, handle: ih };
    };
    let place = { hash: 0, ramTableInd: 0 };
    if (isMasterKey(key)) {
      // Master record: written in place at its fixed offset, no GC, no table update.
      ih.bdBaseOffset = this.masterRecordOffset;
      ih.newKey = false;
    } else {
      const prepared = this.prepareUserRecord(ih, key, finalSize, flags);
      if (prepared.status) return fail(prepared.status);
      place = prepared;
    }
    ih.bdCurrOffset = ih.bdBaseOffset + alignUp(RECORD_HEADER_SIZE, this.progSize);
    ih.offsetInData = 0;
    ih.hash = place.hash;
    ih.ramTableInd = place.ramTableInd;
    ih.magic = TDB_MAGIC;
    ih.flags = flags;
    ih.keySize = key.length;
    ih.dataSize = finalSize;
    ih.crc = tdbCrc(TDB_INITIAL_CRC, this.headerBytes(ih), 0, HEADER_CRC_SPAN);
    ih.crc = tdbCrc(ih.crc, key);
    const ret = this.writeArea(this.activeArea, ih.bdCurrOffset, key);
    if (ret) return fail(ret, true);
    ih.bdCurrOffset += key.length;
    return { status: MbedStatus.SUCCESS, handle: ih };
  }

  /** set_start for a user key: GC when needed, MEDIA_FULL, WRITE_ONCE, delete of a missing key, erase as you go. */
  private prepareUserRecord(ih: IncSetHandle, key: Uint8Array, finalSize: number, flags: number): { status: number; hash: number; ramTableInd: number } {
    const failed = (status: number): { status: number; hash: number; ramTableInd: number } => ({ status, hash: 0, ramTableInd: 0 });
    let ret: number;
    if (ih.magic === TDB_MAGIC) {
      // An abandoned incremental set: the media may be in a bad state, so collect first.
      ret = this.garbageCollection();
      if (ret) return failed(ret);
    }
    const recSize = recordSize(key.length, finalSize, this.progSize);
    if (!this.recordFits(key.length, finalSize, recSize)) {
      ret = this.garbageCollection();
      if (ret) return failed(ret);
    }
    if (!this.recordFits(key.length, finalSize, recSize)) return failed(MbedStatus.MEDIA_FULL);
    if (this.policy.checkBlankBeforeRecord() && !this.tailIsBlank(this.freeSpaceOffset, recSize)) {
      // Bytes past the log end (an interrupted write): move to a freshly erased area instead of programming over them.
      ret = this.garbageCollection();
      if (!ret && !this.tailIsBlank(this.freeSpaceOffset, recSize)) ret = MbedStatus.WRITE_FAILED;
      if (ret) return failed(ret);
    }
    const found = this.findRecord(this.activeArea, key);
    if (found.ret === MbedStatus.SUCCESS) {
      const headerBytes = this.readInside(this.activeArea, found.offset, RECORD_HEADER_SIZE);
      if (decodeHeader(headerBytes).flags & KvFlags.WRITE_ONCE) return failed(MbedStatus.WRITE_PROTECTED);
      ih.newKey = false;
    } else if (found.ret === MbedStatus.ITEM_NOT_FOUND && !(flags & KvFlags.DELETE)) {
      ih.newKey = true;
    } else {
      return failed(found.ret);
    }
    ih.bdBaseOffset = this.freeSpaceOffset;
    // One byte more takes in the unit that starts at the record's end: one erase covers it and the record's units.
    const span = this.staleUnitAt(ih.bdBaseOffset + recSize) ? recSize + 1 : recSize;
    // 6.17 ignores a failed erase here and programs over whatever the unit holds.
    ret = this.checkEraseBeforeWrite(this.activeArea, ih.bdBaseOffset, span);
    if (this.policy.stopOnFailedErase(ret)) return failed(ret);
    return { status: MbedStatus.SUCCESS, hash: found.hash, ramTableInd: found.ramTableInd };
  }

  private doSetAddData(data: Uint8Array): number {
    const ih = this.incSetHandle as IncSetHandle;
    if (!ih.magic) return MbedStatus.INVALID_ARGUMENT;
    if (ih.offsetInData + data.length > ih.dataSize) return MbedStatus.INVALID_SIZE;
    ih.crc = tdbCrc(ih.crc, data);
    const ret = this.writeArea(this.activeArea, ih.bdCurrOffset, data);
    if (ret) {
      if (ih.bdBaseOffset !== this.masterRecordOffset) this.garbageCollection();
      // 6.17 leaves the one shared handle open here: after a failed master write the caller's next add lands in it.
      if (this.policy.closeHandleOnFailedAdd()) ih.magic = 0;
      return ret;
    }
    ih.bdCurrOffset += data.length;
    ih.offsetInData += data.length;
    return MbedStatus.SUCCESS;
  }

  private doSetFinalize(): number {
    const ih = this.incSetHandle as IncSetHandle;
    if (!ih.magic) return MbedStatus.INVALID_ARGUMENT;
    const ret = this.finalizeRecord(ih);
    ih.magic = 0;
    if (ih.bdBaseOffset !== this.masterRecordOffset && ret.needGc) this.garbageCollection();
    return ret.status;
  }

  private finalizeRecord(ih: IncSetHandle): { status: number; needGc: boolean } {
    if (ih.offsetInData !== ih.dataSize) return { status: MbedStatus.INVALID_SIZE, needGc: true };
    let ret = this.writeArea(this.activeArea, ih.bdBaseOffset, this.headerBytes(ih));
    if (ret) return { status: ret, needGc: true };
    if (this.io.sync()) return { status: MbedStatus.WRITE_FAILED, needGc: true };
    if (ih.bdBaseOffset === this.masterRecordOffset) return { status: MbedStatus.SUCCESS, needGc: false };
    // Writes may fail silently: re-read the whole record and check its CRC (the only verify).
    ret = this.readRecord(this.activeArea, ih.bdBaseOffset, readRequest({ dataBufSize: UINT32_MAX })).ret;
    if (ret) return { status: ret, needGc: true };
    if (ih.flags & KvFlags.DELETE) {
      this.table.removeAt(ih.ramTableInd);
      this.updateAllIterators(false, ih.ramTableInd);
    } else {
      if (ih.newKey) {
        this.table.insertAt(ih.ramTableInd, ih.hash, ih.bdBaseOffset);
        this.updateAllIterators(true, ih.ramTableInd);
      }
      this.table.set(ih.ramTableInd, ih.hash, ih.bdBaseOffset);
    }
    this.freeSpaceOffset = alignUp(ih.bdCurrOffset, this.progSize);
    // Safety check: a valid-looking record in free space gets its erase unit erased before the next init sees it.
    const probe = this.readRecord(this.activeArea, this.freeSpaceOffset, readRequest({}));
    if (probe.ret === MbedStatus.SUCCESS) {
      this.checkEraseBeforeWrite(this.activeArea, this.freeSpaceOffset, RECORD_HEADER_SIZE);
    }
    return { status: MbedStatus.SUCCESS, needGc: false };
  }

  // ---- helpers ----

  private headerBytes(ih: IncSetHandle): Uint8Array {
    return encodeHeader({
      magic: TDB_MAGIC,
      headerSize: RECORD_HEADER_SIZE,
      revision: TDB_REVISION,
      flags: ih.flags,
      keySize: ih.keySize,
      reserved: 0,
      dataSize: ih.dataSize,
      crc: ih.crc,
    });
  }

  /** The master record's version, or undefined when the area is invalid. */
  private readMasterVersion(area: number): number | undefined {
    const rr = this.readRecord(area, this.masterRecordOffset, readRequest({ expectedKey: MASTER_KEY_BYTES, dataBufSize: 8, copyData: true, checkExpectedKey: true }));
    if (rr.ret !== MbedStatus.SUCCESS && rr.ret !== MbedStatus.INVALID_DATA_DETECTED) {
      if (this.policy.haltOnInitError(rr.ret)) throw new EngineHalt('TDBStore::init', rr.ret, 'Unable to read record at init');
      return undefined;
    }
    if (rr.ret) return undefined;
    const data = new Uint8Array(8);
    data.set(rr.data as Uint8Array);
    return decodeMasterVersion(data);
  }

  /** `_free_space_offset + rec_size <= _size`, and the policy's room for the record's unpadded end. */
  private recordFits(keySize: number, dataSize: number, recSize: number): boolean {
    if ((this.freeSpaceOffset + recSize) >>> 0 > this.size) return false;
    return this.policy.roomForRecordEnd(this.freeSpaceOffset + alignUp(RECORD_HEADER_SIZE, this.progSize) + keySize + dataSize, this.size);
  }

  /** The part of [base, base+size) that erase-as-you-go will not erase must read as erased. */
  private tailIsBlank(base: number, size: number): boolean {
    const unit = this.bd.geometry.eraseSizeBytes;
    const abs = this.areas[this.activeArea].address + base;
    if (abs % unit === 0) return true;
    const len = Math.min(size, unit - (abs % unit));
    const bytes = this.io.read(abs, len);
    for (let i = 0; i < len; i++) if (bytes[i] !== 0xff) return false;
    return true;
  }

  /**
   * A record ending at `end`, an erase-unit start, leaves the next scan at that unit's first header: if the unit
   * still holds records of an older generation (an area used again after a GC or a reset), a cut right after
   * the commit brings them back, before set_finalize's safety check can erase them.
   */
  private staleUnitAt(end: number): boolean {
    if (!this.policy.eraseUnitAtRecordEnd(end, this.size)) return false;
    const abs = this.areas[this.activeArea].address + end;
    const unit = this.io.eraseSizeAt(abs);
    if (abs % unit !== 0) return false;
    // Only this unit gets erased, and an erased magic at its start already ends the scan.
    return !this.isErased(this.activeArea, end, Math.min(RECORD_HEADER_SIZE, unit, this.size - end));
  }

  private failInit(ret: number): number {
    this.activeValid = false;
    this.table.clear();
    this.buff = undefined;
    this.incSetHandle = undefined;
    return ret;
  }

  private updateAllIterators(added: boolean, ramTableInd: number): void {
    for (const it of this.iterators) {
      if (!it || ramTableInd >= it.ramTableInd) continue;
      it.ramTableInd += added ? 1 : -1;
    }
  }

  private openIterator(handle: unknown): IteratorState | undefined {
    for (const it of this.iterators) if (it && it === handle) return it;
    return undefined;
  }

  /** Key bytes if the key is valid (is_valid_key) and this profile does not refuse it. */
  private userKey(key: unknown): Uint8Array | undefined {
    const k = keyBytes(key, !this.policy.refuseKeyWithNul());
    if (!isValidKey(k)) return undefined;
    if (this.policy.refuseUnstorableKey(k)) return undefined;
    return k;
  }

  private valueBytes(value: unknown): Uint8Array | undefined {
    if (value === null || value === undefined) return new Uint8Array(0);
    return value instanceof Uint8Array ? value : undefined;
  }
}
