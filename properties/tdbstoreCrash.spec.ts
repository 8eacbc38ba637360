// Power cuts at every program/erase step of random sequences, every torn model, nested cuts (depth 2):
// hardened must show no violation in any flash mode; mbed's violations are counted (its findings are asserted elsewhere).
import fc from 'fast-check';
import type { Geometry } from '../engine/flash/blockDevice';
import { formatGeometry } from '../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { runCase } from '../faults/crash/runCase';
import type { CaseResult } from '../faults/crash/types';
import { openCase } from '../faults/crash/storeCase';
import { tdbstoreDriver } from '../faults/drivers';
import { TORN_MODELS } from '../faults/torn';
import { opText, type TdbOp } from '../models/tdbstore/ops';
import { geometryArb, opArb } from './arbitraries/tdbArbitraries';
import { assertProperty, runSettings } from './support/fcEnv';

/** Areas up to 4 KiB keep a case (every crash point of a 4-18 op sequence) near a tenth of a second. */
const smallGeometryArb: fc.Arbitrary<Geometry> = geometryArb.filter((g) => g.sizeBytes / 2 <= 4096);
const RUNS: Record<TdbProfileName, number> = { hardened: 90, mbed: 30 };

interface Totals {
  runs: number;
  points: number;
  distinct: number;
  nested: number;
  violations: Map<string, number>;
}

function crashProperty(profile: TdbProfileName, mode: FlashMode, totals: Totals) {
  return fc.property(smallGeometryArb, fc.array(opArb, { minLength: 4, maxLength: 24 }), fc.integer(), (geometry, body, seed) => {
    const ops: TdbOp[] = [{ op: 'init' }, ...body];
    let r: CaseResult;
    try {
      r = runCase(openCase(tdbstoreDriver, profile, geometry, mode), ops, {
        schedule: { kind: 'exhaustive' },
        torn: TORN_MODELS,
        depth: 2,
        seed,
        continueOps: Number.POSITIVE_INFINITY,
        opsSpec: { kind: 'listed', lines: ops.map(opText) },
        stopAtFirst: profile === 'hardened',
      });
    } catch (e) {
      throw new Error(`harness error on ${formatGeometry(geometry)} ${mode}: ${(e as Error).stack}`);
    }
    totals.runs++;
    totals.points += r.crashPoints;
    totals.distinct += r.crashPoints - r.duplicatePoints;
    totals.nested += r.nestedPoints;
    for (const v of r.violations) totals.violations.set(`${v.kind}@${v.stage}`, (totals.violations.get(`${v.kind}@${v.stage}`) ?? 0) + 1);
    const v = r.violations[0];
    if (profile === 'hardened' && v) {
      throw new Error(`${v.kind} at ${v.stage} (op ${v.opIndex} ${v.opKind}/${v.phase}): ${v.summary}\n  replay: node cli/flashproof.js replay '${v.id}'`);
    }
  });
}

const grand = { points: 0, nested: 0 };

describe('TDBStore under power cuts at every flash step (torn models, depth 2)', () => {
  for (const profile of ['hardened', 'mbed'] as const) {
    for (const mode of FLASH_MODES) {
      const name = `tdbstore crash ${profile} ${mode}`;
      it(`${profile} on ${mode} flash: ${profile === 'hardened' ? 'no violation at any crash point' : 'violations counted'}`, function () {
        this.timeout(240000);
        const totals: Totals = { runs: 0, points: 0, distinct: 0, nested: 0, violations: new Map() };
        assertProperty(name, crashProperty(profile, mode, totals), runSettings(name, RUNS[profile]));
        grand.points += totals.points;
        grand.nested += totals.nested;
        const kinds = [...totals.violations].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
        console.log(`      ${totals.runs} sequences, ${totals.points} crash points (${totals.distinct} distinct images judged), ${totals.nested} nested cuts; violations: ${kinds}`);
      });
    }
  }

  after(() => {
    console.log(`      TDBStore crash points this run: ${grand.points} (+ ${grand.nested} nested cuts)`);
  });
});
