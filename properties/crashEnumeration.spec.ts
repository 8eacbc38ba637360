// The fault machinery itself: every torn model's contract, schedules, replay ids, and trace replay == re-execution.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BdStatus, type Geometry } from '../engine/flash/blockDevice';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash, type FlashMode, type Mutation } from '../engine/flash/norFlash';
import { recordReference } from '../faults/crash/reference';
import { generateTdbOps } from '../faults/drivers/tdbstore/generate';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { isPowerLoss } from '../faults/powerLoss';
import { decodeReplayId, encodeReplayId } from '../faults/replayId';
import { crashPoints, parseSchedule } from '../faults/schedule';
import { openCase } from '../faults/crash/storeCase';
import { tdbstoreDriver } from '../faults/drivers';
import { applyTorn, tornApplies, tornImage, TORN_MODELS, type TornModel } from '../faults/torn';
import { assertProperty, runSettings } from './support/fcEnv';

const G: Geometry = makeGeometry(4096, 512, 8);

/** A random image and a random program or erase on it, aligned as the device requires. */
const caseArb = fc.record({
  image: fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
  kind: fc.constantFrom('program' as const, 'erase' as const),
  unit: fc.integer({ min: 0, max: 7 }),
  units: fc.integer({ min: 1, max: 8 }),
  data: fc.uint8Array({ minLength: 4096, maxLength: 4096 }),
  mode: fc.constantFrom<FlashMode>('nor', 'strict', 'overwrite'),
  seed: fc.integer(),
});

type TornCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function opOf(c: TornCase): Mutation {
  if (c.kind === 'erase') return { kind: 'erase', addr: c.unit * 512, len: Math.min(c.units, 8 - c.unit) * 512 };
  const addr = c.unit * 512 + 8 * (c.seed & 7);
  const len = Math.min(c.units * 8 * 3, 4096 - addr);
  return { kind: 'program', addr, data: c.data.slice(0, len - (len % 8)) };
}

