// One campaign case: generate the sequence from its seed, enumerate its crash points, keep the record.
import { recordReference } from '../crash/reference';
import { runCase } from '../crash/runCase';
import { assessDamage } from './damage';
import type { Violation } from '../crash/types';
import { normaliseSummary } from './signature';
import { campaignCase } from './storeOf';
import { parseSchedule } from '../schedule';
import { isTornModel, type TornModel } from '../torn';
import type { CampaignConfig, CaseRecord } from './types';

/** Monotonic milliseconds for case timing (not part of any result: cases are seeded, not timed). */
const nowMs = (): number => Number(process.hrtime.bigint() / 1_000_000n);

export function runCampaignCase(config: CampaignConfig, index: number): CaseRecord {
  const started = nowMs();
  const c = campaignCase(config);
  const seed = config.seeds[index];
  const ops = c.driver.ops.generate(seed, config.ops, c.geometry);
  const schedule = parseSchedule(config.schedule);
  if (!schedule) throw new Error(`bad schedule ${config.schedule}`);
  const torn = config.torn.filter(isTornModel) as TornModel[];
  const reference = recordReference(c, ops, c.budgets);
  const r = runCase(c, ops, {
    reference,
    schedule,
    torn,
    depth: config.depth,
    seed,
    continueOps: config.continueOps ?? Number.POSITIVE_INFINITY,
    opsSpec: { kind: 'generated', seed, count: config.ops },
  });
  return {
    index,
    seed,
    crashPoints: r.crashPoints,
    nestedPoints: r.nestedPoints,
    duplicatePoints: r.duplicatePoints,
    opsChecked: r.opsChecked,
    stoppedAt: r.stoppedAt,
    ops: ops.map((o) => c.driver.ops.text(o)),
    // Each folded violation's example cut is probed once for its damage; its crash points share the verdict.
    violations: fold(r.violations).map((v) => ({ ...v, damage: assessDamage(c, ops, reference, v) })),
    heat: Object.fromEntries(r.heat),
    wear: r.wear,
    ms: nowMs() - started,
  };
}

/** Crash points of one case that fail the same way are one entry with a count; the first keeps its replay id. */
export function fold(violations: readonly Violation[]): Violation[] {
  const bySignature = new Map<string, Violation>();
  for (const v of violations) {
    const key = [v.kind, v.stage, v.opKind, v.phase, normaliseSummary(v.summary)].join('|');
    const first = bySignature.get(key);
    if (first) first.count = (first.count ?? 1) + (v.count ?? 1);
    else bySignature.set(key, { ...v, ops: [], count: v.count ?? 1 });
  }
  return [...bySignature.values()];
}
