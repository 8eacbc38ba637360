// Issue 14, part 1: TDB-21 (a record ending on an erase-unit start scans into an older generation after a cut,
// "H1") and reserved_data_set with an open incremental set on hardened ("H2"), driven on the engine directly.
import assert from 'node:assert/strict';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash, type FlashMode, type Mutation } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { MbedStatus } from '../engine/tdbstore/status';
import { TDBStore } from '../engine/tdbstore/tdbStore';
import { runCase } from '../faults/crash/runCase';
import { isPowerLoss } from '../faults/powerLoss';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { builtinDriver } from '../faults/driver/registry';
import { caseOf, opsOf } from '../faults/replay';
import { decodeReplayId } from '../faults/replayId';
import { TORN_MODELS, type TornModel } from '../faults/torn';
import { statusName, TdbSubject } from '../models/subjects/tdbstoreSubject';
import { parseOp } from '../models/tdbstore/ops';
import { TdbModel } from '../models/tdbstore/tdbModel';

const G = makeGeometry(2048, 256, 8); // areas of 1024 bytes, erase units of 256, log start 112
const fill = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b);
const OLD_A = fill(119, 0x11); // 24 + 1 + 119 bytes from 112: the record ends exactly on the unit start 256
const NEW_A = fill(119, 0x22);

/** Key b sits at 256 (the second unit of area 0); two resets bring both profiles back to area 0 over it. */
function prologue(s: TDBStore): void {
  assert.equal(s.init(), 0);
  assert.equal(s.set('a', OLD_A), 0);
  assert.equal(s.set('b', new Uint8Array([1])), 0);
  assert.equal(s.reset(), 0);
  assert.equal(s.reset(), 0);
  assert.equal(s.get('b').status, MbedStatus.ITEM_NOT_FOUND);
}

/** The flash steps of the final `set a` when nothing cuts it. */
function finalSetSteps(profile: TdbProfileName): { first: number; trace: Mutation[] } {
  const dev = new PowerCutDevice(new NorFlash(G, 'nor'));
  const s = new TDBStore(dev, profile);
  prologue(s);
  const first = dev.steps;
  dev.trace = [];
  assert.equal(s.set('a', NEW_A), 0);
  return { first, trace: dev.trace };
}

/** What a reboot finds after a cut at `step` (absolute) of the final set. */
function afterCut(profile: TdbProfileName, step: number, torn: TornModel): { a: string; b: number } {
  const dev = new PowerCutDevice(new NorFlash(G, 'nor'));
  const s = new TDBStore(dev, profile);
  prologue(s);
  dev.arm({ step, torn, tornSeed: 0 });
  assert.throws(() => s.set('a', NEW_A), isPowerLoss);
  const rebooted = new TDBStore(dev, profile);
  assert.equal(rebooted.init(), 0);
  const a = rebooted.get('a');
  return { a: a.status ? 'absent' : a.data[0] === 0x22 ? 'new' : 'old', b: rebooted.get('b').status };
}

const stepText = (m: Mutation): string => `${m.kind} 0x${m.addr.toString(16)} +${m.kind === 'erase' ? m.len : m.data.length}`;

describe('TDB-21 (H1): a record that ends on an erase-unit start in an area used again', () => {
  it('mbed: a cut right after the commit brings back key b, which reset() wiped (TDBStore 6.17 has it)', () => {
    const { first, trace } = finalSetSteps('mbed');
    // 6.17 erases nothing before the record: the unit at 256 is erased by set_finalize's safety check, after the commit.
    assert.deepEqual(trace.map(stepText), ['program 0x88 +8', 'program 0x90 +112', 'program 0x70 +24', 'erase 0x100 +256']);
    assert.deepEqual(afterCut('mbed', first + 2, 'after'), { a: 'new', b: 0 }, 'b is back');
    assert.deepEqual(afterCut('mbed', first + 3, 'before'), { a: 'new', b: 0 }, 'the same cut, seen as the erase not started');
  });

  it('hardened: the unit where the record ends is erased before any byte of it, so no cut brings b back', () => {
    const { first, trace } = finalSetSteps('hardened');
    assert.deepEqual(trace.map(stepText), ['erase 0x100 +256', 'program 0x88 +8', 'program 0x90 +112', 'program 0x70 +24']);
    for (let step = first; step < first + trace.length; step++) {
      for (const torn of ['before', 'after'] as const) {
        const got = afterCut('hardened', step, torn);
        assert.equal(got.b, MbedStatus.ITEM_NOT_FOUND, `b is back after a cut ${torn} step ${step}`);
        assert.ok(got.a === 'absent' || got.a === 'new', `a is ${got.a} after a cut ${torn} step ${step}`);
      }
    }
  });

  it('hardened: no erase more where the unit after the record reads erased, and mbed reads what hardened wrote', () => {
    const dev = new PowerCutDevice(new NorFlash(G, 'nor'));
    const fresh = new TDBStore(dev, 'hardened');
    assert.equal(fresh.init(), 0);
    dev.trace = [];
    assert.equal(fresh.set('a', NEW_A), 0); // ends on 256 of a blank area: nothing to erase
    assert.deepEqual(dev.trace.map((m) => m.kind), ['program', 'program', 'program']);
    const flash = new NorFlash(G, 'nor');
    const h = new TDBStore(flash, 'hardened');
    prologue(h);
    assert.equal(h.set('a', NEW_A), 0);
    const m = new TDBStore(flash, 'mbed');
    assert.equal(m.init(), 0);
    assert.deepEqual([m.get('a').data[0], m.get('b').status], [0x22, MbedStatus.ITEM_NOT_FOUND]);
  });

  // The three cases the campaign found on hardened.
  const FOUND: Array<[string, string]> = [
    [
      'a set after reset() into a unit a GC once filled (strict)',
      'fp1/tdbstore/hardened/2560:256:128:1/strict/ozZHLaQRADMXuqWJLGI_Hv3L8xjYsgRyy2z-BNJHopKNAz6_n--PV78fn3_K4Fvs3BI97fiUfTet0ldOqPHxMq3uQTgLNrl6FLRSpWRyMdWsxkhyYXSTH5hqqMlhuwQ9tWNrFLg3FlgITO20XHdGaONTLkob7BMWsmfIct4kkIwMHADl6U33bDgTRskGTSNgNgJnptt3yaDJDNWH5lulyg2le4XAzmsooGTrWFK0QYr3p3YaZuxmaayMqptctxsd3v_p_rNITzOcH/28.after.2766089888',
    ],
    ['a cut in the first write after a recovery (nested, g76x34)', 'fp1/tdbstore/hardened/2560:256:128:1/nor/g76x34/65.before.2966645855/4.before.1442425446'],
    ['a set after reset() (g127x30)', 'fp1/tdbstore/hardened/2048:256:8:1/nor/g127x30/62.after.1674407421'],
  ];
  for (const [what, id] of FOUND) {
    it(`hardened: no violation at any cut, nested too, of the campaign's case: ${what}`, () => {
      assert.deepEqual(violationsEverywhere(id), []);
    });
  }
});