describe('torn-write models (design.md §4): each a pure seeded function with its own contract', () => {
  const full = (image: Uint8Array, op: Mutation, mode: FlashMode): Uint8Array => tornImage('after', image, op, { mode, geometry: G, seed: 0 });

  it('after = what the flash does; before = nothing; nothing outside the step changes; inputs are not mutated', () => {
    assertProperty('torn basics', fc.property(caseArb, (c) => {
      const op = opOf(c);
      const flash = new NorFlash(G, c.mode, c.image);
      if (op.kind === 'program') flash.program(op.addr, op.data);
      else flash.erase(op.addr, op.len);
      const copy = c.image.slice();
      assert.deepEqual(full(c.image, op, c.mode), flash.image());
      assert.deepEqual(tornImage('before', c.image, op, { mode: c.mode, geometry: G, seed: c.seed }), c.image);
      const end = op.addr + (op.kind === 'program' ? op.data.length : op.len);
      for (const t of TORN_MODELS) {
        const out = tornImage(t, c.image, op, { mode: c.mode, geometry: G, seed: c.seed });
        assert.deepEqual(out, tornImage(t, c.image, op, { mode: c.mode, geometry: G, seed: c.seed }), `${t} is deterministic`);
        for (let i = 0; i < out.length; i++) if (i < op.addr || i >= end) assert.equal(out[i], c.image[i], `${t} changed byte ${i} outside the step`);
      }
      assert.deepEqual(c.image, copy);
    }), runSettings('torn basics', 150));
  });

  it('prefix: the first k program units land (1 <= k < units), the rest stay; bits: only bits the program changes', () => {
    assertProperty('torn program', fc.property(caseArb, (c) => {
      const op = opOf({ ...c, kind: 'program' });
      if (op.kind !== 'program' || !tornApplies('prefix', op, G)) return;
      const after = full(c.image, op, c.mode);
      const ctx = { mode: c.mode, geometry: G, seed: c.seed };
      const p = tornImage('prefix', c.image, op, ctx);
      let k = 0;
      while (k < op.data.length && p.subarray(op.addr, op.addr + k + 8).every((b, i) => b === after[op.addr + i])) k += 8;
      if (!after.subarray(op.addr, op.addr + op.data.length).every((b, i) => b === c.image[op.addr + i])) {
        assert.ok(k >= 8 || c.image.subarray(op.addr, op.addr + 8).every((b, i) => b === after[op.addr + i]), 'at least one unit landed');
      }
      for (let i = op.addr + k; i < op.addr + op.data.length; i++) assert.ok(p[i] === c.image[i] || p[i] === after[i]);
      const b = tornImage('bits', c.image, op, ctx);
      for (let i = op.addr; i < op.addr + op.data.length; i++) {
        assert.equal((b[i] ^ c.image[i]) & ~(after[i] ^ c.image[i]) & 0xff, 0, 'bits only flips bits the program flips');
      }
    }), runSettings('torn program', 150));
  });

  it('erase-partial erases a prefix; erase-bits only sets bits; erase-zero leaves zeros', () => {
    assertProperty('torn erase', fc.property(caseArb, (c) => {
      const op = opOf({ ...c, kind: 'erase' });
      if (op.kind !== 'erase') return;
      const ctx = { mode: c.mode, geometry: G, seed: c.seed };
      const p = tornImage('erase-partial', c.image, op, ctx);
      let k = 0;
      while (k < op.len && p[op.addr + k] === 0xff) k++;
      assert.ok(k >= 1 && k < op.len + 1);
      for (let i = op.addr + k; i < op.addr + op.len; i++) assert.equal(p[i], c.image[i]);
      const b = tornImage('erase-bits', c.image, op, ctx);
      for (let i = op.addr; i < op.addr + op.len; i++) assert.equal(b[i] & c.image[i], c.image[i], 'erase only sets bits');
      assert.ok(tornImage('erase-zero', c.image, op, ctx).subarray(op.addr, op.addr + op.len).every((x) => x === 0));
    }), runSettings('torn erase', 150));
  });

  // A model that never tears (bits equal to after, a prefix that is the whole op) would pass the contracts above.
  it('every model but before and after tears: it leaves an image that is neither the old one nor the finished one', () => {
    const differs = (a: Uint8Array, b: Uint8Array): boolean => a.some((x, i) => x !== b[i]);
    for (const mode of ['nor', 'strict', 'overwrite'] as const) {
      const blank = new Uint8Array(4096).fill(0xff);
      const program: Mutation = { kind: 'program', addr: 512, data: new Uint8Array(64).fill(0x00) }; // 8 units, every bit changes
      const programmedImage = new Uint8Array(4096).fill(0x00);
      const erase: Mutation = { kind: 'erase', addr: 1024, len: 2048 };
      const cases: Array<[TornModel, Uint8Array, Mutation, 'every' | 'some']> = [
        ['prefix', blank, program, 'every'],
        ['bits', blank, program, 'some'],
        ['erase-partial', programmedImage, erase, 'every'],
        ['erase-bits', programmedImage, erase, 'some'],
        ['erase-zero', new Uint8Array(4096).fill(0x5a), erase, 'every'],
      ];
      for (const [model, image, op, quantifier] of cases) {
        const before = image.slice();
        const after = full(image, op, mode);
        const outs = Array.from({ length: 16 }, (_, seed) => tornImage(model, image, op, { mode, geometry: G, seed }));
        const torn = outs.filter((o) => differs(o, before) && differs(o, after));
        assert.ok(quantifier === 'every' ? torn.length === outs.length : torn.length > 0, `${model} on ${mode} flash never tears (${torn.length}/16 seeds)`);
        if (quantifier === 'some') assert.ok(outs.some((o) => differs(o, outs[0])), `${model} ignores its seed`);
      }
    }
  });

  it('which models apply to which steps: prefix needs 2+ program units, bits any program, erase models an erase', () => {
    const applies = (op: Mutation): string[] => TORN_MODELS.filter((t) => tornApplies(t, op, G));
    assert.deepEqual(applies({ kind: 'program', addr: 0, data: new Uint8Array(8) }), ['before', 'after', 'bits']);
    assert.deepEqual(applies({ kind: 'program', addr: 0, data: new Uint8Array(16) }), ['before', 'after', 'prefix', 'bits']);
    assert.deepEqual(applies({ kind: 'erase', addr: 0, len: 512 }), ['before', 'after', 'erase-partial', 'erase-bits', 'erase-zero']);
  });

  it('strict flash writes nothing it refuses, whatever the torn model', () => {
    const image = new Uint8Array(4096).fill(0xff);
    image[8] = 0x00;
    const op: Mutation = { kind: 'program', addr: 0, data: new Uint8Array(64).fill(0x5a) };
    for (const t of TORN_MODELS) assert.deepEqual(tornImage(t as TornModel, image, op, { mode: 'strict', geometry: G, seed: 1 }), image);
  });
});

