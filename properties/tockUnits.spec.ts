// Unit checks of the Tock KV layer against specs/tickv.md §9: permissions, header, page-write glue, error mapping,
// and the real stack's quirks the model must keep (stuck BUSY, update losing a key, header panics, ignored errors).
import assert from 'node:assert/strict';
import { fromHex, toHex, utf8 } from '../engine/codec/bytes';
import { tickvKeyOf } from '../engine/codec/siphash';
import { BdStatus, type BdStatusCode, type BlockDevice } from '../engine/flash/blockDevice';
import { NorFlash } from '../engine/flash/norFlash';
import { EngineHalt } from '../engine/halt';
import { tickvGeometry } from '../engine/tickv/regionController';
import { resultText, type Completion } from '../engine/tock/errorCode';
import { KVStorePermissions } from '../engine/tock/kvPermissions';
import { TicKVKVStore } from '../engine/tock/kvStore';
import {
  checkModifyPermission,
  checkReadPermission,
  fixedSizePermissions,
  getWriteId,
  kernelPermissions,
  nullPermissions,
  selfOnlyPermissions,
  tbfHeaderPermissions,
  type StoragePermissions,
} from '../engine/tock/permissions';
import { SubSliceMut } from '../engine/tock/subSliceMut';
import { TicKVSystem } from '../engine/tock/tickvSystem';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { isPowerLoss } from '../faults/powerLoss';

const kernel = kernelPermissions();

interface Stack {
  flash: NorFlash;
  system: TicKVSystem;
  kv: KVStorePermissions;
}

function boot(S: number, N: number, wrap?: (f: NorFlash) => BlockDevice, image?: Uint8Array): Stack {
  const flash = new NorFlash(tickvGeometry(S, N), 'nor', image);
  const system = new TicKVSystem(wrap ? wrap(flash) : flash, S, N);
  system.initialise();
  return { flash, system, kv: new KVStorePermissions(new TicKVKVStore(system)) };
}

/** A Tock value: 9 bytes of room for the header, then the user bytes. */
const value = (hex: string): Uint8Array => {
  const user = fromHex(hex) as Uint8Array;
  const v = new Uint8Array(9 + user.length);
  v.set(user, 9);
  return v;
};
const k = (s: string): Uint8Array => utf8.encode(s);

/** The shell's rendering of a completion, for compact asserts. */
function text(c: Completion): string {
  if (c.kind === 'pending') return 'pending';
  if (c.kind === 'immediate') return `immediate Err(${c.code})`;
  const buf = c.buffer?.asSlice();
  return buf && c.result.ok ? `Ok ${toHex(buf)}` : resultText(c.result);
}
const get = (s: Stack, key: string, perms: StoragePermissions = kernel): string => text(s.kv.get(k(key), new SubSliceMut(new Uint8Array(4105)), perms));

