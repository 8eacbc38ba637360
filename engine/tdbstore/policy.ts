// The TDBStore profiles as named seams: every place where `hardened` departs from Mbed OS 6.17 is one hook here.
// The engine asks `this.policy.<hook>(...)` at each such place; MBED_POLICY answers as TDBStore.cpp does and
// HARDENED_POLICY overrides every hook. TDB_HARDENING names the findings (faults/findings/tdbstore.ts) each fixes.
import { MAX_KEY_SIZE } from '../codec/tdbRecord';
import { isMasterKey } from './keys';
import type { TdbProfileName } from './profile';
import { MbedStatus } from './status';

export interface TdbPolicy {
  // ---- read_record, find_record, build_ram_table ----
  /** read_record: the record's unpadded end (its key starts at `keyOffset`) lies past what the area holds. */
  recordEndsPastArea(keyOffset: number, totalSize: number, areaSize: number): boolean;
  /** find_record: an equal-hash entry is the key only if its whole stored key equals the caller's. */
  compareWholeKey(): boolean;
  /** build_ram_table: the master record and GC copies of it stay out of the RAM table. */
  keepMasterOutOfRamTable(): boolean;
  /** build_ram_table: look past a record that failed with `status` for a valid record where it ends. */
  skipDamagedRecord(status: number): boolean;
  // ---- garbage_collection ----
  /** A GC copy (and the master record programmed again at init) is one read whose CRC matches, programmed as read. */
  verifyGcCopies(): boolean;
  /** The unit that starts where the copies end is erased before the master record commits them. */
  eraseGcLogEnd(logEnd: number, areaSize: number): boolean;
  /** Area, version and RAM-table offsets switch only once GC's master record is written. */
  switchAreaAfterGcCommit(): boolean;
  // ---- reserved data ----
  /** The areas do_reserved_data_get trusts, in the order it tries them. */
  reservedDataAreas(activeArea: number, activeChosen: boolean): readonly number[];
  /** reserved_data_set ends an open incremental set, and moves the store first when the active area's reserved region is not erased. */
  collectBeforeReservedDataSet(): boolean;
  // ---- init, reset ----
  /** init calls MBED_ERROR (a halt) when a master record fails to read or write with `status`. */
  haltOnInitError(status: number): boolean;
  /** init: the area whose master version is the newer one when both areas are valid. */
  newerArea(v0: number, v1: number): number;
  /** reset commits an empty generation in the standby area, then erases the old one. */
  resetThroughNewGeneration(): boolean;
  /** init of a store that holds a valid area copies what it read into the freshly erased standby area. */
  collectAtInit(): boolean;
  // ---- set, KVStore API edge ----
  /** A key with an embedded NUL is refused (a C caller's string would end there). */
  refuseKeyWithNul(): boolean;
  /** A key is refused although is_valid_key accepts it, because the store cannot keep it. */
  refuseUnstorableKey(key: Uint8Array): boolean;
  /** set_start: the record's unpadded end leaves room before the area end. */
  roomForRecordEnd(unpaddedEnd: number, areaSize: number): boolean;
  /** set_start: the part of the record's first unit that erase-as-you-go skips must read erased. */
  checkBlankBeforeRecord(): boolean;
  /** set_start also erases the unit that starts where the record ends (at `recordEnd`), unless it reads erased there. */
  eraseUnitAtRecordEnd(recordEnd: number, areaSize: number): boolean;
  /** set_start stops when erasing the record's units failed with `status`. */
  stopOnFailedErase(status: number): boolean;
  /** set_add_data closes the shared incremental-set handle when its write fails. */
  closeHandleOnFailedAdd(): boolean;
  // ---- BufferedBlockDevice ----
  /** flush drops a cached unit whose program the device refused, instead of retrying it before every program. */
  dropRefusedCacheUnit(): boolean;
}

export type TdbHookName = keyof TdbPolicy;

const never = (): boolean => false;
const always = (): boolean => true;

