// Re-runs exactly one case from its replay id: the same ops, the same cut, the same nested cut.
import { parseGeometry } from '../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../engine/flash/norFlash';
import { runBitFlipCase } from './crash/bitFlips';
import { runDeviceErrorCase } from './crash/deviceErrors';
import { newDevice, opOfStep, recordReference, type ReferenceRun } from './crash/reference';
import { runGarbageCase } from './crash/garbage';
import { runCase } from './crash/runCase';
import { WEAR_FAULTS } from './crash/types';
import { runWearCase } from './crash/wear';
import { withStart } from './crash/start';
import { openCase, type StoreCase } from './crash/storeCase';
import type { CaseResult } from './crash/types';
import { InputError } from './driver/errors';
import { driverForRef, type LoadedDriver } from './driver/registry';
import type { AnyDriver } from './driver/types';
import { decodeReplayId, type OpsSpec, type ReplayCase } from './replayId';
import { ALL_TORN_MODELS, applyTorn, TORN_MODELS } from './torn';

export interface ReplayRun {
  replay: ReplayCase;
  case: StoreCase<unknown>;
  ops: unknown[];
  reference: ReferenceRun<unknown>;
  result: CaseResult;
}

/** The ops an id names: generated from its seed and count, or parsed from its lines (a bad line is an InputError). */
export function opsOf(driver: AnyDriver, spec: OpsSpec, geometry: Parameters<AnyDriver['ops']['generate']>[2]): unknown[] {
  if (spec.kind === 'generated') return driver.ops.generate(spec.seed, spec.count, geometry);
  const ops: unknown[] = [];
  for (const line of spec.lines) {
    let op: unknown;
    try {
      op = driver.ops.parse(line);
    } catch (e) {
      throw new InputError(`${driver.name}: ${(e as Error).message}`);
    }
    if (op !== undefined) ops.push(op);
  }
  return ops;
}

/** The case an id's engine, profile, geometry and flash fields name. */
export function caseOf(c: Pick<ReplayCase, 'engine' | 'profile' | 'geometry' | 'flash'>, loaded: LoadedDriver): StoreCase<unknown> {
  if (!(FLASH_MODES as readonly string[]).includes(c.flash)) throw new InputError(`unknown flash mode "${c.flash}" (${FLASH_MODES.join(', ')})`);
  return openCase(loaded.driver, c.profile, parseGeometry(c.geometry), c.flash as FlashMode, loaded.ref);
}

export interface ReplayOptions {
  /** The same case on another profile. */
  profile?: string;
  depth?: number;
  /** The driver file the id was made with (ids of a driver file name it and its hash). */
  driverFile?: string;
  /** The start image file the id was made with (ids of such cases name its hash: `+img.HASH`). */
  startImage?: string;
}

/** Replays the id exactly. */
export function replay(id: string, overrides: ReplayOptions = {}): ReplayRun {
  const replayCase = decodeReplayId(id);
  if (overrides.profile) replayCase.profile = overrides.profile;
  const c = withStart(caseOf(replayCase, driverForRef(replayCase.engine, overrides.driverFile)), replayCase.ops.start, overrides.startImage);
  const ops = opsOf(c.driver, replayCase.ops, c.geometry);
  const reference = recordReference(c, ops, c.budgets);
  const cut = replayCase.cut;
  const done = (result: CaseResult): ReplayRun => ({ replay: replayCase, case: c, ops, reference, result });
  if (cut?.fault === 'bit-flip') {
    if (!c.driver.atRest) throw new InputError(`${c.driver.name} does not say where bits may flip at rest (no atRest in its driver)`);
    return done(runBitFlipCase(c, ops, { opsSpec: replayCase.ops, flips: 0, seed: 0, bits: [cut.step] }));
  }
  if (cut?.fault === 'device-error') return done(runDeviceErrorCase(c, ops, { opsSpec: replayCase.ops, steps: [cut.step] }));
  if (cut?.fault === 'garbage') {
    return done(runGarbageCase(c, ops, { opsSpec: replayCase.ops, seeds: [cut.tornSeed], torn: ALL_TORN_MODELS, cuts: 0, forcedCut: replayCase.nested ?? undefined }));
  }
  const wear = WEAR_FAULTS.find((f) => f === cut?.fault);
  if (cut && wear) return done(runWearCase(c, ops, { opsSpec: replayCase.ops, faults: [wear], limits: [cut.step] }));
  return done(
    runCase(c, ops, {
      schedule: { kind: 'exhaustive' },
      torn: TORN_MODELS,
      depth: overrides.depth ?? (replayCase.nested ? 2 + (replayCase.deeper?.length ?? 0) : 1),
      seed: 0,
      continueOps: Number.POSITIVE_INFINITY,
      opsSpec: replayCase.ops,
      points: cut?.torn ? [{ point: { step: cut.step, torn: cut.torn, tornSeed: cut.tornSeed }, nested: replayCase.nested, deeper: replayCase.deeper }] : [],
      reference,
    }),
  );
}

