// Which driver a command runs (--engine NAME or --driver FILE) and the geometry it names, in the driver's dialect.
import type { Geometry } from '../engine/flash/blockDevice';
import { defaultFlashMode, GeometryError, parseGeometry } from '../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../engine/flash/norFlash';
import { builtinDriver, loadDriverFile, type LoadedDriver } from '../faults/driver/registry';
import type { AnyDriver } from '../faults/driver/types';
import { DRIVERS } from '../faults/drivers';
import { oneOf, UsageError, type OptionSpec, type ParsedArgs } from './args';

/** The value of `--name` in raw argv (before the driver, which declares the other options, is known). */
export function rawOption(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1] ?? '';
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return undefined;
}

/** `--engine NAME` (default: the first driver) or `--driver FILE`, not both. */
export function driverOf(argv: readonly string[]): LoadedDriver {
  const engine = rawOption(argv, 'engine');
  const driverFile = rawOption(argv, 'driver');
  const wasm = rawOption(argv, 'wasm');
  if ([engine, driverFile, wasm].filter((v) => v !== undefined).length > 1) throw new UsageError('give one of --engine NAME, --driver FILE or --wasm FILE');
  if (wasm !== undefined && !wasm.endsWith('.wasm')) throw new UsageError(`--wasm takes a .wasm module, got "${wasm}"`);
  const file = driverFile ?? wasm;
  if (file !== undefined) {
    if (!file) throw new UsageError(`option --${wasm === undefined ? 'driver' : 'wasm'} needs a value`);
    return loadDriverFile(file);
  }
  if (engine === '') throw new UsageError('option --engine needs a value');
  try {
    return builtinDriver(engine ?? DRIVERS[0].name);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

export const DRIVER_OPTIONS: OptionSpec = { engine: 'string', driver: 'string', wasm: 'string' };

/** --profile, and the driver's other name for it. */
export const profileOptions = (d: AnyDriver): OptionSpec => ({ profile: 'string', ...(d.profileAlias ? { [d.profileAlias]: 'string' } : {}) });

/** --geometry plus the driver's own geometry options (e.g. a region size and count). */
export const geometryOptions = (d: AnyDriver): OptionSpec => ({ geometry: 'string', ...(d.geometry.dialect?.options ?? {}) });

/** The geometry the options name, or the driver's default when `required` is false and none is given. */
export function geometryFrom(d: AnyDriver, options: ParsedArgs['options'], required: boolean): Geometry {
  const dialect = d.geometry.dialect;
  const fromDialect = dialect?.parse(options);
  if (fromDialect && options.geometry !== undefined) throw new UsageError(`give --geometry or ${dialect?.usage}, not both`);
  let g = fromDialect;
  if (!g) {
    const text = options.geometry;
    if (text === undefined && required) throw new UsageError(`--geometry is required${dialect ? ` (or ${dialect.usage})` : ''}`);
    if (text === true || text === '') throw new UsageError('option --geometry needs a value');
    try {
      g = parseGeometry(text ?? d.geometry.default);
    } catch (e) {
      if (e instanceof GeometryError) throw new UsageError(e.message);
      throw e;
    }
  }
  const problem = d.geometry.problem?.(g);
  if (problem) throw new UsageError(`${d.name} cannot run on that geometry: ${problem}`);
  return g;
}

/** --flash MODE among the driver's modes; by default the geometry preset's (portenta-h7: strict), else nor. */
export function flashFrom(d: AnyDriver, value: string | true | undefined, geometry?: string | true): FlashMode {
  const modes = d.flashModes ?? FLASH_MODES;
  const implied = defaultFlashMode(typeof geometry === 'string' ? geometry : undefined);
  return oneOf(value, modes, 'flash', modes.includes(implied) ? implied : 'nor');
}

/** What each --flash mode is, and which to pick (usage text). */
export const FLASH_HELP = [
  'flash modes (--flash): nor       programming ANDs into the cells (1->0 only): SPI/parallel NOR without ECC',
  '                      strict    a byte that is neither erased nor equal to the new value refuses the program (-3201):',
  '                                ECC flash whose word is programmed once, e.g. the STM32H7 internal flash of the',
  '                                Portenta H7 (ECC per 32-byte flash word), STM32L4, a flash simulator that refuses it',
  '                      overwrite a program replaces the bytes (RAM-like, a heap block device)',
  '                      default: nor, or the preset\'s part: --geometry portenta-h7 implies strict',
];

/** The profile from --profile or the driver's alias for it (not both). */
export function profileFrom(d: AnyDriver, options: ParsedArgs['options']): string {
  const alias = d.profileAlias;
  if (alias && options[alias] !== undefined && options.profile !== undefined) throw new UsageError(`give --profile or --${alias}, not both`);
  const name = alias && options[alias] !== undefined ? alias : 'profile';
  return oneOf(options[name], d.profiles, name, d.defaultProfile);
}
