// Every finding about the tickv crate and Tock's KV capsules still reproduces from its replay id on the faithful
// profile, and the hardened profile does not have it: the harness can never silently get weaker.
import assert from 'node:assert/strict';
import { BdStatus, type BdStatusCode, type BlockDevice } from '../engine/flash/blockDevice';
import { NorFlash } from '../engine/flash/norFlash';
import type { TicKVProfileName } from '../engine/tickv/profile';
import { kernelPermissions } from '../engine/tock/permissions';
import { KVStorePermissions } from '../engine/tock/kvPermissions';
import { TicKVKVStore } from '../engine/tock/kvStore';
import { SubSliceMut } from '../engine/tock/subSliceMut';
import { TicKVSystem } from '../engine/tock/tickvSystem';
import { resultText, type Completion } from '../engine/tock/errorCode';
import { u64FromBeBytes } from '../engine/codec/siphash';
import { MAIN_KEY_HASH as ENGINE_MAIN_KEY_HASH } from '../engine/codec/tickvObject';
import { tickvGeometry } from '../engine/tickv/regionController';
import type { Finding } from '../faults/findings/tdbstore';
import { TICKV_FINDINGS } from '../faults/findings/tickv';
import { TOCK_FINDINGS } from '../faults/findings/tock';
import { replayId } from '../faults/replay';
import { TickvSubject } from '../models/subjects/tickvSubject';
import { TockSubject } from '../models/subjects/tockSubject';
import { MAIN_KEY_HASH, tickvOpText } from '../models/tickv/ops';
import { parseTickvOp } from '../models/tickv/parse';
import { tockOpText } from '../models/tock/ops';
import { parseTockOp } from '../models/tock/parse';
import { generateTickvOps } from '../faults/drivers/tickv/generate';
import { generateTockOps } from '../faults/drivers/tock/generate';
import { encodeReplayId } from '../faults/replayId';
import { toHex } from '../engine/codec/bytes';
import { FLAW_SCRIPTS } from './commands/tockFlawScripts';

function still(f: Finding): void {
  const faithful = replayId(f.replay as string);
  const v = faithful.result.violations[0];
  assert.ok(v, `${f.id} no longer reproduces on faithful`);
  assert.deepEqual({ kind: v.kind, stage: v.stage }, f.expect);
  assert.equal(v.id, f.replay, 'the replay id names the same case');
  const hardened = replayId(f.replay as string, { profile: 'hardened' });
  assert.deepEqual(hardened.result.violations.map((x) => `${x.kind} at ${x.stage}: ${x.summary}`), []);
}

describe('TicKV findings (tickv 2.0.0) still found, and fixed in hardened', () => {
  for (const f of TICKV_FINDINGS) it(`${f.id}: ${f.title}`, () => still(f));
});

describe('Tock KV findings (capsules) still found, and fixed in hardened', () => {
  for (const f of TOCK_FINDINGS.filter((x) => x.replay)) {
    it(`${f.id}: ${f.title}`, function () {
      this.timeout(60000); // TO-6 runs into the 200,000-step budget of a replay
      still(f);
    });
  }

  it('every Tock finding without a replay id has a dedicated test here', () => {
    assert.deepEqual(TOCK_FINDINGS.filter((f) => !f.replay).map((f) => f.id), ['TO-11']);
  });

  for (const profile of ['faithful', 'hardened'] as const) {
    it(`TO-11 (${profile}): a GC that fails ${profile === 'faithful' ? 'never calls back, and every later request is BUSY' : 'calls back, and the stack stays usable'}`, () => {
      const torn = gcStack(profile);
      torn.flash.cells[torn.emptyRegion * 256] = 0x5a; // a torn version byte: neither erased nor 0x01
      const afterTorn = [answer(torn.kv.garbageCollect()), answer(torn.get())];
      assert.deepEqual(afterTorn, profile === 'faithful' ? ['pending', 'immediate BUSY'] : ['Ok(())', 'Ok 01']);
      const failing = gcStack(profile);
      answer(failing.kv.delete(failing.key, kernelPermissions())); // its region now holds nothing live: GC erases it
      failing.device.failing = true;
      const afterError = [answer(failing.kv.garbageCollect()), answer(failing.get())];
      // faithful drops the erase error (TO-5), so its GC "succeeds"; hardened reports it, calls back and goes on.
      assert.deepEqual(afterError, profile === 'faithful' ? ['Ok(())', 'Err(NOSUPPORT)'] : ['Err(FAIL)', 'Err(NOSUPPORT)']);
    });
  }

  it('every flaw script of the model-based Tock spec shows up as a violation on faithful, none on hardened', () => {
    for (const script of FLAW_SCRIPTS) {
      const lines = ['# reboot', ...script.steps.map(([op]) => tockOpText(op))];
      const id = encodeReplayId({ engine: 'tock', profile: 'faithful', geometry: '512:256:1:1', flash: 'nor', ops: { kind: 'listed', lines }, cut: null, nested: null });
      assert.ok(replayId(id).result.violations.length > 0, script.name);
      assert.deepEqual(replayId(id, { profile: 'hardened' }).result.violations, [], script.name);
    }
  });
});

