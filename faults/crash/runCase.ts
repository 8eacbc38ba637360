// One case: record the run once, then visit its crash points by replaying the trace (no prefix re-execution),
// and hold each recovered store to the crash oracle of design.md §3: old or new, continue, reboot, chains of cuts.
import crypto from 'node:crypto';
import { sameOutcome, outcomeText } from '../../models/outcome';
import { isPowerLoss } from '../powerLoss';
import { mixSeed, Rng } from '../rng';
import { type OpsSpec, type ReplayCut } from '../replayId';
import { crashPoints, type CrashPoint, type Schedule } from '../schedule';
import { applyTorn, tornApplies, type TornModel } from '../torn';
import { addWeak, cloneWeak, isWeakModel, weakKey, weakRegion, type WeakState } from '../weak';
import type { CrashModel, Mounted, StoreSubject } from '../driver/types';
import type { Mutation } from '../../engine/flash/norFlash';
import type { PowerCutDevice } from '../powerCutDevice';
import { BlockHashes } from './blockHashes';
import { buildViolation, countPoint, emptyResult, type Failure } from './caseResult';
import { failureOf } from './failure';
import { ramFingerprint } from './ramFingerprint';
import { judge, newDevice, opOfStep, recordReference, type Budgets, type ReferenceRun } from './reference';
import { phaseOf, type StoreCase } from './storeCase';
import type { CaseResult, Cut, PointOutcome, StoreView, Violation } from './types';
import { classify, History, viewEqual, viewText } from './view';

/** What a boot finds: the image, and the cells a weak cut left unstable beside it. */
export interface FlashState {
  image: Uint8Array;
  weak: WeakState | null;
}

