// Power cuts at every program/erase step of random raw TicKV sequences, every torn model, nested cuts (depth 2):
// hardened must show no violation in any flash mode; faithful's are counted (its findings are asserted elsewhere).
import { FLASH_MODES } from '../engine/flash/norFlash';
import { openCase } from '../faults/crash/storeCase';
import { tickvDriver } from '../faults/drivers';
import { tickvCrashOpsArb } from './arbitraries/tickvCrashArbitraries';
import { newTotals, tickvCrashProperty, totalsLine } from './arbitraries/tickvCrashProperty';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = { hardened: 300, faithful: 60 } as const;
const grand = { points: 0, nested: 0 };

describe('TicKV under power cuts at every flash step (torn models, depth 2)', () => {
  for (const profile of ['hardened', 'faithful'] as const) {
    for (const mode of FLASH_MODES) {
      const name = `tickv crash ${profile} ${mode}`;
      it(`${profile} on ${mode} flash: ${profile === 'hardened' ? 'no violation at any crash point' : 'violations counted'}`, function () {
        this.timeout(120000);
        const totals = newTotals();
        const prop = tickvCrashProperty((p, g, m) => openCase(tickvDriver, p, g, m), (g) => tickvCrashOpsArb(g, 24), profile, mode, totals);
        assertProperty(name, prop, runSettings(name, RUNS[profile]));
        grand.points += totals.points;
        grand.nested += totals.nested;
        console.log(`      ${totalsLine(totals)}`);
      });
    }
  }

  after(() => {
    console.log(`      TicKV crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
  });
});
