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
import type { BlockDevice, Geometry } from '../../../engine/flash/blockDevice';
import type { FlashMode } from '../../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../../engine/tickv/profile';
import { hexOf } from '../../../models/outcome';
import { TockSubject } from '../../../models/subjects/tockSubject';
import { hex16, tickvKeyOf } from '../../../models/tickv/hashing';
import type { TockOp } from '../../../models/tock/ops';
import { PromiseTockModel } from '../../../models/tock/promiseModel';
import type { CrashModel, Mounted, OpenedStore, StoreSubject } from '../../driver/types';
import type { StoreView } from '../../crash/types';
import { cutStates, tickvGeometryOf, viewable } from '../tickv/store';

/** Ops that may program or erase; the stack keeps no value in RAM, so the store is compared after each of them. */
export const TOCK_WRITING: ReadonlySet<TockOp['op']> = new Set(['set', 'add', 'update', 'delete', 'gc', 'reboot']);

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

class TockCrashSubject implements StoreSubject<TockOp> {
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

/** One case of Tock KV ops: every key an op used is read back by the views of every subject of the case. */
export function openTockStore(profile: TicKVProfileName, geometry: Geometry, mode: FlashMode): OpenedStore<TockOp> {
  const { regionSizeBytes: S, regions: N } = tickvGeometryOf(geometry);
  const keys = new Map<string, Uint8Array>();
  return {
    model: () => {
      const order = profile === 'hardened' ? 'append-first' : 'invalidate-first';
      return new TockCrashModel(PromiseTockModel.create(tickvGeometryOf(geometry), order, mode !== 'strict'), profile !== 'hardened');
    },
    // Not booted: a sequence starts with `reboot`, whose boot writes the main key on blank flash.
    create: (device: BlockDevice) => new TockCrashSubject(new TockSubject(device, S, N, profile, false), keys),
    mount(device: BlockDevice): Mounted<TockOp> {
      const subject = new TockSubject(device, S, N, profile);
      const ok = subject.ready;
      return { subject: new TockCrashSubject(subject, keys), ok, outcome: { status: ok ? 'Complete' : 'initialise left TicKVSystem in Init' } };
    },
  };
}
