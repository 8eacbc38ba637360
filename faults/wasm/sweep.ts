// A power-cut sweep of a WebAssembly store against the generic contract, from the pieces that exist (NorFlash,
// PowerCutDevice, the torn models, the oracle's view classes): record the sequence once, then for every
// program/erase step and every torn model build the crash image from the trace, boot a fresh instance, and hold
// it to design.md §3 parts 1-3: old or new (or an allowed middle state), the rest of the run, a second reboot.
// Nested cuts are left to the crash runner once the driver registry runs WebAssembly stores.
import { createHash } from 'node:crypto';
import type { Geometry } from '../../engine/flash/blockDevice';
import { NorFlash, type FlashMode, type Mutation } from '../../engine/flash/norFlash';
import { ContractModel, type ContractPromise } from '../../models/contract/model';
import { contractOpText, contractSettles, type ContractOp } from '../../models/contract/ops';
import { outcomeText } from '../../models/outcome';
import { failureOf } from '../crash/failure';
import type { StoreView, ViolationKind } from '../crash/types';
import { classify, History, viewEqual, viewText } from '../crash/view';
import { PowerCutDevice } from '../powerCutDevice';
import { isPowerLoss } from '../powerLoss';
import { mixSeed } from '../rng';
import { applyTorn, tornApplies, TORN_MODELS, type TornModel } from '../torn';
import type { WasmStoreModule } from './loader';
import { WasmContractSubject } from './subject';

export interface SweepOptions {
  geometry: Geometry;
  mode?: FlashMode;
  promise: ContractPromise;
  torn?: readonly TornModel[];
  seed?: number;
  /** Run the rest of the sequence and a second reboot after each recovery (default true). */
  continueRun?: boolean;
  /** Stop at the first violation. */
  stopAtFirst?: boolean;
  budgets?: { steps: number; reads: number };
}

export interface SweepViolation {
  kind: ViolationKind;
  /** Which oracle part failed: reference, mount, old-or-new, continue, reboot. */
  stage: string;
  opIndex: number;
  op: string;
  step: number;
  torn: TornModel | null;
  tornSeed: number;
  summary: string;
}

export interface SweepResult {
  ops: number;
  steps: number;
  /** Erase steps among them (formats, garbage collections). */
  erases: number;
  crashPoints: number;
  /** Crash points whose image was already judged for the same op. */
  duplicates: number;
  recovered: { old: number; new: number; mid: number };
  violations: SweepViolation[];
}

interface Reference {
  initial: Uint8Array;
  trace: Mutation[];
  opStarts: number[];
  models: ContractModel[];
  violation: SweepViolation | null;
}

type Failure = { kind: ViolationKind; stage: string; summary: string };

const DEFAULT_BUDGETS = { steps: 200_000, reads: 2_000_000 };

function device(g: Geometry, mode: FlashMode, image: Uint8Array | undefined, budgets: { steps: number; reads: number }): PowerCutDevice {
  const d = new PowerCutDevice(image ? NorFlash.adopt(g, mode, image) : new NorFlash(g, mode));
  d.stepBudget = budgets.steps;
  d.readBudget = budgets.reads;
  return d;
}

/** The recording run: every op once, judged by the contract, every flash step traced. */
function record(module: WasmStoreModule, ops: readonly ContractOp[], o: Required<Omit<SweepOptions, 'stopAtFirst' | 'continueRun'>>): Reference {
  const dev = device(o.geometry, o.mode, undefined, o.budgets);
  dev.trace = [];
  const ref: Reference = { initial: dev.flash.image(), trace: dev.trace, opStarts: [], models: [], violation: null };
  const model = ContractModel.create(o.promise);
  ref.models.push(model.clone());
  const subject = new WasmContractSubject(module, dev);
  for (const [j, op] of ops.entries()) {
    const start = dev.steps;
    const fail = (f: Failure): Reference => {
      ref.violation = { ...f, opIndex: j, op: contractOpText(op), step: -1, torn: null, tornSeed: 0 };
      dev.trace?.splice(start);
      return ref;
    };
    let got;
    try {
      got = subject.apply(op);
    } catch (e) {
      return fail({ ...failureOf(e), stage: 'reference' });
    }
    const complaint = model.accept(op, got);
    if (complaint) return fail({ kind: 'status', stage: 'reference', summary: `${contractOpText(op)}: ${complaint}` });
    if (contractSettles(op) && !viewEqual(subject.view(), model.view())) {
      return fail({ kind: 'lost', stage: 'reference', summary: `${contractOpText(op)} without any cut shows ${viewText(subject.view())}, contract ${viewText(model.view())}` });
    }
    ref.opStarts.push(start);
    ref.models.push(model.clone());
  }
  return ref;
}

