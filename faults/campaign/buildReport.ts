// Merges case records (from one run, a resumed run, or several shards) into one campaign report.
import { VIOLATION_KINDS, type PointOutcome, type ViolationKind } from '../crash/types';
import { VERDICTS, type Verdict } from './damage';
import { wearAreasOf } from './storeOf';
import type { CampaignConfig, CampaignReport, CaseRecord, HeatCell } from './types';

export const TOOL_VERSION = '0.1.0';

export interface ReportTiming {
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  workers: number;
}

/** Records are deduplicated by case index (a resumed or re-merged case counts once). */
export function buildReport(config: CampaignConfig, records: readonly CaseRecord[], timing: ReportTiming, eraseSizeBytes: number): CampaignReport {
  const byIndex = new Map<number, CaseRecord>();
  for (const r of records) if (!byIndex.has(r.index)) byIndex.set(r.index, r);
  const cases = [...byIndex.values()].sort((a, b) => a.index - b.index);

  const byKind = Object.fromEntries(VIOLATION_KINDS.map((k) => [k, 0])) as Record<ViolationKind, number>;
  const byOutcome: Record<string, number> = {};
  const heat = new Map<string, number>();
  const wear: number[] = [];
  const stopped = new Map<string, number>();
  let crashPoints = 0;
  let nestedPoints = 0;
  let caseSeconds = 0;
  let violating = 0;
  let violatingPoints = 0;
  let keysLostMax = 0;
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const violations: CampaignReport['violations'] = [];
  for (const c of cases) {
    crashPoints += c.crashPoints;
    nestedPoints += c.nestedPoints;
    caseSeconds += c.ms / 1000;
    for (const [k, n] of Object.entries(c.heat)) {
      heat.set(k, (heat.get(k) ?? 0) + n);
      const outcome = k.split('|')[3];
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + n;
    }
    c.wear.forEach((n, i) => (wear[i] = (wear[i] ?? 0) + n));
    if (c.stoppedAt) {
      const reason = c.stoppedAt.replace(/^op \d+ \([^)]*\): /, '');
      stopped.set(reason, (stopped.get(reason) ?? 0) + 1);
    }
    for (const v of c.violations) {
      const n = v.count ?? 1;
      byKind[v.kind] += n;
      violating += n;
      if (v.cut) violatingPoints += n;
      if (v.damage) {
        byVerdict[v.damage.verdict] += n;
        keysLostMax = Math.max(keysLostMax, v.damage.keys);
      }
      const ops = (v.ops.length ? v.ops : c.ops).map(elideValues);
      violations.push({ ...v, ops, count: n, step: v.cut?.step ?? null, torn: v.cut?.torn ?? null, replay: `flashproof replay '${v.id}'` });
    }
  }
  const heatCells: HeatCell[] = [...heat].map(([k, count]) => {
    const [opKind, phase, torn, outcome] = k.split('|');
    return { opKind, phase, torn, outcome: outcome as PointOutcome, count };
  });
  heatCells.sort((a, b) => a.opKind.localeCompare(b.opKind) || a.phase.localeCompare(b.phase) || a.torn.localeCompare(b.torn) || a.outcome.localeCompare(b.outcome));
  const planned = config.shard ? config.seeds.filter((_, i) => i % config.shard!.count === config.shard!.index - 1).length : config.seeds.length;
  const verdict = violating ? 'fail' : cases.length < planned ? 'incomplete' : 'pass';
  return {
    tool: { name: 'flashproof', version: TOOL_VERSION },
    config,
    verdict,
    totals: {
      cases: cases.length,
      casesPlanned: planned,
      crashPoints,
      nestedPoints,
      violations: violating,
      violatingPoints,
      referenceFailures: violating - violatingPoints,
      distinct: violations.length,
      byKind,
      byOutcome,
      byVerdict,
      keysLostMax,
    },
    heat: heatCells,
    wear: { eraseSizeBytes, units: wear, areas: wearAreasOf(config) },
    violations,
    stopped: [...stopped].map(([reason, n]) => ({ reason, cases: n })),
    timing: {
      ...timing,
      caseSeconds,
      crashPointsPerSecond: timing.wallSeconds > 0 ? crashPoints / timing.wallSeconds : 0,
    },
  };
}

/** Long hex values shortened for reading (the replay id carries the exact ops). */
export function elideValues(line: string): string {
  return line.replace(/\b[0-9a-f]{80,}\b/g, (h) => `${h.slice(0, 32)}…(${h.length / 2} bytes)`);
}
