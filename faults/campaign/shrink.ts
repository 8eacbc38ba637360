// Shrinks a violation to a short case that still shows it: ops removed, ops made simpler (the driver's
// ops.shrink), then the cut moved to the earliest step and the plainest torn model of the interrupted op.
import { runBitFlipCase } from '../crash/bitFlips';
import { runDeviceErrorCase } from '../crash/deviceErrors';
import { opOfStep, recordReference, type ReferenceRun } from '../crash/reference';
import { runCase } from '../crash/runCase';
import type { StoreCase } from '../crash/storeCase';
import type { Cut, Violation } from '../crash/types';
import { opsOf } from '../replay';
import { decodeReplayId, type OpsSpec } from '../replayId';
import type { CrashPoint } from '../schedule';
import { tornApplies, TORN_MODELS, type TornModel } from '../torn';
import { normaliseSummary } from './signature';

/** Torn models from the plainest story (power lost before or after the step) to the most random one. */
export const TORN_SIMPLICITY: readonly TornModel[] = ['before', 'after', 'prefix', 'erase-partial', 'erase-zero', 'bits', 'erase-bits'];

export interface ShrinkResult {
  /** The shrunk violation: its id replays the short case. */
  violation: Violation;
  ops: string[];
  /** Ops of the case before shrinking. */
  from: number;
  /** Case runs spent. */
  attempts: number;
}

/**
 * What must stay the same while shrinking: class, oracle stage, the kind of the interrupted op and the summary's
 * shape (keys, values, numbers and repeated parts set aside). The phase and torn model may change: the cut moves.
 */
export function failureShape(v: Pick<Violation, 'kind' | 'stage' | 'opKind' | 'summary'>): string {
  const summary = normaliseSummary(v.summary.replace(/\[[^\]]*\]/g, '[…]'), v.stage)
    .split(' | ')
    .map((part) => [...new Set(part.split('; '))].join('; '))
    .join(' | ');
  return [v.kind, v.stage, v.opKind, summary].join('|');
}

/** Where the cut sits relative to its op, so it survives the removal of earlier ops. */
interface CutHint {
  offset: number;
  torn: TornModel | null;
  tornSeed: number;
}

const textOrder = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

class Shrinker<Op> {
  runs = 0;
  private readonly shape: string;

  constructor(
    private readonly c: StoreCase<Op>,
    target: Violation,
    private readonly cut: Cut | null,
    private readonly nested: Cut | null,
    private readonly maxRuns: number,
  ) {
    this.shape = failureShape(target);
  }

  get spent(): boolean {
    return this.runs >= this.maxRuns;
  }

  text(op: Op): string {
    return this.c.driver.ops.text(op);
  }

  private spec(ops: readonly Op[]): OpsSpec {
    return { kind: 'listed', lines: ops.map((o) => this.text(o)) };
  }

  private same(vs: readonly Violation[]): Violation | undefined {
    return vs.find((v) => failureShape(v) === this.shape);
  }

  /** The violation on `ops`, the cut in op `at` (as close to `hint` as it goes), or undefined. */
  check(ops: readonly Op[], at: number, hint: CutHint | null, everyPoint = false): Violation | undefined {
    const c = this.c;
    const opsSpec = this.spec(ops);
    if (!this.cut) {
      this.runs++;
      return this.same(runCase(c, ops, { schedule: { kind: 'exhaustive' }, torn: TORN_MODELS, depth: 1, seed: 0, continueOps: Infinity, opsSpec, points: [] }).violations);
    }
    if (this.cut.fault === 'bit-flip') {
      this.runs++;
      return this.same(runBitFlipCase(c, ops, { opsSpec, flips: 0, seed: 0, bits: [this.cut.step] }).violations);
    }
    const ref = recordReference(c, ops, c.budgets);
    if (at >= ref.checked) return undefined;
    const from = ref.opStarts[at];
    const to = at + 1 < ref.opStarts.length ? ref.opStarts[at + 1] : ref.trace.length;
    for (const point of this.points(ref, from, to, hint, everyPoint).slice(0, everyPoint ? 400 : undefined)) {
      if (this.spent && !everyPoint) return undefined; // the last pass, moving the cut, has its own bound
      this.runs++;
      const found = this.cut.fault === 'device-error' ? this.same(runDeviceErrorCase(c, ops, { opsSpec, steps: [point.step] }).violations) : this.atPoint(ops, ref, opsSpec, point);
      if (found) return found;
    }
    return undefined;
  }

  private atPoint(ops: readonly Op[], ref: ReferenceRun<Op>, opsSpec: OpsSpec, point: CrashPoint): Violation | undefined {
    const run = (nested: Cut | null): Violation | undefined =>
      this.same(
        runCase(this.c, ops, { schedule: { kind: 'exhaustive' }, torn: TORN_MODELS, depth: this.nested ? 2 : 1, seed: 0, continueOps: Infinity, opsSpec, points: [{ point, nested }], reference: ref }).violations,
      );
    // A nested cut is forced as the id had it, or else picked from the cut's seed as the campaign picked it.
    return run(this.nested) ?? (this.nested ? run(null) : undefined);
  }

