// Tock permissioned KV ops for the crash harness: the promise model of the stack, the subject, views, phases.
//
// The view: for every key the sequence used, the user value and write id get returns to a permission that
// may read it (kernel for write id 0, self:ID otherwise), `<value>/w<id>`; a key TicKV has not is absent.
//
// What is checked, per op (a cut anywhere in it, then a reboot: TicKVSystem::initialise()):
// - add, and set of a new key (one TicKV append): old or new, nothing else.
// - delete (TicKV invalidate: one bit): old or new.
// - gc: no key changes.
// - set of an existing key, update: on the hardened stack old or new, nothing else (the new copy is written
//   before the old one is invalidated). On the faithful stack the capsule documents the order in its comments,
//   "Now that we have deleted the existing key-value we can store our new key and value"
//   (capsules/extra/src/tickv_kv_store.rs:498-499 for set, 533-534 for update), and TicKV promises atomicity
//   only per operation ("Applications that require higher-level atomicity ... need to build this on top",
//   libraries/tickv/README.md "System Guarantees"): so there, the state with the old value invalidated and the
//   new one not (yet) written, the key absent, is accepted too. Nothing else.
// States that look like old or new but differ on flash (a torn tail sealing a region, an erase that left
// garbage, an older copy not yet invalidated) are candidates the rest of the run must agree with.
import type { BlockDevice, Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../engine/tickv/profile';
import { hexOf } from '../../models/outcome';
import { TockSubject } from '../../models/subjects/tockSubject';
import { hex16, tickvKeyOf } from '../../models/tickv/hashing';
import { tockOpText, type TockOp } from '../../models/tock/ops';
import { PromiseTockModel } from '../../models/tock/promiseModel';
import type { TickvGeometry } from '../../models/tickv/regions';
import type { CrashModel, CrashSubject, CrashTarget } from '../crash/target';
import type { StoreView } from '../crash/types';
import { cutStates, tickvGeometryOf, viewable } from '../tickv/tickvTarget';
import { tockPhase } from '../tickv/phases';

const WRITING: ReadonlySet<TockOp['op']> = new Set(['set', 'add', 'update', 'delete', 'gc', 'reboot']);

class TockCrashModel implements CrashModel<TockOp> {
  constructor(
    readonly model: PromiseTockModel,
    /** The faithful stack's documented intermediate: set/update may leave the key absent. */
    readonly absentAllowed: boolean,
  ) {}
  apply(op: TockOp) {
    return this.model.apply(op);
  }
  clone(): TockCrashModel {
    return new TockCrashModel(this.model.clone(), this.absentAllowed);
  }
  rebooted(): TockCrashModel {
    const m = this.model.clone();
    m.boot();
    return new TockCrashModel(m, this.absentAllowed);
  }
  midStates(op: TockOp): TockCrashModel[] {
    const after = this.model.clone();
    after.tickv.journal = [];
    after.apply(op);
    const steps = after.tickv.journal;
    after.tickv.journal = undefined;
    const wrap = (t: PromiseTockModel['tickv']): TockCrashModel => new TockCrashModel(new PromiseTockModel(this.model.geometry, this.model.order, t), this.absentAllowed);
    const old = this.rebooted().view();
    const allowed = [old, wrap(after.tickv).rebooted().view()];
    if (this.absentAllowed && (op.op === 'set' || op.op === 'update')) {
      const keys = new Map(old.keys);
      keys.delete(hex16(tickvKeyOf(op.key)));
      allowed.push({ keys, extra: old.extra });
    }
    return cutStates(this.model.tickv.statesWithin(steps).map(wrap), allowed);
  }
  view(): StoreView {
    const keys = new Map<string, string>();
    for (const [hash, v] of this.model.storedValues()) {
      if (viewable(hash) && v.version === 0) keys.set(hex16(hash), `${hexOf(v.user)}/w${v.writeId}`);
    }
    return { keys, extra: null };
  }
  poisoned(): string | null {
    return null;
  }
}

class TockCrashSubject implements CrashSubject<TockOp> {
  constructor(
    readonly subject: TockSubject,
    private readonly keys: Map<string, Uint8Array>,
  ) {}
  apply(op: TockOp) {
    if ('key' in op) this.keys.set(hex16(tickvKeyOf(op.key)), op.key);
    return this.subject.apply(op);
  }
  view(): StoreView {
    const keys = new Map<string, string>();
    for (const [text, key] of this.keys) {
      const v = this.subject.peek(key);
      if (v !== undefined) keys.set(text, v);
    }
    return { keys, extra: null };
  }
}

export class TockTarget implements CrashTarget<TockOp> {
  readonly engine = 'tock';
  /** A TicKV op is a few reads and at most a handful of programs: a small budget turns a livelock into a quick `hang`. */
  readonly budgets = { steps: 5_000, reads: 400_000 };
  readonly tickvGeometry: TickvGeometry;
  readonly keys = new Map<string, Uint8Array>();

  constructor(
    readonly profile: TicKVProfileName,
    readonly geometry: Geometry,
    readonly mode: FlashMode,
  ) {
    this.tickvGeometry = tickvGeometryOf(geometry);
  }

  opText(op: TockOp): string {
    return tockOpText(op);
  }
  opKind(op: TockOp): string {
    return op.op;
  }
  /** The stack keeps no value in RAM: compare the whole store after every op that may write. */
  settles(op: TockOp): boolean {
    return WRITING.has(op.op);
  }
  writes(op: TockOp): boolean {
    return WRITING.has(op.op);
  }
  createModel(): TockCrashModel {
    const order = this.profile === 'hardened' ? 'append-first' : 'invalidate-first';
    return new TockCrashModel(PromiseTockModel.create(this.tickvGeometry, order, this.mode !== 'strict'), this.profile !== 'hardened');
  }
  /** Not booted: a sequence starts with `reboot`, whose boot writes the main key on blank flash. */
  create(device: BlockDevice): TockCrashSubject {
    const { regionSizeBytes: S, regions: N } = this.tickvGeometry;
    return new TockCrashSubject(new TockSubject(device, S, N, this.profile, false), this.keys);
  }
  mount(device: BlockDevice) {
    const { regionSizeBytes: S, regions: N } = this.tickvGeometry;
    const subject = new TockSubject(device, S, N, this.profile);
    return { subject: new TockCrashSubject(subject, this.keys), outcome: { status: subject.ready ? 'Complete' : 'initialise left TicKVSystem in Init' } };
  }
  context(): null {
    return null;
  }
  phaseOf(trace: readonly Mutation[], step: number): string {
    return tockPhase(trace, step, this.geometry.eraseValue);
  }
}
