// Findings about the tickv 2.0.0 crate (profile `faithful`): what the crash harness found, each with a minimal
// replay id. Sources: tock/tock @ 65608d7, libraries/tickv/src/tickv.rs (specs/tickv.md names the snapshot).
// properties/tickvFindings.spec.ts replays every id and requires the violation on faithful and none on hardened.
import type { Finding } from './tdbstore';

const id = (ops: string, cut = '-'): string => `fp1/tickv/faithful/512:256:1:1/nor/${ops}/${cut}`;

export const TICKV_FINDINGS: readonly Finding[] = [
  {
    id: 'TK-1',
    title: 'A torn append leaves a valid object with a bad CRC: get answers InvalidCheckSum for ever, the key cannot be written again',
    replay: id('oy8zLLOFKLChIzUtRSFQwMAAA', '3.prefix.939304855'),
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { kind: ['corrupted'], stage: ['old-or-new', 'nested'], opKind: ['append'], summary: /InvalidCheckSum/ },
    explanation:
      'append_key writes the whole object (header with the valid flag, key, value, CRC) in one program (tickv.rs:631-636). ' +
      'Cut after the key bytes landed and before the CRC, the object is flagged valid. find_key_offset tests only the ' +
      'valid bit and the key (tickv.rs:322-373), so get_key finds it, copies the value and answers InvalidCheckSum ' +
      '(tickv.rs:738-756) at every later call; append_key of the same key stops at its duplicate check with ' +
      'KeyAlreadyExists (tickv.rs:437-441); and the GC walk keeps the region because it holds a "valid" object ' +
      '(tickv.rs:1044-1047). The append was neither done nor undone: the key is stuck until someone invalidates it.',
    hardened: 'Reads verify the CRC of every valid-flagged object; a torn one is not the key, does not block an append, and seals its region (nothing is appended after it) until GC erases the region.',
    fixedBy: ['verifyObjectCrc', 'sealTornTail'],
  },
  {
    id: 'TK-2',
    title: 'A torn version byte makes every probe through its region answer UnsupportedVersion, and aborts every GC',
    replay: id('oy8zLLOFKLChIzUtRSFQwMDA0NDIyNgYA', '3.bits.29746868'),
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { kind: ['corrupted', 'status'], stage: ['old-or-new', 'continue', 'nested'], opKind: ['append', 'zeroise', 'invalidate'], summary: /UnsupportedVersion/ },
    explanation:
      'A program cut mid-byte can leave the version byte neither 0xFF nor 0x01. find_key_offset returns ' +
      '(false, UnsupportedVersion) there (tickv.rs:296-302): the probe stops, so get of any key whose probe reaches that ' +
      'offset (the torn key itself, and keys stored in later regions of its probe order) answers UnsupportedVersion; ' +
      'append_key into the region returns UnsupportedVersion (tickv.rs:473-480); and garbage_collect_region returns ' +
      'it through `?` in garbage_collect (tickv.rs:1009-1016, 1104-1106), so no region after it is ever collected.',
    hardened: 'A byte that is not a well-formed object ends the region\'s data and seals it; probes go on to the next region, GC erases the region when nothing live precedes the torn bytes.',
    fixedBy: ['sealTornTail', 'probeEveryRegion', 'collectRegionsWithNothingLive'],
  },
  {
    id: 'TK-3',
    title: 'A torn append whose version byte did not land makes every later append into that region fail with CorruptData',
    replay: id('oy8zLLOFKLChIzUtRSFQwMEBiGwIA', '3.bits.1272494708'),
    expect: { kind: 'status', stage: 'continue' },
    match: { kind: ['status'], stage: ['continue'], fault: ['power-cut'], summary: /engine CorruptData/ },
    explanation:
      'When the cut leaves the version byte at 0xFF but some key bytes programmed, every walk sees free space at that ' +
      'offset (tickv.rs:467-470, 374-377), so the key reads as absent (old state, fine). But append_key then picks that ' +
      'offset as its slot and checks that the 8 key bytes there are erased (tickv.rs:498-566): they are not, and it ' +
      'returns CorruptData, for this key and for every key whose first region with room is this one, until GC happens ' +
      'to erase the region (only when every object before the slot is invalid).',
    hardened: 'The scan checks that everything after a region\'s last object is erased; if not, the region is sealed and appends go to the next region with room.',
    fixedBy: ['sealTornTail'],
  },
  {
    id: 'TK-4',
    title: 'A cut during a GC erase leaves garbage that stops probes (UnsupportedVersion) and aborts later GCs',
    replay: id('oy8zLLOFKLChIzUtRMKgwRAIGBgaGCgYGhoZGRsbGXJl5ZYk5mSmJJalYlHGlJ-Mxw8QEAA', '5.erase-bits.3413743339'),
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { kind: ['corrupted', 'status'], stage: ['old-or-new', 'continue', 'nested'], opKind: ['gc', 'init'], summary: /UnsupportedVersion/ },
    explanation:
      'garbage_collect erases a region whose objects are all invalid (tickv.rs:1030-1061) with one erase. Cut during ' +
      'it, the region holds random bits: find_key_offset answers UnsupportedVersion for any byte other than 0xFF or 1 ' +
      '(tickv.rs:296-302), so the deleted key reads as an error instead of absent, keys probing through the region ' +
      'are unreachable, and the next garbage_collect stops at the same check (tickv.rs:1009-1016) before it can erase ' +
      'the region again. A partial erase that leaves 0xFF at offset 0 instead reads as an empty region: append then ' +
      'programs over the old bytes after it.',
    hardened: 'Torn bytes seal a region; GC erases every region that holds something and nothing live, so the next GC completes the interrupted one.',
    fixedBy: ['sealTornTail', 'collectRegionsWithNothingLive'],
  },
  {
    id: 'TK-5',
    title: 'A torn zeroise leaves a valid object whose value is half zeroed: get answers InvalidCheckSum',
    replay: id('oy8zLLOFKLChIzUtRSFQwMDA0NDIyNuaqSi3KzyxOVUgEAA', '4.bits.946679813'),
    expect: { kind: 'corrupted', stage: 'old-or-new' },
    match: { kind: ['corrupted'], stage: ['old-or-new', 'nested'], opKind: ['zeroise'], summary: /InvalidCheckSum/ },
    explanation:
      'zeroise_key clears the valid bit and zeroes value and CRC in the region buffer, then programs the whole object ' +
      'at once (tickv.rs:919-946). Cut in that program, the valid bit may still be set while value or CRC bytes are ' +
      'already 0: get_key finds the object and answers InvalidCheckSum (tickv.rs:738-756) instead of the value (old) ' +
      'or KeyNotFound (new).',
    hardened: 'zeroise first clears the valid bit with a one-byte program (atomic), then zeroes value and CRC: a cut leaves the key present or deleted, and the final bytes are the crate\'s.',
    fixedBy: ['verifyObjectCrc', 'clearValidBitFirst'],
  },
  {
    id: 'TK-6',
    title: 'GC erasing a key\'s home region makes the key, stored in another region, unreachable (no power cut needed)',
    replay: id('oy8zLLOFKLChIzUtRMKgwQgIGBgaGCqaJo3CoQ0T0GiIBcPQaGBgaGhkZG5uYmJqamZmbW1hYWnJl5pUl5mSmJJakYkkRXOnJAA'),
    expect: { kind: 'lost', stage: 'reference' },
    match: { kind: ['lost'], stage: ['reference'], opKind: ['gc'] },
    explanation:
      'A key whose home region is full goes to the next region of its probe order (tickv.rs:446-464). Once every ' +
      'object in the home region is invalid, garbage_collect erases it (tickv.rs:1054-1078). get_key then reads the ' +
      'empty home region, where find_key_offset returns (!empty = false, KeyNotFound) (tickv.rs:374-377), and the probe ' +
      'stops (tickv.rs:762-779): the committed value is gone for get, invalidate and zeroise, while append_key (which ' +
      'never stops at an empty region) writes a second copy. Deleting that copy later brings the first one back.',
    hardened: 'get, invalidate, zeroise and the duplicate check of append visit every region of the probe order.',
    fixedBy: ['probeEveryRegion'],
  },
  {
    id: 'TK-7',
    title: 'A key stored behind a nearly full home region is written once and never read (no power cut needed)',
    replay: id('oy8zLLOFKLChIzUtRMKgwQgIGBgaGCqaJo3C4QEQ0GyIBcDQbGAAA'),
    expect: { kind: 'lost', stage: 'reference' },
    match: { kind: ['lost'], stage: ['reference'], opKind: ['append'] },
    explanation:
      'append_key skips a region when `offset + 11 + len >= S` (tickv.rs:446) and writes into the next region. But ' +
      'find_key_offset ends a region with (false, KeyNotFound) as soon as `offset + HEADER_LENGTH >= S` ' +
      '(tickv.rs:281-284): a home region with 11 or fewer free bytes stops every probe, so the key just written ' +
      '(Written) is KeyNotFound for get, invalidate and zeroise.',
    hardened: 'Probes never stop early: the end of a region only moves the probe to the next region.',
    fixedBy: ['probeEveryRegion'],
  },
  {
    id: 'TK-8',
    title: 'An append whose CRC does not fit answers ObjectTooLarge although another region has room, and loses the read buffer',
    replay: id('oy8zLLOFKLChIzUtRMKgwQgIGBgaGCqaJo3CoQ0T0GiIBcPQaGAAA'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], summary: /engine ObjectTooLarge/ },
    explanation:
      'The room test `offset + package_length >= S` (tickv.rs:446) does not count the 4 CRC bytes, so a region with ' +
      '11 to 14 free bytes accepts a 1-byte value; the CRC slice then fails with `.ok_or(ObjectTooLarge)?` ' +
      '(tickv.rs:625-627), which returns without `read_buffer.replace()`: the next operation panics on ' +
      '`read_buffer.take().unwrap()` (the Tock kernel with it).',
    hardened: 'A region has room when the whole object fits (`end + L <= S`); no error return loses the read buffer.',
    fixedBy: ['roomForWholeObject', 'keepReadBuffer'],
  },
  {
    id: 'TK-9',
    title: 'zeroise of an object that ends within 11 bytes of its region\'s end fails with RegionFull and loses the read buffer',
    replay: id('oy8zLLOFKLChIzUtRMKgwQgIGBgaGCqaJo3D4Qa6q1KL8zOJULDEOAA'),
    expect: { kind: 'status', stage: 'reference' },
    match: { kind: ['status'], stage: ['reference', 'continue'], opKind: ['zeroise'], summary: /engine RegionFull/ },
    explanation:
      'zeroise_key zeroes buffer indexes HEADER_LENGTH..data_len + HEADER_LENGTH (tickv.rs:924-928), 11 bytes past the ' +
      'object; near the region end the index is out of range and `.ok_or(RegionFull)?` returns before anything is ' +
      'written and without putting the read buffer back: the key cannot be zeroised and the next call panics.',
    hardened: 'zeroise zeroes exactly the value and CRC (bytes 11..L of the object).',
    fixedBy: ['zeroiseValueAndCrcOnly', 'keepReadBuffer'],
  },
  {
    id: 'TK-10',
    title: 'An append cut mid-program whose cells differ on every read is read live at one read and torn at the next: the key comes and goes',
    replay: id('oy8zLLOFKLChIzUtRSFLQhTGT09L18lJL9DILFHQB', '4.weak-read.856832068'),
    expect: { kind: 'lost', stage: 'reboot' },
    match: { fault: ['power-cut'], torn: ['weak-read'] },
    explanation:
      'Unstable cells may read differently "even on subsequent reads" (MCUboot PR #34; the torn model weak-read). ' +
      'An append cut while its object is programmed: one read of the region shows the object as written (valid flag, ' +
      'CRC), so get finds the key; the next read shows it torn or erased, so the key is gone again, a later append ' +
      'lands on cells that still change, and what the application read is not what a later boot reads. TicKV reads ' +
      'each object once per call and has no way to tell stable cells from unstable ones.',
    hardened:
      'initialise reads every region 32 times; bits that differ between reads are the cells a cut left unstable, and ' +
      'are programmed to 0. That finishes an interrupted program (its bits in flight all go to 0) or undoes an ' +
      'interrupted erase (they were 0 before): a state the cut allows either way, and zeros stay put. Cells that read ' +
      'alike within a boot and change only at the next one (weak-boot) cannot be told apart this way: see the README.',
    fixedBy: ['settleUnstableCells'],
  },
];
