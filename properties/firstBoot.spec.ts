// First boot and start images: garbage at the first boot (typed status or format, never a throw; a completed
// format is usable; cuts inside it), and cases that start from an image file or a generated aged store.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeGeometry } from '../engine/flash/geometry';
import type { Geometry } from '../engine/flash/blockDevice';
import { NorFlash } from '../engine/flash/norFlash';
import { TDBStore } from '../engine/tdbstore/tdbStore';
import { garbageImage, runGarbageCase } from '../faults/crash/garbage';
import { runCase } from '../faults/crash/runCase';
import { imageStart, withStart } from '../faults/crash/start';
import { openCase, type StoreCase } from '../faults/crash/storeCase';
import { tdbstoreDriver, tickvDriver, tockDriver } from '../faults/drivers';
import type { AnyDriver } from '../faults/driver/types';
import { replay } from '../faults/replay';
import { decodeReplayId } from '../faults/replayId';
import { TORN_MODELS } from '../faults/torn';
import { runCampaign } from '../api/campaign';

const TDB = makeGeometry(4096, 512, 8);
const KV = makeGeometry(1024, 256, 1);
const ENGINES: Array<[AnyDriver, Geometry, string[]]> = [
  [tdbstoreDriver, TDB, ['mbed', 'hardened']],
  [tickvDriver, KV, ['faithful', 'hardened']],
  [tockDriver, KV, ['faithful', 'hardened']],
];

describe('first boot on blank flash: cuts inside the mount/format', () => {
  for (const [d, g] of ENGINES) {
    it(`${d.name} hardened: every cut in the first boot's format recovers (depth 2)`, () => {
      const c = openCase(d, 'hardened', g, 'nor');
      const ops = d.ops.generate(1, 0, g); // the first op alone: the boot that formats blank flash
      const r = runCase(c, ops, { schedule: { kind: 'exhaustive' }, torn: TORN_MODELS, depth: 2, seed: 1, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'generated', seed: 1, count: 0 } });
      assert.ok(r.crashPoints > 3, `${r.crashPoints} crash points in the format`);
      assert.deepEqual(r.violations.map((v) => v.id), []);
    });
  }
});

describe('first boot on garbage (fault garbage)', () => {
  it('garbage images are seeded, never blank, and mix erased, random, zeroed and filled units', () => {
    const g = makeGeometry(8192, 256, 8);
    const kinds = new Set<string>();
    for (let seed = 0; seed < 30; seed++) {
      const a = garbageImage(seed, g);
      assert.deepEqual(garbageImage(seed, g), a);
      assert.ok(a.some((b) => b !== 0xff), 'not blank');
      for (let u = 0; u < 32; u++) {
        const unit = a.subarray(u * 256, (u + 1) * 256);
        kinds.add(unit.every((b) => b === 0xff) ? 'erased' : unit.every((b) => b === 0) ? 'zero' : unit.every((b) => b === unit[0]) ? 'fill' : 'random');
      }
    }
    assert.equal(kinds.size, 4);
  });

  for (const [d, g, profiles] of ENGINES) {
    for (const profile of profiles) {
      it(`${d.name} ${profile}: mounts garbage with a typed status or formats it, never throws${profile === 'hardened' ? '; the format is usable, cuts in it too' : ''}`, () => {
        const c = openCase(d, profile, g, 'nor');
        for (const seed of [1, 2, 3, 4, 5, 6]) {
          const ops = d.ops.generate(seed, 12, g);
          const r = runGarbageCase(c, ops, { opsSpec: { kind: 'generated', seed, count: 12 }, seeds: [seed], torn: TORN_MODELS, cuts: 12 });
          assert.ok(r.crashPoints >= 1 && r.nestedPoints > 0, 'the first boot wrote, and was cut');
          const thrown = r.violations.filter((v) => v.kind === 'crash' || v.kind === 'hang');
          assert.deepEqual(thrown.map((v) => v.id), [], 'never a throw');
          if (profile === 'hardened') assert.deepEqual(r.violations.map((v) => `${v.kind}@${v.stage}: ${v.id}`), []);
        }
      });
    }
  }

  it('is no no-op: a store that throws on a non-blank first boot is caught, and the id replays it', () => {
    const d: AnyDriver = {
      ...tdbstoreDriver,
      open: (profile, g, mode) => {
        const store = tdbstoreDriver.open(profile, g, mode);
        return {
          ...store,
          mount: (device) => {
            if (device.read(0, 4096).some((b) => b !== 0xff)) throw new Error('garbage');
            return store.mount(device);
          },
        };
      },
    };
    const c = openCase(d, 'hardened', TDB, 'nor');
    const r = runGarbageCase(c, d.ops.generate(1, 8, TDB), { opsSpec: { kind: 'generated', seed: 1, count: 8 }, seeds: [9], torn: TORN_MODELS, cuts: 0 });
    assert.equal(r.violations[0]?.kind, 'crash');
    const id = decodeReplayId(r.violations[0].id);
    assert.deepEqual(id.cut, { fault: 'garbage', step: 0, torn: null, tornSeed: 9 });
    assert.equal(replay('fp1/tdbstore/hardened/4096:512:8:1/nor/g1x8/0.garbage.9/3.prefix.5').result.violations.length, 0, 'a cut inside its format replays');
  });
});