describe('Tock KV layer units', () => {
  describe('StoragePermissions (tickv.md §9.5 table)', () => {
    const fixed = fixedSizePermissions(7, true, true, [0, 9], [0, 11]);
    const rows: Array<[string, StoragePermissions, number, boolean, boolean]> = [
      ['SelfOnly(7) own', selfOnlyPermissions(7), 7, true, true],
      ['SelfOnly(7) other', selfOnlyPermissions(7), 8, false, false],
      ['SelfOnly(7) kernel', selfOnlyPermissions(7), 0, false, false],
      ['FixedSize self with read_modify_self', fixed, 7, true, true],
      ['FixedSize listed read id', fixed, 9, true, false],
      ['FixedSize listed modify id', fixed, 11, false, true],
      ['FixedSize id 0 listed: never granted', fixed, 0, false, false],
      ['Kernel kernel', kernel, 0, true, true],
      ['Kernel app', kernel, 7, false, false],
      ['Null', nullPermissions(), 0, false, false],
    ];
    for (const [name, p, stored, read, modify] of rows) {
      it(`${name}: read ${read}, modify ${modify}`, () => {
        assert.equal(checkReadPermission(p, stored), read);
        assert.equal(checkModifyPermission(p, stored), modify);
      });
    }
    it('write ids: SelfOnly -> id, FixedSize -> app id iff write permission, Kernel -> 0, Null -> none', () => {
      assert.deepEqual(
        [selfOnlyPermissions(3), fixed, fixedSizePermissions(7, false, true, [], []), kernel, nullPermissions()].map(getWriteId),
        [3, 7, undefined, 0, undefined],
      );
    });
    it('TBF policy: FixedSize(ShortId, write iff TLV write_id != 0, no read_modify_self); no TLV or ShortId -> Null', () => {
      const p = tbfHeaderPermissions(7, { writeId: 1, readIds: [], modifyIds: [] });
      assert.deepEqual([getWriteId(p), checkReadPermission(p, 7), checkModifyPermission(p, 7)], [7, false, false]);
      assert.equal(getWriteId(tbfHeaderPermissions(7, { writeId: 0, readIds: [7], modifyIds: [7] })), undefined);
      assert.equal(tbfHeaderPermissions(7, undefined).kind, 'Null');
      assert.equal(tbfHeaderPermissions(undefined, { writeId: 1, readIds: [], modifyIds: [] }).kind, 'Null');
      const many = tbfHeaderPermissions(1, { writeId: 1, readIds: [1, 2, 3, 4, 5, 6, 7, 8, 9], modifyIds: [] });
      assert.deepEqual([checkReadPermission(many, 8), checkReadPermission(many, 9)], [true, false]);
    });
  });

  describe('the stack over whole-page programs (tickv.md §9.2-9.4)', () => {
    it('set writes the same bytes tockloader does, programming the whole region', () => {
      const s = boot(4096, 3);
      s.flash.journal = [];
      assert.equal(text(s.kv.set(k('testkey'), value('7465737476616c'), kernel)), 'Ok(())');
      assert.deepEqual(s.flash.journal.map((m) => [m.kind, m.addr, m.kind === 'program' ? m.data.length : m.len]), [['program', 8192, 4096]]);
      assert.equal(toHex(s.flash.cells.subarray(8192, 8192 + 31)), '01801f36053399b05e057e0007000000000000007465737476616c4a2000b4');
    });
    it('set over an existing key: invalidate page, then append page; the old CRC stays', () => {
      const s = boot(4096, 3);
      s.kv.set(k('testkey'), value('01'), kernel);
      const oldCrc = toHex(s.flash.cells.subarray(8192 + 21, 8192 + 25));
      s.flash.journal = [];
      assert.equal(text(s.kv.set(k('testkey'), value('02'), kernel)), 'Ok(())');
      assert.deepEqual(s.flash.journal.map((m) => m.addr), [8192, 8192]);
      assert.equal(s.flash.cells[8193], 0x00);
      assert.equal(toHex(s.flash.cells.subarray(8192 + 21, 8192 + 25)), oldCrc);
      assert.equal(get(s, 'testkey'), 'Ok 02');
    });
    it('permission failures are NOSUPPORT with a zeroed buffer; no write id is an immediate INVAL', () => {
      const s = boot(2048, 4);
      s.kv.set(k('cfg'), value('0102'), selfOnlyPermissions(7));
      const denied = s.kv.get(k('cfg'), new SubSliceMut(new Uint8Array(4105).fill(0xee)), kernel);
      assert.equal(text(denied), 'Err(NOSUPPORT)');
      assert.equal(toHex((denied.kind === 'callback' && denied.buffer?.asSlice()) || new Uint8Array(1)), '00'.repeat(11));
      assert.equal(text(s.kv.set(k('cfg'), value('03'), nullPermissions())), 'immediate Err(INVAL)');
      assert.equal(text(s.kv.delete(k('cfg'), kernel)), 'Err(NOSUPPORT)');
      assert.equal(text(s.kv.add(k('cfg'), value('03'), kernel)), 'Err(NOSUPPORT)');
      assert.equal(text(s.kv.update(k('nokey'), value('03'), kernel)), 'Err(NOSUPPORT)');
    });
    it('a full store is NOMEM; an update that cannot append has already invalidated the old value', () => {
      const s = boot(512, 1);
      assert.equal(text(s.kv.set(k('k1'), value('11'.repeat(200)), kernel)), 'Ok(())');
      assert.equal(text(s.kv.set(k('k2'), value('22'.repeat(200)), kernel)), 'Ok(())');
      assert.equal(text(s.kv.add(k('k3'), value('33'.repeat(200)), kernel)), 'Err(NOMEM)');
      assert.equal(text(s.kv.update(k('k1'), value('33'.repeat(220)), kernel)), 'Err(NOMEM)');
      assert.equal(get(s, 'k1'), 'Err(NOSUPPORT)');
    });
    it('an append refused before any flash call (SIZE) leaves TicKVSystem busy for good, as in Tock', () => {
      const s = boot(4096, 3);
      s.kv.set(k('a'), value('01'), kernel);
      assert.equal(text(s.kv.set(k('big'), value('62'.repeat(4071)), kernel)), 'Err(SIZE)');
      assert.equal(s.system.operation, 'AppendKey');
      assert.equal(get(s, 'a'), 'Err(NOSUPPORT)');
      assert.equal(text(s.kv.garbageCollect()), 'immediate Err(BUSY)');
      assert.equal(get(s, 'a'), 'immediate Err(BUSY)');
    });
    it('a TicKV value of 1..8 bytes read through the stack panics in KeyHeader::new_from_buf', () => {
      const s = boot(512, 2);
      s.system.tickv.appendKey(tickvKeyOf(k('short')), fromHex('0102') as Uint8Array);
      assert.throws(() => get(s, 'short'), (e: unknown) => e instanceof EngineHalt && e.where === 'KeyHeader::new_from_buf');
    });
    it('program errors are ignored by the flash glue: a failed set is reported as Ok(())', () => {
      let failing = false;
      const s = boot(512, 2, (f) => new FailingPrograms(f, () => failing));
      failing = true;
      assert.equal(text(s.kv.set(k('x'), value('01'), kernel)), 'Ok(())');
      failing = false;
      assert.equal(get(s, 'x'), 'Err(NOSUPPORT)');
    });
    it('a power cut propagates out of the stack untouched; set over a key is two writes and a cut between loses it', () => {
      const S = 512;
      const outcome = (extraSteps: number): string => {
        const flash = new NorFlash(tickvGeometry(S, 2), 'nor');
        const cut = new PowerCutDevice(flash);
        const system = new TicKVSystem(cut, S, 2);
        system.initialise();
        const kv = new KVStorePermissions(new TicKVKVStore(system));
        kv.set(k('key'), value('01'), kernel);
        cut.arm({ step: cut.steps + extraSteps, torn: 'before', tornSeed: 0 });
        assert.throws(() => kv.set(k('key'), value('02'), kernel), isPowerLoss);
        return get(boot(S, 2, undefined, flash.image()), 'key');
      };
      assert.equal(outcome(0), 'Ok 01');
      assert.equal(outcome(1), 'Err(NOSUPPORT)');
    });
  });
});

/** Fails every program while told to, without touching the cells. */
class FailingPrograms implements BlockDevice {
  readonly geometry;
  constructor(
    readonly flash: NorFlash,
    readonly failing: () => boolean,
  ) {
    this.geometry = flash.geometry;
  }
  read(addr: number, len: number): Uint8Array {
    return this.flash.read(addr, len);
  }
  program(addr: number, data: Uint8Array): BdStatusCode {
    return this.failing() ? BdStatus.DEVICE_ERROR : this.flash.program(addr, data);
  }
  erase(addr: number, len: number): BdStatusCode {
    return this.flash.erase(addr, len);
  }
  sync(): BdStatusCode {
    return BdStatus.OK;
  }
}
