// One case: record the run once, then visit its crash points by replaying the trace (no prefix re-execution),
// and hold each recovered store to the crash oracle of design.md §3: old or new, continue, reboot, nested cuts.
import crypto from 'node:crypto';
import { sameOutcome, outcomeText } from '../../models/outcome';
import { isPowerLoss } from '../powerLoss';
import { mixSeed } from '../rng';
import { type OpsSpec, type ReplayCut } from '../replayId';
import { crashPoints, type CrashPoint, type Schedule } from '../schedule';
import { applyTorn, tornApplies, type TornModel } from '../torn';
import type { CrashModel, StoreSubject } from '../driver/types';
import type { PowerCutDevice } from '../powerCutDevice';
import { buildViolation, countPoint, emptyResult, type Failure } from './caseResult';
import { failureOf } from './failure';
import { ramFingerprint } from './ramFingerprint';
import { judge, newDevice, opOfStep, recordReference, type Budgets, type ReferenceRun } from './reference';
import { phaseOf, type StoreCase } from './storeCase';
import type { CaseResult, Cut, PointOutcome, StoreView, Violation } from './types';
import { classify, History, viewEqual, viewText } from './view';

export interface CaseOptions<Op = unknown> {
  schedule: Schedule;
  torn: readonly TornModel[];
  depth: 1 | 2;
  seed: number;
  /** Ops run on the recovered store after a cut (Infinity: the rest of the sequence). */
  continueOps: number;
  opsSpec: OpsSpec;
  budgets?: Budgets;
  /** Replays exactly these points (and nested cuts) instead of the schedule. */
  points?: Array<{ point: CrashPoint; nested: ReplayCut | null }>;
  /** Stop at the first violation (a property wants one counterexample). */
  stopAtFirst?: boolean;
  /** Benchmark baseline: build each crash image by re-running the prefix with the cut armed, not from the trace. */
  reexecutePrefix?: boolean;
  /** The recording run of these ops, when the caller already has it. */
  reference?: ReferenceRun<Op>;
  /**
   * Judge the rest of the run once per (op, recovered image, matching states): cuts that recover to the same image
   * continue identically (the retry path already remounts that image). Default true; false checks every one.
   */
  shareContinuations?: boolean;
}

interface Candidate<Op> {
  label: 'old' | 'mid' | 'new';
  model: CrashModel<Op>;
  view: StoreView;
}

class CaseRunner<Op> {
  readonly result: CaseResult;
  private readonly budgets: Budgets;
  private readonly history = new History();
  private historyUpTo = -1;
  private readonly candidateCache = new Map<number, Array<Candidate<Op>>>();
  /** Outcomes by (op, crash image): identical images recover identically, so the oracle runs once per image. */
  private readonly seen = new Map<string, { outcome: PointOutcome; violation?: Violation }>();
  /** The rest of the run by (op, recovered image, candidates that matched): which one fits, or the failure. */
  private readonly continued = new Map<string, { match: number; after: Failure | undefined }>();
  /** Continuations judged once and reused (for the bench). */
  sharedContinuations = 0;

  constructor(
    private readonly c: StoreCase<Op>,
    private readonly ops: readonly Op[],
    private readonly opts: CaseOptions<Op>,
    readonly ref: ReferenceRun<Op>,
  ) {
    this.budgets = opts.budgets ?? c.budgets;
    this.result = emptyResult(ref);
  }