/** Every crash point of the id's ops (exhaustive, every torn model, depth 2) on its own profile. */
function violationsEverywhere(id: string): string[] {
  const c = decodeReplayId(id);
  const target = caseOf(c, builtinDriver(c.engine));
  const ops = opsOf(target.driver, c.ops, target.geometry);
  const r = runCase(target, ops, { schedule: { kind: 'exhaustive' }, torn: TORN_MODELS, depth: 2, seed: 0, continueOps: Number.POSITIVE_INFINITY, opsSpec: c.ops });
  return r.violations.map((v) => `${v.kind} at ${v.stage}: ${v.summary}\n  replay: ${v.id}`);
}

const H2_REPLAY = 'fp1/tdbstore/hardened/2048:256:8:1/strict/oy8zLLOEqSi1OLSpLTYkvTi1RMDfkysxLji8uSSwqUUhUMDY0RpW3TAPLp2XmJeZkVqUCAA/5.after.4279308479';

/** Engine and model side by side over the same ops; the model is told about a cut by a reboot. */
function engineAndModel(profile: TdbProfileName, mode: FlashMode, lines: string[], cutAfterStep?: number): Array<[string, string, string]> {
  const dev = new PowerCutDevice(new NorFlash(G, mode));
  if (cutAfterStep !== undefined) dev.arm({ step: cutAfterStep, torn: 'after', tornSeed: 0 });
  const subject = new TdbSubject(dev, profile);
  const model = new TdbModel(G, profile);
  const rows: Array<[string, string, string]> = [];
  for (const line of lines) {
    const op = parseOp(line);
    assert.ok(op);
    try {
      rows.push([line, subject.apply(op).status, model.apply(op).status]);
    } catch (e) {
      if (!isPowerLoss(e)) throw e;
      // Cut before the op's commit: the model keeps its old state, and both reboot.
      rows.push([line, 'POWERCUT', 'POWERCUT']);
      rows.push(['reboot', statusName(subject.reboot()), model.apply({ op: 'reboot' }).status]);
    }
  }
  return rows;
}

describe('H2: reserved_data_set while an incremental set is open', () => {
  const LINES = ['init', 'inc_start a 313', 'reserved_set 9f', `inc_add ${'ab'.repeat(313)}`, 'inc_finalize', 'reboot', 'get a 1', 'reserved_get'];

  it('mbed goes on with the open set (as TDBStore 6.17 does), and the model agrees', () => {
    const rows = engineAndModel('mbed', 'strict', LINES);
    for (const [line, engine, model] of rows) assert.equal(engine, model, line);
    assert.deepEqual(rows.map((r) => r[1]), ['SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS', 'SUCCESS']);
  });

  it('hardened ends it: add and finalize answer INVALID_ARGUMENT, as after set_start; the model agrees', () => {
    const rows = engineAndModel('hardened', 'strict', LINES);
    for (const [line, engine, model] of rows) assert.equal(engine, model, line);
    assert.deepEqual(rows.map((r) => r[1]), ['SUCCESS', 'SUCCESS', 'SUCCESS', 'INVALID_ARGUMENT', 'INVALID_ARGUMENT', 'SUCCESS', 'ITEM_NOT_FOUND', 'SUCCESS']);
  });

  it('hardened: the same answer when a cut left reserved bytes and reserved_data_set collects first (TDB-7)', () => {
    // Steps 0-3 format the store, 4 erases area 1's first unit, 5 programs the reserved data: cut right after it.
    const lines = ['init', 'reserved_set 71', 'inc_start a 313', 'reserved_set 9f', 'inc_finalize', 'reserved_get'];
    const rows = engineAndModel('hardened', 'strict', lines, 5);
    for (const [line, engine, model] of rows) assert.equal(engine, model, line);
    assert.deepEqual(rows.map((r) => `${r[0]}: ${r[1]}`), [
      'init: SUCCESS',
      'reserved_set 71: POWERCUT',
      'reboot: SUCCESS',
      'inc_start a 313: SUCCESS',
      'reserved_set 9f: SUCCESS',
      'inc_finalize: INVALID_ARGUMENT',
      'reserved_get: SUCCESS',
    ]);
  });

  it("hardened: no violation at any cut, nested too, of the campaign's case", () => {
    assert.deepEqual(violationsEverywhere(H2_REPLAY), []);
  });
});
