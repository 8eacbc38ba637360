// Root causes: violation groups folded by what they are, not by where the cut landed. A group its driver's
// findings explain joins that finding; the others join groups whose shrunk case fails the same way (a new flaw).
import type { Finding } from '../driver/types';
import { findingOf } from './findings';
import type { Minimal, MinimalCase } from './minimal';
import { failureShape } from './shrink';
import { groupViolations, normaliseSummary, type ViolationGroup } from './signature';
import type { CampaignReport } from './types';

export interface RootCause {
  /** The finding's id, or `new:` and the failure's shape. */
  key: string;
  /** The recorded finding it is (its one-paragraph explanation and what hardened does), or null: a new flaw. */
  finding: { id: string; title: string; explanation: string; hardened: string } | null;
  kind: string;
  stage: string;
  /** Violating crash points (and reference runs that diverged), summed over its groups. */
  count: number;
  /** Entries of report.violations (one per case and group signature). */
  distinct: number;
  /** Its violation groups (faults/campaign/signature.ts keys), largest first. */
  groups: string[];
  /** The shortest shrunk case among its groups (the key of that group in `group`). */
  minimal: (MinimalCase & { group: string }) | null;
}

type Shaped = Parameters<typeof failureShape>[0];

const FIRST_WRITE = /^a cut in the first write after recovery \((\S+)[^)]*\): ([\s\S]*)$/;

/** Where a summary says which op or oracle stage met the failure, ahead of the failure itself. */
const WHERE = /^(?:op N \S+(?: …)?: |a cut [^:]*: |after the [^:]*: |the second reboot[^:]*: )+/;

/**
 * A new flaw's shape, coarser than a violation group's. A second cut in the first write after a recovery is a cut in
 * that write: it folds with a first cut there (a failed mount with a failed mount, a wrong state with a wrong state).
 * A wrong state is its class where it showed and the op cut (which keys, and how many, set aside); a wrong answer
 * adds which op answered what; a crash or hang is where the store stopped (its message), wherever that was met.
 */
export function causeShape(v: Shaped): string {
  const m = v.stage === 'nested' ? FIRST_WRITE.exec(v.summary) : null;
  const f = m ? { ...v, opKind: m[1], stage: ['status', 'crash', 'hang'].includes(v.kind) ? 'mount' : 'old-or-new', summary: m[2] } : v;
  if (f.kind === 'crash' || f.kind === 'hang') return [f.kind, normaliseSummary(f.summary).replace(WHERE, '')].join('|');
  if (f.kind === 'status') return failureShape(f);
  return [f.kind, f.stage, f.opKind].join('|');
}

const shapeOf = (g: ViolationGroup, m: MinimalCase | undefined): string =>
  m?.summary !== undefined && m.kind !== undefined && m.stage !== undefined && m.opKind !== undefined
    ? causeShape({ kind: m.kind as ViolationGroup['kind'], stage: m.stage, opKind: m.opKind, summary: m.summary })
    : causeShape(g.example);

/** The finding a group is: its example, else its shrunk case, matched against the driver's findings. */
function groupFinding(findings: readonly Finding[] | undefined, g: ViolationGroup, m: MinimalCase | undefined): Finding | undefined {
  const direct = findingOf(findings, g.example);
  if (direct || !m?.summary || !m.kind || !m.stage || !m.opKind) return direct;
  return findingOf(findings, { ...g.example, kind: m.kind as ViolationGroup['kind'], stage: m.stage, opKind: m.opKind, cut: m.cut ?? null, summary: m.summary, ops: m.ops });
}

/** Root causes, largest first; `findings` are the campaign driver's (none: every cause is new). */
export function rootCauses(report: Pick<CampaignReport, 'violations'>, findings: readonly Finding[] | undefined, minimal: Minimal = new Map()): RootCause[] {
  const causes = new Map<string, RootCause>();
  for (const g of groupViolations(report)) {
    const m = minimal.get(g.key);
    const f = groupFinding(findings, g, m);
    const key = f ? f.id : `new:${shapeOf(g, m)}`;
    let cause = causes.get(key);
    if (!cause) {
      const finding = f ? { id: f.id, title: f.title, explanation: f.explanation, hardened: f.hardened } : null;
      cause = { key, finding, kind: g.kind, stage: g.stage, count: 0, distinct: 0, groups: [], minimal: null };
      causes.set(key, cause);
    }
    cause.count += g.count;
    cause.distinct += g.distinct;
    cause.groups.push(g.key);
    if (m && (!cause.minimal || m.ops.length < cause.minimal.ops.length)) cause.minimal = { ...m, group: g.key };
  }
  return [...causes.values()].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** A cause's label in reports: the finding's id, or "new N" in report order. */
export function causeLabels(causes: readonly RootCause[]): Map<string, string> {
  let n = 0;
  return new Map(causes.map((c) => [c.key, c.finding ? c.finding.id : `new ${++n}`]));
}
