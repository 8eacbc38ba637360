// Worn-out erase units during a run: once a unit has been erased N times it goes bad, in one of littlefs's bad-block
// behaviours (lfs_emubd: erase or program fails with an error, or silently does nothing; reads have no status here).
// What every store promises, whatever it does about bad blocks: an operation that meets a bad unit reports an error
// or is done, never half done behind a success; nothing acknowledged is lost; nothing else changes; the store never
// throws. The run is judged by a set of model branches (a failed write done or not, as device errors are), and a
// reboot on the worn flash must show one of them.
import { outcomeText } from '../../models/outcome';
import type { Budgets, CrashModel } from '../driver/types';
import { WEAR_BEHAVIOURS, type WearBehaviour } from '../powerCutDevice';
import type { OpsSpec } from '../replayId';
import { buildViolation, countPoint, startFaultCase, type Failure } from './caseResult';
import { failureOf } from './failure';
import { judge, newDevice } from './reference';
import type { StoreCase } from './storeCase';
import { WEAR_FAULTS, type CaseResult, type Cut, type StoreView, type WearFault } from './types';
import { classify, History, viewEqual, viewText } from './view';

export const wearBehaviourOf = (f: WearFault): WearBehaviour => WEAR_BEHAVIOURS[WEAR_FAULTS.indexOf(f)];

/** Branches kept at most: enough for a few failed writes in a row, bounded so a long degraded run stays cheap. */
const MAX_BRANCHES = 48;
/** Branches that show the same store and answer the next few ops alike are one (RAM state such as an open handle). */
const LOOKAHEAD = 4;

export interface WearOptions {
  opsSpec: OpsSpec;
  faults: readonly WearFault[];
  /** Erase cycles a unit survives; default: spread over the most-erased unit's count in the recording run. */
  limits?: number[];
  budgets?: Budgets;
  stopAtFirst?: boolean;
}

/** Up to six limits between 0 and the recording run's highest erase count, so the wear-out lands early and late. */
export function wearLimits(maxErases: number): number[] {
  if (maxErases <= 0) return [];
  if (maxErases <= 6) return Array.from({ length: maxErases }, (_, i) => i);
  return [...new Set([0, 1, maxErases >> 2, maxErases >> 1, (3 * maxErases) >> 2, maxErases - 1])];
}

export function runWearCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: WearOptions): CaseResult {
  const budgets = opts.budgets ?? c.budgets;
  const { ref, result, history } = startFaultCase(c, ops, budgets);
  const limits = opts.limits ?? wearLimits(Math.max(0, ...ref.wear));
  for (const fault of opts.faults) {
    for (const limit of limits) {
      const cut: Cut = { fault, step: limit, torn: null, tornSeed: 0 };
      const r = wornRun(c, ops.slice(0, ref.checked), ref.models[0], fault, limit, budgets, history);
      if (r.firstWornOp < 0 && !r.failure) continue; // the units never wore out in this run: no point
      const opIndex = Math.max(0, r.failure?.opIndex ?? r.firstWornOp);
      const opKind = r.firstWornOp >= 0 ? c.driver.ops.kind(ops[r.firstWornOp]) : 'none';
      result.crashPoints++;
      countPoint(result, opKind, 'worn', cut, r.failure ? r.failure.kind : r.degraded ? 'mid' : 'new');
      if (!r.failure) continue;
      result.violations.push(buildViolation(c, ops, opts.opsSpec, r.failure, { opIndex, cut, phase: 'worn' }));
      if (opts.stopAtFirst) return result;
    }
  }
  return result;
}

interface WornRun {
  failure?: Failure & { opIndex: number };
  /** Index of the op during which a worn unit was first met (-1: never). */
  firstWornOp: number;
  /** Some op answered differently from a run on good flash (an error the model allows). */
  degraded: boolean;
}

