// One case's subject under test: a driver opened on a profile, geometry and flash mode, checked up front.
import type { Geometry } from '../../engine/flash/blockDevice';
import { formatGeometry } from '../../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../../engine/flash/norFlash';
import { InputError } from '../driver/errors';
import type { Budgets, CrashModel, EngineDriver, OpenedStore, StepInfo } from '../driver/types';
import type { StartSpec } from '../replayId';

export const DEFAULT_BUDGETS: Budgets = { steps: 200_000, reads: 2_000_000 };

export interface StoreCase<Op> {
  readonly driver: EngineDriver<Op>;
  /** The engine field of replay ids (the driver's name, or its file reference). */
  readonly ref: string;
  readonly profile: string;
  readonly geometry: Geometry;
  readonly mode: FlashMode;
  readonly store: OpenedStore<Op>;
  readonly budgets: Budgets;
  /** Where every sequence of the case starts when not on blank flash (faults/crash/start.ts); ids name it. */
  readonly start?: { readonly spec: StartSpec; readonly image: Uint8Array; readonly model: CrashModel<Op> };
}

/** Why the driver cannot run as asked (unknown profile or mode, a geometry it refuses), or undefined. */
export function caseProblem(driver: EngineDriver<unknown>, profile: string, geometry: Geometry, mode: string): string | undefined {
  if (!driver.profiles.includes(profile)) return `${driver.name} has no profile "${profile}" (${driver.profiles.join(', ')})`;
  const modes = driver.flashModes ?? FLASH_MODES;
  if (!(modes as readonly string[]).includes(mode)) return `${driver.name} does not run on ${mode} flash (${modes.join(', ')})`;
  const bad = driver.geometry.problem?.(geometry);
  return bad ? `${driver.name} cannot run on geometry ${formatGeometry(geometry)}: ${bad}` : undefined;
}

/** Opens the driver for one case; bad input is an InputError naming it. */
export function openCase<Op>(driver: EngineDriver<Op>, profile: string, geometry: Geometry, mode: FlashMode, ref = driver.name): StoreCase<Op> {
  const problem = caseProblem(driver, profile, geometry, mode);
  if (problem) throw new InputError(problem);
  return { driver, ref, profile, geometry, mode, store: driver.open(profile, geometry, mode), budgets: driver.budgets ?? DEFAULT_BUDGETS };
}

export const geometryText = (c: StoreCase<unknown>): string => formatGeometry(c.geometry);

/** The engine phase of a flash step: the driver's name for it, or the step's kind. */
export function phaseOf(c: StoreCase<unknown>, info: Omit<StepInfo, 'geometry'>): string {
  const step = { ...info, geometry: c.geometry };
  return c.driver.phaseOf?.(step) ?? step.trace[step.step].kind;
}
