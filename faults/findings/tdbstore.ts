// Findings about Mbed OS 6.17's TDBStore: what the harness found on profile `mbed`, each with a minimal replay id.
// properties/tdbstoreFindings.spec.ts replays every id and requires the violation on mbed and none on hardened.
import type { TdbHookName } from '../../engine/tdbstore/policy';
import type { TicKVHookName } from '../../engine/tickv/policy';
import type { TockHookName } from '../../engine/tock/policy';
import type { Finding as DriverFinding } from '../driver/types';

/** A hook of one of the engines' policy tables. */
export type FixingHook = TdbHookName | TockHookName | TicKVHookName;

/** A finding of a built-in engine: the driver's finding plus the policy hooks that fix it in hardened. */
export interface Finding extends DriverFinding {
  /** The hooks of the engine's policy table that fix it (engine/tdbstore/policy.ts, engine/tock/policy.ts, engine/tickv/policy.ts). */
  fixedBy: readonly FixingHook[];
}

export const TDBSTORE_FINDINGS: readonly Finding[] = [
  {
    id: 'TDB-1',
    title: 'A cut during a set leaves bytes past the log end; the next set is programmed over them and fails (NOR)',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLOEqTi1RSFTQVTCoMIKyDUbBKKAB4MrMS44vLkksAicyAA/5.bits.3825547680',
    expect: { kind: 'status', stage: 'continue' },
    match: { kind: ['status'], stage: ['continue'], fault: ['power-cut'], flash: ['nor'], summary: /engine INVALID_DATA_DETECTED, model (?!INVALID_DATA_DETECTED)/ },
    explanation:
      'set_start programs the key and data units before the header, and the header is the commit. A power cut before it ' +
      'leaves those units programmed past the last valid record. On reboot the log ends at the torn record, so the free ' +
      'offset points at programmed bytes, and 6.17 has no blank check there (PR #11349 removed it for STM32L4 ECC). The ' +
      'next record is programmed on top: NOR stores the AND of old and new, the read-back CRC fails, set returns ' +
      'INVALID_DATA_DETECTED and the value the application just wrote is lost (a GC follows; later writes work).',
    hardened: 'Before writing a record, the part of its erase unit that erase-as-you-go will not erase must read erased; otherwise the store collects into the other area first.',
    fixedBy: ['checkBlankBeforeRecord'],
  },
  {
    id: 'TDB-2',
    title: 'On strict (ECC, program-once) flash the same cut makes every later write fail, across reboots, until reset()',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/strict/oy8zLLOEqTi1RSFTQVTCoMIKyDUbBKKAB4MrMS44vLkksAicyAA/4.bits.3129905298',
    expect: { kind: 'status', stage: 'continue' },
    match: { kind: ['status'], stage: ['continue'], fault: ['power-cut'], flash: ['strict'], summary: /engine WRITE_FAILED, model (?!WRITE_FAILED)/ },
    explanation:
      'Flash that refuses to program a word twice (STM32H7, the Portenta H7 internal flash, and Mbed FlashSimBlockDevice) ' +
      'rejects the program over the leftover bytes. BufferedBlockDevice::flush returns the error without invalidating ' +
      'its one-unit cache, so every later program first retries that refused unit: the GC that set starts fails too, and ' +
      'so does every set after it. A reboot clears the RAM cache, but the next set lands on the same bytes again: the ' +
      'store stays read-only until reset() erases area 0. One power cut is enough.',
    hardened: 'The blank check of TDB-1 avoids the refused program, and a failed flush drops the cached unit instead of retrying it forever.',
    fixedBy: ['checkBlankBeforeRecord', 'dropRefusedCacheUnit'],
  },
  {
    id: 'TDB-3',
    title: 'An abandoned incremental set followed by a reboot breaks the next set, without any power cut',
    replay: 'fp1/tdbstore/mbed/4096:512:1:1/nor/oy8zLLOHKzEuOLy5JLCpRSFQw4CpKTcrPL-EqTi1RSM4vzStJLVLQBQA/-',
    expect: { kind: 'status', stage: 'reference' },
    // Abandoned: never finalized at all, or not before a reboot or deinit (the next set may be incremental itself).
    match: {
      kind: ['status'],
      stage: ['reference'],
      fault: ['none'],
      summary: /engine (INVALID_DATA_DETECTED|WRITE_FAILED), model SUCCESS/,
      ops: /inc_start[^\n]*\n(?![\s\S]*inc_finalize)|inc_start[^\n]*\n(?:(?!inc_finalize|inc_start|set |remove |reset)[^\n]*\n)*(?:reboot|deinit)\n/,
    },
    explanation:
      'set_start programs the key at once (program size 1 here; any size once a unit fills, or at deinit, which flushes). ' +
      'If the application reboots before set_finalize, nothing in RAM remembers the abandoned record, which 6.17 would ' +
      'otherwise collect at the next set; the key bytes sit past the log end and the next set fails as in TDB-1 ' +
      '(strict flash: as in TDB-2).',
    hardened: 'The same blank check: leftovers past the log end send the next record to a freshly erased area.',
    fixedBy: ['checkBlankBeforeRecord'],
  },
  {
    id: 'TDB-4',
    title: 'A torn record header on byte-programmable flash makes init fail with READ_FAILED for good',
    replay: 'fp1/tdbstore/mbed/2048:256:1:1/nor/oy8zLLOEqTi1RSFTQBdPZAwsUDAzgzsnJLC4BAA/11.prefix.942634528',
    expect: { kind: 'status', stage: 'mount' },
    match: { kind: ['status'], stage: ['mount', 'reboot', 'nested'], fault: ['power-cut'], summary: /READ_FAILED/ },
    explanation:
      'With a program size of 1 the 24-byte header lands byte by byte. A cut after the magic and key size but inside the ' +
      'data size leaves data_size = 0xFFFFFFxx. read_record checks `offset + total_size >= _size` in uint32, where the ' +
      'sum wraps to a small number and passes; the validation loop then reads chunk after chunk until read_area refuses ' +
      'to cross the area end with READ_FAILED. build_ram_table treats only INVALID_DATA_DETECTED as the end of the log, ' +
      'so init fails, and every later init fails the same way: the store never mounts again.',
    hardened: 'The end of a record is computed without wrap-around, so such a header is invalid data: the log ends there.',
    fixedBy: ['recordEndsPastArea'],
  },
  {
    id: 'TDB-5',
    title: 'Records of an older generation come back when a GC ends on an erase-unit start and the next write never comes',
    replay: 'fp1/tdbstore/mbed/2560:256:128:1/nor/oy8zLLOEqTi1RSM4vzStJLVIwGAWjYIQBcAZIVNBVMKgwhLG5ilKLUyFZI3tggQKSEw0M4G7MGWAADqKk_PwSAA/-',
    expect: { kind: 'resurrected', stage: 'reference' },
    match: { kind: ['resurrected'], stage: ['reference', 'reboot', 'continue'] },
    explanation:
      'GC copies the live records into the other area, erasing each unit as the copies first enter it, then writes the ' +
      'master record. When the copies end exactly on an erase-unit boundary, that unit is not erased, and it still holds ' +
      'records the area had two generations ago. set_finalize has a "safety check" for this, but the GC path has none: ' +
      'if the set that triggered the GC then fails (here a 128-byte key that cannot be read back) or power is lost right ' +
      'after the GC, the next init scans past the copies into the old records and an old value (or a removed key) is back.',
    hardened: 'GC erases the unit at its new log end, when that end is a unit start, before it commits with the master record.',
    fixedBy: ['eraseGcLogEnd'],
  },
  {
    id: 'TDB-6',
    title: 'reset() is not atomic: a cut between its erases leaves a mix of old and new (here: keys gone, reserved data kept)',
    replay: 'fp1/tdbstore/mbed/2048:128:4:1/nor/oy8zLLOEqTi1RSFTQ5SpKLU4tKktNiQcJQLhwSQA/10.after.4019771477',
    expect: { kind: 'lost', stage: 'old-or-new' },
    match: [{ kind: ['lost'], stage: ['old-or-new'], fault: ['power-cut'], opKind: ['reset'] }, { kind: ['lost'], stage: ['nested'], summary: /\(reset\)/ }],
    explanation:
      'reset() erases the first unit of area 0, then of area 1, then writes a new master record in area 0. A cut after ' +
      'the first erase leaves area 0 without a master: the next init formats area 0 and reset_area copies the reserved ' +
      'data it still finds in area 1, so the keys are gone but the reserved data, which reset must wipe, survives. When ' +
      'area 1 holds a valid older generation (after a GC), that whole older store comes back instead.',
    hardened: 'reset writes an empty generation (version + 1) into the standby area as its commit, then erases the old area; reserved data is read from the active area only.',
    fixedBy: ['resetThroughNewGeneration', 'reservedDataAreas'],
  },
  {
    id: 'TDB-7',
    title: 'After a cut during reserved_data_set, every retry fails on strict flash until the next GC',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/strict/oy8zLLOEqSi1OLSpLTYkvTi1R0MXGLQEA/5.bits.3825547680',
    expect: { kind: 'status', stage: 'continue' },
    match: { kind: ['status'], stage: ['continue'], fault: ['power-cut'], flash: ['strict'], opKind: ['reservedSet'], summary: /reserved_set\b.*engine WRITE_FAILED, model SUCCESS/ },
    explanation:
      'reserved_data_set erases only the standby area, then programs the data and trailer into area 0 and area 1. A cut ' +
      'there leaves programmed bytes in the active area, whose reserved region nothing erases again until a GC moves the ' +
      'store. With no valid copy the data counts as unset, but every retry programs over the leftovers and strict flash ' +
      'refuses: WRITE_FAILED, so a device cannot be provisioned after one interrupted attempt.',
    hardened:
      'If the active area\'s reserved region is not erased, reserved_data_set collects first, so that area becomes the ' +
      'standby it erases. That GC closes the one set handle, so reserved_data_set always ends an open incremental set ' +
      '(its next add or finalize answers INVALID_ARGUMENT, as after set_start), whether or not a cut left anything.',
    fixedBy: ['collectBeforeReservedDataSet'],
  },
  {
    id: 'TDB-9',
    title: 'A device error while GC writes its master record: the store keeps working in an area a reboot ignores',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLOHKzEuOLy5JLCpRSFQw4CpOBdG6CgYVRjA2VzqIBgA/6.device-error.0',
    expect: { kind: 'lost', stage: 'device-error' },
    match: { kind: ['lost'], stage: ['device-error'], opKind: ['set', 'remove', 'incFinalize'] },
    explanation:
      'garbage_collection switches _active_area and increments the version before write_master_record; when that ' +
      'write fails it returns the error but leaves the switch in place, and the RAM table already points into the new ' +
      'area. Every later set succeeds there, yet the new area has no valid master: the next init picks the old area ' +
      'and everything written since the failed GC is gone (here a later `set a`). One failed program is enough.',
    hardened: 'GC keeps the offsets of its copies aside and switches area, version and table only once the master record is written; otherwise it stays on the old area.',
    fixedBy: ['switchAreaAfterGcCommit'],
  },
  {
    id: 'TDB-10',
    title: 'A device error while reset() writes its master record: later writes vanish at the next reboot',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLOEqSi1OLeEqTi1RSFTQBQA/7.device-error.0',
    expect: { kind: 'lost', stage: 'device-error' },
    match: { kind: ['lost'], stage: ['device-error'], opKind: ['reset'] },
    explanation:
      'reset() erases the first units of both areas, sets area 0 active at version 1 and writes the master record; if that ' +
      'fails it returns WRITE_FAILED but the store carries on in area 0 without a master. The next init finds no valid ' +
      'area, formats, and every set made after the failed reset is lost.',
    hardened: 'reset switches to the new generation in RAM only after its master record is written, and never erases the old one first.',
    fixedBy: ['resetThroughNewGeneration', 'dropRefusedCacheUnit'],
  },
  {
    id: 'TDB-11',
    title: 'A failed erase is ignored by set: the record is programmed over old bytes and the next set fails',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLOHKzEuOLy5JLCpRSFQw4CpOBdG6CgYVRlxFqcWpRWWpKfEgQV2wVHZqpaGCLlc6SBUA/4.device-error.0',
    expect: { kind: 'status', stage: 'device-error' },
    match: { kind: ['status'], stage: ['device-error'], summary: /engine INVALID_DATA_DETECTED, model SUCCESS/ },
    explanation:
      'set_start calls check_erase_before_write and ignores its result (TDBStore.cpp: the return value is not checked), ' +
      'so when erasing the unit the record enters fails, the record is programmed over whatever that unit holds; the ' +
      'read-back fails and the value is lost (strict flash: WRITE_FAILED), where a clear error and an untouched store ' +
      'were possible.',
    hardened: 'A failed erase makes set_start fail with WRITE_FAILED before anything is programmed.',
    fixedBy: ['stopOnFailedErase', 'checkBlankBeforeRecord'],
  },
  {
    id: 'TDB-12',
    title: 'One bit that flips at rest in a record loses that record and every record written after it',
    replay: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/oy8zLLOEqTi1RSFQwMAAzkhQMDAA/1096.bit-flip.0',
    expect: { kind: 'lost', stage: 'bit-flip' },
    match: { stage: ['bit-flip'], fault: ['bit-flip'] },
    explanation:
      'build_ram_table scans the log from the master record and stops at the first record that fails read_record, ' +
      'taking that offset as the end of the log. A single bit lost at rest (retention, read disturb) in any record\'s ' +
      'key, value or CRC therefore hides every later record, including the newest values of unrelated keys, and the next ' +
      'writes overwrite them. Here one bit of key a\'s value costs key b too. The bit-flip property finds it in about a ' +
      'third of random flips.',
    hardened: 'A record that fails its CRC but whose magic and sizes look intact is skipped when a valid record starts where it ends; only a flip in a header\'s magic or size fields still ends the log there (searching further is unsafe: a torn write can run into older records).',
    fixedBy: ['skipDamagedRecord'],
  },
  {
    id: 'TDB-8',
    title: 'After 65,535 garbage collections the master version wraps and init picks the older area: recent writes vanish',
    replay: 'fp1/tdbstore/mbed/16384:4096:8:1/nor/g1x40+aged.1/-',
    expect: { kind: 'lost', stage: 'reference' },
    explanation:
      'Area 0 always holds odd versions and area 1 even ones, so the 16-bit version wraps to 0 in area 1. init chooses ' +
      'area 0 when `v0 > v1 || v0 == 0`; the `v0 == 0` clause guards the wrong area, and 65535 > 0 picks the older area 0. ' +
      'Everything written since that GC is lost at the next reboot, and the store keeps reverting. On the Portenta H7 the ' +
      'flash wears out first, but a small store on high-endurance external NOR can get there. A dedicated test drives ' +
      '65,537 sets through 65,535 GCs; a campaign from a generated aged store (--start aged: master version 65535, two ' +
      'keys) finds it in 40 generated ops: the id above, whose first GC wraps and whose next reboot loses the keys written since.',
    hardened: 'Versions are compared in serial-number order ((v0 - v1) mod 2^16 < 2^15).',
    // Only a store near its version wrap shows it: in campaigns, one started from a generated aged store.
    match: { kind: ['lost', 'resurrected'], id: /\+aged\./ },
    fixedBy: ['newerArea'],
  },
  {
    id: 'TDB-13',
    title: 'A record that ends exactly at the area end cannot be read: the set that writes it fails, and a GC that copies a record there loses it',
    replay: null,
    expect: null,
    explanation:
      'read_record rejects `offset + total_size >= _size` (TDBStore.cpp 295, spec §5.1): a record whose unpadded end is ' +
      'exactly the area end is invalid data, although set_start counts it as fitting (`free + rec_size <= _size`) and ' +
      'copy_record copies right up to the end. A set of such a record writes it, fails its read-back, runs a GC and ' +
      'answers INVALID_DATA_DETECTED. Worse, GC copies the live records in hash order, so a record without padding ' +
      'can land last and end exactly at the area end: get answers INVALID_DATA_DETECTED at once and the next init ends ' +
      'the log there, so that key is gone. The model reproduces both on mbed, so a replay shows no violation; the ' +
      'dedicated test fills an area with two records (the unpadded one first) and lets a set trigger the GC.',
    hardened: 'read_record accepts a record that ends at the area end (as mbed-ce #449 does), and set keeps every record\'s end before the area end, so 6.17 can still read what hardened writes.',
    fixedBy: ['recordEndsPastArea', 'roomForRecordEnd'],
  },
  {
    id: 'TDB-14',
    title: 'Two keys whose CRC-32 hashes collide alias each other: setting one overwrites the other',
    replay: null,
    expect: null,
    explanation:
      'find_record verifies an entry on flash only when the hashes are equal, through read_record\'s expected-key ' +
      'compare; but read_record overwrites its status with every later chunk read, so for a record with data after ' +
      'the key the mismatch is forgotten (tdbstore-script.md §11.2, vector hash_collision). "chckgr4" and "c9q6zkd" ' +
      'both hash to 0xac2d5ffe: setting the second updates the first one\'s table entry, get("chckgr4") returns the ' +
      'second key\'s value, and after a reboot only one of the two keys is left. The model reproduces the aliasing on ' +
      'mbed, so a replay shows no violation; a dedicated test does.',
    hardened: 'find_record compares the whole stored key with the caller\'s: colliding keys are two entries with the same hash.',
    fixedBy: ['compareWholeKey'],
  },
  {
    id: 'TDB-15',
    title: 'The master record lands in the RAM table as key "TDBS": iterators list it and every GC copies it (mbed-os #15208)',
    replay: null,
    expect: null,
    // After a cut in reset or a GC, whether (and which) master record shows as the key TDBS is this quirk too.
    match: { kind: ['status'], stage: ['continue', 'reboot'], summary: /\bTDBS\b|\b54444253\b/ },
    explanation:
      'build_ram_table scans from the master record\'s own offset, so after a reboot "TDBS" is a key: iterators return ' +
      'it, get("TDBS") answers the 8-byte master value, it takes a RAM-table entry, and garbage_collection copies it ' +
      'into the new area like a user record (after the next init that copy supersedes the real master record in the ' +
      'table). The copies cost space: a store whose user records fit can answer MEDIA_FULL (tdbstore-script.md §11.3, ' +
      'vector media_full). The model reproduces this on mbed, so a replay shows no violation; a dedicated test does.',
    hardened: 'build_ram_table starts after the master record and skips the GC copies of it that 6.17 wrote.',
    fixedBy: ['keepMasterOutOfRamTable'],
  },
  {
    id: 'TDB-16',
    title: 'A device error while init formats a blank store halts the system (MBED_ERROR) instead of returning an error',
    replay: 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLAEA/1.device-error.0',
    expect: { kind: 'crash', stage: 'device-error' },
    match: { kind: ['crash'], stage: ['device-error'], opKind: ['init'], summary: /halt/ },
    explanation:
      'When neither area holds a valid master record, init erases area 0 and writes master version 1; if that write ' +
      'fails, TDBStore calls MBED_ERROR ("Unable to write master record at init"), a fatal halt, where init could ' +
      'return the error and let the application retry or run without storage. Reading a master record halts the same ' +
      'way on any error but INVALID_DATA_DETECTED, e.g. a valid record with another key at the master offset (stale ' +
      'flash from another layout, PR #12060). Here one failed program on a fresh device stops the firmware at boot.',
    hardened: 'init returns the failed write\'s status (the store stays uninitialised and the next init formats again), and an unreadable master record makes its area invalid.',
    fixedBy: ['haltOnInitError'],
  },
  {
    id: 'TDB-17',
    title: 'A key with an embedded NUL is cut there: binary keys that agree up to a NUL overwrite each other',
    replay: null,
    expect: null,
    explanation:
      'TDBStore takes keys as C strings, so everything after the first NUL is ignored: "id\\0\\x01" and "id\\0\\x02", ' +
      'as an application building keys from binary identifiers may pass them, both name "id", and the second set ' +
      'overwrites the first value without an error. The twin\'s API takes byte arrays and passes on what a C caller\'s ' +
      'char pointer would. The model keeps such keys whole (as an application means them), so no replay separates ' +
      'the profiles; a dedicated test shows it.',
    hardened: 'A key with an embedded NUL is refused with INVALID_ARGUMENT.',
    fixedBy: ['refuseKeyWithNul'],
  },
  {
    id: 'TDB-18',
    title: 'set("TDBS") programs a user value over the live master record: on NOR the next init formats the store',
    replay: null,
    expect: null,
    explanation:
      'is_valid_key accepts "TDBS", and set_start sends that key down the master-record path: no GC, no erase, the ' +
      'record is written at the master offset over the live master record (spec §5.4), and set answers SUCCESS. NOR ' +
      'keeps the AND of both records, so the master\'s CRC fails at the next init: the area counts as invalid, and init ' +
      'formats (every key is lost) or picks an older generation in the other area. The model stops predicting at such ' +
      'a write, so a replay shows no violation; a dedicated test does.',
    hardened: '"TDBS" is refused as a user key (INVALID_ARGUMENT).',
    fixedBy: ['refuseUnstorableKey'],
  },
  {
    id: 'TDB-19',
    title: '128-byte keys pass is_valid_key but can never be read back: every set of one fails after a needless GC',
    replay: null,
    expect: null,
    explanation:
      'is_valid_key allows keys of 128 characters, but read_record rejects key_size >= 128 (spec §5.10). set writes the ' +
      'record, its read-back fails, a GC runs and set answers INVALID_DATA_DETECTED: the value is never stored, and ' +
      'each attempt costs a record and a whole GC of wear. (TDB-5\'s replay uses such a set to end on a GC.) The model ' +
      'reproduces it on mbed, so a replay shows no violation; a dedicated test does.',
    hardened: 'Keys of 128 bytes are refused with INVALID_ARGUMENT before anything is written.',
    fixedBy: ['refuseUnstorableKey'],
  },
  {
    id: 'TDB-20',
    title: 'A device error inside a master-record write leaves the shared set handle open: the application\'s next set_add_data lands in the master record',
    replay: 'fp1/tdbstore/mbed/2048:256:1:1/nor/oy8zLLOHKzEuOLy5JLCpRyFaw4CpKLU6FiCWmpCgYGBoYGRgbmBiYGpgZmBtYgCXSMvMSczKrUgE/8.device-error.0',
    expect: { kind: 'lost', stage: 'device-error' },
    match: { kind: ['lost'], stage: ['device-error'], opKind: ['reset'], ops: /inc_start[\s\S]*\nreset\n[\s\S]*inc_add/ },
    explanation:
      'TDBStore has one incremental-set handle, and reset() and GC write their master record through it with ' +
      'set_start/set_add_data/set_finalize. When the program of the master\'s data fails, set_add_data returns ' +
      'WRITE_FAILED but leaves the handle open (the master path runs no GC and never clears the magic). An application ' +
      'with an incremental set open holds that same handle: here its set_add_data writes the 8 bytes meant for key k ' +
      'into the master record, and set_finalize commits a master record whose version is those bytes and answers ' +
      'SUCCESS. Key k was never written: it is gone at the next reboot.',
    hardened: 'set_add_data closes the handle when its write fails, so the application\'s next add answers INVALID_ARGUMENT.',
    fixedBy: ['closeHandleOnFailedAdd'],
  },
  {
    id: 'TDB-21',
    title: 'A record that ends exactly on an erase-unit start, in an area used again: a cut right after its commit brings back older records',
    replay: 'fp1/tdbstore/mbed/2048:256:8:1/nor/oy8zLLOEqTi1RSFQwHFEA7OkkBQNDrqLU4tQSKAkJCaMRBQA/22.after.1',
    expect: { kind: 'resurrected', stage: 'old-or-new' },
    match: { kind: ['resurrected'], stage: ['old-or-new', 'nested'], fault: ['power-cut'] },
    explanation:
      'Erase as you go erases a unit when a record first enters its start, so a record that ends exactly on a unit ' +
      'start leaves the unit after it untouched. In an area used again (a GC back into it, or reset(), which erases ' +
      'only the first units) that unit still holds records of an older generation. set_finalize\'s safety check erases ' +
      'it, but only after the header, the commit, is programmed: a cut between the two makes the next init scan from ' +
      'the new record straight into the old ones, and values that reset() wiped or remove deleted come back. Here two ' +
      'resets bring the store back to area 0, whose second unit still holds key b; a set that ends on that unit is cut ' +
      'right after its header and b is back. TDB-5 is the same flaw at the end of a GC, and its fix covers only that.',
    hardened:
      'set_start reads the first header of the unit that starts where the record will end; unless it reads erased, that ' +
      'unit is erased with the record\'s own units, before any byte of the record is programmed (one erase more, and ' +
      'only where older records lie; the format is unchanged).',
    fixedBy: ['eraseUnitAtRecordEnd'],
  },
  {
    id: 'TDB-22',
    title: 'A commit cut mid-program reads as written at one boot and as erased at the next: everything written after it vanishes',
    replay: 'fp1/tdbstore/mbed/2048:256:8:1/nor/oy8zLLOEqTi1RSFTQBdNJCroA/5.weak-boot.3711774693',
    expect: { kind: 'lost', stage: 'reboot' },
    match: { fault: ['power-cut'], torn: ['weak-boot', 'weak-read'] },
    explanation:
      'An interrupted program may leave its cells unstable (Infineon KBA218817; Zephyr PR #103452 for NVS close ATEs): ' +
      'the torn model weak-boot reads the bits in flight as written at one boot and as before at the next. A set cut ' +
      'while its header (the commit) is programmed: at the first boot the header reads as written, the CRC matches and ' +
      'the record is in the log; the application goes on and later records follow it. At the next boot the header ' +
      'reads as erased, build_ram_table ends the log there, and every record after it is gone. The other ways round ' +
      'fail too: a header that reads erased at first boot is programmed over by the next record, whose bits the weak ' +
      'cells then corrupt, and bytes left past the log end may read as a valid record later.',
    hardened:
      'init of a valid store copies what it read into the standby area (one garbage collection per boot): from then on ' +
      'the store lives in cells it erased and programmed itself, the unstable ones stay behind in the old area, which ' +
      'is erased before it is used again. A cut in that collection leaves the area read before (its master record is ' +
      'written last). Cells that change on every read need the copies verified as well (TDB-23).',
    fixedBy: ['collectAtInit'],
  },
  {
    id: 'TDB-23',
    title: 'A commit cut mid-program whose cells differ on every read passes the boot scan, then reads as corrupt: get and GC copies fail',
    replay: 'fp1/tdbstore/mbed/2048:256:8:1/nor/oy8zLLOEqTi1RSFTQBQA/5.weak-read.2137715458',
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { fault: ['power-cut'], torn: ['weak-read'], summary: /INVALID_DATA_DETECT/ },
    explanation:
      'Unstable cells may read differently "even on subsequent reads" (MCUboot PR #34): the torn model weak-read draws ' +
      'a new settling for every read. A set cut while its header is programmed: build_ram_table reads the record once, ' +
      'as written, its CRC matches and the key enters the RAM table. Every later read_record of it (get, the key check ' +
      'of the next set, an iterator) reads the cells anew and may fail the CRC: get answers INVALID_DATA_DETECTED for ' +
      'a key that is either absent or committed. copy_record reads the header and each data chunk separately, so a GC ' +
      'copies a mix of two settlings into stable cells: the copy fails its CRC for good, and so does every record the ' +
      'table lost with it.',
    hardened:
      'Every GC copy (and the master record programmed again at init) is taken from one read whose CRC matches, tried ' +
      'up to 64 times, and programmed in copy_record\'s chunks from that one buffer; the boot collection (TDB-22) thus ' +
      'moves what the scan accepted into stable cells before anything reads it again. A record no read verifies ends ' +
      'the log (nothing was committed after a cut record), and the collection runs again without it. Before it, the ' +
      'standby master record is programmed to zeros, so a newer one a cut left unstable can never read valid later.',
    fixedBy: ['verifyGcCopies', 'collectAtInit'],
  },
  {
    id: 'TDB-24',
    title: 'A cut between reserved_data_set\'s two copies leaves the only one in the standby area: it reads as set, and a cut in the next GC loses it for good',
    replay:
      'fp1/tdbstore/mbed/16384:4096:8:1/nor/o7dsxCsIwAIXhvafIBYTgIj1NCU2EoGRIgkNPL3TS2dHv2967w19bnUtt-zZm6jOkEL_WbV2v55FyDhEAAAAAAAAAAAAAAAAAAIC_dIbn99rSsx5l6WWU_ip5G2WGy0el_vhNiG8/15.after.3808503687/0.erase-bits.3901474992',
    expect: { kind: 'lost', stage: 'nested' },
    // The reserved data a reboot reported as set is gone after a second cut, in the GC's reset_area of the standby area.
    match: { kind: ['lost'], stage: ['nested'], fault: ['power-cut'], opKind: ['reservedSet'], summary: /\(reserved\) missing/ },
    explanation:
      'reserved_data_set erases the standby area\'s first unit, then programs the data and its trailer into area 0, ' +
      'then into area 1. When area 1 is active (after an odd number of GCs), area 0 is the standby, and a cut after ' +
      'its copy leaves the only copy there. do_reserved_data_get accepts either area\'s copy, so after the reboot the ' +
      'reserved data reads as set, and a retry answers WRITE_FAILED (it is write-once). The next garbage_collection ' +
      'starts with reset_area of that standby area: it reads the reserved data, erases the unit that holds the only ' +
      'copy, then programs it back. A cut between the two loses the reserved data for good, typically credentials ' +
      'provisioned once. Here a GC makes area 1 active, reserved_set is cut right after area 0\'s trailer, and a ' +
      'cut in the erase of the GC that the next set starts loses the data the reboot had reported.',
    hardened:
      'Reserved data is read from the active area only once an area is chosen, so a copy left in the standby area ' +
      'alone does not count: the interrupted reserved_data_set is not done, and a retry writes both copies.',
    fixedBy: ['reservedDataAreas'],
  },
];
