// First boot on flash that holds garbage (a part from the reel, another firmware's data, a half-written image): the
// store must mount it with a typed status or format it, never throw (OP-TEE #7512, FlashDB #106). A completed format
// must be usable: the sequence runs on it against the model of a fresh store, and a reboot shows that store. Power
// cuts inside that first mount/format (exhaustive where they fit the budget) must again end typed or formatted.
import { sameOutcome, outcomeText } from '../../models/outcome';
import type { Budgets, CrashModel, StoreSubject } from '../driver/types';
import type { PowerCutDevice } from '../powerCutDevice';
import { isPowerLoss } from '../powerLoss';
import type { OpsSpec } from '../replayId';
import { mixSeed, Rng } from '../rng';
import { tornApplies, type TornModel } from '../torn';
import { buildViolation, countPoint, emptyResult, type Failure } from './caseResult';
import { failureOf } from './failure';
import { judge, newDevice } from './reference';
import type { StoreCase } from './storeCase';
import type { CaseResult, Cut, PointOutcome } from './types';
import { classify, History, viewEqual, viewText } from './view';

/** What garbage looks like, per erase unit: erased, random, zeroed, a repeated byte, or erased with random words. */
export function garbageImage(seed: number, g: { sizeBytes: number; eraseSizeBytes: number }): Uint8Array {
  const rng = new Rng(mixSeed(seed, 0x6a72));
  const image = new Uint8Array(g.sizeBytes);
  const style = rng.int(0, 2); // 0: every unit random, 1: a mix of unit styles, 2: erased with scattered words
  for (let u = 0; u < g.sizeBytes / g.eraseSizeBytes; u++) {
    const [from, to] = [u * g.eraseSizeBytes, (u + 1) * g.eraseSizeBytes];
    const kind = style === 0 ? 1 : style === 2 ? 4 : rng.int(0, 4);
    if (kind === 0) image.fill(0xff, from, to);
    else if (kind === 1) for (let i = from; i < to; i++) image[i] = rng.nextU32() & 0xff;
    else if (kind === 2) image.fill(0, from, to);
    else if (kind === 3) image.fill(rng.nextU32() & 0xff, from, to);
    else {
      image.fill(0xff, from, to);
      for (let n = rng.int(1, 8); n > 0; n--) image[from + rng.int(0, to - from - 1)] = rng.nextU32() & 0xff;
    }
  }
  return image;
}

export interface GarbageOptions {
  opsSpec: OpsSpec;
  /** Seeds of the garbage images, one crash point each (plus the cuts inside its format). */
  seeds: number[];
  torn: readonly TornModel[];
  /** Cuts inside each image's first mount/format: all of them when they fit, else this many seeded ones. */
  cuts: number;
  /** Replays exactly this cut inside the first mount (or none). */
  forcedCut?: Cut | null;
  budgets?: Budgets;
  stopAtFirst?: boolean;
}

export function runGarbageCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: GarbageOptions): CaseResult {
  const result = emptyResult({ wear: [], checked: ops.length, stoppedAt: null });
  const budgets = opts.budgets ?? c.budgets;
  const fresh = c.store.model();
  if (ops.length) fresh.apply(ops[0]); // the first op is the boot that formats blank flash
  const history = new History();
  history.add(fresh.view());
  const opKind = ops.length ? c.driver.ops.kind(ops[0]) : 'mount';
  for (const seed of opts.seeds) {
    const image = garbageImage(seed, c.geometry);
    const cut: Cut = { fault: 'garbage', step: 0, torn: null, tornSeed: seed };
    const note = (f: Failure | undefined, phase: string, outcome: PointOutcome, nested?: Cut): boolean => {
      result.crashPoints++;
      countPoint(result, opKind, phase, cut, f ? f.kind : outcome);
      if (f) result.violations.push(buildViolation(c, ops, opts.opsSpec, nested ? { ...f, nested } : f, { opIndex: 0, cut, phase }));
      return Boolean(f && opts.stopAtFirst);
    };
    if (opts.forcedCut === undefined) {
      const first = bootGarbage(c, ops, newDevice(c, image, budgets), fresh, history);
      if (note(first.failure, 'mount', first.outcome)) break;
    }
    for (const nested of opts.forcedCut !== undefined ? (opts.forcedCut ? [opts.forcedCut] : []) : formatCuts(c, image, budgets, opts, seed)) {
      const device = newDevice(c, image, budgets);
      device.arm({ step: nested.step, torn: nested.torn as TornModel, tornSeed: nested.tornSeed });
      let cutDone = false;
      try {
        c.store.mount(device);
      } catch (e) {
        if (!isPowerLoss(e)) {
          if (note({ ...failureOf(e), stage: 'mount' }, 'format', 'old', nested)) return result;
          continue;
        }
        cutDone = true;
      }
      if (!cutDone) continue;
      result.nestedPoints++;
      // The format may be redone at this boot (a fresh store) or was done before the cut (a store one boot old).
      const cutImage = device.flash.image();
      let after = bootGarbage(c, ops, newDevice(c, cutImage, budgets), fresh, history);
      if (after.failure) {
        const older = bootGarbage(c, ops, newDevice(c, cutImage, budgets), fresh.rebooted(), history);
        if (!older.failure) after = older;
      }
      if (note(after.failure && { ...after.failure, stage: 'nested', summary: `a cut in the first format: ${after.failure.summary}` }, 'format', after.outcome, nested)) return result;
    }
  }
  return result;
}

