// Unstable cells (torn models weak-read and weak-boot): each mode's contract, strong enough to fail if the model
// were a no-op (cells that never change, or change outside the step), and its way through the device and the oracle.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { Geometry } from '../engine/flash/blockDevice';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash, type FlashMode, type Mutation } from '../engine/flash/norFlash';
import { openCase } from '../faults/crash/storeCase';
import { runCase } from '../faults/crash/runCase';
import type { EngineDriver } from '../faults/driver/types';
import { tdbstoreDriver, tickvDriver, tockDriver } from '../faults/drivers';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { isPowerLoss } from '../faults/powerLoss';
import { decodeReplayId, encodeReplayId } from '../faults/replayId';
import { replay } from '../faults/replay';
import { tornApplies, tornImage } from '../faults/torn';
import { settleRead, weakErase, weakProgram, weakRegion, WEAK_MODELS, type WeakModel, type WeakState } from '../faults/weak';
import { assertProperty, runSettings } from './support/fcEnv';

const G: Geometry = makeGeometry(4096, 512, 8);

/** A program or erase that changes bits, on an image that is erased where a program lands (as on real flash). */
const stepArb = fc.record({
  image: fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
  erase: fc.boolean(),
  unit: fc.integer({ min: 0, max: 7 }),
  words: fc.integer({ min: 1, max: 12 }),
  data: fc.uint8Array({ minLength: 96, maxLength: 96 }),
  mode: fc.constantFrom<FlashMode>('nor', 'strict', 'overwrite'),
  seed: fc.integer(),
});

type StepCase = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function stepOf(c: StepCase): { image: Uint8Array; op: Mutation } {
  const image = c.image.slice();
  if (c.erase) return { image, op: { kind: 'erase', addr: c.unit * 512, len: 512 } };
  const addr = c.unit * 512;
  const data = c.data.slice(0, c.words * 8);
  data[0] &= 0xfe; // at least one bit the program clears
  image.fill(0xff, addr, addr + data.length);
  return { image, op: { kind: 'program', addr, data } };
}

const stateOf = (model: WeakModel, image: Uint8Array, op: Mutation, mode: FlashMode, seed: number): WeakState => {
  const r = weakRegion(model, image, op, { mode, geometry: G, seed });
  assert.ok(r, 'a step that changes bits leaves unstable cells');
  return { regions: [r], boot: 0, reads: 0 };
};

const read = (w: WeakState, image: Uint8Array, addr: number, len: number): Uint8Array => {
  const out = image.slice(addr, addr + len);
  settleRead(w, addr, out);
  return out;
};