/** Small values, no GC, no wipe: sequences where the crate's flaws (full regions, GC, a wiped store) cannot bite. */
const plain = <Op extends { op: string }>(ops: Op[]): Op[] =>
  ops.filter((o) => o.op !== 'gc' && o.op !== 'init' && !('value' in o && (o.value as Uint8Array).length > 24)).slice(0, 20);

describe('TicKV and Tock: one on-flash format for both profiles', () => {
  const S = 1024;
  const N = 4;
  const g = tickvGeometry(S, N);
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`seed ${seed}: both profiles write the same bytes, and each reads what the other wrote`, () => {
      const tickvOps = plain(generateTickvOps(seed, 60, g)).filter((o) => !('key' in o) || o.key.hash !== MAIN_KEY_HASH);
      const images = (['faithful', 'hardened'] as const).map((profile) => {
        const flash = new NorFlash(g, 'nor');
        const s = new TickvSubject(flash, S, N, profile);
        s.apply({ op: 'init' });
        for (const o of tickvOps) s.apply(o);
        return flash;
      });
      assert.equal(toHex(images[1].cells), toHex(images[0].cells), 'raw TicKV images');
      const [onFaithful, onHardened] = [new TickvSubject(images[0], S, N, 'hardened'), new TickvSubject(images[1], S, N, 'faithful')];
      for (const o of tickvOps) if ('key' in o) assert.equal(onFaithful.peek(o.key.hash), onHardened.peek(o.key.hash));
      const tockOps = plain(generateTockOps(seed, 60, g));
      const tockImages = (['faithful', 'hardened'] as const).map((profile) => {
        const flash = new NorFlash(g, 'nor');
        const s = new TockSubject(flash, S, N, profile);
        for (const o of tockOps) s.apply(o);
        return flash;
      });
      assert.equal(toHex(tockImages[1].cells), toHex(tockImages[0].cells), 'Tock images');
      const [tf, th] = [new TockSubject(tockImages[0], S, N, 'hardened'), new TockSubject(tockImages[1], S, N, 'faithful')];
      for (const o of tockOps) if ('key' in o) assert.equal(tf.peek(o.key), th.peek(o.key));
    });
  }

  it('op lines read back as the same ops', () => {
    for (const o of generateTickvOps(9, 80, g)) assert.deepEqual(parseTickvOp(tickvOpText(o)), o);
    for (const o of generateTockOps(9, 80, g)) assert.deepEqual(parseTockOp(tockOpText(o)), o);
  });
});

/** Erases fail while `failing` is set; everything else goes to the flash. */
class FailingErases implements BlockDevice {
  failing = false;
  readonly geometry;
  constructor(readonly flash: NorFlash) {
    this.geometry = flash.geometry;
  }
  read(addr: number, len: number): Uint8Array {
    return this.flash.read(addr, len);
  }
  program(addr: number, data: Uint8Array): BdStatusCode {
    return this.flash.program(addr, data);
  }
  erase(addr: number, len: number): BdStatusCode {
    return this.failing ? BdStatus.DEVICE_ERROR : this.flash.erase(addr, len);
  }
  sync(): BdStatusCode {
    return BdStatus.OK;
  }
}

/** How the shell prints a completion. */
function answer(c: Completion): string {
  if (c.kind === 'pending') return 'pending';
  if (c.kind === 'immediate') return `immediate ${c.code}`;
  const buf = c.buffer?.asSlice();
  return buf && c.result.ok ? `Ok ${toHex(buf)}` : resultText(c.result);
}

/** A booted stack of three 256-byte regions: the main key in one, a kernel key (value 01) in another, one empty. */
function gcStack(profile: TicKVProfileName) {
  const flash = new NorFlash(tickvGeometry(256, 3), 'nor');
  const device = new FailingErases(flash);
  const system = new TicKVSystem(device, 256, 3, profile);
  system.initialise();
  const kv = new KVStorePermissions(new TicKVKVStore(system));
  const region = (hash: bigint): number => Number(hash & 0xffffn) % 3; // tickv.rs get_region
  const home = (k: Uint8Array): number => region(u64FromBeBytes(system.generateKey(k)));
  const mainRegion = region(ENGINE_MAIN_KEY_HASH);
  const key = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => new Uint8Array(Buffer.from(c))).find((k) => home(k) !== mainRegion) as Uint8Array;
  const value = new Uint8Array(10);
  value[9] = 1;
  assert.equal(answer(kv.set(key, value, kernelPermissions())), 'Ok(())');
  const emptyRegion = [0, 1, 2].find((r) => r !== mainRegion && r !== home(key)) as number;
  const get = (): Completion => kv.get(key, new SubSliceMut(new Uint8Array(64)), kernelPermissions());
  return { flash, device, kv, key, emptyRegion, get };
}