describe('crash enumeration', () => {
  it('replaying the recorded trace gives exactly the image a re-execution with the cut armed leaves, at every crash point', () => {
    for (const [seed, mode] of [[3, 'nor'], [4, 'strict'], [5, 'overwrite']] as const) {
      const target = openCase(tdbstoreDriver, 'mbed', G, mode);
      const ops = generateTdbOps(seed, 14, G);
      const ref = recordReference(target, ops);
      const image = ref.initial.slice();
      const ctx = { mode, geometry: G, seed: 0 };
      let applied = 0;
      for (const p of crashPoints({ kind: 'exhaustive' }, ref.trace, ref.opStarts, TORN_MODELS, G, seed)) {
        for (; applied < p.step; applied++) applyTorn('after', image, ref.trace[applied], ctx);
        const replayed = image.slice();
        applyTorn(p.torn, replayed, ref.trace[p.step], { ...ctx, seed: p.tornSeed });
        const dev = new PowerCutDevice(new NorFlash(G, mode));
        dev.arm({ step: p.step, torn: p.torn, tornSeed: p.tornSeed });
        const s = target.store.create(dev);
        try {
          for (const op of ops) s.apply(op);
          assert.fail('the cut never came');
        } catch (e) {
          if (!isPowerLoss(e)) throw e;
        }
        assert.ok(Buffer.from(dev.flash.image()).equals(Buffer.from(replayed)), `step ${p.step} ${p.torn}`);
      }
      for (; applied < ref.trace.length; applied++) applyTorn('after', image, ref.trace[applied], ctx);
      assert.deepEqual(image, ref.finalImage, 'the whole trace replays to the final image');
    }
  });

  it('schedules: exhaustive covers every step x applicable model; linear one per step; log spaces within ops; random:K draws K', () => {
    const ref = recordReference(openCase(tdbstoreDriver, 'mbed', G, 'nor'), generateTdbOps(9, 20, G));
    const ex = crashPoints({ kind: 'exhaustive' }, ref.trace, ref.opStarts, TORN_MODELS, G, 1);
    assert.equal(ex.length, ref.trace.reduce((n, m) => n + TORN_MODELS.filter((t) => tornApplies(t, m, G)).length, 0));
    assert.equal(crashPoints({ kind: 'linear' }, ref.trace, ref.opStarts, TORN_MODELS, G, 1).length, ref.trace.length);
    const log = crashPoints({ kind: 'log' }, ref.trace, ref.opStarts, TORN_MODELS, G, 1);
    assert.ok(log.length > 0 && log.length <= ex.length);
    const logSteps = new Set(log.map((p) => p.step));
    const bounds = [...ref.opStarts, ref.trace.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      if (bounds[i + 1] > bounds[i]) assert.ok(logSteps.has(bounds[i]) && logSteps.has(bounds[i + 1] - 1), `log visits op ${i}'s first and last step`);
    }
    const linear = crashPoints({ kind: 'linear' }, ref.trace, ref.opStarts, TORN_MODELS, G, 1);
    assert.deepEqual(linear.map((p) => p.step), ref.trace.map((_, s) => s));
    assert.ok(linear.every((p) => tornApplies(p.torn, ref.trace[p.step], G)));
    const random = crashPoints({ kind: 'random', count: 25 }, ref.trace, ref.opStarts, TORN_MODELS, G, 1);
    assert.equal(random.length, 25);
    assert.ok(random.every((p, i) => i === 0 || random[i - 1].step <= p.step));
    assert.deepEqual(parseSchedule('random:7'), { kind: 'random', count: 7 });
    assert.equal(parseSchedule('random:0'), undefined);
  });

  it('the cut device: power dies at the planned step, before it lands; device errors and worn-out units fail exactly there', () => {
    const dev = new PowerCutDevice(new NorFlash(G, 'nor'));
    dev.arm({ step: 2, torn: 'before', tornSeed: 0 });
    assert.equal(dev.program(0, new Uint8Array(8).fill(0)), 0);
    assert.equal(dev.erase(512, 512), 0);
    assert.throws(() => dev.program(8, new Uint8Array(8).fill(0)), isPowerLoss);
    assert.equal(dev.steps, 2, 'the interrupted step is not counted as done');
    assert.deepEqual([...dev.flash.image().subarray(8, 16)], new Array(8).fill(0xff), 'nothing of the interrupted step landed');
    assert.equal(dev.program(8, new Uint8Array(8).fill(0)), 0, 'one cut per arm');

    const failing = new PowerCutDevice(new NorFlash(G, 'nor'));
    failing.deviceErrorSteps = new Set([1, 2]);
    assert.equal(failing.program(0, new Uint8Array(8).fill(0)), 0);
    assert.equal(failing.program(8, new Uint8Array(8).fill(0)), BdStatus.DEVICE_ERROR);
    assert.equal(failing.erase(0, 512), BdStatus.DEVICE_ERROR);
    assert.deepEqual([...failing.flash.image().subarray(0, 16)], [...new Array(8).fill(0), ...new Array(8).fill(0xff)], 'a failed step changes nothing');

    const worn = new PowerCutDevice(new NorFlash(G, 'nor'));
    worn.wearLimit = 2;
    assert.deepEqual([worn.erase(0, 512), worn.erase(0, 512), worn.erase(0, 512), worn.erase(512, 512)], [0, 0, BdStatus.DEVICE_ERROR, 0]);
  });

  it('replay ids round-trip, listed ops included', () => {
    const c = {
      engine: 'tdbstore',
      profile: 'mbed',
      geometry: '4096:512:8:1',
      flash: 'strict',
      ops: { kind: 'listed' as const, lines: ['init', 'set a 00', 'set hex:c3a9 - 0x2'] },
      cut: { fault: 'power-cut' as const, step: 12, torn: 'erase-bits' as const, tornSeed: 4000000000 },
      nested: { fault: 'power-cut' as const, step: 3, torn: 'prefix' as const, tornSeed: 7 },
    };
    assert.deepEqual(decodeReplayId(encodeReplayId(c)), c);
    assert.throws(() => decodeReplayId('fp1/tdbstore/mbed'), /not a flashproof replay id/);
    assert.throws(() => decodeReplayId('fp1/tdbstore/mbed/4096:512:8:1/nor/g1x2/5.sideways.1'), /bad cut/);
  });
});
