// Device errors as a fault of their own: one program or erase fails with -4001 (nothing written), the engine goes
// on. The op that met it may fail or succeed; every later op must behave as if that op had happened or not, and a
// reboot at the end must show the matching store. Nothing may be lost after an error the engine survived.
import { sameOutcome } from '../../models/outcome';
import type { Budgets, CrashModel } from '../driver/types';
import type { OpsSpec } from '../replayId';
import { buildViolation, countPoint, startFaultCase, type Failure } from './caseResult';
import { failureOf } from './failure';
import { judge, newDevice, opOfStep } from './reference';
import { phaseOf, type StoreCase } from './storeCase';
import type { CaseResult } from './types';
import { classify, History, viewEqual, viewText } from './view';

export interface DeviceErrorOptions {
  opsSpec: OpsSpec;
  budgets?: Budgets;
  /** Only these steps (default: every program/erase step of the run). */
  steps?: number[];
  stopAtFirst?: boolean;
}

/** The model states the rest of the run may follow: op j undone, half done (a GC without its record), or done. */
function branches<Op>(models: Array<CrashModel<Op>>, ops: readonly Op[], j: number): Array<CrashModel<Op>> {
  const old = models[j];
  return [old.clone(), ...old.midStates(ops[j]), ...(old.failedStates?.(ops[j]) ?? []), models[j + 1].clone()];
}

export function runDeviceErrorCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: DeviceErrorOptions): CaseResult {
  const budgets = opts.budgets ?? c.budgets;
  const { ref, result, history } = startFaultCase(c, ops, budgets);
  const steps = opts.steps ?? ref.trace.map((_, s) => s);
  for (const step of steps) {
    if (step >= ref.trace.length) continue;
    const j = opOfStep(ref.opStarts, step);
    const opEnd = j + 1 < ref.opStarts.length ? ref.opStarts[j + 1] : ref.trace.length;
    const phase = phaseOf(c, { trace: ref.trace, step, opStart: ref.opStarts[j], opEnd, ...ref.contexts[j] });
    const failure = checkStep(c, ops, ref.checked, ref.models, j, step, budgets, history);
    const cut = { fault: 'device-error' as const, step, torn: null, tornSeed: 0 };
    result.crashPoints++;
    countPoint(result, c.driver.ops.kind(ops[j]), phase, cut, failure ? failure.kind : 'new');
    if (failure) {
      result.violations.push(buildViolation(c, ops, opts.opsSpec, failure, { opIndex: j, cut, phase }));
      if (opts.stopAtFirst) break;
    }
  }
  return result;
}

/** Runs every checked op with `step` failing, then reboots; some branch of the model must explain all of it. */
function checkStep<Op>(
  c: StoreCase<Op>,
  ops: readonly Op[],
  checked: number,
  models: Array<CrashModel<Op>>,
  j: number,
  step: number,
  budgets: Budgets,
  history: History,
): Failure | undefined {
  const device = newDevice(c, c.start?.image, budgets);
  device.deviceErrorSteps = new Set([step]);
  const subject = c.store.create(device);
  const seen = [];
  try {
    for (let k = 0; k < checked; k++) seen.push(subject.apply(ops[k]));
  } catch (e) {
    return { ...failureOf(e), stage: 'device-error' };
  }
  device.deviceErrorSteps = undefined;
  let mounted;
  try {
    mounted = c.store.mount(device);
  } catch (e) {
    return { ...failureOf(e), stage: 'device-error' };
  }
  const view = mounted.subject.view();
  let firstMismatch: Failure | undefined;
  // An op that reported what it reports without the error claims its effect: only "done" may explain it then.
  const claimed = sameOutcome(seen[j], models[j].clone().apply(ops[j]));
  const options = claimed ? [models[j + 1].clone()] : branches(models, ops, j);
  for (const branch of options) {
    let diverged: Failure | undefined;
    for (let k = j + 1; k < checked && !diverged; k++) {
      const why = judge(branch, ops[k], seen[k]);
      if (branch.poisoned()) break;
      if (why) diverged = { kind: 'status', stage: 'device-error', summary: `op ${k} ${c.driver.ops.text(ops[k])} after the error: ${why}` };
    }
    if (!diverged) {
      const expected = branch.rebooted();
      if (expected.poisoned() || viewEqual(expected.view(), view)) return undefined;
      const c = classify(view, expected.view(), expected.view(), history);
      diverged = { kind: c.kind, stage: 'device-error', summary: `after the run and a reboot: ${c.summary}; recovered ${viewText(view)}` };
    }
    firstMismatch ??= diverged;
  }
  return firstMismatch;
}