/** Mbed OS 6.17 TDBStore.cpp, flaws included (cpp line numbers as in specs/tdbstore.md). */
export const MBED_POLICY: TdbPolicy = {
  recordEndsPastArea: (keyOffset, totalSize, areaSize) => (keyOffset + totalSize) >>> 0 >= areaSize, // uint32 sum, `>=` (cpp 295)
  compareWholeKey: never, // read_record's chunk compare, which its next chunk read undoes (spec §5.2)
  keepMasterOutOfRamTable: never, // build_ram_table scans from the master record itself (mbed-os #15208)
  skipDamagedRecord: never, // the first record that fails read_record ends the log
  verifyGcCopies: never, // copy_record moves header and data chunk by chunk, unchecked
  eraseGcLogEnd: never, // garbage_collection lacks set_finalize's safety check at its log end (cpp 890-934)
  switchAreaAfterGcCommit: never, // entries point at their copies as they are made; the area flips before the master
  reservedDataAreas: () => [0, 1], // do_reserved_data_get: either area's copy, area 0 first
  collectBeforeReservedDataSet: never, // reserved_data_set resets only the standby area before programming both
  haltOnInitError: always, // MBED_ERROR: "Unable to read record" / "write master record at init"
  newerArea: (v0, v1) => (v0 > v1 || v0 === 0 ? 0 : 1), // `versions[0] > versions[1] || !versions[0]` (cpp 1118-1125)
  resetThroughNewGeneration: never, // erase area 0, erase area 1, write master v1 (cpp 1193-1223)
  collectAtInit: never, // init only builds the RAM table (cpp 1127-1140)
  refuseKeyWithNul: never, // a C string ends at its first NUL
  refuseUnstorableKey: never, // is_valid_key alone (KVStore.h 200-210)
  roomForRecordEnd: always, // set_start counts only the padded record size
  checkBlankBeforeRecord: never, // no blank check (removed by PR #11349)
  eraseUnitAtRecordEnd: never, // only set_finalize's safety check erases it, after the commit (cpp 696-703)
  stopOnFailedErase: never, // set_start ignores check_erase_before_write's result
  closeHandleOnFailedAdd: never, // set_add_data's failure path leaves header.magic set
  dropRefusedCacheUnit: never, // BufferedBlockDevice::flush keeps the unit valid on error
};