/** The old name of `replay`. */
export const replayId = replay;

export interface ReplayImages {
  /** The image just before the interrupted step. */
  before: Uint8Array;
  /** The image the cut left (the torn model applied). */
  cut: Uint8Array;
  /** The image after the recovery mount (before the rest of the ops run). */
  recovered: Uint8Array;
  /** Bytes the torn step changed, out of the bytes it addressed. */
  changedBytes: number;
}

/** Why a replayed id has no images around a cut (for a clear message), or undefined when it has them. */
export function noImagesReason(run: ReplayRun): string | undefined {
  const cut = run.replay.cut;
  if (!cut) return 'the id has no cut (it replays the reference run only)';
  if (cut.fault !== 'power-cut') return `the id's fault is a ${cut.fault}, not a power cut`;
  if (cut.step >= run.reference.trace.length) return `the run has ${run.reference.trace.length} flash steps: step ${cut.step} never happens`;
  return undefined;
}

/** The three images around the primary cut of a replayed case (undefined when the id has no power cut). */
export function replayImages(run: ReplayRun): ReplayImages | undefined {
  const cut = run.replay.cut;
  if (noImagesReason(run) || !cut || !cut.torn) return undefined;
  const c = run.case;
  const ctx = { mode: c.mode, geometry: c.geometry, seed: 0 };
  const before = run.reference.initial.slice();
  for (let s = 0; s < cut.step; s++) applyTorn('after', before, run.reference.trace[s], ctx);
  const torn = before.slice();
  applyTorn(cut.torn, torn, run.reference.trace[cut.step], { ...ctx, seed: cut.tornSeed });
  let changedBytes = 0;
  for (let i = 0; i < torn.length; i++) if (torn[i] !== before[i]) changedBytes++;
  const device = newDevice(c, torn, c.budgets);
  try {
    c.store.mount(device);
  } catch {
    // a crash or hang while mounting is already in the case's violations; keep what the flash holds
  }
  return { before, cut: torn, recovered: device.flash.image(), changedBytes };
}

/**
 * How many flash steps the nested cut of a replayed id can land in: the recovery's own (mount after the cut), or,
 * when the recovery writes nothing, those of the ops up to the first write after it. Undefined without a nested cut.
 */
export function nestedStepCount(run: ReplayRun): number | undefined {
  const images = run.replay.nested ? replayImages(run) : undefined;
  const cut = run.replay.cut;
  if (!images || !cut) return undefined;
  const c = run.case;
  const ref = run.reference;
  const device = newDevice(c, images.cut, c.budgets);
  try {
    const subject = c.store.mount(device).subject;
    if (device.steps > 0) return device.steps;
    let k = opOfStep(ref.opStarts, cut.step) + 1;
    for (; k < ref.checked; k++) {
      subject.apply(run.ops[k]);
      if (c.driver.ops.writes(run.ops[k])) break;
    }
  } catch {
    // a crash or hang: the steps made so far are all there are
  }
  return device.steps;
}