describe('unstable cells (weak-read, weak-boot): each mode a pure seeded function with its own contract', () => {
  const ctx = (mode: FlashMode, seed: number) => ({ mode, geometry: G, seed });

  it('both: only the bits the step changes are unstable; each reads as before or as written; the image is left as before', () => {
    assertProperty('weak bits', fc.property(stepArb, (c) => {
      const { image, op } = stepOf(c);
      const after = tornImage('after', image, op, ctx(c.mode, 0));
      for (const model of WEAK_MODELS) {
        assert.ok(tornApplies(model, op, G));
        assert.deepEqual(tornImage(model, image, op, ctx(c.mode, c.seed)), image, 'the image keeps the value before the step');
        const w = stateOf(model, image, op, c.mode, c.seed);
        for (let boot = 0; boot < 3; boot++) {
          w.boot = boot;
          const got = read(w, image, 0, image.length);
          for (let i = 0; i < got.length; i++) {
            const moving = image[i] ^ after[i];
            assert.equal((got[i] ^ image[i]) & ~moving & 0xff, 0, `${model}: byte ${i} changed a bit the step does not change`);
          }
        }
        assert.deepEqual(weakRegion(model, image, op, ctx(c.mode, c.seed)), weakRegion(model, image, op, ctx(c.mode, c.seed)), 'seeded');
      }
    }), runSettings('weak bits', 60));
  });

  it('weak-read: the cells read differently from one read to the next, as before, as written and mixed', () => {
    const image = new Uint8Array(4096).fill(0xff);
    const op: Mutation = { kind: 'program', addr: 512, data: new Uint8Array(32).fill(0x5a) };
    for (const seed of [1, 2, 3, 99]) {
      const w = stateOf('weak-read', image, op, 'nor', seed);
      const seen = new Set<string>();
      for (let i = 0; i < 40; i++) seen.add(Buffer.from(read(w, image, 512, 32)).toString('hex'));
      assert.ok(seen.has('ff'.repeat(32)), 'reads as before');
      assert.ok(seen.has('5a'.repeat(32)), 'reads as written');
      assert.ok(seen.size >= 3, `mixed too (${seen.size} distinct reads)`);
    }
  });

  it('weak-boot: one value for every read of a boot, another at the next boot, all three settlings over three boots', () => {
    const image = new Uint8Array(4096).fill(0xff);
    image.fill(0x00, 1024, 1536);
    const op: Mutation = { kind: 'erase', addr: 1024, len: 512 };
    for (const seed of [5, 6, 7]) {
      const w = stateOf('weak-boot', image, op, 'nor', seed);
      const boots: string[] = [];
      for (let boot = 0; boot < 3; boot++) {
        w.boot = boot;
        const first = Buffer.from(read(w, image, 1024, 512)).toString('hex');
        for (let i = 0; i < 5; i++) assert.equal(Buffer.from(read(w, image, 1024, 512)).toString('hex'), first, 'stable within a boot');
        boots.push(first);
      }
      assert.notEqual(boots[0], boots[1], 'the next boot settles differently');
      assert.ok(boots.includes('00'.repeat(512)) && boots.includes('ff'.repeat(512)), 'as before and as erased');
      assert.equal(new Set(boots).size, 3, 'and a mix');
    }
  });

  it('a completed program makes the bits it clears stable; an erase makes every cell stable', () => {
    const image = new Uint8Array(4096).fill(0xff);
    const data = new Uint8Array(16).fill(0x0f);
    const w = stateOf('weak-read', image, { kind: 'program', addr: 0, data }, 'nor', 4);
    weakProgram(w, 0, new Uint8Array(16).fill(0x00), 'nor');
    assert.equal(w.regions.length, 0, 'programming 0 over every unstable bit completes them');
    const w2 = stateOf('weak-read', image, { kind: 'program', addr: 0, data }, 'nor', 4);
    weakProgram(w2, 0, new Uint8Array(16).fill(0x3f), 'nor');
    assert.equal(w2.regions[0].mask[0], 0x30, 'bits the second program leaves at 1 stay unstable');
    weakErase(w2, 0, 512);
    assert.equal(w2.regions.length, 0);
  });

  it('the device: a weak cut leaves unstable cells that reads settle and a power cycle changes (per boot)', () => {
    const device = new PowerCutDevice(new NorFlash(G, 'nor'));
    device.arm({ step: 0, torn: 'weak-boot', tornSeed: 11 });
    assert.throws(() => device.program(0, new Uint8Array(8).fill(0)), isPowerLoss);
    const boot0 = device.read(0, 8);
    assert.deepEqual(device.read(0, 8), boot0);
    device.powerCycle();
    assert.notDeepEqual(device.read(0, 8), boot0);
  });

  it('replay ids carry both modes', () => {
    for (const torn of WEAK_MODELS) {
      const id = encodeReplayId({ engine: 'tdbstore', profile: 'mbed', geometry: '4096:512:8:1', flash: 'nor', ops: { kind: 'generated', seed: 3, count: 9 }, cut: { fault: 'power-cut', step: 4, torn, tornSeed: 77 }, nested: null });
      assert.equal(decodeReplayId(id).cut?.torn, torn);
    }
  });

  it('the oracle runs recovery, the rest of the run and the second reboot under the instability (TDB-22 on mbed, not on hardened)', () => {
    const id = 'fp1/tdbstore/mbed/2048:256:8:1/nor/oy8zLLOEqTi1RSFTQBdNJCroA/5.weak-boot.3711774693';
    const v = replay(id).result.violations[0];
    assert.equal(`${v?.kind}@${v?.stage}`, 'lost@reboot', 'settled as written at the first boot, as erased at the next');
    assert.equal(replay(id.replace('5.weak-boot', '5.after')).result.violations.length, 0, 'the same cut, landed and stable, loses nothing');
    assert.deepEqual(replay(id, { profile: 'hardened' }).result.violations, []);
  });

  it('cells that differ on every read: the scan takes the record, a later read finds it corrupt (TDB-23 on mbed, not on hardened)', () => {
    const id = 'fp1/tdbstore/mbed/2048:256:8:1/nor/oy8zLLOEqTi1RSFTQBQA/5.weak-read.2137715458';
    const v = replay(id).result.violations[0];
    assert.equal(`${v?.kind}@${v?.stage}`, 'corrupted@old-or-new');
    assert.equal(replay(id.replace('5.weak-read', '5.weak-boot')).result.violations.length, 0, 'settled once per boot, the same cut reads alike');
    assert.deepEqual(replay(id, { profile: 'hardened' }).result.violations, []);
  });

  it('hardened TDBStore survives weak-read and weak-boot at every crash point to depth 2, in every flash mode; mbed does not', () => {
    for (const mode of ['nor', 'strict', 'overwrite'] as const) {
      const g = makeGeometry(2048, 256, mode === 'nor' ? 1 : 8);
      const hardened = openCase(tdbstoreDriver, 'hardened', g, mode);
      const mbed = openCase(tdbstoreDriver, 'mbed', g, mode);
      let mbedViolations = 0;
      for (const seed of [1, 2, 3]) {
        const ops = tdbstoreDriver.ops.generate(seed, 14, g);
        const options = { schedule: { kind: 'exhaustive' as const }, torn: WEAK_MODELS, depth: 2, seed, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'generated' as const, seed, count: 14 } };
        const r = runCase(hardened, ops, options);
        assert.ok(r.crashPoints > 40);
        assert.deepEqual(r.violations.map((x) => `${x.kind}@${x.stage}: ${x.id}`), []);
        mbedViolations += runCase(mbed, ops, options).violations.length;
      }
      assert.ok(mbedViolations > 0, `mbed on ${mode} flash still breaks under unstable cells`);
    }
  });

  // TicKV and Tock run on 2 regions of 256 bytes: every step of 12 ops, each cut followed by a nested one.
  const sweepTicKV = <Op>(driver: EngineDriver<Op>, profile: string, torn: WeakModel, mode: FlashMode): { points: number; violations: string[] } => {
    const g = makeGeometry(512, 256, 1);
    const c = openCase(driver, profile, g, mode);
    let points = 0;
    const violations: string[] = [];
    for (const seed of [1, 2, 3, 4]) {
      const ops = driver.ops.generate(seed, 12, g);
      const r = runCase(c, ops, { schedule: { kind: 'exhaustive' }, torn: [torn], depth: 2, seed, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'generated', seed, count: 12 } });
      points += r.crashPoints;
      violations.push(...r.violations.map((v) => `${v.kind}@${v.stage}: ${v.id}`));
    }
    return { points, violations };
  };

  const ticKVCases = [
    { name: 'TicKV', sweep: (profile: string, torn: WeakModel, mode: FlashMode) => sweepTicKV(tickvDriver, profile, torn, mode) },
    { name: 'Tock', sweep: (profile: string, torn: WeakModel, mode: FlashMode) => sweepTicKV(tockDriver, profile, torn, mode) },
  ];

  for (const { name, sweep } of ticKVCases) {
    it(`hardened ${name} survives weak-read to depth 2 in every flash mode (TK-10); faithful does not`, () => {
      for (const mode of ['nor', 'strict', 'overwrite'] as const) {
        const hardened = sweep('hardened', 'weak-read', mode);
        assert.ok(hardened.points > 20);
        assert.deepEqual(hardened.violations, []);
      }
      assert.ok(sweep('faithful', 'weak-read', 'nor').violations.length > 0, 'faithful still breaks');
    });

    it(`hardened ${name} does not survive weak-boot, and the harness keeps finding it (see the README)`, () => {
      assert.ok(sweep('hardened', 'weak-boot', 'nor').violations.length > 0);
    });
  }
});
