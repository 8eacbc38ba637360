// Violation signatures, and violations grouped by them, so a report shows one entry per distinct flaw instead of one per crash point.
import { cutLabel, type ViolationKind } from '../crash/types';
import type { CampaignReport } from './types';

export type ReportViolation = CampaignReport['violations'][number];

export interface ViolationGroup {
  /** kind|stage|opKind|phase|signature: stable across runs, the key minimal sequences are stored under. */
  key: string;
  kind: ViolationKind;
  stage: string;
  opKind: string;
  phase: string;
  /** The summary with op arguments, keys, values and numbers replaced by placeholders. */
  signature: string;
  /** Violating crash points (a reference run that diverged counts one). */
  count: number;
  /** Entries of report.violations in the group (one per case). */
  distinct: number;
  /** Torn models seen among the group's cuts, sorted. */
  torn: string[];
  /** Violations of the group that came from a nested cut (a cut during recovery). */
  nested: number;
  /** The first violation of the group in report order (its summary and ops are shown). */
  example: ReportViolation;
  /** Every violation of the group, in report order. */
  members: ReportViolation[];
}

/**
 * Keys and values are the generator's random picks, not part of a flaw: `op 7 set k1 00ff: engine X, model Y`
 * and `op 3 set abc 12: engine X, model Y` are one flaw. Which op diverged (its verb) and the results stay.
 */
export function normaliseSummary(summary: string, stage = ''): string {
  // The reference run's summary starts with the op text itself, without "op N".
  const text = stage === 'reference' ? summary.replace(/^(\S+?)( .*?)?: /, (_, verb: string, args?: string) => `${verb}${args ? ' …' : ''}: `) : summary;
  return text
    .replace(/\bop \d+ (\S+?)( .*?)?: /g, (_, verb: string, args?: string) => `op N ${verb}${args ? ' …' : ''}: `)
    .replace(/after recovery \((\S+?)( [^()]*)?\)/g, (_, verb: string, args?: string) => `after recovery (${verb}${args ? ' …' : ''})`)
    .replace(/\{[^{}]*\}/g, '{…}')
    .replace(/\(expected [^()]*\)/g, '(expected …)')
    .replace(/(^|[\s;:|])\S+?=\S*/g, '$1key=value') // an empty value is a value
    .replace(/(^|[\s;:|])\S+ missing\b/g, '$1key missing')
    .replace(/\b(?:0x)?[0-9a-f]*[0-9][0-9a-f]*\b/gi, (t) => (/^\d+$/.test(t) ? 'N' : 'HEX'))
    .replace(/\s+/g, ' ')
    .trim();
}

export const groupKey = (v: ReportViolation): string => [v.kind, v.stage, v.opKind, v.phase, normaliseSummary(v.summary, v.stage)].join('|');

/** Groups sorted by count (largest first), ties by key, so the order is the same for the same report. */
export function groupViolations(report: Pick<CampaignReport, 'violations'>): ViolationGroup[] {
  const groups = new Map<string, ViolationGroup & { tornSet: Set<string> }>();
  for (const v of report.violations) {
    const key = groupKey(v);
    let g = groups.get(key);
    if (!g) {
      g = { key, kind: v.kind, stage: v.stage, opKind: v.opKind, phase: v.phase, signature: normaliseSummary(v.summary, v.stage), count: 0, distinct: 0, torn: [], nested: 0, example: v, members: [], tornSet: new Set() };
      groups.set(key, g);
    }
    g.count += v.count ?? 1; // campaign records fold crash points that failed alike
    g.distinct++;
    g.members.push(v);
    if (v.nested) g.nested++;
    if (v.torn) g.tornSet.add(v.torn);
    if (v.nested) g.tornSet.add(`${cutLabel(v.nested)} (nested)`);
  }
  return [...groups.values()]
    .map(({ tornSet, ...g }) => ({ ...g, torn: [...tornSet].sort() }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
