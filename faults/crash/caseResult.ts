// The one case skeleton every fault shares: an empty result, a violation with its replay id, and heat-map counts.
import type { OpsSpec } from '../replayId';
import { encodeReplayId } from '../replayId';
import { recordReference, type Budgets, type ReferenceRun } from './reference';
import { geometryText, type StoreCase } from './storeCase';
import { History } from './view';
import { cutLabel, heatKey, type CaseResult, type Cut, type PointOutcome, type Violation, type ViolationKind } from './types';

/** What failed: the violation class, the oracle stage, a summary, and the nested cut when one caused it. */
export interface Failure {
  kind: ViolationKind;
  stage: string;
  summary: string;
  nested?: Cut;
  /** Cuts of the chain after the nested one (depth 3 and more). */
  deeper?: Cut[];
}

export function emptyResult(ref: Pick<ReferenceRun<unknown>, 'wear' | 'checked' | 'stoppedAt'>): CaseResult {
  return { crashPoints: 0, nestedPoints: 0, duplicatePoints: 0, violations: [], heat: new Map(), wear: ref.wear, opsChecked: ref.checked, stoppedAt: ref.stoppedAt };
}

/** The start of a fault case: the recorded run, an empty result, and every value each key held along it. */
export function startFaultCase<Op>(c: StoreCase<Op>, ops: readonly Op[], budgets?: Budgets): { ref: ReferenceRun<Op>; result: CaseResult; history: History } {
  const ref = recordReference(c, ops, budgets ?? c.budgets);
  const history = new History();
  for (const m of ref.models) history.add(m.view());
  return { ref, result: emptyResult(ref), history };
}

export interface ViolationPlace {
  /** Index of the op the cut interrupted; -1 when the reference run itself diverged. */
  opIndex: number;
  cut: Cut | null;
  phase: string;
  /** Defaults to the interrupted op's kind ('none' without one). */
  opKind?: string;
}

/** A violation with the replay id that brings it back. */
export function buildViolation<Op>(c: StoreCase<Op>, ops: readonly Op[], opsSpec: OpsSpec, f: Failure, at: ViolationPlace): Violation {
  const nested = f.nested ?? null;
  const geometry = geometryText(c);
  // A case that starts from an image says so in its id, whoever built the op spec (a shrinker lists ops anew).
  if (c.start && !opsSpec.start) opsSpec = { ...opsSpec, start: c.start.spec };
  const opKind = at.opKind ?? (at.opIndex >= 0 && at.opIndex < ops.length ? c.driver.ops.kind(ops[at.opIndex]) : 'none');
  return {
    kind: f.kind,
    id: encodeReplayId({ engine: c.ref, profile: c.profile, geometry, flash: c.mode, ops: opsSpec, cut: at.cut, nested, ...(f.deeper?.length ? { deeper: f.deeper } : {}) }),
    engine: c.ref,
    profile: c.profile,
    geometry,
    flash: c.mode,
    ops: ops.map((o) => c.driver.ops.text(o)),
    opIndex: at.opIndex,
    cut: at.cut,
    nested,
    ...(f.deeper?.length ? { deeper: f.deeper } : {}),
    opKind,
    phase: at.phase,
    stage: f.stage,
    summary: f.summary,
  };
}

/** One crash point more in the heat map's cell (op kind, phase, fault, outcome). */
export function countPoint(result: CaseResult, opKind: string, phase: string, cut: Cut, outcome: PointOutcome): void {
  const key = heatKey({ opKind, phase, torn: cutLabel(cut), outcome });
  result.heat.set(key, (result.heat.get(key) ?? 0) + 1);
}
