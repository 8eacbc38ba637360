// A campaign's configuration from typed settings, checked as a whole: the CLI and the library build it the same way.
import { defaultFlashMode, formatGeometry, parseGeometry } from '../../engine/flash/geometry';
import type { Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode } from '../../engine/flash/norFlash';
import { caseProblem } from '../crash/storeCase';
import { FAULT_KINDS, type FaultKind } from '../crash/types';
import { InputError } from '../driver/errors';
import type { LoadedDriver } from '../driver/registry';
import { parseSchedule, scheduleText } from '../schedule';
import { isTornModel, TORN_MODELS } from '../torn';
import type { CampaignConfig } from './types';

export interface CampaignSettings {
  /** Default: the driver's default profile. */
  profile?: string;
  /** A preset name, SIZE:ERASE:PROGRAM[:READ] or a Geometry; default: the driver's. */
  geometry?: string | Geometry;
  /** Default: nor, or what the geometry preset's part is (portenta-h7: strict). */
  flash?: FlashMode;
  /** How many cases (seeds 1..N), or the seeds themselves; default 500. */
  seeds?: number | number[];
  /** Ops per generated sequence; default 40. */
  ops?: number;
  /** exhaustive (default), linear, log or random:K. */
  schedule?: string;
  /** Torn models of power cuts; default all. */
  torn?: 'all' | string[];
  /** Nested cuts during recovery (2, the default) or not (1). */
  depth?: 1 | 2;
  /** Faults each case meets: power cuts (default), device errors, bit flips at rest anywhere on the image. */
  faults?: FaultKind[];
  /** Ops run on the recovered store after each cut; null (default): the rest of the sequence. */
  continueOps?: number | null;
  shard?: { index: number; count: number } | null;
  timeBudgetSeconds?: number | null;
}

const wholeNumber = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/** The config of a campaign over `loaded`; anything it cannot run is an InputError naming the setting. */
export function campaignConfig(loaded: LoadedDriver, s: CampaignSettings = {}): CampaignConfig {
  const d = loaded.driver;
  const profile = s.profile ?? d.defaultProfile;
  const g = typeof s.geometry === 'object' ? s.geometry : parseGeometry(s.geometry ?? d.geometry.default);
  // A preset of a stricter part implies its mode (portenta-h7: strict), when the driver runs on it.
  const implied = defaultFlashMode(typeof s.geometry === 'string' ? s.geometry : undefined);
  const flash = s.flash ?? ((d.flashModes ?? ['nor', 'strict', 'overwrite']).includes(implied) ? implied : 'nor');
  const problem = caseProblem(d, profile, g, flash);
  if (problem) throw new InputError(problem);
  const seeds = Array.isArray(s.seeds) ? s.seeds : Array.from({ length: s.seeds ?? 500 }, (_, i) => i + 1);
  if (!seeds.length || !seeds.every(wholeNumber) || (!Array.isArray(s.seeds) && !wholeNumber(s.seeds ?? 500))) throw new InputError('seeds must be a positive count or a list of whole numbers');
  const ops = s.ops ?? 40;
  if (!wholeNumber(ops) || ops < 1) throw new InputError(`ops must be a positive whole number, got ${ops}`);
  const schedule = parseSchedule(s.schedule ?? 'exhaustive');
  if (!schedule) throw new InputError(`schedule must be exhaustive, linear, log or random:K, got "${s.schedule}"`);
  const torn = s.torn === undefined || s.torn === 'all' ? [...TORN_MODELS] : s.torn;
  const bad = torn.find((t) => !isTornModel(t) || t === 'half');
  if (bad !== undefined || !torn.length) throw new InputError(`torn takes "all" or a list of ${TORN_MODELS.join(',')}; "${bad}" is not one`);
  const depth = s.depth ?? 2;
  if (depth !== 1 && depth !== 2) throw new InputError(`depth must be 1 or 2, got ${depth}`);
  const continueOps = s.continueOps ?? null;
  if (continueOps !== null && !wholeNumber(continueOps)) throw new InputError(`continueOps must be a whole number or null, got ${continueOps}`);
  const shard = s.shard ?? null;
  if (shard && !(wholeNumber(shard.index) && wholeNumber(shard.count) && shard.index >= 1 && shard.index <= shard.count)) throw new InputError('shard must be {index, count} with 1 <= index <= count');
  const timeBudgetSeconds = s.timeBudgetSeconds ?? null;
  if (timeBudgetSeconds !== null && !(timeBudgetSeconds > 0)) throw new InputError(`timeBudgetSeconds must be positive, got ${timeBudgetSeconds}`);
  const faults = s.faults ?? ['power-cut'];
  const unknown = faults.find((f) => !FAULT_KINDS.includes(f));
  if (unknown !== undefined || !faults.length) throw new InputError(`faults takes a list of ${FAULT_KINDS.join(',')}; "${unknown}" is not one`);
  if (faults.includes('bit-flip') && !d.atRest) throw new InputError(`${d.name} does not say what a flipped bit may cost (no atRest in its driver): bit flips cannot be judged`);
  return {
    engine: loaded.ref,
    driverFile: loaded.source.kind === 'file' ? loaded.source.path : null,
    profile,
    geometry: formatGeometry(g),
    flash,
    seeds,
    ops,
    schedule: scheduleText(schedule),
    torn,
    ...(faults.length === 1 && faults[0] === 'power-cut' ? {} : { faults: [...new Set(faults)] }),
    depth,
    continueOps,
    shard,
    timeBudgetSeconds,
  };
}
