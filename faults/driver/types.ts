// One engine, one driver: everything the harness, the CLI and the reports need from a store, in one descriptor.
import type { BlockDevice, Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../../engine/flash/norFlash';
import type { Outcome } from '../../models/outcome';
import type { FaultKind, StoreView, ViolationKind } from '../crash/types';
import type { TornModel } from '../torn';
import type { OptionSpec, ParsedArgs } from './options';

/** What a store must do, step by step: the reference model the engine is held to. */
export interface CrashModel<Op> {
  apply(op: Op): Outcome;
  clone(): CrashModel<Op>;
  /** A copy after a power cycle (RAM state lost, the store rebuilt from flash). */
  rebooted(): CrashModel<Op>;
  /** States a cut inside `op` may expose besides old and new (e.g. a GC committed, its record not). */
  midStates(op: Op): Array<CrashModel<Op>>;
  /**
   * States only a cut inside `op` may leave, for the boot right after it (e.g. no valid area left: that boot formats).
   * Never a state to carry on from without a reboot, as after a device error, where the same flash is a flaw.
   */
  cutStates?(op: Op): Array<CrashModel<Op>>;
  /** States after `op` failed on a device error: nothing of it stored, but its RAM effects (e.g. a handle closed). */
  failedStates?(op: Op): Array<CrashModel<Op>>;
  view(): StoreView;
  /** Why the model cannot predict from here on (a documented real-code behaviour), or null. */
  poisoned(): string | null;
  /**
   * For contracts that allow more than one answer (a set may find no space): judges what the store answered,
   * advances to the state that answer means and returns null, or returns why it breaks the contract. Without it
   * the harness applies the op and wants the same outcome.
   */
  accept?(op: Op, got: Outcome): string | null;
}

/** The engine under test, driven op by op, and what it shows through its API. */
export interface StoreSubject<Op> {
  apply(op: Op): Outcome;
  view(): StoreView;
}

/** A boot: the engine over the device, mounted; `ok` false when mount reported failure (its status in `outcome`). */
export interface Mounted<Op> {
  subject: StoreSubject<Op>;
  ok: boolean;
  outcome: Outcome;
}

/** One case's store: the model, the engine over a device, and its boot. State shared by a case (keys seen) lives here. */
export interface OpenedStore<Op> {
  /** The model in its initial (blank flash) state. */
  model(): CrashModel<Op>;
  /** A new engine over blank or existing flash, not mounted (the sequence's first op mounts it). */
  create(device: BlockDevice): StoreSubject<Op>;
  /** A new engine over `device`, mounted as at boot. */
  mount(device: BlockDevice): Mounted<Op>;
  /** Engine internals worth recording around each op, handed to the driver's phaseOf. */
  context?(subject: StoreSubject<Op>): unknown;
  /**
   * The model of the store `image` holds, as the sequence's first op (a mount) will find it: what a campaign from
   * a start image (--start-image, --start aged) is held to. A string says why this image cannot be modelled.
   */
  startModel?(image: Uint8Array): CrashModel<Op> | string;
  /** A generated store that has been in the field a long time (e.g. counters near their wrap), from a seed. */
  agedImage?(seed: number): Uint8Array;
}

/** One flash step of a recorded run, with the op it belongs to, for naming its engine phase. */
export interface StepInfo {
  trace: readonly Mutation[];
  step: number;
  /** The op owning the step spans trace[opStart, opEnd). */
  opStart: number;
  opEnd: number;
  /** OpenedStore.context before and after that op in the recording run. */
  before: unknown;
  after: unknown;
  geometry: Geometry;
}

/** The op language: text and parse round-trip; generate is seeded (same seed, count, geometry: same ops). */
export interface DriverOps<Op> {
  text(op: Op): string;
  /** One op from its text; undefined for a blank or comment line; throws (any Error) on a malformed line. */
  parse(line: string): Op | undefined;
  /** The op's verb, for heat maps and grouping (e.g. "set"). */
  kind(op: Op): string;
  /** Ops that may program or erase (nested cuts land in the first of them after a recovery). */
  writes(op: Op): boolean;
  /** Ops after which the reference run compares the whole visible store (those that rebuild it from flash). */
  settles(op: Op): boolean;
  generate(seed: number, count: number, geometry: Geometry): Op[];
  /**
   * Simpler versions of `op` for the shrinker, simplest first (a shorter or emptier value, a plainer key, fewer
   * arguments); none or an empty list when it is as simple as it gets. The shrinker keeps one only if the same
   * violation still shows, so a candidate may be anything the op language can say.
   */
  shrink?(op: Op): Op[];
}

/** How the command line names a geometry for this engine, beyond `--geometry SIZE:ERASE:PROGRAM[:READ]`. */
export interface GeometryDialect {
  options: OptionSpec;
  /** The usage text of those options, e.g. "--region-size S --regions N". */
  usage: string;
  /** A geometry from those options, or undefined when none of them was given. Throws InputError when they are bad. */
  parse(options: ParsedArgs['options']): Geometry | undefined;
  /** The same geometry as those options (for hints such as a dump command line). */
  format(g: Geometry): string;
}

export interface DriverGeometry {
  /** A preset name or SIZE:ERASE:PROGRAM[:READ]. */
  default: string;
  /** Why the engine cannot run on `g`, or undefined. */
  problem?(g: Geometry): string | undefined;
  /** Geometries a soak sweeps (default: the default one): boundaries worth reaching (program sizes, small units). */
  soak?: readonly string[];
  dialect?: GeometryDialect;
}

/** Step and read limits of one run: a livelock becomes a `hang` finding, never a frozen campaign. */
export interface Budgets {
  steps: number;
  reads: number;
}

/** A shell's line results: output lines (latin1) and, when the process must stop now, its exit code. */
export interface LineResult {
  lines: string[];
  exitCode?: number;
}

export interface ShellSession {
  /** Lines printed before the first command (e.g. a boot); may stop the shell. */
  start?(): LineResult;
  runLine(line: string): LineResult;
  /** End of input: final lines and exit code (default 0). */
  finish?(): LineResult;
}

export interface ShellContext {
  geometry: Geometry;
  mode: FlashMode;
  profile: string;
  /** The image file's bytes (a new all-erased image when the file did not exist). */
  image: Uint8Array;
  /** Writes the whole image back to the file. */
  save(image: Uint8Array): void;
  /** The parsed command line (the shell's own options included). */
  options: ParsedArgs['options'];
}

export interface ShellArea {
  /** Options of the shell beyond the geometry, --image, --flash and --profile. */
  options?: OptionSpec;
  prompt: string;
  /** One line saying what the shell speaks (usage text). */
  summary: string;
  /** What `help` prints. */
  help: string;
  open(ctx: ShellContext): ShellSession;
}

export interface DumpArea {
  /** Options of the dump beyond the geometry, --profile and --json. */
  options?: OptionSpec;
  /** One line saying what the dump shows. */
  summary: string;
  render(image: Uint8Array, ctx: { geometry: Geometry; profile: string; json: boolean; options: ParsedArgs['options'] }): string;
}

/** An extra command of the engine's own (e.g. a vendor tool's verbs on an image); returns the exit status. */
export interface DriverCommand {
  usage: string;
  run(argv: string[]): number;
}

/**
 * Which violations a finding explains, so a campaign names it: every field given must hold (a list: any of its
 * entries). The most specific pattern that holds wins (faults/campaign/findings.ts).
 */
export interface FindingMatch {
  kind?: readonly ViolationKind[];
  /** Oracle stages: reference, mount, old-or-new, continue, reboot, nested, device-error, bit-flip. */
  stage?: readonly string[];
  /** The fault of the first cut; `none` when the run diverged without one. */
  fault?: ReadonlyArray<FaultKind | 'none'>;
  /** The torn model of the first cut (power cuts only): unstable cells are findings of their own. */
  torn?: readonly TornModel[];
  /** The kind of the op the cut interrupted (or that diverged). */
  opKind?: readonly string[];
  flash?: readonly string[];
  /** Tested against the violation's summary. */
  summary?: RegExp;
  /** Tested against the replay id (e.g. a case started from an aged store, `+aged.`). */
  id?: RegExp;
  /** Tested against the case's op lines joined by newlines (e.g. an incremental set left open). */
  ops?: RegExp;
}

/** A recorded flaw of a faithful profile: what the harness finds, why, and how hardened avoids it. */
export interface Finding {
  id: string;
  title: string;
  /** A replay id that shows it (null when only a dedicated test can reach it). */
  replay: string | null;
  expect: { kind: ViolationKind; stage: string } | null;
  explanation: string;
  hardened: string;
  /** The violations that are this finding (its replay's violation must be one); none: campaigns never name it. */
  match?: FindingMatch | readonly FindingMatch[];
}

/** What a flipped bit may cost: some keys (lost or rolled back) or all of them, and the engine-wide extra data. */
export interface Damage {
  keys: ReadonlySet<string> | 'all';
  extra: boolean;
}

/** Bits that may flip at rest: where to flip, and what a flip there may cost. */
export interface AtRest {
  /** Bit range [fromBit, toBit) of the live data (e.g. the log), or undefined when there is none. */
  bits(image: Uint8Array, mounted: StoreSubject<unknown>): { fromBit: number; toBit: number } | undefined;
  /**
   * What a flip of `bit`, anywhere on the image, may cost (keys as the view names them). A bit the store keeps
   * no use for (free space, an old copy) may cost nothing; one the format keeps no second copy of may cost 'all'.
   */
  damaged(image: Uint8Array, mounted: StoreSubject<unknown>, bit: number): Damage;
}

/** An engine's own benchmark table (e.g. operations per second): a title, column names and rows of cells. */
export interface BenchTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
}

