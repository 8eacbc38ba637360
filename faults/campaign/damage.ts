// What a violating cut costs the device: committed keys lost or changed, the promises it breaks, and a verdict
// beyond pass/fail: `unusable` (mount fails, or every later write fails and retrying the interrupted one after a
// reboot fails twice), `data-lost` or
// `wrong-answer` (an operation answered wrongly; nothing committed was lost and the store goes on).
import { sameOutcome, type Outcome } from '../../models/outcome';
import type { CrashModel, StoreSubject } from '../driver/types';
import { isPowerLoss } from '../powerLoss';
import { failureOf } from '../crash/failure';
import { newDevice, type ReferenceRun } from '../crash/reference';
import type { StoreCase } from '../crash/storeCase';
import type { Cut, StoreView, Violation, ViolationKind } from '../crash/types';
import { EXTRA_KEY } from '../crash/view';
import { applyTorn } from '../torn';
import type { PowerCutDevice } from '../powerCutDevice';

export const VERDICTS = ['unusable', 'data-lost', 'wrong-answer'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a store promises across a power cut (the guarantee table's rows). */
export const PROMISES = ['committed', 'atomic', 'others', 'usable'] as const;
export type PromiseName = (typeof PROMISES)[number];

export interface Damage {
  verdict: Verdict;
  /** Committed keys lost or changed: at the recovery after the cut, plus at the reboot after the rest of the run. */
  keys: number;
  broken: PromiseName[];
}

const DATA_KINDS: readonly ViolationKind[] = ['lost', 'phantom', 'resurrected', 'corrupted'];

/** Without a recovered store to look at (no cut, a device error, a bit flip): judged by the violation's class. */
export function damageByKind(v: Pick<Violation, 'kind' | 'stage'>): Damage {
  if (v.kind === 'crash' || v.kind === 'hang' || v.stage === 'mount') return { verdict: 'unusable', keys: 0, broken: ['usable'] };
  if (DATA_KINDS.includes(v.kind)) return { verdict: 'data-lost', keys: 1, broken: v.kind === 'phantom' ? ['others'] : ['committed'] };
  return { verdict: 'wrong-answer', keys: 0, broken: ['usable'] };
}

const entries = (v: StoreView): Map<string, string> => {
  const m = new Map(v.keys);
  if (v.extra !== null) m.set(EXTRA_KEY, v.extra);
  return m;
};

/** Keys whose value differs between two views. */
function differing(a: StoreView, b: StoreView): string[] {
  const [x, y] = [entries(a), entries(b)];
  return [...new Set([...x.keys(), ...y.keys()])].filter((k) => x.get(k) !== y.get(k));
}

/** The flash the cut left: the recorded trace up to its step, then the torn model on that step. */
function crashImage<Op>(c: StoreCase<Op>, ref: ReferenceRun<Op>, cut: Cut): Uint8Array {
  const ctx = { mode: c.mode, geometry: c.geometry, seed: 0 };
  const image = ref.initial.slice();
  for (let s = 0; s < cut.step; s++) applyTorn('after', image, ref.trace[s], ctx);
  if (cut.torn) applyTorn(cut.torn, image, ref.trace[cut.step], { ...ctx, seed: cut.tornSeed });
  return image;
}

/** The flash after the nested cut: in the recovery, or in the ops up to the first write after it. */
function nestedImage<Op>(c: StoreCase<Op>, ops: readonly Op[], ref: ReferenceRun<Op>, j: number, image: Uint8Array, nested: Cut): { image: Uint8Array; last: number } {
  let last = j + 1;
  while (last < ref.checked && !c.driver.ops.writes(ops[last])) last++;
  const device = newDevice(c, image, c.budgets);
  if (nested.torn) device.arm({ step: nested.step, torn: nested.torn, tornSeed: nested.tornSeed });
  try {
    const s = c.store.mount(device).subject;
    for (let i = j + 1; i <= Math.min(last, ref.checked - 1); i++) s.apply(ops[i]);
  } catch (e) {
    if (!isPowerLoss(e)) return { image: device.flash.image(), last };
  }
  return { image: device.flash.image(), last };
}

type Mount<Op> = { subject: StoreSubject<Op>; view: StoreView } | undefined;

function mountView<Op>(c: StoreCase<Op>, device: PowerCutDevice): Mount<Op> {
  try {
    const m = c.store.mount(device);
    return m.ok ? { subject: m.subject, view: m.subject.view() } : undefined;
  } catch (e) {
    failureOf(e);
    return undefined;
  }
}

/** The store's answer to `op`, or undefined when it crashed or hung. */
function answer<Op>(s: StoreSubject<Op>, op: Op): Outcome | undefined {
  try {
    return s.apply(op);
  } catch (e) {
    failureOf(e);
    return undefined;
  }
}

/** Whether the model agrees with `got` (advancing as the answer means); a model that judges answers judges it. */
function agrees<Op>(model: CrashModel<Op>, op: Op, got: Outcome | undefined): boolean {
  if (!got) return false;
  if (model.accept) return model.accept(op, got) === null;
  return sameOutcome(model.apply(op), got);
}

/** Damage of one power-cut violation of a case whose reference run is `ref`; never throws (falls back on the class). */
export function assessDamage<Op>(c: StoreCase<Op>, ops: readonly Op[], ref: ReferenceRun<Op>, v: Violation): Damage {
  if (!v.cut || v.cut.fault !== 'power-cut' || v.opIndex < 0 || v.opIndex >= ref.checked) return damageByKind(v);
  try {
    return probe(c, ops, ref, v);
  } catch (e) {
    if (isPowerLoss(e)) throw e;
    return damageByKind(v);
  }
}

function probe<Op>(c: StoreCase<Op>, ops: readonly Op[], ref: ReferenceRun<Op>, v: Violation): Damage {
  const j = v.opIndex;
  let image = crashImage(c, ref, v.cut as Cut);
  let last = j;
  if (v.nested) ({ image, last } = nestedImage(c, ops, ref, j, image, v.nested));
  const old = ref.models[j].rebooted();
  const stateIndexes = [...new Set([j, j + 1, last, Math.min(last + 1, ref.checked)])];
  const mids = [...ref.models[j].midStates(ops[j]), ...(ref.models[j].cutStates?.(ops[j]) ?? [])];
  const candidates = [...stateIndexes.map((i) => ref.models[i].rebooted()), ...mids.map((m) => m.rebooted())];
  const committed = entries(old.view()).size;
  const device = newDevice(c, image, c.budgets);
  const mounted = mountView(c, device);
  if (!mounted) return { verdict: 'unusable', keys: committed, broken: ['committed', 'usable'] };
  const broken = new Set<PromiseName>();
  // The nearest allowed state explains the recovery best; what still differs from it is the damage.
  let best = candidates[0];
  let diff = differing(mounted.view, best.view());
  for (const m of candidates.slice(1)) {
    const d = differing(mounted.view, m.view());
    if (d.length < diff.length) [best, diff] = [m, d];
  }
  let keys = promisesAtRecovery(mounted.view, old.view(), ref.models[j + 1].rebooted().view(), diff, broken);
  // The rest of the run on the recovered store, the model following the answers the application got.
  let model = best.clone();
  for (let k = Math.max(j, last) + 1; k < ref.checked && !v.nested; k++) {
    const before = model.clone();
    const got = answer(mounted.subject, ops[k]);
    const ok = agrees(model, ops[k], got);
    if (model.poisoned()) break;
    if (!ok) {
      model = before;
      broken.add('usable');
    }
    if (!got) break; // a crash or hang: nothing more to learn from this instance
  }
  const again = mountView(c, device);
  if (!again) return { verdict: 'unusable', keys: keys + committed, broken: [...broken, 'usable', 'committed'] };
  const expected = model.rebooted();
  if (!expected.poisoned()) {
    const lostLater = differing(again.view, expected.view()).filter((k) => entries(expected.view()).has(k)).length;
    if (lostLater) broken.add('committed');
    keys += lostLater;
  }
  // Bricked: on the recovered flash, the interrupted write retried twice and once more after a reboot all fail
  // (a refused write may work once the store has collected; a bricked store refuses until reset).
  const bricked = !v.nested && retriesFail(c, image, best, ops[j]);
  if (bricked) broken.add('usable');
  const wrongData = keys > 0 || broken.has('committed') || broken.has('atomic') || broken.has('others');
  const verdict: Verdict = bricked ? 'unusable' : wrongData ? 'data-lost' : 'wrong-answer';
  if (verdict === 'wrong-answer' && !broken.size) broken.add('usable');
  return { verdict, keys, broken: PROMISES.filter((p) => broken.has(p)) };
}

/** Whether `op`, retried on the store mounted from `image` (twice, then once after a reboot), fails every time. */
function retriesFail<Op>(c: StoreCase<Op>, image: Uint8Array, recovered: CrashModel<Op>, op: Op): boolean {
  if (!c.driver.ops.writes(op)) return false;
  const device = newDevice(c, image, c.budgets);
  const first = mountView(c, device);
  if (!first) return true;
  let model = recovered.clone();
  for (let attempt = 0; attempt < 3; attempt++) {
    const store = attempt < 2 ? first : mountView(c, device);
    if (!store) return true;
    if (attempt === 2) model = model.rebooted();
    const before = model.clone();
    if (agrees(model, op, answer(store.subject, op))) return false;
    model = before;
  }
  return true;
}

/**
 * Key by key against the states before and after the interrupted op: a key the op did not touch that changed breaks
 * "other keys untouched"; a key it touched that is neither old nor new breaks "all or nothing"; a committed value
 * gone either way breaks "committed data survives". Returns how many committed keys were lost or changed.
 */
function promisesAtRecovery(got: StoreView, old: StoreView, next: StoreView, diff: readonly string[], broken: Set<PromiseName>): number {
  if (!diff.length) return 0;
  const [r, o, n] = [entries(got), entries(old), entries(next)];
  let lost = 0;
  let perKey = false;
  for (const k of new Set([...r.keys(), ...o.keys(), ...n.keys()])) {
    const value = r.get(k);
    if (value === o.get(k) || (o.get(k) !== n.get(k) && value === n.get(k))) continue;
    perKey = true;
    broken.add(o.get(k) === n.get(k) ? 'others' : 'atomic');
    if (o.has(k)) {
      broken.add('committed');
      lost++;
    }
  }
  if (!perKey) broken.add('atomic'); // each key old or new, but not together: the op was not all or nothing
  return lost;
}
