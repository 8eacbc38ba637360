// Model-based testing of the Tock KV stack: permissioned ops from random identities, reboots and GC; the engine
// and the model agree, and no op reads or modifies anything without permission.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NorFlash } from '../engine/flash/norFlash';
import { tickvGeometry } from '../engine/tickv/regionController';
import { TockSubject } from '../models/subjects/tockSubject';
import type { TickvGeometry } from '../models/tickv/regions';
import { tockOpText, type TockOp } from '../models/tock/ops';
import type { PermSpec } from '../models/tock/permissions';
import { SET_FOREIGN_COPY, TockModel } from '../models/tock/tockModel';
import { tickvGeometryArb } from './arbitraries/tickvArbitraries';
import { permArb, tockKeyArb, tockOpArb } from './arbitraries/tockArbitraries';
import { share } from './commands/tickvCommands';
import { tockBadInputArb } from './commands/tockBadInput';
import { assertSameTockFlash, newTockEvents, runTockOp, TockFillCommand, TockOpCommand, type TockModelBox, type TockRunEvents } from './commands/tockCommands';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = 300;
const MAX_COMMANDS = 60;
const NAME = 'tock model';

function runArb(replayPath: string | undefined) {
  return tickvGeometryArb.chain((geometry: TickvGeometry) =>
    fc.record({
      geometry: fc.constant(geometry),
      cmds: fc.commands(
        [
          fc.oneof(
            { weight: 40, arbitrary: tockOpArb(geometry).map((o) => new TockOpCommand(o)) },
            {
              weight: 4,
              arbitrary: fc
                .tuple(fc.constantFrom('set' as const, 'add' as const), tockKeyArb, permArb, fc.integer({ min: -4, max: 14 }))
                .map(([op, k, p, d]) => new TockFillCommand(op, k, p, d)),
            },
            { weight: 1, arbitrary: tockBadInputArb },
          ),
        ],
        { maxCommands: MAX_COMMANDS, size: 'max', replayPath },
      ),
    }),
  );
}

function modelProperty(runs: TockRunEvents[], replayPath: string | undefined) {
  return fc.property(runArb(replayPath), ({ geometry, cmds }) => {
    const { regionSizeBytes: S, regions: N } = geometry;
    const subject = new TockSubject(new NorFlash(tickvGeometry(S, N), 'nor'), S, N);
    const box: TockModelBox = { model: new TockModel(geometry), keys: new Map(), events: newTockEvents() };
    box.model.boot();
    try {
      assertSameTockFlash('(boot)', box.model, subject);
      fc.modelRun(() => ({ model: box, real: subject }), cmds);
    } catch (e) {
      (e as Error).message = `geometry ${N} x ${S}: ${(e as Error).message}`;
      throw e;
    }
    runs.push(box.events);
  });
}

describe('Tock KV stack vs reference model (KVStorePermissions over TicKV)', () => {
  it('agrees on every result and flash byte, and never reads or modifies without permission', function () {
    this.timeout(240000);
    const settings = runSettings(NAME, RUNS);
    const runs: TockRunEvents[] = [];
    assertProperty(NAME, modelProperty(runs, settings.replayPath), settings);
    const commands = runs.reduce((a, e) => a + e.commands, 0);
    const s = (pick: (e: TockRunEvents) => boolean): string => share(runs, pick);
    console.log(
      `      ${runs.length} runs, ${commands} commands; runs with NOMEM ${s((e) => e.nomem)}, GC freeing something ${s((e) => e.gcFreed)}, ` +
        `read denied ${s((e) => e.deniedRead)}, modify denied ${s((e) => e.deniedModify)}, INVAL (no write id) ${s((e) => e.noWriteId)}, ` +
        `SIZE ${s((e) => e.size)} (partial get ${s((e) => e.partialRead)}), add of an existing key ${s((e) => e.keyExists)}, reboot ${s((e) => e.reboot)}`,
    );
    console.log(
      `      set invalidating twice ${s((e) => e.setLoop)}, duplicate live copies ${s((e) => e.duplicate)}, live keys get cannot reach ${s((e) => e.unreachable)}, ` +
        `kernel panic on a lost read buffer ${s((e) => e.lostBufferPanic)}, on a get buffer under 9 bytes ${s((e) => e.headerPanic)}, ` +
        `TicKVSystem busy for good ${s((e) => e.stuck)}, permission layer busy for good ${s((e) => e.permStuck)}, ` +
        `bad JS input ${s((e) => e.badInput)}, stopped predicting ${s((e) => e.poisoned !== null)}`,
    );
    const flaws = runs.filter((e) => e.flaws.length > 0);
    if (flaws.length > 0) console.log(`        ${flaws.length} runs hit a known capsule flaw, e.g. ${flaws[0].flaws[0]}`);
    const reasons = new Map<string, number>();
    for (const e of runs) if (e.poisoned) reasons.set(e.poisoned, (reasons.get(e.poisoned) ?? 0) + 1);
    for (const [reason, count] of reasons) console.log(`        ${count} runs stopped at: ${reason}`);
  });
});

/**
 * tickv_kv_store.rs checks permission once, on the copy get finds; set's retry loop (append -> NOSUPPORT ->
 * invalidate -> append) then invalidates whatever copy get finds next. With a hidden older copy (its home region
 * was erased by GC while it lived in the neighbour), app 3 destroys app 1's value. 2 regions x 256 bytes;
 * "b" and "f1"/"f2" live in region 1, the main key in region 0.
 */
const FOREIGN_COPY_SCRIPT: readonly TockOp[] = (() => {
  const self = (id: number): PermSpec => ({ kind: 'self', id });
  const b = new Uint8Array(Buffer.from('b'));
  const key = (k: string): Uint8Array => new Uint8Array(Buffer.from(k));
  const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
  return [
    { op: 'set', key: key('f1'), value: fill(210, 0x11), perm: self(2) }, // region 1 nearly full
    { op: 'set', key: b, value: fill(4, 0xaa), perm: self(1) }, // no room at home: b (app 1) goes to region 0
    { op: 'delete', key: key('f1'), perm: self(2) },
    { op: 'gc' }, // region 1 erased: app 1's b is unreachable (get stops at the empty home region)
    { op: 'set', key: b, value: fill(1, 0x01), perm: self(3) }, // missing, so app 3 may create it: a second copy
    { op: 'set', key: key('f2'), value: fill(150, 0x22), perm: self(2) },
    { op: 'set', key: b, value: fill(60, 0x33), perm: self(3) }, // invalidates app 3's copy, then app 1's
    { op: 'get', key: b, perm: self(1), bufLen: 4105 },
  ];
})();

describe('Tock KV stack: a known capsule flaw, replayed', () => {
  it('set over a hidden duplicate invalidates a copy the caller may not modify (model and engine agree)', () => {
    const geometry = { regionSizeBytes: 256, regions: 2 };
    const subject = new TockSubject(new NorFlash(tickvGeometry(256, 2), 'nor'), 256, 2);
    const box: TockModelBox = { model: new TockModel(geometry), keys: new Map(), events: newTockEvents() };
    box.model.boot();
    for (const op of FOREIGN_COPY_SCRIPT) runTockOp(op, tockOpText(op), box, subject);
    assert.equal(box.events.flaws.length, 1);
    assert.ok(box.events.flaws[0].startsWith(SET_FOREIGN_COPY), box.events.flaws[0]);
    assert.equal(box.model.apply({ op: 'get', key: new Uint8Array(Buffer.from('b')), perm: { kind: 'self', id: 1 }, bufLen: 4105 }).status, 'Err(NOSUPPORT)');
  });
});