  /** The points to try in op steps [from, to): the hinted one first; every step x torn model when asked. */
  private points(ref: ReferenceRun<Op>, from: number, to: number, hint: CutHint | null, everyPoint: boolean): CrashPoint[] {
    const seed = hint?.tornSeed ?? 0;
    const fits = (step: number, torn: TornModel | null): boolean => step >= from && step < to && (torn === null || tornApplies(torn, ref.trace[step], this.c.geometry));
    const out: CrashPoint[] = [];
    const push = (step: number, torn: TornModel | null): void => {
      if (fits(step, torn) && !out.some((p) => p.step === step && p.torn === (torn ?? 'before'))) out.push({ step, torn: torn ?? 'before', tornSeed: seed });
    };
    const device = this.cut?.fault === 'device-error';
    if (everyPoint) {
      for (let s = from; s < to; s++) for (const t of device ? [null] : TORN_SIMPLICITY) push(s, t);
      return out;
    }
    const torn = device ? null : (hint?.torn ?? 'after');
    if (hint) push(from + hint.offset, torn);
    // The same torn model elsewhere in the op, nearest the hinted offset first (earlier ops may have moved things).
    const near = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => Math.abs(a - from - (hint?.offset ?? 0)) - Math.abs(b - from - (hint?.offset ?? 0)) || a - b);
    for (const s of near.slice(0, 12)) push(s, torn);
    return out;
  }
}

/** The case a violation's id names: its exact ops (never the report's elided text) and its cut. */
function caseOfViolation<Op>(c: StoreCase<Op>, v: Violation): { ops: Op[]; cut: Cut | null; nested: Cut | null } {
  const id = decodeReplayId(v.id);
  return { ops: opsOf(c.driver, id.ops, c.geometry) as Op[], cut: id.cut, nested: id.nested };
}

/**
 * Greedy shrinking, each change kept only if the same failure (failureShape) still shows: chunks of ops removed
 * (halving the chunk), each op replaced by the driver's simpler candidates, removal once more, then the cut moved
 * to the earliest step and plainest torn model of its op. `maxRuns` bounds the case runs, so it always ends.
 */
export function shrinkViolation<Op>(c: StoreCase<Op>, v: Violation, maxRuns = 400): ShrinkResult {
  const start = caseOfViolation(c, v);
  const s = new Shrinker(c, v, start.cut, start.nested, maxRuns);
  let ops = start.ops;
  let best = v;
  let at = v.opIndex;
  let hint: CutHint | null = null;
  if (start.cut && start.cut.fault !== 'bit-flip') {
    const ref = recordReference(c, ops, c.budgets);
    at = opOfStep(ref.opStarts, start.cut.step);
    hint = { offset: start.cut.step - ref.opStarts[at], torn: start.cut.torn, tornSeed: start.cut.tornSeed };
  }
  const keep = (candidate: Op[], newAt: number, found: Violation): void => {
    [ops, at, best] = [candidate, newAt, found];
    if (hint && found.cut) hint = { ...hint, offset: found.cut.step - (recordReference(c, candidate, c.budgets).opStarts[newAt] ?? 0) };
  };
  // A divergence without a cut ends the reference run: nothing after the diverging op matters.
  if (!start.cut && at >= 0 && at + 1 < ops.length) {
    const found = s.check(ops.slice(0, at + 1), at, null);
    if (found) keep(ops.slice(0, at + 1), at, found);
  }
  const removeChunks = (): void => {
    for (let chunk = 1 << Math.floor(Math.log2(Math.max(1, ops.length))); chunk >= 1 && !s.spent; chunk >>= 1) {
      for (let end = ops.length; end > 0 && !s.spent; ) {
        const from = Math.max(0, end - chunk);
        const cutInside = start.cut && start.cut.fault !== 'bit-flip' && at >= from && at < end;
        if (!cutInside) {
          const candidate = [...ops.slice(0, from), ...ops.slice(end)];
          const newAt = at >= end ? at - (end - from) : at;
          const found = candidate.length ? s.check(candidate, newAt, hint) : undefined;
          if (found) keep(candidate, newAt, found);
        }
        end = from;
      }
    }
  };
  removeChunks();
  let simplified = false;
  for (let i = 0; i < ops.length && !s.spent; i++) {
    for (let round = 0; round < 12 && !s.spent; round++) {
      const now = s.text(ops[i]);
      const candidates = (c.driver.ops.shrink?.(ops[i]) ?? []).filter((o) => textOrder(s.text(o), now) < 0);
      let took = false;
      for (const o of candidates) {
        if (s.spent) break;
        const candidate = [...ops.slice(0, i), o, ...ops.slice(i + 1)];
        const found = s.check(candidate, at, hint);
        if (found) {
          keep(candidate, at, found);
          took = simplified = true;
          break;
        }
      }
      if (!took) break;
    }
  }
  if (simplified) removeChunks();
  if (start.cut && start.cut.fault !== 'bit-flip') {
    const earliest = s.check(ops, at, hint, true);
    if (earliest) best = earliest;
  }
  return { violation: best, ops: ops.map((o) => s.text(o)), from: start.ops.length, attempts: s.runs };
}
