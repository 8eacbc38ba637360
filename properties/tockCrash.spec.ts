// Power cuts at every page program and erase of random Tock KV sequences (random identities and permissions),
// every torn model, nested cuts (depth 2): the hardened stack must show no violation in any flash mode; the
// faithful stack's are counted (set/update may leave the key absent there: the capsules document that order).
import { FLASH_MODES } from '../engine/flash/norFlash';
import { openCase } from '../faults/crash/storeCase';
import { tockDriver } from '../faults/drivers';
import { tockCrashOpsArb } from './arbitraries/tickvCrashArbitraries';
import { newTotals, tickvCrashProperty, totalsLine } from './arbitraries/tickvCrashProperty';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = { hardened: 220, faithful: 60 } as const;
const grand = { points: 0, nested: 0 };

describe('Tock KV stack under power cuts at every flash step (torn models, depth 2)', () => {
  for (const profile of ['hardened', 'faithful'] as const) {
    for (const mode of FLASH_MODES) {
      const name = `tock crash ${profile} ${mode}`;
      it(`${profile} on ${mode} flash: ${profile === 'hardened' ? 'no violation at any crash point' : 'violations counted'}`, function () {
        this.timeout(120000);
        const totals = newTotals();
        const prop = tickvCrashProperty((p, g, m) => openCase(tockDriver, p, g, m), (g) => tockCrashOpsArb(g, 24), profile, mode, totals);
        assertProperty(name, prop, runSettings(name, RUNS[profile]));
        grand.points += totals.points;
        grand.nested += totals.nested;
        console.log(`      ${totalsLine(totals)}`);
      });
    }
  }

  after(() => {
    console.log(`      Tock crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
  });
});