/** The same on-flash format with the flaws the harness found fixed; each override says why. */
export const HARDENED_POLICY: TdbPolicy = {
  ...MBED_POLICY,
  // No uint32 wrap past the area (TDB-4); a record may end exactly at the area end, where GC copies land (TDB-13).
  recordEndsPastArea: (keyOffset, totalSize, areaSize) => keyOffset + totalSize > areaSize,
  // Keys whose hashes collide must not alias each other (TDB-14).
  compareWholeKey: always,
  // "TDBS" is no user key: not listed, not copied by every GC (TDB-15).
  keepMasterOutOfRamTable: always,
  // A bit flipped at rest costs its record, not the log after it (TDB-12).
  skipDamagedRecord: (status) => status === MbedStatus.INVALID_DATA_DETECTED,
  // Older records in the unit at the new log end would come back at the next init (TDB-5).
  eraseGcLogEnd: (logEnd, areaSize) => logEnd < areaSize,
  // A failed master write leaves a reboot on the old area, so RAM must stay there too (TDB-9).
  switchAreaAfterGcCommit: always,
  // The active area's commit also decides reserved data: reset() wipes it atomically (TDB-6), and a copy only the next
  // GC's erase would hold is not reported as set (TDB-24).
  reservedDataAreas: (activeArea, activeChosen) => (activeChosen ? [activeArea] : [0, 1]),
  // Leftovers of an interrupted attempt would make every retry fail on strict flash (TDB-7); the GC that moves away
  // from them closes the one set handle, so an open incremental set ends at every reserved_data_set, not only then.
  collectBeforeReservedDataSet: always,
  // A device error at boot is a status to report, not a reason to stop the firmware (TDB-16).
  haltOnInitError: never,
  // Serial-number order survives the 16-bit wrap (TDB-8).
  newerArea: (v0, v1) => (((v0 - v1) & 0xffff) < 0x8000 ? 0 : 1),
  // One master write commits the reset, so a cut leaves the old store or the empty one (TDB-6, TDB-10).
  resetThroughNewGeneration: always,
  // Cells a cut left unstable may read as committed at one boot and as erased at the next: what this boot read is
  // rewritten into erased cells before anything builds on it, and the unstable area is never programmed over (TDB-22).
  collectAtInit: always,
  // Cells that read differently on every read may pass the scan and then be copied wrong: a copy is taken only from
  // a read that verifies (TDB-23).
  verifyGcCopies: always,
  // Two binary keys that share bytes up to a NUL must not overwrite each other (TDB-17).
  refuseKeyWithNul: always,
  // "TDBS" would be programmed over the master record (TDB-18), and 128-byte keys never read back (TDB-19).
  refuseUnstorableKey: (key) => isMasterKey(key) || key.length >= MAX_KEY_SIZE,
  // 6.17's read-back refuses an end at the area end, so hardened never writes one there (TDB-13).
  roomForRecordEnd: (unpaddedEnd, areaSize) => unpaddedEnd < areaSize,
  // Bytes a cut or a failed GC left past the log end would corrupt the next record (TDB-1, TDB-2, TDB-3, TDB-11).
  checkBlankBeforeRecord: always,
  // Older records in the unit where a record ends would come back if power fails right after its commit (TDB-21).
  eraseUnitAtRecordEnd: (recordEnd, areaSize) => recordEnd < areaSize,
  // Programming over a unit that failed to erase loses the value (TDB-11).
  stopOnFailedErase: (status) => status !== MbedStatus.SUCCESS,
  // Left open after a failed master write, the handle takes the application's next add into the master (TDB-20).
  closeHandleOnFailedAdd: always,
  // A refused unit retried later fails every write on strict flash (TDB-2), or commits a generation given up (TDB-10).
  dropRefusedCacheUnit: always,
};

/** Each hardened hook and the findings (faults/findings/tdbstore.ts ids) it fixes. */
export const TDB_HARDENING: Record<TdbHookName, { readonly fixes: readonly string[] }> = {
  recordEndsPastArea: { fixes: ['TDB-4', 'TDB-13'] },
  compareWholeKey: { fixes: ['TDB-14'] },
  keepMasterOutOfRamTable: { fixes: ['TDB-15'] },
  skipDamagedRecord: { fixes: ['TDB-12'] },
  eraseGcLogEnd: { fixes: ['TDB-5'] },
  switchAreaAfterGcCommit: { fixes: ['TDB-9'] },
  reservedDataAreas: { fixes: ['TDB-6', 'TDB-24'] },
  collectBeforeReservedDataSet: { fixes: ['TDB-7'] },
  haltOnInitError: { fixes: ['TDB-16'] },
  newerArea: { fixes: ['TDB-8'] },
  resetThroughNewGeneration: { fixes: ['TDB-6', 'TDB-10'] },
  collectAtInit: { fixes: ['TDB-22', 'TDB-23'] },
  verifyGcCopies: { fixes: ['TDB-23'] },
  refuseKeyWithNul: { fixes: ['TDB-17'] },
  refuseUnstorableKey: { fixes: ['TDB-18', 'TDB-19'] },
  roomForRecordEnd: { fixes: ['TDB-13'] },
  checkBlankBeforeRecord: { fixes: ['TDB-1', 'TDB-2', 'TDB-3', 'TDB-11'] },
  eraseUnitAtRecordEnd: { fixes: ['TDB-21'] },
  stopOnFailedErase: { fixes: ['TDB-11'] },
  closeHandleOnFailedAdd: { fixes: ['TDB-20'] },
  dropRefusedCacheUnit: { fixes: ['TDB-2', 'TDB-10'] },
};

const POLICIES: Record<TdbProfileName, TdbPolicy> = { mbed: MBED_POLICY, hardened: HARDENED_POLICY };

/** The one place a profile name becomes behaviour. */
export function tdbPolicy(profile: TdbProfileName): TdbPolicy {
  return POLICIES[profile];
}
