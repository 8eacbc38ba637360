// A soak: every driver × profile × soak geometry × flash mode × depth, fresh seeds (an offset, recorded), one summary.
import fs from 'node:fs';
import path from 'node:path';
import { FLASH_MODES } from '../../engine/flash/norFlash';
import { caseProblem } from '../crash/storeCase';
import { builtinDriver } from '../driver/registry';
import type { AnyDriver } from '../driver/types';
import { parseGeometry } from '../../engine/flash/geometry';
import { campaignConfig } from './configure';
import { finishCampaign } from './finish';
import { runCampaign } from './runner';
import type { CampaignConfig } from './types';

export interface SoakPlan {
  drivers: readonly AnyDriver[];
  /** 'clean': only profiles held to zero violations; 'all': the faithful ones too (their findings show up). */
  profiles: 'clean' | 'all';
  depths: ReadonlyArray<1 | 2>;
  ops: number;
  /** Seeds of campaign k are offset + k * SEED_STRIDE + 1, ... (never the same twice in one soak). */
  seedOffset: number;
  timeBudgetSeconds: number;
  workers: number;
  out: string;
}

export interface SoakRow {
  dir: string;
  engine: string;
  profile: string;
  clean: boolean;
  geometry: string;
  flash: string;
  depth: number;
  cases: number;
  crashPoints: number;
  nestedPoints: number;
  violations: number;
  seconds: number;
  pointsPerSecond: number;
  firstId: string | null;
}

export const SEED_STRIDE = 1_000_000;

/** The campaigns of a soak, in order; geometries a driver refuses are left out. */
export function soakMatrix(plan: SoakPlan): CampaignConfig[] {
  const out: CampaignConfig[] = [];
  for (const d of plan.drivers) {
    const profiles = plan.profiles === 'clean' ? d.cleanProfiles : d.profiles;
    for (const profile of profiles) {
      for (const g of d.geometry.soak ?? [d.geometry.default]) {
        for (const flash of d.flashModes ?? FLASH_MODES) {
          if (caseProblem(d, profile, parseGeometry(g), flash)) continue;
          for (const depth of plan.depths) {
            const k = out.length;
            const seeds = Array.from({ length: 2_000 }, (_, i) => plan.seedOffset + k * SEED_STRIDE + i + 1);
            out.push(campaignConfig(builtinDriver(d.name), { profile, geometry: g, flash, depth, seeds, ops: plan.ops, timeBudgetSeconds: 1 }));
          }
        }
      }
    }
  }
  // Workers take a moment to start: below ~10 s a campaign would spend its budget starting up.
  const each = Math.max(10, Math.floor(plan.timeBudgetSeconds / Math.max(1, out.length)));
  return out.map((c) => ({ ...c, timeBudgetSeconds: each }));
}

export const soakDirName = (c: CampaignConfig): string => `${c.engine}-${c.profile}-${c.geometry.replace(/:/g, 'x')}-${c.flash}-d${c.depth}`;

/** Runs the matrix campaign by campaign (each on all workers), then writes soak.json and soak.md. */
export async function runSoak(plan: SoakPlan, clock: () => number, onCampaign?: (row: SoakRow, index: number, total: number) => void): Promise<SoakRow[]> {
  const configs = soakMatrix(plan);
  fs.mkdirSync(plan.out, { recursive: true });
  const rows: SoakRow[] = [];
  for (const [i, config] of configs.entries()) {
    const dir = path.join(plan.out, soakDirName(config));
    const run = await runCampaign({ dir, config, workers: plan.workers, resume: false, clock });
    const { report } = finishCampaign(dir, run, plan.workers, false);
    const t = report.totals;
    const seconds = (run.finishedAtMs - run.startedAtMs) / 1000;
    const row: SoakRow = {
      dir: path.basename(dir),
      engine: config.engine,
      profile: config.profile,
      clean: plan.drivers.some((d) => d.name === config.engine && d.cleanProfiles.includes(config.profile)),
      geometry: config.geometry,
      flash: config.flash,
      depth: config.depth,
      cases: t.cases,
      crashPoints: t.crashPoints,
      nestedPoints: t.nestedPoints,
      violations: t.violations,
      seconds,
      pointsPerSecond: seconds > 0 ? (t.crashPoints + t.nestedPoints) / seconds : 0,
      firstId: report.violations[0]?.id ?? null,
    };
    rows.push(row);
    onCampaign?.(row, i, configs.length);
  }
  fs.writeFileSync(path.join(plan.out, 'soak.json'), JSON.stringify({ plan: { ...plan, drivers: plan.drivers.map((d) => d.name) }, rows }, null, 1) + '\n');
  fs.writeFileSync(path.join(plan.out, 'soak.md'), soakMarkdown(plan, rows));
  return rows;
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function soakMarkdown(plan: SoakPlan, rows: readonly SoakRow[]): string {
  const out = [`# flashproof soak (seed offset ${plan.seedOffset}, ${plan.ops} ops per case, depths ${plan.depths.join(',')})`, ''];
  out.push('| engine/profile | crash points | nested | violations | campaigns |', '|---|---:|---:|---:|---:|');
  const groups = new Map<string, SoakRow[]>();
  for (const r of rows) groups.set(`${r.engine}/${r.profile}`, [...(groups.get(`${r.engine}/${r.profile}`) ?? []), r]);
  for (const [k, rs] of groups) {
    const sum = (f: (r: SoakRow) => number): number => rs.reduce((n, r) => n + f(r), 0);
    out.push(`| ${k}${rs[0].clean ? ' (held clean)' : ''} | ${fmt(sum((r) => r.crashPoints))} | ${fmt(sum((r) => r.nestedPoints))} | ${fmt(sum((r) => r.violations))} | ${rs.length} |`);
  }
  out.push('', '| campaign | cases | crash points | nested | violations | points/s | first violation |', '|---|---:|---:|---:|---:|---:|---|');
  for (const r of rows) out.push(`| ${r.dir} | ${fmt(r.cases)} | ${fmt(r.crashPoints)} | ${fmt(r.nestedPoints)} | ${fmt(r.violations)} | ${fmt(r.pointsPerSecond)} | ${r.firstId ? `\`${r.firstId}\`` : ''} |`);
  return out.join('\n') + '\n';
}
