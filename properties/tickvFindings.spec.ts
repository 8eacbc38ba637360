// Every finding about the tickv crate and Tock's KV capsules still reproduces from its replay id on the faithful
// profile, and the hardened profile does not have it: the harness can never silently get weaker.
import assert from 'node:assert/strict';
import { NorFlash } from '../engine/flash/norFlash';
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
import { generateTickvOps } from '../faults/generate/tickvOps';
import { generateTockOps } from '../faults/generate/tockOps';
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
  for (const f of TOCK_FINDINGS) {
    it(`${f.id}: ${f.title}`, function () {
      this.timeout(60000); // TO-6 runs into the 200,000-step budget of a replay
      still(f);
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