function wornRun<Op>(c: StoreCase<Op>, ops: readonly Op[], start: CrashModel<Op>, fault: WearFault, limit: number, budgets: Budgets, history: History): WornRun {
  const device = newDevice(c, c.start?.image, budgets);
  device.wearLimit = limit;
  device.wearBehaviour = wearBehaviourOf(fault);
  const subject = c.store.create(device);
  const text = (op: Op): string => c.driver.ops.text(op);
  const where = `erase units worn out after ${limit} erases (${fault})`;
  let branches = [start.clone()];
  const out: WornRun = { firstWornOp: -1, degraded: false };
  for (const [k, op] of ops.entries()) {
    let got;
    const stepsBefore = device.steps;
    try {
      got = subject.apply(op);
    } catch (e) {
      return { ...out, failure: { ...failureOf(e), stage: 'wear', summary: `${where}: op ${k} ${text(op)}: ${failureOf(e).summary}`, opIndex: k } };
    }
    if (out.firstWornOp < 0 && device.wornHits > 0) out.firstWornOp = k;
    const next: Array<CrashModel<Op>> = [];
    let why: string | null = null;
    for (const m of branches) {
      const done = m.clone();
      const w = judge(done, op, got);
      if (done.poisoned()) return out; // the model stops predicting here by design
      if (!w) next.push(done);
      else {
        why ??= w;
        // An answer the good-flash model does not give: only an op that programmed or erased (a boot's format
        // included) may explain it, by failing with the write done or undone.
        if (device.steps > stepsBefore) next.push(m.clone(), ...m.midStates(op), ...(m.failedStates?.(op) ?? []), done);
      }
    }
    if (!next.length) return { ...out, failure: { kind: 'status', stage: 'wear', summary: `${where}: op ${k} ${text(op)}: ${why}`, opIndex: k } };
    if (next.length > branches.length || why) out.degraded ||= Boolean(why);
    branches = distinct(next, ops.slice(k + 1, k + 1 + LOOKAHEAD));
  }
  let again;
  try {
    again = c.store.mount(device);
  } catch (e) {
    return { ...out, failure: { ...failureOf(e), stage: 'reboot', summary: `${where}: reboot: ${failureOf(e).summary}`, opIndex: ops.length - 1 } };
  }
  const last = ops.length - 1;
  // A store that never acknowledged a value may stay unformatted: a typed refusal loses nothing.
  const nothingKept = branches.some((b) => b.view().keys.size === 0 && b.view().extra === null);
  if (!again.ok && nothingKept) return out;
  if (!again.ok) return { ...out, failure: { kind: 'status', stage: 'reboot', summary: `${where}: the store no longer mounts (${again.outcome.status}): every value is out of reach`, opIndex: last } };
  const seen = again.subject.view();
  const wants = branches.map((b) => b.rebooted()).filter((b) => !b.poisoned());
  if (!wants.length || wants.some((b) => viewEqual(b.view(), seen))) return out;
  const k = classify(seen, wants[0].view(), wants[wants.length - 1].view(), history);
  return { ...out, failure: { kind: k.kind, stage: 'reboot', summary: `${where}: after the run and a reboot: ${k.summary}; recovered ${viewText(seen)}`, opIndex: last } };
}

/** Branches with the same view and the same answers to the next ops are one; at most MAX_BRANCHES. */
function distinct<Op>(models: Array<CrashModel<Op>>, next: readonly Op[]): Array<CrashModel<Op>> {
  const seen = new Set<string>();
  const out: Array<CrashModel<Op>> = [];
  for (const m of models) {
    const probe = m.clone();
    // the answers part tells apart branches with one view (a mounted store and one whose mount failed)
    const answers = next.map((op) => outcomeText(probe.apply(op))).join(';');
    const key = `${viewKey(m.view())}#${answers}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(m);
    if (out.length >= MAX_BRANCHES) break;
  }
  return out;
}

const viewKey = (v: StoreView): string => `${[...v.keys].sort().map(([k, x]) => `${k}=${x}`).join(',')}|${v.extra}`;
