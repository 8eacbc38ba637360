// One campaign case: generate the sequence from its seed, enumerate its crash points, keep the record.
import { runBitFlipCase } from '../crash/bitFlips';
import { runDeviceErrorCase } from '../crash/deviceErrors';
import { recordReference } from '../crash/reference';
import { runCase } from '../crash/runCase';
import type { CaseResult, Violation } from '../crash/types';
import { assessDamage } from './damage';
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
  const opsSpec = { kind: 'generated' as const, seed, count: config.ops };
  const faults = config.faults ?? ['power-cut'];
  const reference = recordReference(c, ops, c.budgets);
  const results: CaseResult[] = [];
  if (faults.includes('power-cut')) {
    results.push(runCase(c, ops, { reference, schedule, torn, depth: config.depth, seed, continueOps: config.continueOps ?? Number.POSITIVE_INFINITY, opsSpec }));
  }
  if (faults.includes('device-error')) results.push(runDeviceErrorCase(c, ops, { opsSpec }));
  // Flips anywhere on the image: master records, reserved data, headers and free space, not only the live log.
  if (faults.includes('bit-flip')) results.push(runBitFlipCase(c, ops, { opsSpec, flips: BIT_FLIPS_PER_CASE, seed, anywhere: true }));
  const r = mergeResults(results);
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

/** Bits flipped, one at a time, after each case's run when the campaign's faults include bit flips. */
export const BIT_FLIPS_PER_CASE = 64;

/** One result from the faults of a case: points and violations added up, heat cells summed, wear of the first. */
function mergeResults(rs: readonly CaseResult[]): CaseResult {
  const [first, ...rest] = rs;
  const out: CaseResult = { ...first, violations: [...first.violations], heat: new Map(first.heat) };
  for (const r of rest) {
    out.crashPoints += r.crashPoints;
    out.nestedPoints += r.nestedPoints;
    out.duplicatePoints += r.duplicatePoints;
    out.violations.push(...r.violations);
    for (const [k, n] of r.heat) out.heat.set(k, (out.heat.get(k) ?? 0) + n);
  }
  return out;
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
