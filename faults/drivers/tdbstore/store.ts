// TDBStore for the crash harness: its model (strict to the spec), its subject, its views, and the context phases read.
import type { BlockDevice, Geometry } from '../../../engine/flash/blockDevice';
import type { FlashMode } from '../../../engine/flash/norFlash';
import type { TdbProfileName } from '../../../engine/tdbstore/profile';
import { TdbSubject } from '../../../models/subjects/tdbstoreSubject';
import type { TdbOp } from '../../../models/tdbstore/ops';
import { TdbModel, type StoreSnapshot } from '../../../models/tdbstore/tdbModel';
import type { StoreView } from '../../crash/types';
import type { CrashModel, Mounted, OpenedStore, StoreSubject } from '../../driver/types';
import { tdbAgedImage, tdbStartModel } from './start';

const MASTER_HEX = '54444253'; // "TDBS": the master record is not user data; its version is internal

/** The user-visible store: every key but the master record, value with flags, and the reserved data. */
export function tdbView(s: StoreSnapshot): StoreView {
  const keys = new Map<string, string>();
  for (const k of s.keys) if (k.key !== MASTER_HEX) keys.set(k.key, `${k.value}/${k.flags.toString(16)}`);
  return { keys, extra: s.reserved };
}

class TdbCrashModel implements CrashModel<TdbOp> {
  constructor(readonly model: TdbModel) {}
  apply(op: TdbOp) {
    return this.model.apply(op);
  }
  clone(): TdbCrashModel {
    return new TdbCrashModel(this.model.clone());
  }
  rebooted(): TdbCrashModel {
    const m = this.model.clone();
    m.apply({ op: 'reboot' });
    return new TdbCrashModel(m);
  }
  midStates(op: TdbOp): TdbCrashModel[] {
    const mid = this.model.afterGcOnly(op);
    return mid ? [new TdbCrashModel(mid)] : [];
  }
  cutStates(op: TdbOp): TdbCrashModel[] {
    const formats = this.model.afterResetCut(op);
    return formats ? [new TdbCrashModel(formats)] : [];
  }
  failedStates(op: TdbOp): TdbCrashModel[] {
    return this.model.afterFailure(op).map((m) => new TdbCrashModel(m));
  }
  view(): StoreView {
    return tdbView(this.model.snapshot());
  }
  poisoned(): string | null {
    return this.model.state.poisoned;
  }
}

/** The engine through the API, as the harness drives it; `subject` exposes internals to phases and bit flips. */
export class TdbCrashSubject implements StoreSubject<TdbOp> {
  constructor(readonly subject: TdbSubject) {}
  apply(op: TdbOp) {
    return this.subject.apply(op);
  }
  view(): StoreView {
    return tdbView(this.subject.snapshot());
  }
}

/** Where the active area and its master record are, recorded around each op for phase names. */
export interface TdbContext {
  area: number;
  areaSize: number;
  masterOffset: number;
  masterSize: number;
}

export function openTdbStore(profile: TdbProfileName, geometry: Geometry, _mode: FlashMode): OpenedStore<TdbOp> {
  return {
    model: () => new TdbCrashModel(new TdbModel(geometry, profile, undefined, false)),
    create: (device: BlockDevice) => new TdbCrashSubject(new TdbSubject(device, profile)),
    mount(device: BlockDevice): Mounted<TdbOp> {
      const subject = new TdbSubject(device, profile);
      const outcome = subject.apply({ op: 'init' });
      return { subject: new TdbCrashSubject(subject), ok: outcome.status === 'SUCCESS', outcome };
    },
    startModel: (image: Uint8Array) => new TdbCrashModel(tdbStartModel(image, geometry, profile)),
    agedImage: (seed: number) => tdbAgedImage(seed, geometry),
    context(subject: StoreSubject<TdbOp>): TdbContext | null {
      if (!(subject instanceof TdbCrashSubject)) return null;
      const i = subject.subject.internals();
      return { area: i.activeArea, areaSize: i.areaSizeBytes, masterOffset: i.masterRecordOffset, masterSize: i.masterRecordSize };
    },
  };
}
