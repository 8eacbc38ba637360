// The crash harness's vocabulary: views of a store, violations and their classes, results of a case.
import type { Outcome } from '../../models/outcome';
import type { TornModel } from '../torn';

/** The class names reports and bars read (the crash issue fixes them). */
export const VIOLATION_KINDS = ['lost', 'phantom', 'resurrected', 'corrupted', 'status', 'crash', 'hang'] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

/** What a store shows through its API: key (hex) -> value (hex plus flags), and engine-wide extras (reserved data). */
export interface StoreView {
  keys: Map<string, string>;
  extra: string | null;
}

/** Worn-out erase units, by how the device treats them (littlefs's bad-block behaviours, read errors excepted). */
export const WEAR_FAULTS = ['wear-erase-error', 'wear-prog-error', 'wear-erase-noop', 'wear-prog-noop'] as const;
export type WearFault = (typeof WEAR_FAULTS)[number];

/**
 * What goes wrong: power dies during a step, a step fails with a device error, a bit flips at rest, the first boot
 * finds garbage, or erase units wear out.
 */
export type FaultKind = 'power-cut' | 'device-error' | 'bit-flip' | 'garbage' | WearFault;

/** Faults an id's CUT part names by token (power cuts name their torn model instead). */
export const NAMED_FAULTS: readonly FaultKind[] = ['device-error', 'bit-flip', 'garbage', ...WEAR_FAULTS];

export interface Cut {
  fault: FaultKind;
  /**
   * Step index among the program/erase steps of the whole sequence (or of the nested run); for a bit flip, the bit;
   * for worn-out units, the erase cycles a unit survives; 0 for garbage (its seed is tornSeed).
   */
  step: number;
  /** What the interrupted step left (power cuts only). */
  torn: TornModel | null;
  tornSeed: number;
}

/** How a cut reads in ids, heat maps and reports: the torn model of a power cut, else the fault. */
export const cutLabel = (c: Cut): string => c.torn ?? c.fault;

export interface Violation {
  kind: ViolationKind;
  /** One printable id that replays this exact case (faults/replayId.ts). */
  id: string;
  engine: string;
  profile: string;
  geometry: string;
  flash: string;
  /** The op sequence as replayable text, minimal where shrinking ran. */
  ops: string[];
  /** Index of the op the (first) cut interrupted; -1 when the reference run itself diverged. */
  opIndex: number;
  cut: Cut | null;
  nested: Cut | null;
  /** Cuts of a chain after the nested one (depth 3 and more); absent otherwise. */
  deeper?: Cut[];
  /** Where the cut landed: op kind and engine phase (header, data, commit, gc-copy, erase, master, ...). */
  opKind: string;
  phase: string;
  /** Which oracle part failed: mount, old-or-new, continue, reboot, nested. */
  stage: string;
  summary: string;
  /** Crash points of the same case that failed the same way, folded into this one (campaign records). */
  count?: number;
}

/** Outcome of one crash point: recovered to the old or new state (or an allowed intermediate), or a violation. */
export type PointOutcome = 'old' | 'new' | 'mid' | ViolationKind;

export interface HeatKey {
  opKind: string;
  phase: string;
  torn: string;
  outcome: PointOutcome;
}

export interface CaseResult {
  crashPoints: number;
  nestedPoints: number;
  /** Crash points whose image equalled one already judged in the same op (counted, judged once). */
  duplicatePoints: number;
  violations: Violation[];
  /** Counts per (op kind, phase, torn model, outcome). */
  heat: Map<string, number>;
  /** Erases per erase unit in the recording run (wear). */
  wear: number[];
  /** Ops of the sequence actually checked (cut at the first point the model cannot predict). */
  opsChecked: number;
  stoppedAt: string | null;
}

export const heatKey = (k: HeatKey): string => `${k.opKind}|${k.phase}|${k.torn}|${k.outcome}`;

export type { Outcome };
