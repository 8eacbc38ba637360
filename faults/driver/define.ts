// defineDriver: a user's store becomes a driver in one call; every field is checked, so a mistake is one clear line.
import { parseGeometry } from '../../engine/flash/geometry';
import { FLASH_MODES } from '../../engine/flash/norFlash';
import { InputError } from './errors';
import type { EngineDriver } from './types';

/** What a driver file must give; the rest has defaults (one profile "default", nothing held clean, `small` geometry). */
export type DriverDefinition<Op> = Omit<EngineDriver<Op>, 'title' | 'profiles' | 'defaultProfile' | 'cleanProfiles' | 'geometry'> &
  Partial<Pick<EngineDriver<Op>, 'title' | 'profiles' | 'defaultProfile' | 'cleanProfiles' | 'geometry'>>;

export const DRIVER_NAME = /^[a-z][a-z0-9-]{0,39}$/;

const OP_FUNCTIONS = ['text', 'parse', 'kind', 'writes', 'settles', 'generate'] as const;

/** Why `d` is not a usable driver, or undefined. */
export function driverProblem(d: unknown): string | undefined {
  if (typeof d !== 'object' || d === null) return 'a driver is an object (defineDriver({...}))';
  const o = d as Record<string, unknown>;
  if (typeof o.name !== 'string' || !DRIVER_NAME.test(o.name)) return `name must match ${DRIVER_NAME} (lowercase, the replay id carries it), got ${JSON.stringify(o.name)}`;
  const profiles = o.profiles;
  if (!Array.isArray(profiles) || !profiles.length || !profiles.every((p) => typeof p === 'string' && /^[a-z][a-z0-9-]*$/.test(p))) return 'profiles must be a non-empty list of lowercase names';
  if (!profiles.includes(o.defaultProfile)) return `defaultProfile ${JSON.stringify(o.defaultProfile)} is not one of its profiles (${profiles.join(', ')})`;
  if (!Array.isArray(o.cleanProfiles) || !o.cleanProfiles.every((p) => profiles.includes(p))) return 'cleanProfiles must list some of its profiles';
  const ops = o.ops as Record<string, unknown> | undefined;
  const missing = OP_FUNCTIONS.filter((f) => typeof ops?.[f] !== 'function');
  if (missing.length) return `ops needs the functions ${missing.join(', ')}`;
  if (typeof o.open !== 'function') return 'open(profile, geometry, mode) is missing';
  const g = o.geometry as { default?: unknown } | undefined;
  if (typeof g?.default !== 'string') return 'geometry.default must be a preset name or SIZE:ERASE:PROGRAM[:READ]';
  try {
    parseGeometry(g.default);
  } catch (e) {
    return `geometry.default: ${(e as Error).message}`;
  }
  if (o.flashModes !== undefined && (!Array.isArray(o.flashModes) || !o.flashModes.length || !o.flashModes.every((m) => FLASH_MODES.includes(m)))) {
    return `flashModes must list some of ${FLASH_MODES.join(', ')}`;
  }
  return undefined;
}

/** A complete, checked driver from a definition; throws InputError naming what is wrong. */
export function defineDriver<Op>(def: DriverDefinition<Op>): EngineDriver<Op> {
  const profiles = def.profiles ?? ['default'];
  const driver: EngineDriver<Op> = {
    ...def,
    title: def.title ?? def.name,
    profiles,
    defaultProfile: def.defaultProfile ?? profiles[0],
    cleanProfiles: def.cleanProfiles ?? [],
    geometry: def.geometry ?? { default: 'small' },
  };
  const problem = driverProblem(driver);
  if (problem) throw new InputError(`driver ${typeof def?.name === 'string' ? `"${def.name}"` : ''}: ${problem}`.replace('driver : ', 'driver: '));
  return driver;
}