/** The cuts inside the first mount of `image`: every step x torn model when they fit in `cuts`, else seeded ones. */
function formatCuts<Op>(c: StoreCase<Op>, image: Uint8Array, budgets: Budgets, opts: GarbageOptions, seed: number): Cut[] {
  if (opts.cuts <= 0) return [];
  const counting = newDevice(c, image, budgets);
  counting.trace = [];
  try {
    c.store.mount(counting);
  } catch {
    return []; // the mount itself is judged without a cut
  }
  const all: Cut[] = [];
  counting.trace.forEach((m, step) => {
    opts.torn.filter((t) => tornApplies(t, m, c.geometry)).forEach((torn, i) => all.push({ fault: 'power-cut', step, torn, tornSeed: mixSeed(seed, step, i) }));
  });
  if (all.length <= opts.cuts) return all;
  const rng = new Rng(mixSeed(seed, 0xc075));
  const picked = new Set<number>();
  while (picked.size < opts.cuts) picked.add(rng.int(0, all.length - 1));
  return [...picked].sort((a, b) => a - b).map((i) => all[i]);
}

/** One boot on garbage: typed refusal ('old'), or a fresh store ('new') that runs the sequence and survives a reboot. */
function bootGarbage<Op>(
  c: StoreCase<Op>,
  ops: readonly Op[],
  device: PowerCutDevice,
  fresh: CrashModel<Op>,
  history: History,
): { failure?: Failure; outcome: PointOutcome } {
  let mounted;
  try {
    mounted = c.store.mount(device);
  } catch (e) {
    return { failure: { ...failureOf(e), stage: 'mount', summary: `mounting garbage: ${failureOf(e).summary}` }, outcome: 'old' };
  }
  if (!mounted.ok) return { outcome: 'old' }; // a typed status: the application knows to format
  const want = fresh.rebooted().view();
  const seen = mounted.subject.view();
  if (!viewEqual(seen, want)) {
    const k = classify(seen, want, want, history);
    return { failure: { kind: k.kind, stage: 'mount', summary: `garbage mounted as a store: ${k.summary}; recovered ${viewText(seen)}` }, outcome: 'new' };
  }
  const failure = runOn(c, ops, device, mounted.subject, fresh.clone(), history);
  return { failure, outcome: 'new' };
}

/** The rest of the sequence on the formatted store against a fresh model, then a reboot showing the same store. */
function runOn<Op>(c: StoreCase<Op>, ops: readonly Op[], device: PowerCutDevice, subject: StoreSubject<Op>, model: CrashModel<Op>, history: History): Failure | undefined {
  const text = (op: Op): string => c.driver.ops.text(op);
  for (let k = 1; k < ops.length; k++) {
    const want = model.accept ? undefined : model.apply(ops[k]);
    if (model.poisoned()) return undefined;
    let got;
    try {
      got = subject.apply(ops[k]);
    } catch (e) {
      return { ...failureOf(e), stage: 'continue', summary: `after formatting garbage, op ${k} ${text(ops[k])}: ${failureOf(e).summary}` };
    }
    const why = want ? (sameOutcome(want, got) ? null : `engine ${outcomeText(got)}, model ${outcomeText(want)}`) : judge(model, ops[k], got);
    if (model.poisoned()) return undefined;
    if (why) return { kind: 'status', stage: 'continue', summary: `after formatting garbage, op ${k} ${text(ops[k])}: ${why}` };
    if (c.driver.ops.settles(ops[k])) history.add(model.view());
  }
  let again;
  try {
    again = c.store.mount(device);
  } catch (e) {
    return { ...failureOf(e), stage: 'reboot' };
  }
  if (!again.ok) return { kind: 'status', stage: 'reboot', summary: `after formatting garbage and the run, mount returned ${outcomeText(again.outcome)}` };
  const expected = model.rebooted();
  if (expected.poisoned() || viewEqual(expected.view(), again.subject.view())) return undefined;
  const k = classify(again.subject.view(), expected.view(), expected.view(), history);
  return { kind: k.kind, stage: 'reboot', summary: `after formatting garbage, the run and a reboot: ${k.summary}` };
}
