// `flashproof report DIR... [--out DIR]`: merges campaign directories (shards, or one run) into one report.
import { buildReport } from '../../faults/campaign/buildReport';
import { completeReport } from '../../faults/campaign/complete';
import { readMinimal, writeMinimal } from '../../faults/campaign/minimal';
import { CampaignDirError, ensureOutDir, readConfig, readRecords } from '../../faults/campaign/results';
import { readSessions, sessionTiming } from '../../faults/campaign/timing';
import type { CampaignConfig } from '../../faults/campaign/types';
import { countsOf, countsText } from '../../faults/report/counts';
import { writeReports } from '../../faults/report/writeReports';
import { parseArgs, UsageError } from '../args';
import { geometryOption } from '../geometryOption';

/** Every field but the shard must agree, or the directories are not parts of one campaign. */
function sameCampaign(a: CampaignConfig, b: CampaignConfig): string | undefined {
  for (const k of Object.keys(a) as Array<keyof CampaignConfig>) {
    if (k === 'shard' || k === 'timeBudgetSeconds') continue;
    if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) return k;
  }
  return undefined;
}

export function reportCommand(argv: string[]): number {
  const args = parseArgs(argv, { out: 'string' }, 64);
  const dirs = args.positionals;
  if (!dirs.length) throw new UsageError('give one or more campaign directories');
  let configs: CampaignConfig[];
  try {
    configs = dirs.map(readConfig);
  } catch (e) {
    if (e instanceof CampaignDirError) throw new UsageError(e.message);
    throw e;
  }
  for (const [i, c] of configs.entries()) {
    const diff = sameCampaign(configs[0], c);
    if (diff) throw new UsageError(`${dirs[i]} is a different campaign from ${dirs[0]} (its ${diff} differs)`);
  }
  const config: CampaignConfig = { ...configs[0], shard: dirs.length > 1 ? null : configs[0].shard };
  const records = dirs.flatMap((d) => readRecords(d));
  // Shards run side by side: the merged wall time is the longest shard's, not their sum.
  const timings = dirs.map((d) => sessionTiming(readSessions(d)));
  const timing = {
    startedAt: timings.map((t) => t.startedAt).sort()[0],
    finishedAt: timings.map((t) => t.finishedAt).sort().reverse()[0],
    wallSeconds: Math.max(...timings.map((t) => t.wallSeconds)),
    workers: timings.reduce((n, t) => n + t.workers, 0),
  };
  const report = buildReport(config, records, timing, geometryOption(config.geometry).eraseSizeBytes);
  const out = typeof args.options.out === 'string' ? args.options.out : dirs[0];
  ensureOutDir(out);
  const known = new Map(dirs.flatMap((d) => [...readMinimal(d)]));
  const { report: complete, minimal } = completeReport(report, known);
  const paths = writeReports(out, complete, { minimal });
  writeMinimal(out, minimal);
  const t = complete.totals;
  process.stdout.write(`${complete.verdict.toUpperCase()}: ${t.cases}/${t.casesPlanned} cases, ${countsText(countsOf(complete))}\nreports: ${paths.html} ${paths.md} ${paths.json}\n`);
  return t.violations ? 1 : 0;
}
