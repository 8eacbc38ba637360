// Model-based testing: random sequences of raw TicKV operations on the engine and on the reference model agree.
import fc from 'fast-check';
import { NorFlash } from '../engine/flash/norFlash';
import { tickvGeometry } from '../engine/tickv/regionController';
import { TickvSubject } from '../models/subjects/tickvSubject';
import { TickvModel } from '../models/tickv/tickvModel';
import type { TickvGeometry } from '../models/tickv/regions';
import { tickvGeometryArb, tickvKeyArb, tickvOpArb } from './arbitraries/tickvArbitraries';
import { tickvBadInputArb } from './commands/tickvBadInput';
import { newTickvEvents, share, TickvFillCommand, TickvOpCommand, type TickvModelBox, type TickvRunEvents } from './commands/tickvCommands';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = 400;
const MAX_COMMANDS = 60;
const NAME = 'tickv model';

function runArb(replayPath: string | undefined) {
  return tickvGeometryArb.chain((geometry: TickvGeometry) =>
    fc.record({
      geometry: fc.constant(geometry),
      // Most runs start like a board (init); some begin on blank flash, where nothing initialises the store.
      init: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      cmds: fc.commands(
        [
          fc.oneof(
            { weight: 40, arbitrary: tickvOpArb(geometry).map((o) => new TickvOpCommand(o)) },
            { weight: 4, arbitrary: fc.tuple(tickvKeyArb, fc.integer({ min: -4, max: 14 })).map(([k, d]) => new TickvFillCommand(k, d)) },
            { weight: 1, arbitrary: tickvBadInputArb },
          ),
        ],
        { maxCommands: MAX_COMMANDS, size: 'max', replayPath },
      ),
    }),
  );
}

function modelProperty(runs: TickvRunEvents[], replayPath: string | undefined) {
  return fc.property(runArb(replayPath), ({ geometry, init, cmds }) => {
    const { regionSizeBytes: S, regions: N } = geometry;
    const subject = new TickvSubject(new NorFlash(tickvGeometry(S, N), 'nor'), S, N);
    const box: TickvModelBox = { model: new TickvModel(geometry), keys: new Map(), events: newTickvEvents() };
    if (init) new TickvOpCommand({ op: 'init' }).run(box, subject);
    try {
      fc.modelRun(() => ({ model: box, real: subject }), cmds);
    } catch (e) {
      (e as Error).message = `geometry ${N} x ${S}${init ? '' : ' (no init)'}: ${(e as Error).message}`;
      throw e;
    }
    runs.push(box.events);
  });
}

describe('TicKV engine vs reference model (profile faithful)', () => {
  it('agrees on every result and every flash byte of random operation sequences', function () {
    this.timeout(240000);
    const settings = runSettings(NAME, RUNS);
    const runs: TickvRunEvents[] = [];
    assertProperty(NAME, modelProperty(runs, settings.replayPath), settings);
    const commands = runs.reduce((a, e) => a + e.commands, 0);
    const s = (pick: (e: TickvRunEvents) => boolean): string => share(runs, pick);
    console.log(
      `      ${runs.length} runs, ${commands} commands; runs with FlashFull ${s((e) => e.flashFull)}, ObjectTooLarge ${s((e) => e.objectTooLarge)}, ` +
        `KeyAlreadyExists ${s((e) => e.keyAlreadyExists)}, BufferTooSmall ${s((e) => e.bufferTooSmall)}, RegionFull ${s((e) => e.regionFull)}, ` +
        `GC freeing something ${s((e) => e.gcFreed)}, reboot ${s((e) => e.reboot)}, init wiping the store ${s((e) => e.initWiped)}`,
    );
    console.log(
      `      duplicate live copies ${s((e) => e.duplicate)}, live keys get cannot reach ${s((e) => e.unreachable)}, ` +
        `panic after a lost read buffer ${s((e) => e.lostBufferHalt)}, get_region assert ${s((e) => e.assertHalt)}, bad JS input ${s((e) => e.badInput)}, ` +
        `stopped predicting ${s((e) => e.poisoned !== null)}`,
    );
    const reasons = new Map<string, number>();
    for (const e of runs) if (e.poisoned) reasons.set(e.poisoned, (reasons.get(e.poisoned) ?? 0) + 1);
    for (const [reason, count] of reasons) console.log(`        ${count} runs stopped at: ${reason}`);
  });
});
