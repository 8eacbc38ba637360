// The crash property both TicKV specs share: every crash point of a generated sequence, every torn model,
// nested cuts; hardened must show no violation, faithful's are counted by class and oracle stage.
import fc from 'fast-check';
import type { Geometry } from '../../engine/flash/blockDevice';
import { formatGeometry } from '../../engine/flash/geometry';
import type { FlashMode } from '../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../engine/tickv/profile';
import type { Budgets } from '../../faults/crash/reference';
import { runCase } from '../../faults/crash/runCase';
import type { StoreCase } from '../../faults/crash/storeCase';
import type { CaseResult } from '../../faults/crash/types';
import { TORN_MODELS } from '../../faults/torn';
import { crashGeometryArb } from './tickvCrashArbitraries';

export interface CrashTotals {
  runs: number;
  points: number;
  distinct: number;
  nested: number;
  violations: Map<string, number>;
}

export const newTotals = (): CrashTotals => ({ runs: 0, points: 0, distinct: 0, nested: 0, violations: new Map() });

/** Faithful Tock loops for ever on program-once flash (a finding): a small step budget makes that hang quick. */
const BUDGETS: Budgets = { steps: 5_000, reads: 400_000 };

export function tickvCrashProperty<Op>(
  makeTarget: (profile: TicKVProfileName, g: Geometry, mode: FlashMode) => StoreCase<Op>,
  opsArb: (g: Geometry) => fc.Arbitrary<Op[]>,
  profile: TicKVProfileName,
  mode: FlashMode,
  totals: CrashTotals,
) {
  const caseArb = crashGeometryArb.chain((g) => fc.tuple(fc.constant(g), opsArb(g), fc.integer()));
  return fc.property(caseArb, ([geometry, ops, seed]) => {
    const target = makeTarget(profile, geometry, mode);
    let r: CaseResult;
    try {
      r = runCase(target, ops, {
        schedule: { kind: 'exhaustive' },
        torn: TORN_MODELS,
        depth: 2,
        seed,
        continueOps: Number.POSITIVE_INFINITY,
        opsSpec: { kind: 'listed', lines: ops.map((o) => target.driver.ops.text(o)) },
        stopAtFirst: profile === 'hardened',
        budgets: BUDGETS,
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

export function totalsLine(t: CrashTotals): string {
  const kinds = [...t.violations].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  return `${t.runs} sequences, ${t.points} crash points (${t.distinct} distinct images judged), ${t.nested} nested cuts; violations: ${kinds}`;
}
