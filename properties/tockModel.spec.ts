// Model-based testing of the Tock KV stack: permissioned ops from random identities, reboots and GC; the engine
// and the model agree, and no op reads or modifies anything without permission.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NorFlash } from '../engine/flash/norFlash';
import { tickvGeometry } from '../engine/tickv/regionController';
import { TockSubject } from '../models/subjects/tockSubject';
import type { TickvGeometry } from '../models/tickv/regions';
import { tockOpText } from '../models/tock/ops';
import { SET_FOREIGN_COPY, TockModel } from '../models/tock/tockModel';
import { tickvGeometryArb } from './arbitraries/tickvArbitraries';
import { permArb, tockKeyArb, tockOpArb } from './arbitraries/tockArbitraries';
import { share } from './commands/tickvCommands';
import { tockBadInputArb } from './commands/tockBadInput';
import { FLAW_SCRIPTS } from './commands/tockFlawScripts';
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

describe('Tock KV stack: flaws of the real crate and capsules, replayed (model and engine agree)', () => {
  for (const script of FLAW_SCRIPTS) {
    it(script.name, () => {
      const subject = new TockSubject(new NorFlash(tickvGeometry(256, 2), 'nor'), 256, 2);
      const box: TockModelBox = { model: new TockModel({ regionSizeBytes: 256, regions: 2 }), keys: new Map(), events: newTockEvents() };
      box.model.boot();
      const statuses = script.steps.map(([op]) => runTockOp(op, tockOpText(op), box, subject)?.status);
      assert.deepEqual(statuses, script.steps.map(([, status]) => status));
      assert.equal(box.events.flaws.length, script.permissionBreaks);
      for (const flaw of box.events.flaws) assert.ok(flaw.startsWith(SET_FOREIGN_COPY), flaw);
    });
  }
});
