// The crash suite TicKV and the Tock stack share: every flash mode in turn, hardened clean, faithful finding every
// violation class of its findings.
import type fc from 'fast-check';
import type { Geometry } from '../../engine/flash/blockDevice';
import { FLASH_MODES } from '../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../engine/tickv/profile';
import { openCase } from '../../faults/crash/storeCase';
import type { EngineDriver } from '../../faults/driver/types';
import type { Finding } from '../../faults/findings/tdbstore';
import { newTotals, tickvCrashProperty, totalsLine } from '../arbitraries/tickvCrashProperty';
import { assertFindsClasses } from './findingClasses';
import { assertProperty, runSettings } from './fcEnv';

export interface TicKVCrashSuite<Op> {
  /** `describe` title, and the short name in property names and log lines (e.g. `tickv`, `TicKV`). */
  title: string;
  name: string;
  label: string;
  driver: EngineDriver<Op>;
  opsArb: (g: Geometry) => fc.Arbitrary<Op[]>;
  findings: readonly Finding[];
  runs: Record<TicKVProfileName, number>;
  /** Findings the faithful sweep need not reach, with why (see assertFindsClasses). */
  exempt?: Readonly<Record<string, string>>;
}

export function describeTicKVCrash<Op>(s: TicKVCrashSuite<Op>): void {
  const grand = { points: 0, nested: 0 };

  /** Every flash mode in turn; returns the violation classes found over all of them. */
  function sweep(profile: TicKVProfileName): Map<string, number> {
    const all = new Map<string, number>();
    for (const mode of FLASH_MODES) {
      const name = `${s.name} crash ${profile} ${mode}`;
      const totals = newTotals();
      const prop = tickvCrashProperty((p, g, m) => openCase(s.driver, p, g, m), s.opsArb, profile, mode, totals);
      assertProperty(name, prop, runSettings(name, s.runs[profile]));
      grand.points += totals.points;
      grand.nested += totals.nested;
      for (const [k, n] of totals.violations) all.set(k, (all.get(k) ?? 0) + n);
      console.log(`      ${mode}: ${totalsLine(totals)}`);
    }
    return all;
  }

  describe(s.title, () => {
    it(`${s.name} crash hardened (nor, strict, overwrite flash): no violation at any crash point`, function () {
      this.timeout(360000);
      sweep('hardened');
    });

    it(`${s.name} crash faithful (nor, strict, overwrite flash): every violation class of the ${s.label} findings is found`, function () {
      this.timeout(120000);
      assertFindsClasses(`the faithful ${s.label} crash sweep`, sweep('faithful'), s.findings, s.exempt);
    });

    after(() => {
      console.log(`      ${s.label} crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
    });
  });
}
