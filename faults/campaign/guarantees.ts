// The guarantee table: for each promise a store makes across a power cut, and each torn model of the campaign,
// whether it held over every crash point, or how many broke it and which findings did (littlefs #1102 asks this).
import { causeLabels, type RootCause } from './causes';
import { damageByKind, PROMISES, type PromiseName } from './damage';
import { groupKey } from './signature';
import type { CampaignReport } from './types';

export const PROMISE_TEXT: Record<PromiseName, string> = {
  committed: 'committed data survives',
  atomic: 'the interrupted op is all or nothing',
  others: 'other keys untouched',
  usable: 'the store stays usable (later operations answer right)',
};

export interface GuaranteeCell {
  /** Crash points with this torn model (all of the campaign's, whatever the promise). */
  points: number;
  /** Of them, the ones that broke the promise. */
  broken: number;
  /** Finding ids (or "new N") of the violations that broke it. */
  by: string[];
}

export interface Guarantees {
  engine: string;
  profile: string;
  flash: string;
  /** Columns: the torn models (and faults) cut under, then "no cut" when a run diverged without one. */
  columns: string[];
  rows: Array<{ promise: PromiseName; text: string; cells: GuaranteeCell[] }>;
}

export const NO_CUT = 'no cut';

/**
 * Broken counts are estimates where one recovered image stood for several torn models. Heat cells count crash
 * points per torn model exactly; a violation entry folds crash points of one op and phase
 * whose images were alike whatever the torn model. So each phase's violations say which promises break (in what
 * share, by which findings), and the heat map's violating points per torn model carry that share into the columns.
 */
export function guarantees(r: Pick<CampaignReport, 'config' | 'heat' | 'violations'>, causes: readonly RootCause[]): Guarantees {
  const labels = causeLabels(causes);
  const byGroup = new Map(causes.flatMap((c) => c.groups.map((g) => [g, labels.get(c.key) as string])));
  const columns = [...r.config.torn];
  const points = new Map<string, number>();
  for (const h of r.heat) {
    if (!columns.includes(h.torn)) columns.push(h.torn);
    points.set(h.torn, (points.get(h.torn) ?? 0) + h.count);
  }
  const uncut = r.violations.filter((v) => !v.cut);
  if (uncut.length) {
    columns.push(NO_CUT);
    points.set(NO_CUT, uncut.length);
  }
  // Per op kind and phase (or per "no cut"): violating points, and how many of them broke each promise, by whom.
  // Row -> promise -> finding label (or "" unnamed) -> violating points.
  const rows = new Map<string, { total: number; broken: Map<PromiseName, Map<string, number>> }>();
  for (const v of r.violations) {
    const key = v.cut ? `${v.opKind}|${v.phase}` : NO_CUT;
    if (!rows.has(key)) rows.set(key, { total: 0, broken: new Map() });
    const row = rows.get(key) as { total: number; broken: Map<PromiseName, Map<string, number>> };
    row.total += v.count ?? 1;
    const label = byGroup.get(groupKey(v)) ?? '';
    for (const p of (v.damage ?? damageByKind(v)).broken) { // older records carry no probe: judged by class
      const by = row.broken.get(p) ?? new Map<string, number>();
      by.set(label, (by.get(label) ?? 0) + (v.count ?? 1));
      row.broken.set(p, by);
    }
  }
  const shares = new Map<string, Map<string, number>>(); // promise|column -> label -> estimated points
  const spread = (rowKey: string, col: string, violating: number): void => {
    const row = rows.get(rowKey);
    if (!row || !row.total) return;
    for (const [p, by] of row.broken) {
      const key = `${p}|${col}`;
      const share = shares.get(key) ?? new Map<string, number>();
      for (const [label, n] of by) share.set(label, (share.get(label) ?? 0) + (violating * n) / row.total);
      shares.set(key, share);
    }
  };
  for (const h of r.heat) if (!['old', 'new', 'mid'].includes(h.outcome)) spread(`${h.opKind}|${h.phase}`, h.torn, h.count);
  if (uncut.length) spread(NO_CUT, NO_CUT, uncut.length);
  const cell = (p: PromiseName, col: string): GuaranteeCell => {
    const share = [...(shares.get(`${p}|${col}`) ?? [])].filter(([, n]) => n >= 0.5);
    const broken = Math.round(share.reduce((s, [, n]) => s + n, 0));
    return { points: points.get(col) ?? 0, broken, by: broken ? share.sort((a, b) => b[1] - a[1]).map(([l]) => l || 'unnamed') : [] };
  };
  const table = PROMISES.map((promise) => ({ promise, text: PROMISE_TEXT[promise], cells: columns.map((col) => cell(promise, col)) }));
  return { engine: r.config.engine, profile: r.config.profile, flash: r.config.flash, columns, rows: table };
}
