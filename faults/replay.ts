// Re-runs exactly one case from its replay id: the same ops, the same cut, the same nested cut.
import { parseGeometry } from '../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../engine/flash/norFlash';
import { recordReference, runCase } from './crash/runCase';
import { DEFAULT_BUDGETS, newDevice, type ReferenceRun } from './crash/reference';
import type { CrashTarget } from './crash/target';
import type { CaseResult } from './crash/types';
import { engineKit, EngineError, opsOf } from './engines';
import { decodeReplayId, type ReplayCase } from './replayId';
import { runDeviceErrorCase } from './crash/deviceErrors';
import { runBitFlipCase } from './tdb/bitFlips';
import { TdbTarget } from './tdb/tdbTarget';
import type { TdbOp } from '../models/tdbstore/ops';
import { applyTorn, TORN_MODELS, type TornModel } from './torn';

export interface ReplayRun {
  replay: ReplayCase;
  target: CrashTarget<unknown>;
  ops: unknown[];
  reference: ReferenceRun<unknown>;
  result: CaseResult;
}

export function targetOf(c: Pick<ReplayCase, 'engine' | 'profile' | 'geometry' | 'flash'>): { target: CrashTarget<unknown>; kit: ReturnType<typeof engineKit> } {
  const kit = engineKit(c.engine);
  if (!(FLASH_MODES as readonly string[]).includes(c.flash)) throw new EngineError(`unknown flash mode "${c.flash}"`);
  return { target: kit.target(c.profile, parseGeometry(c.geometry), c.flash as FlashMode), kit };
}

/** Replays the id; `profile` may override it (the same case on the other profile). */
export function replayId(id: string, overrides: { profile?: string; depth?: 1 | 2 } = {}): ReplayRun {
  const replay = decodeReplayId(id);
  if (overrides.profile) replay.profile = overrides.profile;
  const { target, kit } = targetOf(replay);
  const ops = opsOf(kit, replay.ops, target.geometry);
  const reference = recordReference(target, ops, target.budgets);
  if (replay.cut?.torn === 'bit-flip') {
    if (!(target instanceof TdbTarget)) throw new EngineError(`bit flips at rest are checked for tdbstore only`);
    const result = runBitFlipCase(target, ops as TdbOp[], { opsSpec: replay.ops, flips: 0, seed: 0, bits: [replay.cut.step] });
    return { replay, target, ops, reference, result };
  }
  if (replay.cut?.torn === 'device-error') {
    const result = runDeviceErrorCase(target, ops, { opsSpec: replay.ops, steps: [replay.cut.step] });
    return { replay, target, ops, reference, result };
  }
  const cut = replay.cut;
  const result = runCase(target, ops, {
    schedule: { kind: 'exhaustive' },
    torn: TORN_MODELS,
    depth: overrides.depth ?? (replay.nested ? 2 : 1),
    seed: 0,
    continueOps: Number.POSITIVE_INFINITY,
    opsSpec: replay.ops,
    points: cut ? [{ point: { ...cut, torn: cut.torn as TornModel }, nested: replay.nested }] : [],
    reference,
  });
  return { replay, target, ops, reference, result };
}

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

/** The three images around the primary cut of a replayed case (undefined when the id has no cut). */
export function replayImages(run: ReplayRun): ReplayImages | undefined {
  const cut = run.replay.cut;
  if (!cut || cut.torn === 'device-error' || cut.torn === 'bit-flip' || cut.step >= run.reference.trace.length) return undefined;
  const ctx = { mode: run.target.mode, geometry: run.target.geometry, seed: 0 };
  const before = run.reference.initial.slice();
  for (let s = 0; s < cut.step; s++) applyTorn('after', before, run.reference.trace[s], ctx);
  const torn = before.slice();
  applyTorn(cut.torn, torn, run.reference.trace[cut.step], { ...ctx, seed: cut.tornSeed });
  let changedBytes = 0;
  for (let i = 0; i < torn.length; i++) if (torn[i] !== before[i]) changedBytes++;
  const device = newDevice(run.target, torn, DEFAULT_BUDGETS);
  try {
    run.target.mount(device);
  } catch {
    // a crash or hang while mounting is already in the case's violations; keep what the flash holds
  }
  return { before, cut: torn, recovered: device.flash.image(), changedBytes };
}
