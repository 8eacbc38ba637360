// Planted bugs for `npm run mutants` (scripts/mutants.ts): each a search/replace on a temporary copy of the repository,
// in the hardened engines or in the fault machinery, with the specs (all part of npm test) expected to kill it.
// Every search text must occur exactly once in its file, so a mutant whose code moved fails loudly as stale.

export interface Edit {
  file: string;
  search: string;
  replace: string;
}

export interface Mutant {
  id: string;
  area: 'engine' | 'torn' | 'cut' | 'schedule' | 'oracle';
  /** The planted bug, in one line. */
  what: string;
  edits: Edit[];
  /** The detecting specs, run in this order with --bail (the generator's spec first where it is the point). */
  specs: string[];
  grep?: string;
}

const spec = (name: string): string => `properties/${name}.spec.ts`;
const CORPUS = spec('regressionCorpus');
const TORN_CONTRACTS = spec('crashEnumeration');
const dropLine = (file: string, line: string): Edit => ({ file, search: `${line}\n`, replace: '' });
/** A hardened hook answering as the original code does, still overridden (the profile-seam tests see no change). */
const offHook = (file: string, line: string): Edit => ({ file, search: line, replace: `${line.slice(0, line.indexOf(':') + 1)} () => false,` });
const TDB_POLICY = 'engine/tdbstore/policy.ts';