export interface EngineDriver<Op> {
  /** Lowercase name, [a-z][a-z0-9-]*: the replay id, --engine and reports use it. */
  readonly name: string;
  /** One line saying what the engine is. */
  readonly title: string;
  readonly profiles: readonly string[];
  readonly defaultProfile: string;
  /** Another name the command line takes for --profile (e.g. "promise" for the contract's levels). */
  readonly profileAlias?: string;
  /** Profiles the harness holds to zero violations (fixed flaws); the others are faithful to firmware with findings. */
  readonly cleanProfiles: readonly string[];
  readonly geometry: DriverGeometry;
  /** Flash modes the engine may run on (default: all). */
  readonly flashModes?: readonly FlashMode[];
  readonly ops: DriverOps<Op>;
  /** One case's store on `geometry` in `mode`; profile and geometry are already checked. */
  open(profile: string, geometry: Geometry, mode: FlashMode): OpenedStore<Op>;
  /** The engine phase of a flash step (header, data, commit, erase, ...); default: the step's kind. */
  phaseOf?(step: StepInfo): string;
  readonly budgets?: Budgets;
  /** Erase-unit indexes where the engine's areas start (after the first), marked on the wear chart. */
  wearAreas?(geometry: Geometry): number[];
  readonly atRest?: AtRest;
  readonly findings?: readonly Finding[];
  readonly shell?: ShellArea;
  readonly dump?: DumpArea;
  readonly commands?: Readonly<Record<string, DriverCommand>>;
  /** The engine's own figures for `flashproof bench` (short runs when `quick`). */
  bench?(quick: boolean): BenchTable[];
}

/** A driver of some op type: the registry and generic code hold drivers whatever their ops. */
export type AnyDriver = EngineDriver<unknown>;
