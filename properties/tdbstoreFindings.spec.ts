// Every finding about mbed 6.17 still reproduces from its replay id, and hardened does not have it:
// the harness can never silently get weaker.
import assert from 'node:assert/strict';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash } from '../engine/flash/norFlash';
import { MbedStatus } from '../engine/tdbstore/status';
import { TDBStore } from '../engine/tdbstore/tdbStore';
import { TDBSTORE_FINDINGS } from '../faults/findings/tdbstore';
import { replayId } from '../faults/replay';
import { PowerCutDevice } from '../faults/powerCutDevice';
import type { TornModel } from '../faults/torn';
import { decodeReplayId } from '../faults/replayId';
import { parseOp } from '../models/tdbstore/ops';
import { TdbSubject } from '../models/subjects/tdbstoreSubject';

describe('TDBStore findings (mbed 6.17) still found, and fixed in hardened', () => {
  for (const f of TDBSTORE_FINDINGS.filter((x) => x.replay)) {
    it(`${f.id}: ${f.title}`, () => {
      const mbed = replayId(f.replay as string);
      const v = mbed.result.violations[0];
      assert.ok(v, `${f.id} no longer reproduces on mbed`);
      assert.equal(v.kind, f.expect?.kind);
      assert.equal(v.stage, f.expect?.stage);
      assert.equal(v.id, f.replay, 'the replay id names the same case');
      const hardened = replayId(f.replay as string, { profile: 'hardened' });
      assert.deepEqual(hardened.result.violations.map((x) => `${x.kind}: ${x.summary}`), []);
    });
  }

  it('TDB-2 in full: after the cut every write fails on strict flash, a reboot does not help, reset() does', () => {
    const c = decodeReplayId(TDBSTORE_FINDINGS[1].replay as string);
    assert.ok(c.cut && c.ops.kind === 'listed');
    const g = makeGeometry(4096, 512, 8);
    const dev = new PowerCutDevice(new NorFlash(g, 'strict'));
    dev.arm({ step: c.cut.step, torn: c.cut.torn as TornModel, tornSeed: c.cut.tornSeed });
    const s = new TdbSubject(dev, 'mbed');
    assert.throws(() => c.ops.kind === 'listed' && c.ops.lines.forEach((l) => s.apply(parseOp(l) ?? { op: 'init' })));
    const store = new TDBStore(dev, 'mbed');
    assert.equal(store.init(), 0);
    const value = new Uint8Array([1, 2, 3]);
    assert.deepEqual([store.set('x', value), store.set('y', value), store.set('z', value)], [MbedStatus.WRITE_FAILED, MbedStatus.WRITE_FAILED, MbedStatus.WRITE_FAILED]);
    const rebooted = new TDBStore(dev, 'mbed');
    rebooted.init();
    assert.equal(rebooted.set('x', value), MbedStatus.WRITE_FAILED);
    assert.equal(rebooted.reset(), 0);
    assert.equal(rebooted.set('x', value), 0);
  });

  for (const profile of ['mbed', 'hardened'] as const) {
    it(`TDB-8: after 65,535 GCs the version wraps; a reboot ${profile === 'mbed' ? 'loses recent writes (mbed)' : 'keeps them (hardened)'}`, function () {
      this.timeout(60000);
      const flash = new NorFlash(makeGeometry(2048, 256, 8), 'nor');
      let s = new TDBStore(flash, profile);
      s.init();
      const big = new Uint8Array(400); // each set fills half an area: one GC per set
      let n = 0;
      while (s.internals().activeAreaVersion !== 0) {
        big[0] = n & 0xff;
        s.set('v', big);
        n++;
      }
      assert.equal(s.internals().gcCount, 65535);
      assert.equal(s.set('marker', new Uint8Array([1])), 0);
      s = new TDBStore(flash, profile);
      s.init();
      if (profile === 'mbed') {
        assert.equal(s.get('marker').status, MbedStatus.ITEM_NOT_FOUND, 'mbed picked the older area 0');
        assert.equal(s.internals().activeAreaVersion, 65535);
      } else {
        assert.equal(s.get('marker').status, 0);
        assert.equal(s.get('v').data[0], (n - 1) & 0xff);
      }
    });
  }
});