export const MUTANTS: readonly Mutant[] = [
  // ---- hardened TDBStore ----
  {
    id: 'tdb-h1',
    area: 'engine',
    what: 'H1/TDB-21 fix gone: the unit where a record ends is not erased before it',
    edits: [offHook(TDB_POLICY, '  eraseUnitAtRecordEnd: (recordEnd, areaSize) => recordEnd < areaSize,')],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-h1-first-half',
    area: 'engine',
    what: 'H1 fix only in the first half of an area (a record ending on a later unit start is not protected)',
    edits: [{ file: TDB_POLICY, search: 'eraseUnitAtRecordEnd: (recordEnd, areaSize) => recordEnd < areaSize,', replace: 'eraseUnitAtRecordEnd: (recordEnd, areaSize) => recordEnd < areaSize / 2,' }],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-h2',
    area: 'engine',
    what: 'H2 fix gone in the engine: reserved_data_set keeps an open incremental set unless its GC runs',
    edits: [dropLine('engine/tdbstore/tdbCore.ts', '      (this.incSetHandle as IncSetHandle).magic = 0;')],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-5',
    area: 'engine',
    what: 'TDB-5 fix gone: GC does not erase the unit at its new log end',
    edits: [offHook(TDB_POLICY, '  eraseGcLogEnd: (logEnd, areaSize) => logEnd < areaSize,')],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-1',
    area: 'engine',
    what: 'TDB-1 fix gone: no blank check before a record',
    edits: [offHook(TDB_POLICY, '  checkBlankBeforeRecord: always,')],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-6',
    area: 'engine',
    what: 'TDB-6 fix gone: reset erases both areas in turn instead of committing a new generation',
    edits: [offHook(TDB_POLICY, '  resetThroughNewGeneration: always,')],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-13-read',
    area: 'engine',
    what: 'a record ending exactly at the area end reads as past it (>= instead of >)',
    edits: [{ file: TDB_POLICY, search: '(keyOffset, totalSize, areaSize) => keyOffset + totalSize > areaSize,', replace: '(keyOffset, totalSize, areaSize) => keyOffset + totalSize >= areaSize,' }],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-13-write',
    area: 'engine',
    what: 'set_start lets a record end exactly at the area end (<= instead of <)',
    edits: [{ file: TDB_POLICY, search: 'roomForRecordEnd: (unpaddedEnd, areaSize) => unpaddedEnd < areaSize,', replace: 'roomForRecordEnd: (unpaddedEnd, areaSize) => unpaddedEnd <= areaSize,' }],
    specs: [spec('tdbstoreCrash'), CORPUS],
  },
  {
    id: 'tdb-14',
    area: 'engine',
    what: 'TDB-14 fix gone: keys with equal hashes alias each other',
    edits: [offHook(TDB_POLICY, '  compareWholeKey: always,')],
    specs: [spec('tdbstoreCrash'), spec('tdbstoreFindings'), CORPUS],
  },
  {
    id: 'tdb-12',
    area: 'engine',
    what: 'TDB-12 fix gone: one flipped bit ends the log',
    edits: [offHook(TDB_POLICY, '  skipDamagedRecord: (status) => status === MbedStatus.INVALID_DATA_DETECTED,')],
    specs: [CORPUS, spec('tdbstoreBitFlips')],
  },
  {
    id: 'tdb-9',
    area: 'engine',
    what: 'TDB-9 fix gone: RAM switches areas before GC commits',
    edits: [offHook(TDB_POLICY, '  switchAreaAfterGcCommit: always,')],
    specs: [CORPUS, spec('tdbstoreDeviceErrors')],
  },
  {
    id: 'tdb-2',
    area: 'engine',
    what: 'TDB-2 fix gone: a refused write-cache unit is retried before every program',
    edits: [offHook(TDB_POLICY, '  dropRefusedCacheUnit: always,')],
    // The blank check keeps hardened from programming over leftovers, so only a refused unit at deinit shows it.
    specs: [spec('tdbstoreCrash'), CORPUS, spec('tdbstoreDeviceErrors'), spec('tdbstoreDeinitFlush')],
  },
  {
    id: 'tdb-22',
    area: 'engine',
    what: 'TDB-22 fix gone: init does not collect into the standby area, so a commit left unstable decides the next boot',
    edits: [offHook(TDB_POLICY, '  collectAtInit: always,')],
    specs: [spec('weakCells'), CORPUS],
  },
  {
    id: 'tdb-23',
    area: 'engine',
    what: 'TDB-23 fix gone: GC copies record chunks as read, unverified',
    edits: [offHook(TDB_POLICY, '  verifyGcCopies: always,')],
    specs: [spec('weakCells'), CORPUS],
  },
  // ---- hardened TicKV and Tock ----
  {
    id: 'tk-10',
    area: 'engine',
    what: 'TK-10 fix gone: initialise does not settle cells that read differently between reads',
    edits: [dropLine('engine/tickv/hardenedTicKV.ts', '    const settled = this.settleUnstableCells();\n    if (settled) return err(settled);')],
    specs: [spec('weakCells'), CORPUS],
  },
  {
    id: 'tickv-crc',
    area: 'engine',
    what: 'hardened TicKV trusts the valid flag without checking the CRC',
    edits: [{ file: 'engine/tickv/regionScan.ts', search: "return computedCrc(data, offset, length) === stored ? 'live' : 'torn';", replace: "return 'live';" }],
    specs: [spec('tickvCrash'), CORPUS],
  },
  {
    id: 'tickv-exact-fit',
    area: 'engine',
    what: 'hardened TicKV refuses an object that exactly fills what is left of a region (>= instead of >)',
    edits: [{ file: 'engine/tickv/hardenedTicKV.ts', search: 'scan.end + object.length > this.regionSizeBytes', replace: 'scan.end + object.length >= this.regionSizeBytes' }],
    specs: [spec('tickvCrash'), CORPUS],
  },
  {
    id: 'tickv-home-only',
    area: 'engine',
    what: 'hardened TicKV probes only the home region',
    edits: [{ file: 'engine/tickv/hardenedTicKV.ts', search: 'for (let d = 1; d < this.numRegions; d++) {', replace: 'for (let d = 1; d < 1; d++) {' }],
    specs: [spec('tickvCrash'), CORPUS],
  },
  {
    id: 'tock-invalidate-first',
    area: 'engine',
    what: 'hardened Tock invalidates the old object before writing the new one (TO-9 fix gone)',
    edits: [offHook('engine/tock/policy.ts', '  writeNewCopyFirst: always,')],
    specs: [spec('tockCrash'), CORPUS],
  },
  // ---- torn models ----
  {
    id: 'torn-bits-whole',
    area: 'torn',
    what: '`bits` lands every bit: a torn program equal to `after`',
    edits: [{ file: 'faults/torn.ts', search: 'image[op.addr + i] = old ^ (changed & (rng.nextU32() & 0xff));', replace: 'image[op.addr + i] = old ^ changed;' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'torn-prefix-whole',
    area: 'torn',
    what: '`prefix` lands every unit',
    edits: [{ file: 'faults/torn.ts', search: 'rng.int(1, Math.max(1, units - 1)) * g.programSizeBytes', replace: 'units * g.programSizeBytes' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'torn-erase-partial-whole',
    area: 'torn',
    what: '`erase-partial` erases the whole range',
    edits: [{ file: 'faults/torn.ts', search: 'op.addr + rng.int(1, Math.max(1, op.len - 1)));', replace: 'end);' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'torn-erase-bits-whole',
    area: 'torn',
    what: '`erase-bits` sets every bit: a torn erase equal to `after`',
    edits: [{ file: 'faults/torn.ts', search: 'image[i] |= rng.nextU32() & 0xff;', replace: 'image[i] |= 0xff;' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'torn-erase-zero-erased',
    area: 'torn',
    what: '`erase-zero` leaves the range erased instead of zeroed',
    edits: [{ file: 'faults/torn.ts', search: 'image.fill(0, op.addr, end);', replace: 'image.fill(g.eraseValue, op.addr, end);' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'torn-bits-never-applies',
    area: 'torn',
    what: '`bits` applies to no step, so no crash point ever uses it',
    edits: [{ file: 'faults/torn.ts', search: "    case 'bits':\n      return op.kind === 'program';", replace: "    case 'bits':\n      return false;" }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'weak-read-per-boot',
    area: 'torn',
    what: '`weak-read` settles once per boot, like `weak-boot` (cells never change between reads)',
    edits: [{ file: 'faults/weak.ts', search: '  if (!r.perRead) return SETTLINGS[(r.seed + boot) % 3];', replace: '  return SETTLINGS[(r.seed + boot) % 3];' }],
    specs: [spec('weakCells')],
  },
  {
    id: 'weak-boot-stable',
    area: 'torn',
    what: '`weak-boot` settles the same way at every boot (an unstable cell that never changes)',
    edits: [{ file: 'faults/weak.ts', search: '  if (!r.perRead) return SETTLINGS[(r.seed + boot) % 3];', replace: '  if (!r.perRead) return SETTLINGS[r.seed % 3];' }],
    specs: [spec('weakCells')],
  },
  // ---- the cut device ----
  {
    id: 'cut-late',
    area: 'cut',
    what: 'power dies one step after the planned one',
    edits: [{ file: 'faults/powerCutDevice.ts', search: 'if (!plan || plan.step !== this.steps) return;', replace: 'if (!plan || plan.step + 1 !== this.steps) return;' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'cut-torn-ignored',
    area: 'cut',
    what: 'the cut device ignores the torn model (every cut is `before`)',
    edits: [{ file: 'faults/powerCutDevice.ts', search: 'applyTorn(plan.torn, this.flash.cells', replace: "applyTorn('before', this.flash.cells" }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'cut-program-errors-ignored',
    area: 'cut',
    what: 'device errors planned on a program step are not injected',
    edits: [{ file: 'faults/powerCutDevice.ts', search: '    if (this.deviceErrorSteps?.has(step)) return BdStatus.DEVICE_ERROR;\n    if (this.wornOut(addr, data.length)', replace: '    if (this.wornOut(addr, data.length)' }],
    specs: [TORN_CONTRACTS, CORPUS],
  },
  {
    id: 'cut-wear-late',
    area: 'cut',
    what: 'an erase unit wears out one erase late',
    edits: [{ file: 'faults/powerCutDevice.ts', search: 'this.flash.erasesPerUnit[u] >= this.wearLimit', replace: 'this.flash.erasesPerUnit[u] > this.wearLimit' }],
    specs: [TORN_CONTRACTS, spec('tdbstoreUnits')],
  },
  // ---- schedules ----
  {
    id: 'schedule-exhaustive-last',
    area: 'schedule',
    what: 'the exhaustive schedule skips the last flash step',
    edits: [{ file: 'faults/schedule.ts', search: 'for (let s = 0; s < trace.length; s++) for (const t of applicable(s))', replace: 'for (let s = 0; s < trace.length - 1; s++) for (const t of applicable(s))' }],
    specs: [TORN_CONTRACTS],
  },
  {
    id: 'schedule-log-op-end',
    area: 'schedule',
    what: "the log schedule misses each op's last step (where commits are)",
    edits: [dropLine('faults/schedule.ts', '        steps.add(to - 1);')],
    specs: [TORN_CONTRACTS],
  },
  // ---- the oracle ----
  {
    id: 'oracle-extra-ignored',
    area: 'oracle',
    what: 'views compare keys only: reserved data (the engine-wide extra) is never compared',
    edits: [{ file: 'faults/crash/view.ts', search: 'if (a.extra !== b.extra || a.keys.size !== b.keys.size) return false;', replace: 'if (a.keys.size !== b.keys.size) return false;' }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-resurrected-as-lost',
    area: 'oracle',
    what: 'an earlier value coming back is classed `lost`, not `resurrected`',
    edits: [{ file: 'faults/crash/view.ts', search: "else if (history.had(k, got)) note('resurrected',", replace: "else if (history.had(k, got)) note('lost'," }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-mount-failure-ignored',
    area: 'oracle',
    what: 'a mount that reports failure is taken as a mounted store',
    edits: [{ file: 'faults/crash/runCase.ts', search: "if (!ok) return { kind: 'status', stage: 'mount'", replace: "if (false) return { kind: 'status', stage: 'mount'" }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-no-continue',
    area: 'oracle',
    what: 'the rest of the sequence is not run on the recovered store',
    edits: [{ file: 'faults/crash/runCase.ts', search: 'const last = Math.min(this.ref.checked, j + 1 + this.opts.continueOps);', replace: 'const last = j + 1;' }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-no-reboot-check',
    area: 'oracle',
    what: 'the reboot after the continued run is not compared with the model',
    edits: [{ file: 'faults/crash/runCase.ts', search: 'if (expected.poisoned() || viewEqual(expected.view(), again.view)) return undefined;', replace: 'return undefined;' }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-no-nested',
    area: 'oracle',
    what: 'depth 2 runs no nested cut',
    edits: [{ file: 'faults/crash/runCase.ts', search: 'if (this.opts.depth >= 2) {', replace: 'if (this.opts.depth >= 3) {' }],
    specs: [CORPUS],
  },
  {
    id: 'oracle-reference-views',
    area: 'oracle',
    what: 'the reference run compares answers only, never what the store shows',
    edits: [{ file: 'faults/crash/reference.ts', search: 'if (!viewEqual(seen, expected)) {', replace: 'if (false) {' }],
    specs: [CORPUS],
  },
  // ---- the generic contract of WebAssembly stores ----
  {
    id: 'contract-no-floor',
    area: 'oracle',
    what: 'no-space allowed at any fill: a store that never stores passes',
    edits: [{ file: 'models/contract/model.ts', search: '      if (live > floor) return null; // nothing stored, nothing lost', replace: '      return null;' }],
    specs: [spec('wasmContract'), spec('wasmCampaign')],
  },
  {
    id: 'contract-unmounted-claims',
    area: 'oracle',
    what: 'an unmounted store may answer anything, a value or not-found included',
    edits: [{ file: 'models/contract/model.ts', search: '    if (this.unmounted && CANNOT.includes(got.status) && got.value === undefined) return null;', replace: '    if (this.unmounted) return null;' }],
    specs: [spec('wasmContract')],
  },
  {
    id: 'causes-crash-by-op',
    area: 'oracle',
    what: 'a crash is folded by the op cut and the stage too: one assertion shows as several root causes',
    edits: [{ file: 'faults/campaign/causes.ts', search: "  if (f.kind === 'crash' || f.kind === 'hang') return", replace: "  if (f.kind === 'crash' || f.kind === 'hang') return [f.stage, f.opKind].join('|') + " }],
    specs: [spec('rootCauses')],
  },
];
