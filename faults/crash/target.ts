// What the crash harness needs from an engine and its model; one implementation per engine.
import type { BlockDevice, Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../../engine/flash/norFlash';
import type { Outcome } from '../../models/outcome';
import type { StoreView } from './types';

export interface CrashModel<Op> {
  apply(op: Op): Outcome;
  clone(): CrashModel<Op>;
  /** A copy after a power cycle (RAM state lost, the store rebuilt from flash). */
  rebooted(): CrashModel<Op>;
  /** States a cut inside `op` may expose besides old and new (e.g. a GC committed, its record not). */
  midStates(op: Op): Array<CrashModel<Op>>;
  /** States after `op` failed on a device error: nothing of it stored, but its RAM effects (e.g. a handle closed). */
  failedStates?(op: Op): Array<CrashModel<Op>>;
  view(): StoreView;
  /** Why the model cannot predict from here on (a documented real-code behaviour), or null. */
  poisoned(): string | null;
}

export interface CrashSubject<Op> {
  apply(op: Op): Outcome;
  view(): StoreView;
}

/** Per-op context recorded in the reference run, for naming the phase of each step. */
export interface OpContext {
  before: unknown;
  after: unknown;
}

export interface CrashTarget<Op> {
  readonly engine: string;
  readonly profile: string;
  readonly geometry: Geometry;
  readonly mode: FlashMode;
  /** Step and read limits for this engine's runs (a livelock becomes a `hang` sooner); default DEFAULT_BUDGETS. */
  readonly budgets?: { steps: number; reads: number };
  opText(op: Op): string;
  opKind(op: Op): string;
  /** Ops after which the reference run compares the whole visible store (those that rebuild it from flash). */
  settles(op: Op): boolean;
  /** Ops that may program or erase (nested cuts land in the first of them after a recovery). */
  writes(op: Op): boolean;
  createModel(): CrashModel<Op>;
  /** A new engine over a blank or existing flash, not mounted (the reference run's first op mounts it). */
  create(device: BlockDevice): CrashSubject<Op>;
  /** A new engine over `device`, mounted as at boot; the mount's outcome must be success. */
  mount(device: BlockDevice): { subject: CrashSubject<Op>; outcome: Outcome };
  /** Engine internals worth recording around each op (for phase names). */
  context(subject: CrashSubject<Op>): unknown;
  /** The engine phase of trace[step], which belongs to an op spanning trace[opStart, opEnd). */
  phaseOf(trace: readonly Mutation[], step: number, opStart: number, opEnd: number, ctx: OpContext): string;
}
