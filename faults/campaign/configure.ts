// A campaign's configuration from typed settings, checked as a whole: the CLI and the library build it the same way.
import { defaultFlashMode, formatGeometry, parseGeometry } from '../../engine/flash/geometry';
import type { Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode } from '../../engine/flash/norFlash';
import { caseProblem } from '../crash/storeCase';
import { InputError } from '../driver/errors';
import type { LoadedDriver } from '../driver/registry';
import { readImage } from '../driver/imageFile';
import { sha256Of } from '../driver/registry';
import { expandFaults, expandTorn, FAULT_FAMILIES } from '../faultMenu';
import { parseSchedule, scheduleText } from '../schedule';
import { ALL_TORN_MODELS } from '../torn';
import { campaignCase } from './storeOf';
import type { CampaignConfig } from './types';

/** Cases of the default campaign: about a minute on 2 cores for the default driver (npm run bench times it). */
export const DEFAULT_SEEDS = 100;

/** Chains deeper than this are a typo, not a campaign (each level multiplies the work). */
export const MAX_DEPTH = 16;

export interface CampaignSettings {
  /** Default: the driver's default profile. */
  profile?: string;
  /** A preset name, SIZE:ERASE:PROGRAM[:READ] or a Geometry; default: the driver's. */
  geometry?: string | Geometry;
  /** Default: nor, or what the geometry preset's part is (portenta-h7: strict). */
  flash?: FlashMode;
  /** How many cases (seeds 1..N), or the seeds themselves; default DEFAULT_SEEDS. */
  seeds?: number | number[];
  /** Ops per generated sequence; default 40. */
  ops?: number;
  /** exhaustive (default), linear, log or random:K. */
  schedule?: string;
  /** Torn models of power cuts; default all (the seven classic ones; weak-read and weak-boot are named explicitly). */
  torn?: 'all' | string[];
  /** Cuts per chain: 1 (one cut), 2 (the default: a nested cut in recovery or the first write after it), or more. */
  depth?: number;
  /** Nested cut chains per crash point (default 1); levels that fit in it are visited exhaustively. */
  nestedPoints?: number;
  /** Fault families (default ['power-cut']); `wear`, `wear-all` and `all` expand (faults/faultMenu.ts). */
  faults?: string[];
  /** Erase cycles a unit survives in the wear faults (default: spread over each run's own erase counts). */
  wearLimit?: number | null;
  /** Start every case from a generated aged store (its seed) instead of blank flash. */
  startAged?: number | null;
  /** Start every case from this image file (a dump from a device, or another campaign's image). */
  startImage?: string | null;
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
  const seeds = Array.isArray(s.seeds) ? s.seeds : Array.from({ length: s.seeds ?? DEFAULT_SEEDS }, (_, i) => i + 1);
  if (!seeds.length || !seeds.every(wholeNumber) || (!Array.isArray(s.seeds) && !wholeNumber(s.seeds ?? DEFAULT_SEEDS))) throw new InputError('seeds must be a positive count or a list of whole numbers');
  const ops = s.ops ?? 40;
  if (!wholeNumber(ops) || ops < 1) throw new InputError(`ops must be a positive whole number, got ${ops}`);
  const schedule = parseSchedule(s.schedule ?? 'exhaustive');
  if (!schedule) throw new InputError(`schedule must be exhaustive, linear, log or random:K, got "${s.schedule}"`);
  const tornList = expandTorn(s.torn === undefined || s.torn === 'all' ? ['all'] : s.torn);
  if ('bad' in tornList || !tornList.torn.length) {
    throw new InputError(`torn takes "all" or a list of ${ALL_TORN_MODELS.join(',')}; "${'bad' in tornList ? tornList.bad : ''}" is not one`);
  }
  const torn = tornList.torn;
  const depth = s.depth ?? 2;
  if (!wholeNumber(depth) || depth < 1 || depth > MAX_DEPTH) throw new InputError(`depth must be a whole number from 1 to ${MAX_DEPTH}, got ${depth}`);
  const nestedPoints = s.nestedPoints ?? 1;
  if (!wholeNumber(nestedPoints) || nestedPoints < 1) throw new InputError(`nestedPoints must be a positive whole number, got ${nestedPoints}`);
  const faultList = expandFaults(s.faults ?? ['power-cut']);
  if ('bad' in faultList || !faultList.faults.length) {
    throw new InputError(`faults takes a list of ${[...FAULT_FAMILIES, 'wear', 'wear-all', 'all'].join(',')}; "${'bad' in faultList ? faultList.bad : ''}" is not one`);
  }
  // `all` takes bit flips only where the driver can judge them; naming bit-flip for such a driver is an error.
  if (faultList.faults.includes('bit-flip') && !d.atRest) {
    if ((s.faults ?? []).includes('bit-flip')) throw new InputError(`${d.name} does not say what a flipped bit may cost (no atRest in its driver): bit flips cannot be judged`);
    faultList.faults = faultList.faults.filter((f) => f !== 'bit-flip');
  }
  const wearLimit = s.wearLimit ?? null;
  if (wearLimit !== null && !wholeNumber(wearLimit)) throw new InputError(`wearLimit must be a whole number of erase cycles, got ${wearLimit}`);
  const start = startOf(s, g.sizeBytes);
  const continueOps = s.continueOps ?? null;
  if (continueOps !== null && !wholeNumber(continueOps)) throw new InputError(`continueOps must be a whole number or null, got ${continueOps}`);
  const shard = s.shard ?? null;
  if (shard && !(wholeNumber(shard.index) && wholeNumber(shard.count) && shard.index >= 1 && shard.index <= shard.count)) throw new InputError('shard must be {index, count} with 1 <= index <= count');
  const timeBudgetSeconds = s.timeBudgetSeconds ?? null;
  if (timeBudgetSeconds !== null && !(timeBudgetSeconds > 0)) throw new InputError(`timeBudgetSeconds must be positive, got ${timeBudgetSeconds}`);
  const config: CampaignConfig = {
    engine: loaded.ref,
    driverFile: loaded.source.kind === 'file' ? loaded.source.path : null,
    profile,
    geometry: formatGeometry(g),
    flash,
    seeds,
    ops,
    schedule: scheduleText(schedule),
    torn,
    depth,
    ...(nestedPoints !== 1 ? { nestedPoints } : {}),
    ...(faultList.faults.join() !== 'power-cut' ? { faults: faultList.faults } : {}),
    ...(wearLimit !== null ? { wearLimit } : {}),
    ...(start ? { start } : {}),
    continueOps,
    shard,
    timeBudgetSeconds,
  };
  if (start) campaignCase(config); // the driver must model the start image, and the image must fit the geometry
  return config;
}

/** The start a campaign's settings name: an aged store, an image file (checked and hashed now), or blank flash. */
function startOf(s: CampaignSettings, sizeBytes: number): CampaignConfig['start'] {
  const aged = s.startAged ?? null;
  const file = s.startImage ?? null;
  if (aged !== null && file !== null) throw new InputError('start from an aged store or from an image, not both');
  if (aged !== null) {
    if (!wholeNumber(aged)) throw new InputError(`startAged must be a whole number (a seed), got ${aged}`);
    return { kind: 'aged', seed: aged };
  }
  if (file === null) return null;
  if (typeof file !== 'string' || !file) throw new InputError('startImage must be a path to an image file');
  return { kind: 'image', path: file, sha256: sha256Of(readImage(file, sizeBytes)) };
}
