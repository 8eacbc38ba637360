// Bench rows for the work a campaign does: its own default options per engine, and how the cost grows with length and size.
import type { Geometry } from '../../engine/flash/blockDevice';
import { formatGeometry, parseGeometry } from '../../engine/flash/geometry';
import { runCase } from '../../faults/crash/runCase';
import { caseProblem, openCase } from '../../faults/crash/storeCase';
import type { AnyDriver, BenchTable, LineResult } from '../../faults/driver/types';
import { TORN_MODELS } from '../../faults/torn';
import fs from 'node:fs';
import { UsageError } from '../args';
import os from 'node:os';
import path from 'node:path';
import { campaignConfig } from '../../faults/campaign/configure';
import { finishCampaign } from '../../faults/campaign/finish';
import { runCampaign } from '../../faults/campaign/runner';
import { builtinDriver } from '../../faults/driver/registry';
import { DRIVERS } from '../../faults/drivers';

const seconds = (): number => Number(process.hrtime.bigint()) / 1e9;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const profileOf = (d: AnyDriver): string => d.cleanProfiles[0] ?? d.defaultProfile;

/** Crash points (nested ones too) per second of one case run with the default campaign's oracle: depth 2, every op continued. */
function fullOracleRate(d: AnyDriver, g: Geometry, ops: number, seeds: number[], sample: number): { points: number; rate: number } {
  const c = openCase(d, profileOf(d), g, 'nor');
  let points = 0;
  let time = 0;
  for (const seed of seeds) {
    const list = d.ops.generate(seed, ops, g);
    const schedule = sample > 0 ? { kind: 'random' as const, count: sample } : { kind: 'exhaustive' as const };
    const t0 = seconds();
    const r = runCase(c, list, { schedule, torn: [...TORN_MODELS], depth: 2, seed, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'generated', seed, count: ops } });
    time += seconds() - t0;
    points += r.crashPoints + r.nestedPoints;
  }
  return { points, rate: points / time };
}

/** The default campaign's options (40 ops, every torn model, depth 2, the rest of the sequence) per engine, small and portenta-h7. */
export function campaignOptionsTable(drivers: readonly AnyDriver[], quick: boolean): BenchTable {
  const rows: Array<Array<string | number>> = [];
  for (const d of drivers) {
    const geometries = [d.geometry.default, 'portenta-h7'].filter((g, i) => i === 0 || !caseProblem(d, profileOf(d), parseGeometry(g), 'nor'));
    for (const name of geometries) {
      const portenta = name === 'portenta-h7';
      const { points, rate } = fullOracleRate(d, parseGeometry(name), 40, quick ? [1] : [1, 2, 3], portenta ? (quick ? 30 : 150) : 0);
      rows.push([`${d.name}/${profileOf(d)}`, name, points, fmt(rate)]);
    }
  }
  return {
    title: 'Crash points per second per core with the default campaign options (40 ops, every torn model, depth 2, the rest of the sequence; portenta: a random sample)',
    columns: ['engine', 'geometry', 'crash points (+nested)', 'points/s'],
    rows,
  };
}

/** How the cost grows: sequence length on the default geometry, image size at 50 ops (random samples, full oracle). */
export function scalingTable(d: AnyDriver, quick: boolean): BenchTable {
  const rows: Array<Array<string | number>> = [];
  const sample = quick ? 60 : 200;
  for (const ops of [20, 50, 200, 1000]) {
    const g = parseGeometry(d.geometry.default);
    const { points, rate } = fullOracleRate(d, g, ops, [1], sample);
    rows.push([`${ops} ops`, formatGeometry(g), points, fmt(rate)]);
  }
  const base = parseGeometry(d.geometry.default);
  for (const size of [16384, 65536, 262144, 1572864]) {
    const g = size === 1572864 ? parseGeometry('portenta-h7') : { ...base, sizeBytes: size };
    if (caseProblem(d, profileOf(d), g, 'nor')) continue;
    const { points, rate } = fullOracleRate(d, g, 50, [1], sample);
    rows.push([`${size >> 10} KiB`, formatGeometry(g), points, fmt(rate)]);
  }
  return { title: `Scaling of ${d.name}/${profileOf(d)}: crash points per second against sequence length and image size (a sample of ${sample} cuts each, full oracle)`, columns: ['case', 'geometry', 'crash points (+nested)', 'points/s'], rows };
}

/** CPU seconds of a shell script run in-process through the driver's shell (output produced, not written). */
export function scriptTable(d: AnyDriver, file: string, geometry: Geometry): BenchTable {
  const shell = d.shell;
  if (!shell) throw new UsageError(`--script: ${d.name} has no shell to run a script with`);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`--script: ${file} is not a readable file`);
  const lines = fs.readFileSync(file, 'latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const session = shell.open({ geometry, mode: 'nor', profile: d.defaultProfile, image: new Uint8Array(geometry.sizeBytes).fill(0xff), save: () => undefined, options: {} });
  let out = 0;
  const take = (r: LineResult | undefined): void => {
    out += r?.lines.length ?? 0;
  };
  const cpu0 = process.cpuUsage();
  const t0 = seconds();
  take(session.start?.());
  for (const l of lines) take(session.runLine(l));
  take(session.finish?.());
  const cpu = process.cpuUsage(cpu0);
  return {
    title: `${d.name}/${d.defaultProfile} shell script ${file} on ${formatGeometry(geometry)}, in-process`,
    columns: ['commands', 'output lines', 'CPU s', 'wall s'],
    rows: [[lines.length, out, fmt((cpu.user + cpu.system) / 1e6, 2), fmt(seconds() - t0, 2)]],
  };
}

/** `npm run campaign` as a user runs it (default driver and settings, `workers` threads): its wall time and rate. */
export async function defaultCampaignTable(workers: number): Promise<BenchTable> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-bench-campaign-'));
  try {
    const t0 = seconds();
    const config = campaignConfig(builtinDriver(DRIVERS[0].name), {});
    const r = finishCampaign(dir, await runCampaign({ dir, config, workers, resume: false, clock: Date.now }), workers);
    const wall = seconds() - t0;
    const t = r.report.totals;
    return {
      title: `The default campaign (${DRIVERS[0].name} ${r.report.config.profile}, ${r.report.config.geometry}, ${r.report.config.seeds.length} seeds x ${r.report.config.ops} ops, depth ${r.report.config.depth}) on ${workers} workers`,
      columns: ['wall s', 'crash points', 'nested cuts', 'crash points /s', 'root causes'],
      rows: [[fmt(wall, 1), t.crashPoints, t.nestedPoints, fmt(t.crashPoints / wall), r.report.causes?.length ?? 0]],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
