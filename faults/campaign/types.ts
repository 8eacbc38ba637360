// A fault campaign's data: its configuration, one record per finished case (a JSONL line), and the merged report.
import type { PointOutcome, Violation, ViolationKind } from '../crash/types';
import type { Damage, Verdict } from './damage';
import type { RootCause } from './causes';
import type { Guarantees } from './guarantees';
import type { MinimalCase } from './minimal';

/** A campaign's violation: the crash harness's, with what its cut cost the device (absent in older records). */
export type CampaignViolation = Violation & { damage?: Damage };

export interface CampaignConfig {
  /** The driver's name, or NAME@FILE#HASH for a driver file (as replay ids carry it). */
  engine: string;
  /** The driver file's path when the engine is one (workers load it; its hash must match `engine`). */
  driverFile?: string | null;
  profile: string;
  /** SIZE:ERASE:PROGRAM:READ. */
  geometry: string;
  flash: string;
  /** Generator seeds of the cases, in case order. */
  seeds: number[];
  /** Ops per generated sequence (after the initial mount). */
  ops: number;
  schedule: string;
  torn: string[];
  /** Cuts per chain (1: one cut; 2: a nested cut in the recovery or the first write after it; more: deeper chains). */
  depth: number;
  /** Nested cut chains per crash point (absent: 1, one seeded chain): levels that fit are visited exhaustively. */
  nestedPoints?: number;
  /**
   * Fault families each case runs (absent: power cuts only): power-cut (the torn menu), garbage (first boot on
   * garbage, cuts in its format), wear-erase-error, wear-prog-error, wear-erase-noop, wear-prog-noop.
   */
  faults?: string[];
  /** Erase cycles a unit survives in the wear faults (absent or null: spread over each run's own erase counts). */
  wearLimit?: number | null;
  /** Where every case starts when not on blank flash (absent: blank): a generated aged store or an image file. */
  start?: { kind: 'aged'; seed: number } | { kind: 'image'; path: string; sha256: string } | null;
  /** Ops continued on the recovered store after each cut (null: the rest of the sequence). */
  continueOps: number | null;
  shard: { index: number; count: number } | null;
  timeBudgetSeconds: number | null;
}

/** One finished case, as appended to results.jsonl. */
export interface CaseRecord {
  /** Index into config.seeds (cases are numbered before sharding, so shards merge by index). */
  index: number;
  seed: number;
  crashPoints: number;
  nestedPoints: number;
  duplicatePoints: number;
  opsChecked: number;
  stoppedAt: string | null;
  /** The case's op sequence once (its violations carry an empty `ops` in the file; readers put it back). */
  ops: string[];
  /** One violation per signature (kind, stage, op kind, phase, summary shape), `count` crash points each. */
  violations: CampaignViolation[];
  /** heatKey(opKind|phase|torn|outcome) -> crash points. */
  heat: Record<string, number>;
  /** Erases per erase unit in the case's recording run. */
  wear: number[];
  ms: number;
}

export interface HeatCell {
  opKind: string;
  phase: string;
  torn: string;
  outcome: PointOutcome;
  count: number;
}

export interface CampaignReport {
  tool: { name: 'flashproof'; version: string };
  config: CampaignConfig;
  verdict: 'pass' | 'fail' | 'incomplete';
  totals: {
    /** Cases finished / planned. */
    cases: number;
    casesPlanned: number;
    crashPoints: number;
    nestedPoints: number;
    /**
     * Violations: crash points that violated the oracle plus reference runs that diverged without a cut
     * (violatingPoints + referenceFailures); `violations[]` folds them per case and signature (`distinct` entries).
     * Every report file and the progress bar show these same numbers (faults/report/counts.ts).
     */
    violations: number;
    violatingPoints?: number;
    referenceFailures?: number;
    distinct?: number;
    /** Violations by verdict (each folded entry's example cut probed: faults/campaign/damage.ts). */
    byVerdict?: Record<Verdict, number>;
    /** The most committed keys one cut lost or changed. */
    keysLostMax?: number;
    byKind: Record<ViolationKind, number>;
    /** How the crash points recovered: old, new, mid (a GC committed without its record) or a violation class. */
    byOutcome: Record<string, number>;
  };
  /** Crash points by op kind x engine phase x torn model x outcome (the heat map's cells). */
  heat: HeatCell[];
  /** Erases per erase unit summed over every case's recording run (wear), with the unit size and the units where
   * the engine's areas start (its driver's wearAreas; absent in reports of older versions). */
  wear: { eraseSizeBytes: number; units: number[]; areas?: number[] };
  /** Every case's violations, one entry per signature with `count` crash points: id (the replay id), kind, engine,
   * profile, ops (long values elided; the id holds them exactly), step, torn, summary, and the rest of the record. */
  violations: Array<CampaignViolation & { step: number | null; torn: string | null; replay: string }>;
  /** Per violation group key (faults/campaign/signature.ts): the shrunk case, its replay id and ops. */
  minimal?: Record<string, MinimalCase>;
  /** Violation groups folded by root cause: a recorded finding of the driver, or a new flaw. */
  causes?: RootCause[];
  /** For each promise x torn model: held, or broken by how many crash points and which findings. */
  guarantees?: Guarantees;
  /** Where sequences stopped early because the model cannot predict further (a documented behaviour), with counts. */
  stopped: Array<{ reason: string; cases: number }>;
  timing: {
    startedAt: string;
    finishedAt: string;
    wallSeconds: number;
    /** Sum of case times over all workers (CPU seconds spent in cases). */
    caseSeconds: number;
    crashPointsPerSecond: number;
    workers: number;
  };
}