  run(): CaseResult {
    const { ref, opts, c } = this;
    if (ref.divergence) {
      const d = ref.divergence;
      this.report({ kind: d.kind, stage: 'reference', summary: d.summary }, d.opIndex, null, 'none');
      if (opts.stopAtFirst) return this.result;
    }
    const points = opts.points ?? crashPoints(opts.schedule, ref.trace, ref.opStarts, opts.torn, c.geometry, opts.seed).map((point) => ({ point, nested: null }));
    const image = ref.initial.slice();
    const ctx = { mode: c.mode, geometry: c.geometry, seed: 0 };
    let applied = 0;
    for (const { point, nested } of points) {
      if (point.step >= ref.trace.length) continue;
      let crash: Uint8Array;
      if (opts.reexecutePrefix) {
        crash = this.reexecute(point);
      } else {
        for (; applied < point.step; applied++) applyTorn('after', image, ref.trace[applied], ctx);
        crash = image.slice();
        applyTorn(point.torn, crash, ref.trace[point.step], { ...ctx, seed: point.tornSeed });
      }
      const j = opOfStep(ref.opStarts, point.step);
      for (; this.historyUpTo < j + 1; ) this.history.add(ref.models[++this.historyUpTo].view());
      const cut: Cut = { fault: 'power-cut', step: point.step, torn: point.torn, tornSeed: point.tornSeed };
      const opEnd = j + 1 < ref.opStarts.length ? ref.opStarts[j + 1] : ref.trace.length;
      const phase = phaseOf(c, { trace: ref.trace, step: point.step, opStart: ref.opStarts[j], opEnd, ...ref.contexts[j] });
      const imageKey = nested ? '' : `${j}:${imageHash(crash)}`;
      const known = imageKey ? this.seen.get(imageKey) : undefined;
      let outcome: PointOutcome;
      if (known) {
        outcome = known.outcome;
        this.result.duplicatePoints++;
        if (known.violation) known.violation.count = (known.violation.count ?? 1) + 1; // the same violation again
      } else {
        const before = this.result.violations.length;
        outcome = this.checkPoint(j, crash, cut, nested, phase);
        const violation = this.result.violations.length > before ? this.result.violations[before] : undefined;
        if (imageKey) this.seen.set(imageKey, { outcome, violation });
      }
      this.result.crashPoints++;
      countPoint(this.result, c.driver.ops.kind(this.ops[j]), phase, cut, outcome);
      if (opts.stopAtFirst && this.result.violations.length) break;
    }
    return this.result;
  }

  /** The naive way to a crash image: a fresh flash, the ops again from the start, power cut at the step. */
  private reexecute(point: CrashPoint): Uint8Array {
    const device = newDevice(this.c, undefined, this.budgets);
    device.arm({ step: point.step, torn: point.torn, tornSeed: point.tornSeed });
    const subject = this.c.store.create(device);
    try {
      for (const op of this.ops) subject.apply(op);
    } catch (e) {
      if (!isPowerLoss(e)) throw e;
    }
    return device.flash.image();
  }

  private candidates(j: number): Array<Candidate<Op>> {
    const cached = this.candidateCache.get(j);
    if (cached) return cached;
    const fresh = this.buildCandidates(j);
    this.candidateCache.set(j, fresh);
    return fresh;
  }

  private buildCandidates(j: number): Array<Candidate<Op>> {
    const old = this.ref.models[j];
    const mids = old.midStates(this.ops[j]).map((m) => ({ label: 'mid' as const, model: m.rebooted() }));
    const all = [{ label: 'old' as const, model: old.rebooted() }, ...mids, { label: 'new' as const, model: this.ref.models[j + 1].rebooted() }];
    return all.map((c) => ({ ...c, view: c.model.view() }));
  }

  /** The four oracle parts for one cut inside op j; returns how the point ended. */
  private checkPoint(j: number, crash: Uint8Array, cut: Cut, nested: ReplayCut | null, phase: string): PointOutcome {
    const cands = this.candidates(j);
    const device = newDevice(this.c, crash.slice(), this.budgets, true);
    const mounted = this.mountAndView(device);
    if ('kind' in mounted) return this.report(mounted, j, cut, phase);
    const matches = cands.filter((c) => viewEqual(c.view, mounted.view));
    if (!matches.length) {
      const c = classify(mounted.view, cands[0].view, cands[cands.length - 1].view, this.history);
      return this.report({ kind: c.kind, stage: 'old-or-new', summary: `${c.summary}; recovered ${viewText(mounted.view)}` }, j, cut, phase);
    }
    const recovered = device.flash.image();
    const mountSteps = device.steps;
    // The engine's RAM is part of the key: the same image can be mounted into different RAM states.
    const key = this.opts.shareContinuations === false ? '' : `${j}:${imageHash(recovered)}:${matches.map((m) => cands.indexOf(m)).join(',')}:${fingerprintHash(ramFingerprint(mounted.subject))}`;
    const known = key ? this.continued.get(key) : undefined;
    let match = matches[0];
    let after: Failure | undefined;
    if (known) {
      this.sharedContinuations++;
      [match, after] = [matches[known.match], known.after];
    } else {
      // Old and new can look alike and differ inside (a format done or not): the rest of the run must fit one of them.
      after = this.continueAndReboot(device, mounted.subject, match.model.clone(), j);
      for (const other of matches.slice(1)) {
        if (!after) break;
        const retry = newDevice(this.c, recovered, this.budgets);
        const remounted = this.mountAndView(retry);
        if ('kind' in remounted) break;
        const second = this.continueAndReboot(retry, remounted.subject, other.model.clone(), j);
        if (!second) [match, after] = [other, undefined];
      }
      if (key) this.continued.set(key, { match: matches.indexOf(match), after });
    }
    if (after) return this.report(after, j, cut, phase);
    if (this.opts.depth === 2) {
      const n = this.nestedCheck(j, crash, cands, recovered, match.model, mountSteps, cut, nested);
      if (n) return this.report(n, j, cut, phase);
    }
    return match.label;
  }

