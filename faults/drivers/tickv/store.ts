// Raw TicKV ops for the crash harness: the promise model, the engine subject and its views.
//
// What is checked (TicKV README "System Guarantees" and "Power loss protection"; tickv.md §7): every key's
// value as `get` returns it, for every key the sequence used (the main key excluded, as TDBStore's master
// record is). A cut inside an op must leave, after the boot-time `initialise`, the state before the op or
// after it, nothing else: an append is all or nothing ("the data which hasn't been written to flash yet" is
// lost, nothing more), an invalidate or zeroise removes the key or not, GC and init change no key. The
// README also says TicKV "is not robust to ... power loss" beyond "a failure only affects a single key"; the
// harness checks the stronger old-or-new above, which the hardened profile keeps. The only intermediate
// states accepted are ones with the same view as old or new that differ on flash (a torn tail that seals its
// region, older copies still live after an interrupted replace, an erase that left garbage): the oracle
// accepts them when the rest of the run agrees with one of them.
import type { BlockDevice, Geometry } from '../../../engine/flash/blockDevice';
import type { FlashMode } from '../../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../../engine/tickv/profile';
import { TickvSubject } from '../../../models/subjects/tickvSubject';
import { hex16 } from '../../../models/tickv/hashing';
import { MAIN_KEY_HASH, type TickvOp } from '../../../models/tickv/ops';
import { PromiseTickvModel } from '../../../models/tickv/promiseModel';
import type { TickvGeometry } from '../../../models/tickv/regions';
import { hexOf } from '../../../models/outcome';
import type { CrashModel, Mounted, OpenedStore, StoreSubject } from '../../driver/types';
import type { StoreView } from '../../crash/types';
import { viewEqual } from '../../crash/view';

const U64_MAX = 0xffffffffffffffffn;
/** Keys a view reads: not the main key (internal), not the two hashes get_region asserts away. */
export const viewable = (hash: bigint): boolean => hash !== MAIN_KEY_HASH && hash !== 0n && hash !== U64_MAX;

/** Why TicKV cannot run on this geometry (regions are erase units; byte-programmable, byte-readable NOR). */
export function tickvGeometryProblem(g: Geometry): string | undefined {
  if (g.programSizeBytes !== 1) return `TicKV needs byte-programmable flash (program size 1), got program size ${g.programSizeBytes}`;
  if (g.readSizeBytes !== 1) return `TicKV reads at any byte (read size 1), got read size ${g.readSizeBytes}`;
  if (g.eraseSizeBytes < 16 || g.eraseSizeBytes > 0x10000) return `TicKV regions of ${g.eraseSizeBytes} bytes: they must hold an object (16..65536)`;
  return undefined;
}

export const tickvGeometryOf = (g: Geometry): TickvGeometry => ({ regionSizeBytes: g.eraseSizeBytes, regions: g.sizeBytes / g.eraseSizeBytes });

/**
 * The states a cut inside `op` may leave besides old and new: the promise model's own cut states (every
 * prefix of the op's flash steps, each step torn), kept only where a reboot shows one of `allowed` views.
 */
export function cutStates<M extends { rebooted(): M; view(): StoreView }>(states: M[], allowed: readonly StoreView[]): M[] {
  return states.filter((m) => {
    const v = m.rebooted().view();
    return allowed.some((a) => viewEqual(a, v));
  });
}

class TickvCrashModel implements CrashModel<TickvOp> {
  constructor(readonly model: PromiseTickvModel) {}
  apply(op: TickvOp) {
    return this.model.apply(op);
  }
  clone(): TickvCrashModel {
    return new TickvCrashModel(this.model.clone());
  }
  /** A board boots with TicKVSystem::initialise(): the crash target's mount does the same. */
  rebooted(): TickvCrashModel {
    const m = this.model.clone();
    m.initialise(MAIN_KEY_HASH);
    return new TickvCrashModel(m);
  }
  midStates(op: TickvOp): TickvCrashModel[] {
    const after = this.model.clone();
    after.journal = [];
    after.apply(op);
    const states = this.model.statesWithin(after.journal).map((m) => new TickvCrashModel(m));
    after.journal = undefined;
    return cutStates(states, [this.rebooted().view(), new TickvCrashModel(after).rebooted().view()]);
  }
  view(): StoreView {
    const keys = new Map<string, string>();
    for (const [hash, value] of this.model.liveValues()) if (viewable(hash)) keys.set(hex16(hash), hexOf(value));
    return { keys, extra: null };
  }
  poisoned(): string | null {
    return null;
  }
}

class TickvCrashSubject implements StoreSubject<TickvOp> {
  constructor(
    readonly subject: TickvSubject,
    private readonly keys: Map<string, bigint>,
  ) {}
  apply(op: TickvOp) {
    if ('key' in op) this.keys.set(hex16(op.key.hash), op.key.hash);
    return this.subject.apply(op);
  }
  /** What get answers for every key the sequence used: the value, or `!` and the error. */
  view(): StoreView {
    const keys = new Map<string, string>();
    for (const [text, hash] of this.keys) {
      if (!viewable(hash)) continue;
      const v = this.subject.peek(hash);
      if (v !== undefined) keys.set(text, v);
    }
    return { keys, extra: null };
  }
}

/** One case of raw TicKV ops: every key an op used is read back by the views of every subject of the case. */
export function openTickvStore(profile: TicKVProfileName, geometry: Geometry, mode: FlashMode): OpenedStore<TickvOp> {
  const tg = tickvGeometryOf(geometry);
  const keys = new Map<string, bigint>();
  const create = (device: BlockDevice): TickvCrashSubject => new TickvCrashSubject(new TickvSubject(device, tg.regionSizeBytes, tg.regions, profile), keys);
  return {
    // Strict (program-once) flash cannot clear a valid bit: the model expects invalidation to fail there.
    model: () => new TickvCrashModel(new PromiseTickvModel(tg, mode !== 'strict')),
    create,
    mount(device: BlockDevice): Mounted<TickvOp> {
      const subject = create(device);
      const outcome = subject.apply({ op: 'init' });
      return { subject, ok: outcome.status === 'Complete' || outcome.status === 'Written', outcome };
    },
  };
}
