// Power cuts at every page program and erase of random Tock KV sequences (random identities and permissions, values
// sized to fill regions exactly, too), every torn model, nested cuts (depth 2): the hardened stack must show no
// violation in any flash mode; the faithful stack must show every violation class of the Tock findings.
import { FLASH_MODES } from '../engine/flash/norFlash';
import type { TicKVProfileName } from '../engine/tickv/profile';
import { openCase } from '../faults/crash/storeCase';
import { tockDriver } from '../faults/drivers';
import { TOCK_FINDINGS } from '../faults/findings/tock';
import { tockCrashOpsArb } from './arbitraries/tickvCrashArbitraries';
import { newTotals, tickvCrashProperty, totalsLine } from './arbitraries/tickvCrashProperty';
import { assertFindsClasses } from './support/findingClasses';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = { hardened: 220, faithful: 60 } as const;
const grand = { points: 0, nested: 0 };

/** Every flash mode in turn; returns the violation classes found over all of them. */
function sweep(profile: TicKVProfileName): Map<string, number> {
  const all = new Map<string, number>();
  for (const mode of FLASH_MODES) {
    const name = `tock crash ${profile} ${mode}`;
    const totals = newTotals();
    const prop = tickvCrashProperty((p, g, m) => openCase(tockDriver, p, g, m), (g) => tockCrashOpsArb(g, 24), profile, mode, totals);
    assertProperty(name, prop, runSettings(name, RUNS[profile]));
    grand.points += totals.points;
    grand.nested += totals.nested;
    for (const [k, n] of totals.violations) all.set(k, (all.get(k) ?? 0) + n);
    console.log(`      ${mode}: ${totalsLine(totals)}`);
  }
  return all;
}

describe('Tock KV stack under power cuts at every flash step (torn models, depth 2)', () => {
  it('tock crash hardened (nor, strict, overwrite flash): no violation at any crash point', function () {
    this.timeout(360000);
    sweep('hardened');
  });

  it('tock crash faithful (nor, strict, overwrite flash): every violation class of the Tock findings is found', function () {
    this.timeout(120000);
    assertFindsClasses('the faithful Tock crash sweep', sweep('faithful'), TOCK_FINDINGS);
  });

  after(() => {
    console.log(`      Tock crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
  });
});