  private mountAndView(device: PowerCutDevice): { subject: StoreSubject<Op>; view: StoreView } | Failure {
    try {
      const { subject, ok, outcome } = this.c.store.mount(device);
      if (!ok) return { kind: 'status', stage: 'mount', summary: `mount returned ${outcomeText(outcome)}` };
      return { subject, view: subject.view() };
    } catch (e) {
      return { ...failureOf(e), stage: 'mount' };
    }
  }

  /** Part 2 and 3: the rest of the ops on the recovered store, then a reboot that must show the model's state. */
  private continueAndReboot(device: PowerCutDevice, subject: StoreSubject<Op>, model: CrashModel<Op>, j: number): Failure | undefined {
    const last = Math.min(this.ref.checked, j + 1 + this.opts.continueOps);
    for (let k = j + 1; k < last; k++) {
      // A model that judges answers needs the store's first; the others predict before the store runs.
      const want = model.accept ? undefined : model.apply(this.ops[k]);
      if (model.poisoned()) return undefined; // from here the real code is unpredictable by design
      let got;
      try {
        got = subject.apply(this.ops[k]);
      } catch (e) {
        return { ...failureOf(e), stage: 'continue', summary: `op ${k} ${this.text(this.ops[k])}: ${failureOf(e).summary}` };
      }
      const why = want ? (sameOutcome(want, got) ? null : `engine ${outcomeText(got)}, model ${outcomeText(want)}`) : judge(model, this.ops[k], got);
      if (want === undefined && model.poisoned()) return undefined;
      if (why) return { kind: 'status', stage: 'continue', summary: `op ${k} ${this.text(this.ops[k])}: ${why}` };
    }
    if (last <= j + 1 && device.steps === 0) return undefined; // nothing ran, nothing written: a reboot sees the same image
    const again = this.mountAndView(device);
    if ('kind' in again) return { ...again, stage: 'reboot' };
    const expected = model.rebooted();
    if (expected.poisoned() || viewEqual(expected.view(), again.view)) return undefined;
    const c = classify(again.view, expected.view(), expected.view(), this.history);
    return { kind: c.kind, stage: 'reboot', summary: `after the continued run and a reboot: ${c.summary}` };
  }

  /** Part 4: a second cut, in the recovery's own writes if it made any, else in the first write after it. */
  private nestedCheck(
    j: number,
    crash: Uint8Array,
    cands: Array<Candidate<Op>>,
    recovered: Uint8Array,
    matched: CrashModel<Op>,
    mountSteps: number,
    cut: Cut,
    forced: ReplayCut | null,
  ): Failure | undefined {
    if (mountSteps > 0) {
      const pick = this.pickNested(crash, mountSteps, () => undefined, mixSeed(cut.tornSeed, 1), forced);
      if (!pick) return undefined;
      return this.judgeNested(pick, cands, 'a cut during recovery');
    }
    let k = j + 1;
    while (k < this.ref.checked && !this.c.driver.ops.writes(this.ops[k])) k++;
    if (k >= this.ref.checked) return undefined;
    const before = matched.clone();
    for (let i = j + 1; i < k; i++) before.apply(this.ops[i]);
    const afterModel = before.clone();
    afterModel.apply(this.ops[k]);
    if (afterModel.poisoned()) return undefined;
    const run = (s: StoreSubject<Op>): void => {
      for (let i = j + 1; i <= k; i++) s.apply(this.ops[i]);
    };
    const pick = this.pickNested(recovered, Number.POSITIVE_INFINITY, run, mixSeed(cut.tornSeed, 2), forced);
    if (!pick) return undefined;
    const nestedCands = [
      { label: 'old' as const, model: before.rebooted() },
      ...before.midStates(this.ops[k]).map((m) => ({ label: 'mid' as const, model: m.rebooted() })),
      { label: 'new' as const, model: afterModel.rebooted() },
    ].map((c) => ({ ...c, view: c.model.view() }));
    return this.judgeNested(pick, nestedCands, `a cut in the first write after recovery (${this.text(this.ops[k])})`);
  }

