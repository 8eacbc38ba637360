// Findings about Tock's KV stack over TicKV (capsules/extra/src/tickv.rs, tickv_kv_store.rs,
// kv_store_permissions.rs @ tock/tock 65608d7), profile `faithful`, each with a minimal replay id. TO-1..TO-3
// are the flaws of properties/commands/tockFlawScripts.ts, found by the crash oracle without a power cut.
import type { Finding } from './tdbstore';

const id = (flash: string, ops: string, cut = '-'): string => `fp1/tock/faithful/512:256:1:1/${flash}/${ops}/${cut}`;

export const TOCK_FINDINGS: readonly Finding[] = [
  {
    id: 'TO-1',
    title: 'GC erasing a key\'s home region hides the key; set then writes a second copy (flaw scripts 1 and 3)',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUgzVDAcBYMeKGSnFuWl5oCjLEkhEQpgoimpOaklqaC4hAqkJwMA'),
    expect: { kind: 'lost', stage: 'reference' },
    match: { kind: ['lost'], stage: ['reference'], opKind: ['gc'] },
    explanation:
      'TicKV\'s probe stops at an empty region (TK-6, tickv.rs:374-377), so after the GC the kernel\'s "b" is missing ' +
      'for get and for the 9-byte permission lookup (kv_store_permissions.rs:146-165). A set then counts as creating ' +
      'the key and TicKVKVStore::set appends a second copy (tickv_kv_store.rs:299-315). Deleting that copy uncovers ' +
      'the first (a deleted key comes back with its older value), and a later set loops append -> invalidate ' +
      '(tickv_kv_store.rs:384-409, 497-518) through both copies, checking the permission only of the first: an app ' +
      'invalidates another app\'s value.',
    hardened: 'TicKV probes every region; set and update replace the live copy (the new one written after it, the old one then invalidated).',
    fixedBy: ['probeEveryRegion'],
  },
  {
    id: 'TO-2',
    title: 'A key behind a nearly full home region is written once, then never read, updated or deleted (flaw script 2)',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUgzVDAcBUMcKGSnFuWl5oAjNEnBAMYHAA'),
    expect: { kind: 'lost', stage: 'reference' },
    match: { kind: ['lost'], stage: ['reference'], opKind: ['set', 'add', 'get', 'delete'] },
    explanation:
      'The append room test and find_key_offset\'s end-of-region test disagree (TK-7, tickv.rs:446 vs 281-284): set ' +
      'answers Ok, then every get is NOSUPPORT, every update and delete NOSUPPORT (their lookups find nothing, ' +
      'kv_store_permissions.rs:316-331) and every add NOSUPPORT (append_key still sees the copy).',
    hardened: 'Probes never stop before the end of the probe order.',
    fixedBy: ['probeEveryRegion'],
  },
  {
    id: 'TO-3',
    title: 'A set whose CRC does not fit answers FAIL and leaves TicKV without its read buffer: the next request panics the kernel (flaw script 4)',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUhUMBkFQxAoZKcW5aXmAAA'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], opKind: ['set', 'add'], summary: /engine Err\(FAIL\), model Ok/ },
    explanation:
      'TK-8 through the stack: append_key\'s CRC slice `?` (tickv.rs:625-627) returns ObjectTooLarge after the region ' +
      'read without replacing the read buffer; TicKVSystem maps it to FAIL (capsules/extra/src/tickv.rs:487-518), and ' +
      'the next request\'s read_buffer.take().unwrap() panics the kernel.',
    hardened: 'The whole object must fit; the set goes to the next region with room.',
    fixedBy: ['roomForWholeObject', 'keepReadBuffer'],
  },
  {
    id: 'TO-4',
    title: 'A torn page program of a set leaves the key unreadable: get answers FAIL for ever',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUhUMDBQyE4tykvNAQA', '3.prefix.939304855'),
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { kind: ['corrupted'], stage: ['old-or-new', 'nested'], summary: /InvalidCheckSum/ },
    explanation:
      'TickFSFlashCtrl::write programs the whole page (capsules/extra/src/tickv.rs:260-275); cut in it, the new object ' +
      'lands in part, flagged valid. get_key answers InvalidCheckSum (TK-1, tickv.rs:738-756), which get_value_complete ' +
      'maps to FAIL (capsules/extra/src/tickv.rs:473-474); add answers NOSUPPORT (KeyAlreadyExists); and when the cut ' +
      'came before the Tock header landed, the 9-byte lookup of set, update and delete reads header version 0xFF and ' +
      'denies them (kv_store_permissions.rs:316-331): the value an app was writing is neither there nor absent.',
    hardened: 'As TK-1: CRC-verified reads; the torn tail seals its region.',
    fixedBy: ['verifyObjectCrc', 'sealTornTail'],
  },
  {
    id: 'TO-5',
    title: 'On flash that refuses a program (program-once/ECC flash), delete answers Ok and deletes nothing',
    replay: id('strict', 'oU1YoSk3Kzy_hKk4tUUhUMDBQyE4tykvN4UpJzUktSVVIhPIB'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], flash: ['strict'], opKind: ['delete'], summary: /engine Ok, model Err\(FAIL\)/ },
    explanation:
      'Invalidation programs header byte 1 a second time, which TicKV\'s README requires the flash to allow ("Hardware ' +
      'Requirements"). Where the program fails, TickFSFlashCtrl passes write_page\'s error on only when the call itself ' +
      'fails (capsules/extra/src/tickv.rs:267-273), and write_complete ignores its `_result` and reports Ok ' +
      '(capsules/extra/src/tickv.rs:561, 582-586): the app is told the key is deleted while it is still there. Erase ' +
      'errors are dropped the same way (`let _ = ...erase_page`, line 279).',
    hardened: 'The flash glue reports failed programs and erases as WriteFail/EraseFail: delete answers FAIL and the key is still there, as it says.',
    fixedBy: ['reportFlashErrors', 'idleAfterFailedInit'],
  },
  {
    id: 'TO-6',
    title: 'On flash that refuses a program, set of an existing key never ends',
    replay: id('strict', 'oU1YoSk3Kzy_hKk4tUUhUMDBQyE4tykvNgfENoXwA'),
    expect: { kind: 'hang', stage: 'reference' },
    match: { kind: ['hang'], flash: ['strict'], opKind: ['set', 'update'] },
    explanation:
      'TicKVKVStore::set appends, gets NOSUPPORT (the key exists), invalidates, and appends again ' +
      '(tickv_kv_store.rs:384-409, 497-518). With the invalidation\'s failed program reported as Ok (TO-5), the copy ' +
      'stays valid, the append answers NOSUPPORT again and the loop programs the same page for ever: the KV stack, ' +
      'and every app waiting on it, hangs.',
    hardened: 'set writes the new copy first, then invalidates the old one; an invalidation that fails leaves a shadowed copy (the later copy wins) and set ends.',
    fixedBy: ['writeNewCopyFirst', 'newCopyBeforeInvalidating'],
  },
  {
    id: 'TO-7',
    title: 'A set or add of an oversize value leaves TicKVSystem busy for good: every later request fails until reboot',
    replay: id('nor', 'o7dnBCYAwEADBv1Uc2EAEGzJwr4iBmP4RxCJ8zPy2hl1jZO19LnfOOGIHAAAAAAAAAH4mWo4rz_ft1yjb1w8'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], summary: /engine Err\((NOSUPPORT|BUSY)\)/ },
    explanation:
      'TicKVSystem::append_key sets `operation = AppendKey` (capsules/extra/src/tickv.rs:659) before calling TicKV; ' +
      'ObjectTooLarge comes back at once (no flash call, so no completion) and the error path returns SIZE without ' +
      'clearing `operation` (lines 670-676). Every later request meets `_ => Err(BUSY)` (lines 687-689): the next set\'s ' +
      'permission lookup fails and it answers NOSUPPORT, gets answer NOSUPPORT, a gc leaves the permission layer busy too.',
    hardened: 'An operation that ends without a flash call clears `operation` (and the permission layer\'s) before returning.',
    fixedBy: ['idleWithoutFlashCall', 'idleAfterImmediateGc'],
  },
  {
    id: 'TO-8',
    title: 'update with an oversize value deletes the old value and answers FAIL (and leaves the stack busy)',
    replay: id('nor', 'o7dkxDYAwEADAvSo-wUAHDJXwE4QSKP5ZEMFwZ-OmuHLpfZQ7R7SoNba8jtzLc65tZLSYAQAAAAAAAICf-Xr_BQ'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], opKind: ['update'], summary: /engine Err\(FAIL\), model Err\(SIZE\)/ },
    explanation:
      'TicKVKVStore::update invalidates first (tickv_kv_store.rs:334-355) and appends in invalidate_key_complete ' +
      '(lines 532-557); the append then fails with ObjectTooLarge and update answers FAIL, where kernel/src/hil/kv.rs ' +
      'documents SIZE for a value too large. The old value is already gone, and TO-7 leaves the stack busy.',
    hardened: 'update checks the size before touching flash (SIZE, value kept) and writes the new copy before invalidating the old.',
    fixedBy: ['writeNewCopyFirst', 'newCopyBeforeInvalidating'],
  },
  {
    id: 'TO-9',
    title: 'update (or set) of an existing key in a full store answers NOMEM after deleting the old value',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUhUMBkFgwooZKcW5aXmgGMnScF0FAwqAIud0oKUxJJUhUQFs2ECoB4DAA'),
    expect: { kind: 'lost', stage: 'reference' },
    match: { kind: ['lost'], stage: ['reference'], opKind: ['update'], summary: /^update\b/ },
    explanation:
      'The same order (tickv_kv_store.rs:497-518 for set, 532-557 for update): the old object is invalidated, then ' +
      'append_key finds no region with room and the request ends with NOMEM. kernel/src/hil/kv.rs documents NOMEM as ' +
      '"The key could not be updated because the KV store is full", but the committed value is gone.',
    hardened: 'The new copy is written first; when there is no room the request answers NOMEM with nothing changed.',
    fixedBy: ['writeNewCopyFirst', 'newCopyBeforeInvalidating'],
  },
  {
    id: 'TO-10',
    title: 'A get with a buffer shorter than the 9-byte header panics the kernel',
    replay: id('nor', 'oU1YoSk3Kzy_hKk4tUUhUMDBQyE4tykvN4UoH8yEchaTSNFtTAA'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status', 'crash'], summary: /HALT KeyHeader::new_from_buf/ },
    explanation:
      'KVStorePermissions::get_complete reads the stored header out of the caller\'s buffer when TicKV answered Ok or ' +
      'SIZE (kv_store_permissions.rs:438-439); KeyHeader::new_from_buf indexes buf[0] and slices buf[1..5], buf[5..9] ' +
      '(lines 60-65), which panics for a window under 9 bytes: a kernel client with a short buffer takes the board down.',
    hardened: 'A window too short for the header proves no read permission: NOSUPPORT with the window zeroed.',
    fixedBy: ['refuseShortHeaderWindow'],
  },
  {
    id: 'TO-11',
    title: 'A garbage collection that fails never calls back: the KV stack answers BUSY to every app until reboot',
    replay: null,
    expect: null,
    explanation:
      'TicKVSystem::garbage_collect sets `operation = GarbageCollect` and runs TicKV\'s GC; when garbage_collect_region ' +
      'returns an error (UnsupportedVersion for a torn version byte or a torn GC erase, TK-2 and TK-4), read_complete ' +
      'has `_ => {}` for it (capsules/extra/src/tickv.rs 547-556): no callback, `operation` stays set, and TicKVKVStore ' +
      'and KVStorePermissions above keep theirs too. Every later request of every app answers BUSY until the board ' +
      'reboots. Any case that reaches it shows the torn key itself first, so no replay isolates it; a dedicated test ' +
      'puts a torn byte in an empty region and runs gc.',
    hardened: 'A failed GC calls back with FAIL and clears `operation` (the hardened TicKV also collects a region holding torn bytes, so such a GC no longer fails; a failed erase still does).',
    fixedBy: ['callBackOnGcError'],
  },
];