export interface CaseOptions<Op = unknown> {
  schedule: Schedule;
  torn: readonly TornModel[];
  /** Cuts per chain: 1 (one cut), 2 (a second cut in the recovery or the first write after it), or more. */
  depth: number;
  /**
   * Nested cut chains per crash point (default 1: one seeded chain). A level whose cuts (steps x torn models) fit
   * in what is left of this budget is visited exhaustively, a larger one by seeded samples.
   */
  nestedPoints?: number;
  seed: number;
  /** Ops run on the recovered store after a cut (Infinity: the rest of the sequence). */
  continueOps: number;
  opsSpec: OpsSpec;
  budgets?: Budgets;
  /** Replays exactly these points (and nested cuts, then the deeper ones of the chain) instead of the schedule. */
  points?: Array<{ point: CrashPoint; nested: ReplayCut | null; deeper?: ReplayCut[] }>;
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

/** One level of a chain of cuts: where the last cut landed and what its recovery showed. */
interface Level<Op> {
  /** The op the last cut interrupted (a cut in its recovery is judged by the same candidates). */
  j: number;
  cands: Array<Candidate<Op>>;
  /** The flash the last cut left (a cut in the recovery starts from it). */
  crash: FlashState;
  /** The flash after the recovery mount. */
  recovered: FlashState;
  matched: CrashModel<Op>;
  mountSteps: number;
  /** The last cut's torn seed: the next level's cuts are drawn from it. */
  seed: number;
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
    const points = opts.points ?? crashPoints(opts.schedule, ref.trace, ref.opStarts, opts.torn, c.geometry, opts.seed).map((point) => ({ point, nested: null, deeper: undefined }));
    const image = ref.initial.slice();
    const hashes = BlockHashes.of(image);
    const ctx = { mode: c.mode, geometry: c.geometry, seed: 0 };
    let applied = 0;
    for (const { point, nested, deeper } of points) {
      if (point.step >= ref.trace.length) continue;
      let crash: FlashState;
      let crashHashes: BlockHashes;
      if (opts.reexecutePrefix) {
        crash = this.reexecute(point);
        crashHashes = BlockHashes.of(crash.image);
      } else {
        for (; applied < point.step; applied++) {
          applyTorn('after', image, ref.trace[applied], ctx);
          hashes.touch(...stepRange(ref.trace[applied]));
        }
        hashes.refresh(image);
        crash = { image: image.slice(), weak: null };
        const tctx = { ...ctx, seed: point.tornSeed };
        if (isWeakModel(point.torn)) crash.weak = addWeak(null, weakRegion(point.torn, crash.image, ref.trace[point.step], tctx));
        else applyTorn(point.torn, crash.image, ref.trace[point.step], tctx);
        crashHashes = hashes.clone().touch(...stepRange(ref.trace[point.step])).refresh(crash.image);
      }
      const j = opOfStep(ref.opStarts, point.step);
      for (; this.historyUpTo < j + 1; ) this.history.add(ref.models[++this.historyUpTo].view());
      const cut: Cut = { fault: 'power-cut', step: point.step, torn: point.torn, tornSeed: point.tornSeed };
      const opEnd = j + 1 < ref.opStarts.length ? ref.opStarts[j + 1] : ref.trace.length;
      const phase = phaseOf(c, { trace: ref.trace, step: point.step, opStart: ref.opStarts[j], opEnd, ...ref.contexts[j] });
      const imageKey = nested ? '' : `${j}:${crashHashes.key()}:${weakKey(crash.weak)}`;
      const known = imageKey ? this.seen.get(imageKey) : undefined;
      let outcome: PointOutcome;
      if (known) {
        outcome = known.outcome;
        this.result.duplicatePoints++;
        if (known.violation) known.violation.count = (known.violation.count ?? 1) + 1; // the same violation again
      } else {
        const before = this.result.violations.length;
        outcome = this.checkPoint(j, crash, crashHashes, cut, nested ? [nested, ...(deeper ?? [])] : null, phase);
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
  private reexecute(point: CrashPoint): FlashState {
    const device = newDevice(this.c, this.ref.initial, this.budgets);
    device.arm({ step: point.step, torn: point.torn, tornSeed: point.tornSeed });
    const subject = this.c.store.create(device);
    try {
      for (const op of this.ops) subject.apply(op);
    } catch (e) {
      if (!isPowerLoss(e)) throw e;
    }
    return stateOf(device);
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
    const mids = [...old.midStates(this.ops[j]), ...(old.cutStates?.(this.ops[j]) ?? [])].map((m) => ({ label: 'mid' as const, model: m.rebooted() }));
    const all = [{ label: 'old' as const, model: old.rebooted() }, ...mids, { label: 'new' as const, model: this.ref.models[j + 1].rebooted() }];
    return all.map((c) => ({ ...c, view: c.model.view() }));
  }

  /** The four oracle parts for one cut inside op j; returns how the point ended. */
  private checkPoint(j: number, crash: FlashState, crashHashes: BlockHashes, cut: Cut, forced: ReplayCut[] | null, phase: string): PointOutcome {
    const cands = this.candidates(j);
    const device = newDevice(this.c, crash.image.slice(), this.budgets, true, crash.weak);
    device.written = [];
    const mounted = this.mountAndView(device);
    if ('kind' in mounted) return this.report(mounted, j, cut, phase);
    const matches = cands.filter((c) => viewEqual(c.view, mounted.view));
    if (!matches.length) {
      const c = classify(mounted.view, cands[0].view, cands[cands.length - 1].view, this.history);
      return this.report({ kind: c.kind, stage: 'old-or-new', summary: `${c.summary}; recovered ${viewText(mounted.view)}` }, j, cut, phase);
    }
    const recovered = stateOf(device);
    const mountSteps = device.steps;
    // The engine's RAM is part of the key: the same image can be mounted into different RAM states.
    // Unstable cells settle per read: such runs are never shared.
    const key = this.opts.shareContinuations === false || recovered.weak ? '' : `${j}:${recoveredKey(crashHashes, recovered.image, device.written)}:${matches.map((m) => cands.indexOf(m)).join(',')}:${fingerprintHash(ramFingerprint(mounted.subject))}`;
    const known = key ? this.continued.get(key) : undefined;
    let match = matches[0];
    let after: Failure | undefined;
    if (known) {
      this.sharedContinuations++;
      [match, after] = [matches[known.match], known.after];
    } else {
      // Old and new can look alike and differ inside (a format done or not): the rest of the run must fit one of them.
      // If none does, the one that fit longest is the state the store is in: its failure is the one to report.
      let best = this.continueAndReboot(device, mounted.subject, match.model.clone(), j);
      for (const other of matches.slice(1)) {
        if (!best) break;
        const retry = newDevice(this.c, recovered.image, this.budgets, false, recovered.weak);
        const remounted = this.mountAndView(retry);
        if ('kind' in remounted) break;
        const second = this.continueAndReboot(retry, remounted.subject, other.model.clone(), j);
        if (!second || second.reached > best.reached) [match, best] = [other, second];
      }
      after = best?.failure;
      if (key) this.continued.set(key, { match: matches.indexOf(match), after });
    }
    if (after) return this.report(after, j, cut, phase);
    if (this.opts.depth >= 2) {
      const level: Level<Op> = { j, cands, crash, recovered, matched: match.model, mountSteps, seed: cut.tornSeed };
      const n = this.chain(2, level, forced, [], Math.max(1, this.opts.nestedPoints ?? 1));
      if (n) return this.report(n, j, cut, phase);
    }
    return match.label;
  }

  /** A boot: the power cycles (unstable cells settle anew), then the store mounts. */
  private boot(device: PowerCutDevice): Mounted<Op> {
    device.powerCycle();
    return this.c.store.mount(device);
  }

  private mountAndView(device: PowerCutDevice): { subject: StoreSubject<Op>; view: StoreView } | Failure {
    try {
      const { subject, ok, outcome } = this.boot(device);
      if (!ok) return { kind: 'status', stage: 'mount', summary: `mount returned ${outcomeText(outcome)}` };
      return { subject, view: subject.view() };
    } catch (e) {
      return { ...failureOf(e), stage: 'mount' };
    }
  }

  /**
   * Part 2 and 3: the rest of the ops on the recovered store, then a reboot that must show the model's state.
   * A failure carries the op it came at (`last` for the reboot): how far the model fit the store.
   */
  private continueAndReboot(device: PowerCutDevice, subject: StoreSubject<Op>, model: CrashModel<Op>, j: number): { failure: Failure; reached: number } | undefined {
    const last = Math.min(this.ref.checked, j + 1 + this.opts.continueOps);
    for (let k = j + 1; k < last; k++) {
      // A model that judges answers needs the store's first; the others predict before the store runs.
      const want = model.accept ? undefined : model.apply(this.ops[k]);
      if (model.poisoned()) return undefined; // from here the real code is unpredictable by design
      let got;
      try {
        got = subject.apply(this.ops[k]);
      } catch (e) {
        return { reached: k, failure: { ...failureOf(e), stage: 'continue', summary: `op ${k} ${this.text(this.ops[k])}: ${failureOf(e).summary}` } };
      }
      const why = want ? (sameOutcome(want, got) ? null : `engine ${outcomeText(got)}, model ${outcomeText(want)}`) : judge(model, this.ops[k], got);
      if (want === undefined && model.poisoned()) return undefined;
      if (why) return { reached: k, failure: { kind: 'status', stage: 'continue', summary: `op ${k} ${this.text(this.ops[k])}: ${why}` } };
    }
    // Nothing ran, nothing written: a reboot sees the same image (unless unstable cells may settle another way).
    if (last <= j + 1 && device.steps === 0 && !device.weak) return undefined;
    const again = this.mountAndView(device);
    if ('kind' in again) return { reached: last, failure: { ...again, stage: 'reboot' } };
    const expected = model.rebooted();
    if (expected.poisoned() || viewEqual(expected.view(), again.view)) return undefined;
    const c = classify(again.view, expected.view(), expected.view(), this.historyThrough(last));
    return { reached: last, failure: { kind: c.kind, stage: 'reboot', summary: `after the continued run and a reboot: ${c.summary}` } };
  }

  /** Every value the run committed before op `last`: the continued run wrote them too, so none of them is a phantom. */
  private historyThrough(last: number): History {
    const h = new History();
    for (let i = 0; i <= last && i < this.ref.models.length; i++) h.add(this.ref.models[i].view());
    return h;
  }

  /**
   * Part 4, level by level: a further cut in the last recovery's own writes if it made any, else in the first write
   * after it (a GC it starts included); each recovery must again show a candidate state, down to `depth` cuts.
   */
  private chain(level: number, at: Level<Op>, forced: ReplayCut[] | null, path: Cut[], budget: number): Failure | undefined {
    if (level > this.opts.depth || (forced && !forced.length)) return undefined;
    const window = this.window(at);
    if (!window) return undefined;
    const picks = this.pickNested(window.base, window.stepLimit, window.work, window.seed, forced?.[0] ?? null, budget);
    const childBudget = Math.max(1, Math.floor(budget / Math.max(1, picks.length)));
    for (const pick of picks) {
      const chainSoFar = [...path, pick.cut];
      const judged = this.judgeNested(pick.state, window.cands, window.where);
      if ('kind' in judged) return { ...judged, nested: chainSoFar[0], deeper: chainSoFar.slice(1) };
      const next: Level<Op> = { j: window.j, cands: window.cands, crash: pick.state, ...judged, seed: pick.cut.tornSeed };
      const deeper = this.chain(level + 1, next, forced ? forced.slice(1) : null, chainSoFar, childBudget);
      if (deeper) return deeper;
    }
    return undefined;
  }

  /** Where the next cut of a chain may land, with the states that judge it. */
  private window(at: Level<Op>) {
    if (at.mountSteps > 0) {
      return { base: at.crash, stepLimit: at.mountSteps, work: () => undefined, seed: mixSeed(at.seed, 1), cands: at.cands, j: at.j, where: 'a cut during recovery' };
    }
    let k = at.j + 1;
    while (k < this.ref.checked && !this.c.driver.ops.writes(this.ops[k])) k++;
    if (k >= this.ref.checked) return undefined;
    const before = at.matched.clone();
    for (let i = at.j + 1; i < k; i++) before.apply(this.ops[i]);
    if (before.poisoned()) return undefined;
    const afterModel = before.clone();
    afterModel.apply(this.ops[k]);
    if (afterModel.poisoned()) return undefined;
    const from = at.j;
    const work = (s: StoreSubject<Op>): void => {
      for (let i = from + 1; i <= k; i++) s.apply(this.ops[i]);
    };
    const cands = [
      { label: 'old' as const, model: before.rebooted() },
      ...[...before.midStates(this.ops[k]), ...(before.cutStates?.(this.ops[k]) ?? [])].map((m) => ({ label: 'mid' as const, model: m.rebooted() })),
      { label: 'new' as const, model: afterModel.rebooted() },
    ].map((c) => ({ ...c, view: c.model.view() }));
    const where = `a cut in the first write after recovery (${this.text(this.ops[k])})`;
    return { base: at.recovered, stepLimit: Number.POSITIVE_INFINITY, work, seed: mixSeed(at.seed, 2), cands, j: k, where };
  }

  /** Counts the steps of mount + `work` on `base`, then reruns them with a cut at each chosen step; the cut states. */
  private pickNested(
    base: FlashState,
    stepLimit: number,
    work: (s: StoreSubject<Op>) => void,
    seed: number,
    forced: ReplayCut | null,
    budget: number,
  ): Array<{ state: FlashState; cut: Cut }> {
    const counting = newDevice(this.c, base.image, this.budgets, false, base.weak);
    counting.trace = [];
    try {
      work(this.boot(counting).subject);
    } catch (e) {
      if (isPowerLoss(e)) throw e;
      return []; // the first oracle parts already judged this path
    }
    const steps = Math.min(counting.steps, stepLimit);
    if (!steps) return [];
    const trace = counting.trace;
    const cuts = this.nestedCuts(trace, steps, seed, forced, budget);
    const out: Array<{ state: FlashState; cut: Cut }> = [];
    for (const cut of cuts) {
      const cutting = newDevice(this.c, base.image, this.budgets, false, base.weak);
      cutting.arm({ step: cut.step, torn: cut.torn as TornModel, tornSeed: cut.tornSeed });
      try {
        work(this.boot(cutting).subject);
      } catch (e) {
        if (!isPowerLoss(e)) continue;
      }
      this.result.nestedPoints++;
      out.push({ state: stateOf(cutting), cut });
    }
    return out;
  }

  /** The cuts of one level: forced (a replay), one seeded cut (budget 1), all of them when they fit, else samples. */
  private nestedCuts(trace: readonly Mutation[], steps: number, seed: number, forced: ReplayCut | null, budget: number): Cut[] {
    const menuAt = (s: number): TornModel[] => this.opts.torn.filter((t) => tornApplies(t, trace[s] ?? { kind: 'erase', addr: 0, len: 0 }, this.c.geometry));
    if (forced) return forced.fault === 'power-cut' && forced.torn ? [forced] : []; // nested faults are power cuts
    if (budget <= 1) {
      const step = seed % steps;
      const menu = menuAt(step);
      if (!menu.length) return [];
      return [{ fault: 'power-cut', step, torn: menu[mixSeed(seed, 3) % menu.length], tornSeed: mixSeed(seed, 4) }];
    }
    const all: Cut[] = [];
    for (let s = 0; s < steps; s++) {
      for (const [i, torn] of menuAt(s).entries()) all.push({ fault: 'power-cut', step: s, torn, tornSeed: mixSeed(seed, 4, s, i) });
    }
    if (all.length <= budget) return all;
    const rng = new Rng(mixSeed(seed, 5));
    const picked = new Set<number>();
    while (picked.size < budget) picked.add(rng.int(0, all.length - 1));
    return [...picked].sort((a, b) => a - b).map((i) => all[i]);
  }

  /** A recovery after a nested cut must show a candidate state; then it is the next level's starting point. */
  private judgeNested(state: FlashState, cands: Array<Candidate<Op>>, where: string): Failure | { recovered: FlashState; matched: CrashModel<Op>; mountSteps: number } {
    const device = newDevice(this.c, state.image, this.budgets, false, state.weak);
    const mounted = this.mountAndView(device);
    if ('kind' in mounted) return { ...mounted, stage: 'nested', summary: `${where}: ${mounted.summary}` };
    const match = cands.find((c) => viewEqual(c.view, mounted.view));
    if (match) return { recovered: stateOf(device), matched: match.model, mountSteps: device.steps };
    const c = classify(mounted.view, cands[0].view, cands[cands.length - 1].view, this.history);
    return { kind: c.kind, stage: 'nested', summary: `${where}: ${c.summary}` };
  }

  private report(f: Failure, opIndex: number, cut: Cut | null, phase: string): PointOutcome {
    this.result.violations.push(buildViolation(this.c, this.ops, this.opts.opsSpec, f, { opIndex, cut, phase }));
    return f.kind;
  }

  private text(op: Op): string {
    return this.c.driver.ops.text(op);
  }
}

/** Where a step may change the image: its address and length. */
const stepRange = (m: Mutation): [number, number] => [m.addr, m.kind === 'program' ? m.data.length : m.len];

/** The key of the image a mount left: the crash image's block hashes with the blocks it wrote rehashed. */
function recoveredKey(crash: BlockHashes, image: Uint8Array, written: readonly number[] = []): string {
  const h = crash.clone();
  for (let i = 0; i < written.length; i += 2) h.touch(written[i], written[i + 1]);
  return h.refresh(image).key();
}

/** A 160-bit digest of a fingerprint, for keys. */
const fingerprintHash = (s: string): string => crypto.createHash('sha1').update(s).digest('base64');

/** The flash a device holds now, unstable cells included. */
export function stateOf(device: PowerCutDevice): FlashState {
  return { image: device.flash.image(), weak: cloneWeak(device.weak) };
}

export function runCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: CaseOptions<Op>): CaseResult {
  const ref = opts.reference ?? recordReference(c, ops, opts.budgets ?? c.budgets);
  return new CaseRunner(c, ops, opts, ref).run();
}

export { recordReference };
