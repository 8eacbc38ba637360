// Every finding about mbed 6.17 still reproduces from its replay id, and hardened does not have it:
// the harness can never silently get weaker.
import assert from 'node:assert/strict';
import { tdbCrc, TDB_INITIAL_CRC } from '../engine/codec/crc';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
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

/** A store on 4096:512:8 NOR (areas of 2048 bytes) and a way to reboot it. */
function smallStore(profile: TdbProfileName): { store: TDBStore; reboot: () => TDBStore } {
  const flash = new NorFlash(makeGeometry(4096, 512, 8), 'nor');
  const store = new TDBStore(flash, profile);
  assert.equal(store.init(), 0);
  return {
    store,
    reboot: () => {
      const s = new TDBStore(flash, profile);
      assert.equal(s.init(), 0);
      return s;
    },
  };
}

const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const listed = (s: TDBStore): string[] => {
  const it = s.iteratorOpen().iterator as object;
  const keys: string[] = [];
  for (let r = s.iteratorNext(it); r.status === 0; r = s.iteratorNext(it)) keys.push(Buffer.from(r.key ?? []).toString('latin1'));
  s.iteratorClose(it);
  return keys;
};

/** Findings no replay can show (the model predicts the 6.17 behaviour, or a replay would be far too long): one test each. */
const DEDICATED: Record<string, (profile: TdbProfileName) => void> = {
  'TDB-13': (profile) => {
    const { store, reboot } = smallStore(profile);
    const crc = (k: string): number => tdbCrc(TDB_INITIAL_CRC, text(k)) >>> 0;
    const [first, last] = crc('a') > crc('b') ? ['a', 'b'] : ['b', 'a']; // GC copies in descending hash order
    assert.equal(store.set(last, new Uint8Array(7)), 0); // 24 + 8 bytes, no padding
    assert.equal(store.set(first, new Uint8Array(1878)), 0); // 24 + 1879 + 1 padding: the log now fills the area
    assert.equal(store.set('c', new Uint8Array(1)), MbedStatus.MEDIA_FULL); // after a GC that put `last` at the area end
    const after = [store.get(last).status, reboot().get(last).status];
    assert.deepEqual(after, profile === 'mbed' ? [MbedStatus.INVALID_DATA_DETECTED, MbedStatus.ITEM_NOT_FOUND] : [0, 0]);
    const exact = smallStore(profile).store; // a record ending exactly at the area end: 112 + 24 + 1912
    assert.equal(exact.set('x', new Uint8Array(1911)), profile === 'mbed' ? MbedStatus.INVALID_DATA_DETECTED : MbedStatus.MEDIA_FULL);
  },
  'TDB-14': (profile) => {
    assert.equal(tdbCrc(TDB_INITIAL_CRC, text('chckgr4')), tdbCrc(TDB_INITIAL_CRC, text('c9q6zkd')));
    const { store, reboot } = smallStore(profile);
    store.set('chckgr4', text('1'));
    store.set('c9q6zkd', text('2'));
    const got = Buffer.from(store.get('chckgr4').data).toString('latin1');
    assert.equal(got, profile === 'mbed' ? '2' : '1');
    assert.deepEqual(listed(reboot()).sort(), profile === 'mbed' ? ['TDBS', 'c9q6zkd'] : ['c9q6zkd', 'chckgr4']);
  },
  'TDB-15': (profile) => {
    const { store, reboot } = smallStore(profile);
    store.set('a', text('1'));
    const s = reboot();
    assert.deepEqual(listed(s).includes('TDBS'), profile === 'mbed');
    assert.equal(s.get('TDBS').status, profile === 'mbed' ? 0 : MbedStatus.INVALID_ARGUMENT);
  },
  'TDB-17': (profile) => {
    const { store } = smallStore(profile);
    const [k1, k2] = [new Uint8Array([0x69, 0x64, 0, 1]), new Uint8Array([0x69, 0x64, 0, 2])];
    const statuses = [store.set(k1, text('first')), store.set(k2, text('second'))];
    if (profile === 'mbed') {
      assert.deepEqual(statuses, [0, 0]);
      assert.equal(Buffer.from(store.get(k1).data).toString('latin1'), 'second', 'both keys are "id"');
    } else {
      assert.deepEqual(statuses, [MbedStatus.INVALID_ARGUMENT, MbedStatus.INVALID_ARGUMENT]);
    }
  },
  'TDB-18': (profile) => {
    const { store, reboot } = smallStore(profile);
    assert.equal(store.set('a', text('1')), 0);
    assert.equal(store.set('TDBS', text('x')), profile === 'mbed' ? 0 : MbedStatus.INVALID_ARGUMENT);
    assert.equal(reboot().get('a').status, profile === 'mbed' ? MbedStatus.ITEM_NOT_FOUND : 0, 'mbed formatted the store');
  },
  'TDB-19': (profile) => {
    const { store } = smallStore(profile);
    const key = 'k'.repeat(128);
    assert.equal(store.set(key, text('1')), profile === 'mbed' ? MbedStatus.INVALID_DATA_DETECTED : MbedStatus.INVALID_ARGUMENT);
    assert.equal(store.internals().gcCount, profile === 'mbed' ? 1 : 0);
    assert.equal(store.get(key).status, profile === 'mbed' ? MbedStatus.ITEM_NOT_FOUND : MbedStatus.INVALID_ARGUMENT);
  },
};

describe('TDBStore findings without a replay id: a dedicated test each, flaw on mbed, none on hardened', () => {
  it('every finding without a replay id (but TDB-8, above) has a test here', () => {
    const without = TDBSTORE_FINDINGS.filter((f) => !f.replay && f.id !== 'TDB-8').map((f) => f.id);
    assert.deepEqual(Object.keys(DEDICATED).sort(), without.sort());
  });
  for (const f of TDBSTORE_FINDINGS.filter((x) => DEDICATED[x.id])) {
    for (const profile of ['mbed', 'hardened'] as const) it(`${f.id} (${profile}): ${f.title}`, () => DEDICATED[f.id](profile));
  }
});
