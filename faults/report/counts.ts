// The report's numbers, defined once: every report file, the campaign's last line and the progress bar use these.
import { rootCauses, type RootCause } from '../campaign/causes';
import type { CampaignReport } from '../campaign/types';
import { fmtInt } from './format';

export interface Counts {
  crashPoints: number;
  nestedPoints: number;
  /** violatingPoints + referenceFailures. */
  violations: number;
  /** Crash points whose recovery broke the oracle. */
  violatingPoints: number;
  /** Reference runs that diverged with no cut at all. */
  referenceFailures: number;
  /** Entries of report.violations: one per case and failure signature. */
  distinct: number;
  /** Root causes (faults/campaign/causes.ts), known (a recorded finding) and new. */
  causes: number;
  known: number;
  fresh: number;
}

/** The report's root causes; a report written before they existed gets them computed (none named). */
export function causesOf(r: CampaignReport): RootCause[] {
  return r.causes ?? rootCauses(r, undefined, new Map(Object.entries(r.minimal ?? {})));
}

export function countsOf(r: CampaignReport): Counts {
  const t = r.totals;
  const violatingPoints = t.violatingPoints ?? r.violations.filter((v) => v.cut).reduce((n, v) => n + (v.count ?? 1), 0);
  const causes = causesOf(r);
  const known = causes.filter((c) => c.finding).length;
  return {
    crashPoints: t.crashPoints,
    nestedPoints: t.nestedPoints,
    violations: t.violations,
    violatingPoints,
    referenceFailures: t.referenceFailures ?? t.violations - violatingPoints,
    distinct: t.distinct ?? r.violations.length,
    causes: causes.length,
    known,
    fresh: causes.length - known,
  };
}

const plural = (n: number, one: string, many = `${one}s`): string => `${fmtInt(n)} ${n === 1 ? one : many}`;

/** "N violations (V of C crash points, R runs without a cut), D distinct, in K root causes (F known findings, X new)". */
export function countsText(c: Counts): string {
  const parts = [`${fmtInt(c.violatingPoints)} of ${fmtInt(c.crashPoints)} crash points`];
  if (c.referenceFailures) parts.push(plural(c.referenceFailures, 'run', 'runs') + ' without a cut');
  const causes = `${plural(c.causes, 'root cause')} (${plural(c.known, 'known finding')}, ${fmtInt(c.fresh)} new)`;
  return `${plural(c.violations, 'violation')} (${parts.join(', ')}), ${fmtInt(c.distinct)} distinct, in ${causes}`;
}

/** The progress bar's count: the same violations as the reports, and the distinct ones so far. */
export const progressCountText = (violations: number, distinct: number): string => `violations ${fmtInt(violations)} (${fmtInt(distinct)} distinct)`;
