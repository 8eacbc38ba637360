// Numbers, labels and config lines shared by the Markdown and HTML reports (locale-free, so output is reproducible).
import type { CampaignReport } from '../campaign/types';
import { VERDICTS, type Verdict } from '../campaign/damage';
import { VIOLATION_KINDS } from '../crash/types';

/** Integers with thousands separators, independent of the machine's locale. */
export const fmtInt = (n: number): string => Math.round(n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Up to `digits` decimals, trailing zeros dropped. */
export const fmtNum = (n: number, digits = 2): string => (Number.isFinite(n) ? Number(n.toFixed(digits)).toString() : '–');

export const pct = (part: number, whole: number): string => (whole > 0 ? `${fmtNum((100 * part) / whole, 1)}%` : '–');

export const verdictLabel = (r: CampaignReport): string => r.verdict.toUpperCase();

/** engine · profile · geometry · flash: what the verdict is about. */
export const subjectLine = (r: CampaignReport): string =>
  `${r.config.engine} · profile ${r.config.profile} · geometry ${r.config.geometry} · flash ${r.config.flash}`;

/** Seeds as a range when consecutive (the usual case), else the first few. */
export function seedsText(seeds: readonly number[]): string {
  if (!seeds.length) return 'none';
  const consecutive = seeds.every((s, i) => i === 0 || s === seeds[i - 1] + 1);
  if (consecutive) return seeds.length === 1 ? `${seeds[0]}` : `${seeds[0]}–${seeds[seeds.length - 1]} (${seeds.length})`;
  return `${seeds.slice(0, 5).join(', ')}${seeds.length > 5 ? `, … (${seeds.length})` : ''}`;
}

/** The campaign configuration as label/value pairs. */
export function configPairs(r: CampaignReport): Array<[string, string]> {
  const c = r.config;
  return [
    ['seeds', seedsText(c.seeds)],
    ['ops per case', `${c.ops}`],
    ['schedule', c.schedule],
    ['torn models', c.torn.join(', ')],
    ['cut depth', `${c.depth}`],
    ['continue after cut', c.continueOps === null ? 'rest of sequence' : `${c.continueOps} ops`],
    ['shard', c.shard ? `${c.shard.index}/${c.shard.count}` : 'none'],
    ['time budget', c.timeBudgetSeconds === null ? 'none' : `${c.timeBudgetSeconds} s`],
  ];
}

/** Outcomes a crash point may recover to without a violation. */
export const ALLOWED_OUTCOMES = ['old', 'new', 'mid'] as const;

export const isViolationOutcome = (o: string): boolean => !(ALLOWED_OUTCOMES as readonly string[]).includes(o);

/** Every violation class, report's own classes first then any unknown one it counts (a newer writer). */
export const kindsOf = (r: CampaignReport): string[] => [...new Set([...VIOLATION_KINDS, ...Object.keys(r.totals.byKind)])];

/** One-line "why the verdict" text; `counts` is faults/report/counts.ts' sentence. */
export function verdictReason(r: CampaignReport, counts: string): string {
  const t = r.totals;
  if (r.verdict === 'fail') return `${counts}; ${fmtInt(t.nestedPoints)} nested cuts besides`;
  if (r.verdict === 'incomplete') return `only ${fmtInt(t.cases)} of ${fmtInt(t.casesPlanned)} cases finished; no violation so far`;
  return `no violation in ${fmtInt(t.crashPoints)} crash points and ${fmtInt(t.nestedPoints)} nested cuts: every cut recovered to the old or the new state`;
}

export const VERDICT_TEXT: Record<Verdict, string> = { unusable: 'unusable', 'data-lost': 'data lost', 'wrong-answer': 'wrong answer' };

/** Violations by verdict, worst first, from the totals (older reports: none). */
export function verdictCounts(r: CampaignReport): Array<[Verdict, number]> {
  const by = r.totals.byVerdict;
  return by ? VERDICTS.map((v) => [v, by[v] ?? 0] as [Verdict, number]) : [];
}

/** "unusable after 12 crash points, data lost after 3, wrong answers after 40": what the failures cost, worst first. */
export function severityText(r: CampaignReport): string {
  const parts = verdictCounts(r).filter(([, n]) => n > 0).map(([v, n]) => `${VERDICT_TEXT[v]} ${fmtInt(n)}`);
  if (!parts.length) return '';
  const keys = r.totals.keysLostMax ? `; at most ${fmtInt(r.totals.keysLostMax)} committed key${r.totals.keysLostMax === 1 ? '' : 's'} lost or changed by one cut` : '';
  return `what the violations cost: ${parts.join(', ')}${keys}`;
}