  /** Counts the steps of mount + `work` on `image`, then reruns them with a cut at a seeded step; returns the cut image. */
  private pickNested(
    image: Uint8Array,
    stepLimit: number,
    work: (s: StoreSubject<Op>) => void,
    seed: number,
    forced: ReplayCut | null,
  ): { image: Uint8Array; cut: Cut } | undefined {
    const counting = newDevice(this.c, image, this.budgets);
    counting.trace = [];
    try {
      work(this.c.store.mount(counting).subject);
    } catch (e) {
      if (isPowerLoss(e)) throw e;
      return undefined; // the first oracle parts already judged this path
    }
    const steps = Math.min(counting.steps, stepLimit);
    if (!steps) return undefined;
    let cut: Cut;
    let torn: TornModel;
    if (forced) {
      if (forced.fault !== 'power-cut' || !forced.torn) return undefined; // nested faults are power cuts
      cut = forced;
      torn = forced.torn;
    } else {
      const step = seed % steps;
      const menu = this.opts.torn.filter((t) => tornApplies(t, counting.trace?.[step] ?? { kind: 'erase', addr: 0, len: 0 }, this.c.geometry));
      if (!menu.length) return undefined;
      torn = menu[mixSeed(seed, 3) % menu.length];
      cut = { fault: 'power-cut', step, torn, tornSeed: mixSeed(seed, 4) };
    }
    const cutting = newDevice(this.c, image, this.budgets);
    cutting.arm({ step: cut.step, torn, tornSeed: cut.tornSeed });
    try {
      work(this.c.store.mount(cutting).subject);
    } catch (e) {
      if (!isPowerLoss(e)) return undefined;
    }
    this.result.nestedPoints++;
    return { image: cutting.flash.image(), cut };
  }

  private judgeNested(pick: { image: Uint8Array; cut: Cut }, cands: Array<Candidate<Op>>, where: string): Failure | undefined {
    const device = newDevice(this.c, pick.image, this.budgets);
    const mounted = this.mountAndView(device);
    if ('kind' in mounted) return { ...mounted, stage: 'nested', nested: pick.cut, summary: `${where}: ${mounted.summary}` };
    if (cands.some((c) => viewEqual(c.view, mounted.view))) return undefined;
    const c = classify(mounted.view, cands[0].view, cands[cands.length - 1].view, this.history);
    return { kind: c.kind, stage: 'nested', nested: pick.cut, summary: `${where}: ${c.summary}` };
  }

  private report(f: Failure, opIndex: number, cut: Cut | null, phase: string): PointOutcome {
    this.result.violations.push(buildViolation(this.c, this.ops, this.opts.opsSpec, f, { opIndex, cut, phase }));
    return f.kind;
  }

  private text(op: Op): string {
    return this.c.driver.ops.text(op);
  }
}

/** FNV-1a over the image's 32-bit words (plus its length): a cheap key for recovering each distinct image once. */
export function imageHash(image: Uint8Array): string {
  let b = image;
  if (b.byteOffset & 3) b = b.slice();
  const words = new Uint32Array(b.buffer, b.byteOffset, b.length >> 2);
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < words.length; i++) {
    h1 = Math.imul(h1 ^ words[i], 0x01000193);
    h2 = Math.imul(h2 ^ words[i], 0x5bd1e995) ^ (h2 >>> 13);
  }
  for (let i = words.length << 2; i < b.length; i++) h1 = Math.imul(h1 ^ b[i], 0x01000193);
  return `${(h1 >>> 0).toString(36)}${(h2 >>> 0).toString(36)}`;
}

/** A 160-bit digest of a fingerprint, for keys. */
const fingerprintHash = (s: string): string => crypto.createHash('sha1').update(s).digest('base64');

export function runCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: CaseOptions<Op>): CaseResult {
  const ref = opts.reference ?? recordReference(c, ops, opts.budgets ?? c.budgets);
  return new CaseRunner(c, ops, opts, ref).run();
}

export { recordReference };
