// One campaign case: generate the sequence from its seed, enumerate its crash points, keep the record.
import { runBitFlipCase } from '../crash/bitFlips';
import { runDeviceErrorCase } from '../crash/deviceErrors';
import { runGarbageCase } from '../crash/garbage';
import { recordReference } from '../crash/reference';
import { runCase } from '../crash/runCase';
import { WEAR_FAULTS, type CaseResult, type Violation, type WearFault } from '../crash/types';
import { runWearCase } from '../crash/wear';
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
  const faults = config.faults ?? ['power-cut'];
  const opsSpec = { kind: 'generated' as const, seed, count: config.ops };
  const reference = recordReference(c, ops, c.budgets);
  const parts: CaseResult[] = [];
  if (faults.includes('power-cut')) {
    const nestedPoints = config.nestedPoints ?? 1;
    parts.push(runCase(c, ops, { reference, schedule, torn, depth: config.depth, nestedPoints, seed, continueOps: config.continueOps ?? Number.POSITIVE_INFINITY, opsSpec }));
  }
  if (faults.includes('device-error')) parts.push(runDeviceErrorCase(c, ops, { opsSpec }));
  // Flips anywhere on the image: master records, reserved data, headers and free space, not only the live log.
  if (faults.includes('bit-flip')) parts.push(runBitFlipCase(c, ops, { opsSpec, flips: BIT_FLIPS_PER_CASE, seed, anywhere: true }));
  if (faults.includes('garbage')) parts.push(runGarbageCase(c, ops, { opsSpec, seeds: [seed], torn, cuts: GARBAGE_CUTS }));
  const wear = WEAR_FAULTS.filter((f: WearFault) => faults.includes(f));
  if (wear.length) parts.push(runWearCase(c, ops, { opsSpec, faults: wear, limits: config.wearLimit == null ? undefined : [config.wearLimit] }));
  const r = merged(parts);
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

/** Cuts inside the format of each garbage image: all of them when there are fewer. */
const GARBAGE_CUTS = 32;

/** One record's worth of results from the fault families a case ran (the power-cut run's wear and stop first). */
function merged(parts: CaseResult[]): CaseResult {
  const [first, ...rest] = parts;
  const heat = new Map(first.heat);
  for (const p of rest) for (const [k, n] of p.heat) heat.set(k, (heat.get(k) ?? 0) + n);
  const sum = (f: (r: CaseResult) => number): number => parts.reduce((n, p) => n + f(p), 0);
  return {
    ...first,
    crashPoints: sum((p) => p.crashPoints),
    nestedPoints: sum((p) => p.nestedPoints),
    duplicatePoints: sum((p) => p.duplicatePoints),
    violations: parts.flatMap((p) => p.violations),
    heat,
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
