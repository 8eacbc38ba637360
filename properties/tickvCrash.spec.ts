// Power cuts at every flash step of random raw TicKV sequences (objects sized to fill regions exactly, too), every torn
// model, nested cuts (depth 2): hardened must show no violation in any flash mode; faithful must show every violation
// class of the TicKV findings.
import { FLASH_MODES } from '../engine/flash/norFlash';
import type { TicKVProfileName } from '../engine/tickv/profile';
import { openCase } from '../faults/crash/storeCase';
import { tickvDriver } from '../faults/drivers';
import { TICKV_FINDINGS } from '../faults/findings/tickv';
import { tickvCrashOpsArb } from './arbitraries/tickvCrashArbitraries';
import { newTotals, tickvCrashProperty, totalsLine } from './arbitraries/tickvCrashProperty';
import { assertFindsClasses } from './support/findingClasses';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = { hardened: 300, faithful: 60 } as const;
const grand = { points: 0, nested: 0 };

/** Every flash mode in turn; returns the violation classes found over all of them. */
function sweep(profile: TicKVProfileName): Map<string, number> {
  const all = new Map<string, number>();
  for (const mode of FLASH_MODES) {
    const name = `tickv crash ${profile} ${mode}`;
    const totals = newTotals();
    const prop = tickvCrashProperty((p, g, m) => openCase(tickvDriver, p, g, m), (g) => tickvCrashOpsArb(g, 24), profile, mode, totals);
    assertProperty(name, prop, runSettings(name, RUNS[profile]));
    grand.points += totals.points;
    grand.nested += totals.nested;
    for (const [k, n] of totals.violations) all.set(k, (all.get(k) ?? 0) + n);
    console.log(`      ${mode}: ${totalsLine(totals)}`);
  }
  return all;
}

describe('TicKV under power cuts at every flash step (torn models, depth 2)', () => {
  it('tickv crash hardened (nor, strict, overwrite flash): no violation at any crash point', function () {
    this.timeout(360000);
    sweep('hardened');
  });

  it('tickv crash faithful (nor, strict, overwrite flash): every violation class of the TicKV findings is found', function () {
    this.timeout(120000);
    assertFindsClasses('the faithful TicKV crash sweep', sweep('faithful'), TICKV_FINDINGS, {
      'TK-10': 'unstable cells are an opt-in torn model (weak-read): weakCells.spec.ts sweeps it',
    });
  });

  after(() => {
    console.log(`      TicKV crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
  });
});
