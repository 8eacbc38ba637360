// Erase units that wear out during a run (faults wear-*): littlefs's bad-block behaviours at the device, and the
// stores judged by what they promise: errors reported, nothing acknowledged lost, nothing else changed, no throw.
import assert from 'node:assert/strict';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash } from '../engine/flash/norFlash';
import { openCase } from '../faults/crash/storeCase';
import { WEAR_FAULTS } from '../faults/crash/types';
import { runWearCase, wearBehaviourOf, wearLimits } from '../faults/crash/wear';
import { tdbstoreDriver } from '../faults/drivers';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { replay } from '../faults/replay';
import { decodeReplayId } from '../faults/replayId';

const G = makeGeometry(4096, 512, 8);

describe('worn-out erase units (faults wear-erase-error, wear-prog-error, wear-erase-noop, wear-prog-noop)', () => {
  it('each behaviour does what it says once a unit has been erased N times, and nothing before', () => {
    for (const fault of WEAR_FAULTS) {
      const device = new PowerCutDevice(new NorFlash(G, 'nor'));
      device.wearLimit = 2;
      device.wearBehaviour = wearBehaviourOf(fault);
      const data = new Uint8Array(8).fill(0x12);
      assert.equal(device.erase(0, 512), 0, `${fault}: the first erase is fine`);
      assert.equal(device.program(8, data), 0, `${fault}: a program into a unit erased once is fine`);
      assert.equal(device.erase(0, 512), 0, `${fault}: the second erase is fine`);
      assert.equal(device.wornHits, 0);
      device.flash.cells[0] = 0x00; // something for the third erase to erase
      const before = device.flash.image();
      const erased = device.erase(0, 512);
      const afterErase = device.flash.image();
      const programmed = device.program(64, data);
      const afterProgram = device.flash.image();
      const eraseFails = fault.startsWith('wear-erase');
      assert.equal(erased, fault === 'wear-erase-error' ? -4001 : 0, fault);
      assert.equal(programmed, fault === 'wear-prog-error' ? -4001 : 0, fault);
      assert.deepEqual(afterErase.subarray(0, 512).every((b) => b === 0xff), !eraseFails, `${fault}: the erase ${eraseFails ? 'did nothing' : 'erased'}`);
      if (eraseFails) assert.deepEqual(afterErase, before);
      assert.equal(afterProgram[64] === 0x12, !fault.startsWith('wear-prog'), `${fault}: the program ${fault.startsWith('wear-prog') ? 'did nothing' : 'landed'}`);
      assert.equal(device.wornHits, 1, `${fault}: one worn operation met`);
      assert.equal(device.erase(512, 512), 0, 'another unit is still good');
    }
  });

  it('wear limits spread over the run so the units wear out early and late', () => {
    assert.deepEqual(wearLimits(0), []);
    assert.deepEqual(wearLimits(3), [0, 1, 2]);
    assert.deepEqual(wearLimits(40), [0, 1, 10, 20, 30, 39]);
  });

  it('hardened TDBStore keeps its promise when units wear out with errors: reported, nothing acknowledged lost', () => {
    for (const mode of ['nor', 'strict'] as const) {
      const c = openCase(tdbstoreDriver, 'hardened', G, mode);
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const ops = tdbstoreDriver.ops.generate(seed, 30, G);
        const r = runWearCase(c, ops, { opsSpec: { kind: 'generated', seed, count: 30 }, faults: ['wear-erase-error', 'wear-prog-error'] });
        assert.ok(r.crashPoints > 0);
        assert.deepEqual(r.violations.map((v) => `${v.kind}@${v.stage}: ${v.id}`), []);
      }
    }
  });

  it('is no no-op: silent bad units (no-op erase or program) cost TDBStore acknowledged values, which it does not promise to see', () => {
    const c = openCase(tdbstoreDriver, 'hardened', G, 'nor');
    let lost = 0;
    for (const seed of [1, 2, 3]) {
      const r = runWearCase(c, tdbstoreDriver.ops.generate(seed, 30, G), { opsSpec: { kind: 'generated', seed, count: 30 }, faults: ['wear-erase-noop', 'wear-prog-noop'] });
      lost += r.violations.length;
    }
    assert.ok(lost > 0);
  });

  it('ids replay: mbed halts at the first boot when programs fail (TDB-16, now from wear), hardened answers a status', () => {
    const id = 'fp1/tdbstore/mbed/16384:4096:8:1/nor/g1x40/0.wear-prog-error.0';
    assert.deepEqual(decodeReplayId(id).cut, { fault: 'wear-prog-error', step: 0, torn: null, tornSeed: 0 });
    const v = replay(id).result.violations[0];
    assert.equal(`${v?.kind}@${v?.stage}`, 'crash@wear');
    assert.equal(v.id, id);
    assert.deepEqual(replay(id, { profile: 'hardened' }).result.violations, []);
  });
});
