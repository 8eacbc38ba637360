// `flashproof campaign ...`: many seeds x every crash point x the torn menu, results as they finish, three reports.
import os from 'node:os';
import { buildReport } from '../../faults/campaign/buildReport';
import { minimalSequences, readMinimal, writeMinimal } from '../../faults/campaign/minimal';
import { CampaignDirError, readConfig } from '../../faults/campaign/results';
import { runCampaign } from '../../faults/campaign/runner';
import { addSession, sessionTiming } from '../../faults/campaign/timing';
import type { CampaignConfig } from '../../faults/campaign/types';
import { engineKit, EngineError } from '../../faults/engines';
import { parseSchedule, scheduleText } from '../../faults/schedule';
import { TORN_MODELS, isTornModel } from '../../faults/torn';
import { writeReports } from '../../faults/report/writeReports';
import { FLASH_MODES } from '../../engine/flash/norFlash';
import { oneOf, parseArgs, positiveInt, UsageError, type ParsedArgs } from '../args';
import { geometryOption } from '../geometryOption';
import { ProgressBar } from '../progressBar';
import { formatGeometry } from '../../engine/flash/geometry';

const OPTIONS = {
  engine: 'string',
  profile: 'string',
  geometry: 'string',
  flash: 'string',
  seeds: 'string',
  seed: 'string',
  ops: 'string',
  schedule: 'string',
  torn: 'string',
  depth: 'string',
  continue: 'string',
  'time-budget': 'string',
  workers: 'string',
  shard: 'string',
  out: 'string',
  resume: 'string',
} as const;

const CASE_OPTIONS = ['engine', 'profile', 'geometry', 'flash', 'seeds', 'seed', 'ops', 'schedule', 'torn', 'depth', 'continue', 'shard'];
/** TicKV and Tock: SIZE/ERASE regions of ERASE bytes on byte-programmable NOR (program size 1). */
export const DEFAULT_GEOMETRY: Record<string, string> = { tdbstore: 'small', tickv: '2048:512:1', tock: '2048:512:1' };

function configFrom(o: ParsedArgs['options']): CampaignConfig {
  const engine = oneOf(o.engine, ['tdbstore', 'tickv', 'tock'], 'engine', 'tdbstore');
  let kit;
  try {
    kit = engineKit(engine);
  } catch (e) {
    throw new UsageError((e as EngineError).message);
  }
  const profile = oneOf(o.profile, kit.profiles, 'profile', kit.defaultProfile);
  const geometry = formatGeometry(geometryOption(o.geometry ?? DEFAULT_GEOMETRY[engine]));
  const flash = oneOf(o.flash === 'and' ? 'nor' : o.flash, FLASH_MODES, 'flash', 'nor');
  try {
    kit.target(profile, geometryOption(geometry), flash); // an engine refuses a geometry it cannot run on (TicKV: program size 1)
  } catch (e) {
    if (e instanceof EngineError) throw new UsageError(`--geometry ${geometry}: ${e.message}`);
    throw e;
  }
  if (o.seeds !== undefined && o.seed !== undefined) throw new UsageError('give --seeds N or --seed S, not both');
  const seeds = o.seed !== undefined ? [nonNegativeInt(o.seed, 'seed')] : Array.from({ length: positiveInt(o.seeds, 'seeds', 500) }, (_, i) => i + 1);
  const schedule = parseSchedule(typeof o.schedule === 'string' ? o.schedule : 'exhaustive');
  if (!schedule) throw new UsageError(`--schedule must be exhaustive, linear, log or random:K, got "${o.schedule}"`);
  const torn = o.torn === undefined || o.torn === 'all' ? [...TORN_MODELS] : String(o.torn).split(',');
  const bad = torn.find((t) => !isTornModel(t) || t === 'half');
  if (bad !== undefined || !torn.length) throw new UsageError(`--torn takes "all" or a list of ${TORN_MODELS.join(',')}; "${bad}" is not one`);
  return {
    engine,
    profile,
    geometry,
    flash,
    seeds,
    ops: positiveInt(o.ops, 'ops', 40),
    schedule: scheduleText(schedule),
    torn,
    depth: oneOf(o.depth, ['1', '2'], 'depth', '2') === '1' ? 1 : 2,
    continueOps: o.continue === undefined || o.continue === 'all' ? null : nonNegativeInt(o.continue, 'continue'),
    shard: o.shard === undefined ? null : shardOf(o.shard),
    timeBudgetSeconds: o['time-budget'] === undefined ? null : positiveInt(o['time-budget'], 'time-budget'),
  };
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
  const args = parseArgs(argv, OPTIONS);
  const o = args.options;
  const resume = typeof o.resume === 'string' ? o.resume : undefined;
  let config: CampaignConfig;
  let dir: string;
  if (resume) {
    const given = CASE_OPTIONS.filter((k) => o[k] !== undefined);
    if (given.length) throw new UsageError(`--resume continues the campaign as it was configured; drop --${given.join(', --')}`);
    if (o.out !== undefined && o.out !== resume) throw new UsageError('--resume DIR writes into DIR; drop --out');
    try {
      config = readConfig(resume);
    } catch (e) {
      if (e instanceof CampaignDirError) throw new UsageError(e.message);
      throw e;
    }
    if (o['time-budget'] !== undefined) config = { ...config, timeBudgetSeconds: positiveInt(o['time-budget'], 'time-budget') };
    dir = resume;
  } else {
    config = configFrom(o);
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
  } catch (e) {
    if (e instanceof CampaignDirError) throw new UsageError(e.message);
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
    bar.done();
  }
  const sessions = addSession(dir, { startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs, workers });
  const report = buildReport(run.config, run.records, sessionTiming(sessions), geometryOption(run.config.geometry).eraseSizeBytes);
  const minimal = minimalSequences(report, readMinimal(dir));
  writeMinimal(dir, minimal);
  const paths = writeReports(dir, { ...report, minimal: Object.fromEntries(minimal) }, { minimal });
  const t = report.totals;
  process.stdout.write(
    `${report.verdict.toUpperCase()}: ${config.engine}/${config.profile} ${config.geometry} ${config.flash}: ` +
      `${t.cases}/${t.casesPlanned} cases, ${t.crashPoints} crash points (+${t.nestedPoints} nested), ${t.violations} violations ` +
      `in ${report.timing.wallSeconds.toFixed(1)} s\n` +
      `results: ${dir}/results.jsonl\nreports: ${paths.html} ${paths.md} ${paths.json}\n`,
  );
  return t.violations ? 1 : 0;
}