describe('start images (--start-image, --start aged)', () => {
  it('the TDBStore model of an image is what a mount reads from it', () => {
    for (const profile of ['mbed', 'hardened'] as const) {
      const c = openCase(tdbstoreDriver, profile, TDB, 'nor');
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const flash = new NorFlash(TDB, 'nor');
        const s = new TDBStore(flash, profile);
        s.init();
        for (let i = 0; i < seed * 3; i++) s.set(`k${i % 5}`, new Uint8Array(seed * 20 + i).fill(i));
        if (seed % 2) s.reservedDataSet(new Uint8Array([seed]));
        const image = flash.image();
        const model = c.store.startModel?.(image);
        assert.ok(model && typeof model !== 'string');
        const m = model.clone();
        m.apply({ op: 'init' });
        const mounted = c.store.mount(new NorFlash(TDB, 'nor', image));
        assert.deepEqual([...mounted.subject.view().keys], [...m.view().keys], `${profile} seed ${seed}`);
        assert.equal(mounted.subject.view().extra, m.view().extra);
      }
    }
  });

  it('an aged start finds TDB-8 in a campaign-sized run on mbed, not on hardened; its id names the start', () => {
    const id = 'fp1/tdbstore/mbed/16384:4096:8:1/nor/g1x40+aged.1/-';
    assert.deepEqual(decodeReplayId(id).ops.start, { kind: 'aged', seed: 1 });
    const v = replay(id).result.violations[0];
    assert.equal(`${v?.kind}@${v?.stage}`, 'lost@reference');
    assert.equal(v.id, id);
    assert.deepEqual(replay(id, { profile: 'hardened' }).result.violations, []);
  });

  it('a start image: ids carry its hash, a replay needs the same file, and the run starts from what it holds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-start-'));
    try {
      const flash = new NorFlash(TDB, 'nor');
      const s = new TDBStore(flash, 'mbed');
      s.init();
      s.set('a', new Uint8Array([1]));
      const file = path.join(dir, 'field.img');
      fs.writeFileSync(file, flash.image());
      const c: StoreCase<unknown> = withStart(openCase(tdbstoreDriver, 'mbed', TDB, 'nor'), imageStart(flash.image()), file);
      const r = runCase(c, [{ op: 'init' }, { op: 'get', key: new Uint8Array([0x61]) }, { op: 'set', key: new Uint8Array([0x62]), value: new Uint8Array(2), flags: 0 }], {
        schedule: { kind: 'exhaustive' }, torn: ['after'], depth: 1, seed: 1, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'listed', lines: ['init', 'get a', 'set b 0000'] },
      });
      assert.deepEqual(r.violations, []);
      assert.ok(r.crashPoints > 0);
      const start = imageStart(flash.image());
      assert.equal(start.kind, 'image');
      const id = `fp1/tdbstore/mbed/4096:512:8:1/nor/g1x3+img.${start.kind === 'image' ? start.sha256 : ''}/-`;
      assert.throws(() => replay(id), /give --start-image FILE/);
      assert.doesNotThrow(() => replay(id, { startImage: file }));
      fs.writeFileSync(file, new Uint8Array(4096).fill(0xff));
      assert.throws(() => replay(id, { startImage: file }), /is not the start image/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a campaign from a start image prints replay lines that name the image (they run only with it)", async function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-start-report-'));
    try {
      const flash = new NorFlash(makeGeometry(4096, 512, 8), 'nor');
      const s = new TDBStore(flash, 'mbed');
      s.init();
      s.set('a', new Uint8Array([1, 2, 3]));
      const file = path.join(dir, 'field.img');
      fs.writeFileSync(file, flash.image());
      const out = path.join(dir, 'campaign');
      const r = await runCampaign({ driver: 'tdbstore', profile: 'mbed', geometry: '4096:512:8', flash: 'nor', seeds: 3, ops: 12, startImage: file, out, workers: 1 });
      assert.equal(r.verdict, 'fail', 'mbed on NOR shows TDB-1 within three 12-op cases');
      const lines = fs.readFileSync(path.join(out, 'report.md'), 'utf8').split('\n').filter((l) => l.includes('npx flashproof replay'));
      assert.ok(lines.length > 0);
      for (const l of lines) assert.match(l, /\+img\.[0-9a-f]{12,64}.* --start-image '[^']*field\.img'/, l);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