export function sweepPowerCuts(module: WasmStoreModule, ops: readonly ContractOp[], opts: SweepOptions): SweepResult {
  const o = { mode: 'nor' as FlashMode, torn: TORN_MODELS, seed: 1, budgets: DEFAULT_BUDGETS, ...opts };
  const ref = record(module, ops, o);
  const checked = ref.opStarts.length;
  const erases = ref.trace.filter((m) => m.kind === 'erase').length;
  const result: SweepResult = { ops: checked, steps: ref.trace.length, erases, crashPoints: 0, duplicates: 0, recovered: { old: 0, new: 0, mid: 0 }, violations: [] };
  if (ref.violation) result.violations.push(ref.violation);
  const history = new History();
  for (const m of ref.models) history.add(m.view());
  const seen = new Set<string>();
  const image = ref.initial.slice();
  const ctx = { mode: o.mode, geometry: o.geometry, seed: 0 };
  let j = 0;
  for (let step = 0; step < ref.trace.length; step++) {
    while (j + 1 < checked && ref.opStarts[j + 1] <= step) j++;
    const mutation = ref.trace[step];
    for (const [t, torn] of o.torn.entries()) {
      if (!tornApplies(torn, mutation, o.geometry)) continue;
      const tornSeed = mixSeed(o.seed, step, t);
      const crash = image.slice();
      applyTorn(torn, crash, mutation, { ...ctx, seed: tornSeed });
      result.crashPoints++;
      const key = `${j}:${createHash('sha1').update(crash).digest('hex')}`;
      if (seen.has(key)) {
        result.duplicates++;
        continue;
      }
      seen.add(key);
      const verdict = judge(module, ops, ref, j, crash, o, opts.continueRun ?? true, history);
      if ('kind' in verdict) {
        result.violations.push({ ...verdict, opIndex: j, op: contractOpText(ops[j]), step, torn, tornSeed });
        if (opts.stopAtFirst) return result;
      } else {
        result.recovered[verdict.label]++;
      }
    }
    applyTorn('after', image, mutation, ctx);
  }
  return result;
}

/** Boot on the crash image, then old-or-new, the rest of the run, and a second reboot. */
function judge(
  module: WasmStoreModule,
  ops: readonly ContractOp[],
  ref: Reference,
  j: number,
  crash: Uint8Array,
  o: { geometry: Geometry; mode: FlashMode; budgets: { steps: number; reads: number } },
  continueRun: boolean,
  history: History,
): Failure | { label: 'old' | 'new' | 'mid' } {
  const old = ref.models[j];
  const candidates = [
    { label: 'old' as const, model: old },
    ...old.midStates(ops[j]).map((model) => ({ label: 'mid' as const, model })),
    { label: 'new' as const, model: ref.models[j + 1] },
  ];
  const boot = (image: Uint8Array): { dev: PowerCutDevice; subject: WasmContractSubject; view: StoreView } | Failure => {
    const dev = device(o.geometry, o.mode, image, o.budgets);
    try {
      const subject = new WasmContractSubject(module, dev);
      const r = subject.apply({ op: 'mount' });
      if (r.status !== 'OK') return { kind: 'status', stage: 'mount', summary: `mount answered ${subject.last?.name} (${outcomeText(r)})` };
      return { dev, subject, view: subject.view() };
    } catch (e) {
      if (isPowerLoss(e)) throw e;
      return { ...failureOf(e), stage: 'mount' };
    }
  };
  const first = boot(crash.slice());
  if ('kind' in first) return first;
  const matches = candidates.filter((c) => viewEqual(c.model.view(), first.view));
  if (!matches.length) {
    const c = classify(first.view, old.view(), ref.models[j + 1].view(), history);
    return { kind: c.kind, stage: 'old-or-new', summary: `${c.summary}; recovered ${viewText(first.view)}` };
  }
  if (!continueRun) return { label: matches[0].label };
  const recovered = first.dev.flash.image();
  let failure: Failure | undefined;
  for (const [i, match] of matches.entries()) {
    const run = i === 0 ? first : boot(recovered.slice());
    if ('kind' in run) return run;
    failure = continueAndReboot(run.subject, match.model.clone(), ops, j, ref.opStarts.length, history);
    if (!failure) return { label: match.label };
  }
  return failure as Failure;
}

function continueAndReboot(
  subject: WasmContractSubject,
  model: ContractModel,
  ops: readonly ContractOp[],
  j: number,
  checked: number,
  history: History,
): Failure | undefined {
  for (let k = j + 1; k < checked; k++) {
    let got;
    try {
      got = subject.apply(ops[k]);
    } catch (e) {
      if (isPowerLoss(e)) throw e;
      const f = failureOf(e);
      return { ...f, stage: 'continue', summary: `op ${k} ${contractOpText(ops[k])}: ${f.summary}` };
    }
    const complaint = model.accept(ops[k], got);
    if (complaint) return { kind: 'status', stage: 'continue', summary: `op ${k} ${contractOpText(ops[k])}: ${complaint}` };
  }
  try {
    const r = subject.apply({ op: 'reboot' });
    if (r.status !== 'OK') return { kind: 'status', stage: 'reboot', summary: `the second reboot's mount answered ${subject.last?.name}` };
    const view = subject.view();
    if (viewEqual(view, model.view())) return undefined;
    const c = classify(view, model.view(), model.view(), history);
    return { kind: c.kind, stage: 'reboot', summary: `after the rest of the run and a reboot: ${c.summary}` };
  } catch (e) {
    if (isPowerLoss(e)) throw e;
    return { ...failureOf(e), stage: 'reboot' };
  }
}
