// The recording run: ops applied once to engine and model, every flash step traced, model states kept per op.
import { NorFlash, type Mutation } from '../../engine/flash/norFlash';
import { sameOutcome, outcomeText, type Outcome } from '../../models/outcome';
import { PowerCutDevice } from '../powerCutDevice';
import { cloneWeak, type WeakState } from '../weak';
import { failureOf } from './failure';
import type { Budgets, CrashModel } from '../driver/types';
import type { StoreCase } from './storeCase';
import type { ViolationKind } from './types';
import { classify, History, viewEqual } from './view';

export { DEFAULT_BUDGETS } from './storeCase';
export type { Budgets };

/** Engine context recorded before and after an op, for naming the phase of its steps. */
export interface OpContext {
  before: unknown;
  after: unknown;
}

export interface ReferenceRun<Op> {
  initial: Uint8Array;
  trace: Mutation[];
  /** First step of each checked op; op j owns steps [opStarts[j], opStarts[j+1]). */
  opStarts: number[];
  /** Model states S_0..S_n around the checked ops. */
  models: Array<CrashModel<Op>>;
  contexts: OpContext[];
  /** Ops that were checked (the run stops at a divergence or where the model stops predicting). */
  checked: number;
  wear: number[];
  stoppedAt: string | null;
  divergence: { opIndex: number; kind: ViolationKind; summary: string } | null;
  /** The image after the last checked op (the replay of the trace must reproduce it). */
  finalImage: Uint8Array;
}

/**
 * A device over a copy of `image` (or blank flash); `adopt` hands a buffer the caller no longer needs over instead.
 * `weak`: cells a weak cut left unstable beside the image (the device gets its own copy).
 */
export function newDevice(
  c: Pick<StoreCase<unknown>, 'geometry' | 'mode'>,
  image: Uint8Array | undefined,
  budgets: Budgets,
  adopt = false,
  weak: WeakState | null = null,
): PowerCutDevice {
  const flash = image && adopt ? NorFlash.adopt(c.geometry, c.mode, image) : new NorFlash(c.geometry, c.mode, image);
  const device = new PowerCutDevice(flash);
  device.stepBudget = budgets.steps;
  device.readBudget = budgets.reads;
  device.weak = cloneWeak(weak);
  return device;
}

/** Where a sequence starts when not on blank flash: an image and the model of what a mount reads from it. */
export interface StartState<Op> {
  image: Uint8Array;
  model: CrashModel<Op>;
}

export function recordReference<Op>(c: StoreCase<Op>, ops: readonly Op[], budgets: Budgets = c.budgets, start: StartState<Op> | undefined = c.start): ReferenceRun<Op> {
  const device = newDevice(c, start?.image, budgets);
  device.trace = [];
  const initial = device.flash.image();
  const model = start ? start.model.clone() : c.store.model();
  const subject = c.store.create(device);
  const text = (op: Op): string => c.driver.ops.text(op);
  const context = (): unknown => c.store.context?.(subject) ?? null;
  const history = new History();
  const run: ReferenceRun<Op> = {
    initial,
    trace: device.trace,
    opStarts: [],
    models: [model.clone()],
    contexts: [],
    checked: 0,
    wear: [],
    stoppedAt: null,
    divergence: null,
    finalImage: initial,
  };
  for (const [j, op] of ops.entries()) {
    const start = device.steps;
    const before = context();
    let got;
    try {
      got = subject.apply(op);
    } catch (e) {
      const f = failureOf(e);
      run.divergence = { opIndex: j, kind: f.kind, summary: `${text(op)}: ${f.summary}` };
      device.trace.length = start;
      break;
    }
    const why = judge(model, op, got);
    if (model.poisoned()) {
      run.stoppedAt = `op ${j} (${text(op)}): ${model.poisoned()}`;
      device.trace.length = start;
      break;
    }
    if (why) {
      run.divergence = { opIndex: j, kind: 'status', summary: `${text(op)}: ${why}` };
      device.trace.length = start;
      break;
    }
    if (c.driver.ops.settles(op)) {
      history.add(model.view());
      const [seen, expected] = [subject.view(), model.view()];
      if (!viewEqual(seen, expected)) {
        const c = classify(seen, expected, expected, history);
        run.divergence = { opIndex: j, kind: c.kind, summary: `${text(op)} without any cut: ${c.summary}` };
        device.trace.length = start;
        break;
      }
    }
    history.add(model.view());
    run.opStarts.push(start);
    run.contexts.push({ before, after: context() });
    run.models.push(model.clone());
    run.checked = j + 1;
  }
  run.wear = [...device.flash.erasesPerUnit];
  run.finalImage = device.flash.image();
  return run;
}

/** Applies `op` to the model against the store's answer: null when they agree, else how they differ. */
export function judge<Op>(model: CrashModel<Op>, op: Op, got: Outcome): string | null {
  if (model.accept) return model.accept(op, got);
  const want = model.apply(op);
  return sameOutcome(want, got) ? null : `engine ${outcomeText(got)}, model ${outcomeText(want)}`;
}

/** Index of the op that owns `step` (binary search over op starts). */
export function opOfStep(opStarts: readonly number[], step: number): number {
  let lo = 0;
  let hi = opStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (opStarts[mid] <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
