// `flashproof campaign ...`: many seeds x every crash point x the torn menu, results as they finish, three reports.
import os from 'node:os';
import { campaignConfig } from '../../faults/campaign/configure';
import { finishCampaign } from '../../faults/campaign/finish';
import { readConfig } from '../../faults/campaign/results';
import { runCampaign } from '../../faults/campaign/runner';
import { campaignCase } from '../../faults/campaign/storeOf';
import type { CampaignConfig } from '../../faults/campaign/types';
import { parseSchedule } from '../../faults/schedule';
import { DEFAULT_SEEDS, MAX_DEPTH } from '../../faults/campaign/configure';
import { expandFaults, expandTorn, FAULT_FAMILIES } from '../../faults/faultMenu';
import { ALL_TORN_MODELS } from '../../faults/torn';
import { parseArgs, positiveInt, requireString, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import { DRIVER_OPTIONS, driverOf, profileOptions, flashFrom, geometryFrom, geometryOptions, profileFrom, rawOption } from '../driverArgs';
import { countsOf, countsText } from '../../faults/report/counts';
import { ProgressBar } from '../progressBar';

const OPTIONS: OptionSpec = {
  ...DRIVER_OPTIONS,
  profile: 'string',
  geometry: 'string',
  flash: 'string',
  seeds: 'string',
  seed: 'string',
  ops: 'string',
  schedule: 'string',
  torn: 'string',
  depth: 'string',
  nested: 'string',
  faults: 'string',
  'wear-limit': 'string',
  start: 'string',
  'start-image': 'string',
  continue: 'string',
  'time-budget': 'string',
  workers: 'string',
  shard: 'string',
  out: 'string',
  resume: 'string',
};

const CASE_OPTIONS = ['engine', 'driver', 'wasm', 'promise', 'profile', 'geometry', 'flash', 'seeds', 'seed', 'ops', 'schedule', 'torn', 'depth', 'nested', 'faults', 'wear-limit', 'start', 'start-image', 'continue', 'shard'];
function configFrom(argv: string[], o: ParsedArgs['options']): CampaignConfig {
  const loaded = driverOf(argv);
  const d = loaded.driver;
  if (o.seeds !== undefined && o.seed !== undefined) throw new UsageError('give --seeds N or --seed S, not both');
  const schedule = typeof o.schedule === 'string' ? o.schedule : 'exhaustive';
  if (!parseSchedule(schedule)) throw new UsageError(`--schedule must be exhaustive, linear, log or random:K, got "${o.schedule}"`);
  const torn = o.torn === undefined || o.torn === 'all' ? 'all' : String(o.torn).split(',');
  const tornList = expandTorn(torn === 'all' ? ['all'] : torn);
  if ('bad' in tornList) throw new UsageError(`--torn takes "all" or a list of ${ALL_TORN_MODELS.join(',')}; "${tornList.bad}" is not one`);
  // `cut` is the short name of a power cut on the command line.
  const faults = o.faults === undefined ? undefined : String(o.faults).split(',').map((f) => (f === 'cut' ? 'power-cut' : f));
  const faultList = faults && expandFaults(faults);
  if (faultList && 'bad' in faultList) throw new UsageError(`--faults takes a list of ${[...FAULT_FAMILIES, 'wear', 'wear-all', 'all'].join(',')}; "${faultList.bad}" is not one`);
  if (o.start !== undefined && o['start-image'] !== undefined) throw new UsageError('give --start aged[:SEED] or --start-image FILE, not both');
  const start = o.start === undefined ? null : agedOf(o.start);
  return campaignConfig(loaded, {
    profile: profileFrom(d, o),
    geometry: geometryFrom(d, o, false),
    flash: flashFrom(d, o.flash, o.geometry),
    seeds: o.seed !== undefined ? [nonNegativeInt(o.seed, 'seed')] : positiveInt(o.seeds, 'seeds', DEFAULT_SEEDS),
    ops: positiveInt(o.ops, 'ops', 40),
    schedule,
    torn,
    depth: o.depth === undefined ? 2 : depthOf(o.depth),
    nestedPoints: positiveInt(o.nested, 'nested', 1),
    faults,
    wearLimit: o['wear-limit'] === undefined ? null : nonNegativeInt(o['wear-limit'], 'wear-limit'),
    startAged: start,
    startImage: o['start-image'] === undefined ? null : requireString(o['start-image'], 'start-image'),
    continueOps: o.continue === undefined || o.continue === 'all' ? null : nonNegativeInt(o.continue, 'continue'),
    shard: o.shard === undefined ? null : shardOf(o.shard),
    timeBudgetSeconds: o['time-budget'] === undefined ? null : positiveInt(o['time-budget'], 'time-budget'),
  });
}

function depthOf(v: string | true): number {
  const n = nonNegativeInt(v, 'depth');
  if (n < 1 || n > MAX_DEPTH) throw new UsageError(`--depth must be a whole number from 1 to ${MAX_DEPTH}, got "${v}"`);
  return n;
}

/** --start aged or aged:SEED (the only generated start; an image is --start-image FILE). */
function agedOf(v: string | true): number {
  const m = typeof v === 'string' ? /^aged(?::([0-9]+))?$/.exec(v) : null;
  if (!m) throw new UsageError(`--start takes aged or aged:SEED (an image file is --start-image FILE), got "${v}"`);
  return m[1] === undefined ? 1 : nonNegativeInt(m[1], 'start');
}

function nonNegativeInt(v: string | true | undefined, name: string): number {
  if (typeof v !== 'string' || !/^[0-9]+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
  return Number(v);
}

function shardOf(v: string | true): { index: number; count: number } {
  const m = typeof v === 'string' ? /^([1-9][0-9]*)\/([1-9][0-9]*)$/.exec(v) : null;
  if (!m || Number(m[1]) > Number(m[2])) throw new UsageError(`--shard must be i/n with 1 <= i <= n, got "${v}"`);
  return { index: Number(m[1]), count: Number(m[2]) };
}

export async function campaignCommand(argv: string[]): Promise<number> {
  const driverOptions = rawOption(argv, 'resume') === undefined ? { ...geometryOptions(driverOf(argv).driver), ...profileOptions(driverOf(argv).driver) } : {};
  const args = parseArgs(argv, { ...OPTIONS, ...driverOptions });
  const o = args.options;
  const resume = typeof o.resume === 'string' ? o.resume : undefined;
  let config: CampaignConfig;
  let dir: string;
  if (resume) {
    const given = CASE_OPTIONS.filter((k) => o[k] !== undefined);
    if (given.length) throw new UsageError(`--resume continues the campaign as it was configured; drop --${given.join(', --')}`);
    if (o.out !== undefined && o.out !== resume) throw new UsageError('--resume DIR writes into DIR; drop --out');
    config = readConfig(resume);
    campaignCase(config); // the engine, driver file (same hash), profile, geometry and flash it names must still open
    if (o['time-budget'] !== undefined) config = { ...config, timeBudgetSeconds: positiveInt(o['time-budget'], 'time-budget') };
    dir = resume;
  } else {
    config = configFrom(argv, o);
    dir = typeof o.out === 'string' ? o.out : 'out/campaign';
  }
  const workers = positiveInt(o.workers, 'workers', os.cpus().length);
  const bar = new ProgressBar(process.stderr, Date.now);
  const stop = { requested: false };
  const onSigint = (): void => {
    stop.requested = true;
    process.stderr.write('\nstopping after the cases in flight (results so far are kept; --resume continues)\n');
  };
  process.on('SIGINT', onSigint);
  let run;
  try {
    run = await runCampaign({ dir, config, workers, resume: Boolean(resume), clock: Date.now, onProgress: (p) => bar.update(p), stop });
  } finally {
    process.off('SIGINT', onSigint);
    bar.done();
  }
  const { report, paths } = finishCampaign(dir, run, workers);
  const t = report.totals;
  process.stdout.write(
    `${report.verdict.toUpperCase()}: ${config.engine}/${config.profile} ${config.geometry} ${config.flash}: ` +
      `${t.cases}/${t.casesPlanned} cases, ${countsText(countsOf(report))}; +${t.nestedPoints} nested cuts; ` +
      `${report.timing.wallSeconds.toFixed(1)} s\n` +
      `results: ${dir}/results.jsonl\nreports: ${paths.html} ${paths.md} ${paths.json}\n`,
  );
  return t.violations ? 1 : 0;
}
