// TDBStore for the crash harness: its model (strict to the spec), its subject, its views and its phase names.
import type { BlockDevice, Geometry } from '../../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../../engine/flash/norFlash';
import type { TdbProfileName } from '../../engine/tdbstore/profile';
import { TdbSubject } from '../../models/subjects/tdbstoreSubject';
import { opText, WRITING_OPS, type TdbOp } from '../../models/tdbstore/ops';
import { TdbModel, type StoreSnapshot } from '../../models/tdbstore/tdbModel';
import type { CrashModel, CrashSubject, CrashTarget, OpContext } from '../crash/target';
import type { StoreView } from '../crash/types';

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

class TdbCrashSubject implements CrashSubject<TdbOp> {
  constructor(readonly subject: TdbSubject) {}
  apply(op: TdbOp) {
    return this.subject.apply(op);
  }
  view(): StoreView {
    return tdbView(this.subject.snapshot());
  }
}

interface TdbContext {
  area: number;
  areaSize: number;
  masterOffset: number;
  masterSize: number;
}

export class TdbTarget implements CrashTarget<TdbOp> {
  readonly engine = 'tdbstore';

  constructor(
    readonly profile: TdbProfileName,
    readonly geometry: Geometry,
    readonly mode: FlashMode,
  ) {}

  opText(op: TdbOp): string {
    return opText(op);
  }

  opKind(op: TdbOp): string {
    return op.op;
  }

  settles(op: TdbOp): boolean {
    return op.op === 'reboot' || op.op === 'init';
  }

  writes(op: TdbOp): boolean {
    return WRITING_OPS.has(op.op);
  }

  createModel(): TdbCrashModel {
    return new TdbCrashModel(new TdbModel(this.geometry, this.profile, undefined, false));
  }

  create(device: BlockDevice): TdbCrashSubject {
    return new TdbCrashSubject(new TdbSubject(device, this.profile));
  }

  mount(device: BlockDevice) {
    const subject = new TdbSubject(device, this.profile);
    const outcome = subject.apply({ op: 'init' });
    return { subject: new TdbCrashSubject(subject), outcome };
  }

  context(subject: CrashSubject<TdbOp>): TdbContext {
    const i = (subject as TdbCrashSubject).subject.internals();
    return { area: i.activeArea, areaSize: i.areaSizeBytes, masterOffset: i.masterRecordOffset, masterSize: i.masterRecordSize };
  }

  /**
   * erase; reserved (area bytes 0..72); master (the master record); gc-copy (programs into the area a GC fills);
   * commit (a record's header, written last at its base); data (key and value units).
   */
  phaseOf(trace: readonly Mutation[], step: number, opStart: number, opEnd: number, ctx: OpContext): string {
    const m = trace[step];
    if (m.kind === 'erase') return 'erase';
    const c = (ctx.after ?? ctx.before) as TdbContext;
    const b = ctx.before as TdbContext;
    if (!c || !c.areaSize) return 'data';
    const area = Math.floor(m.addr / c.areaSize);
    const off = m.addr - area * c.areaSize;
    if (off < 72) return 'reserved';
    if (off >= c.masterOffset && off < c.masterOffset + c.masterSize) return 'master';
    // The header is written last, below the key/data just written: the last backward jump in the op starts it.
    let headerAt = -1;
    for (let s = opStart + 1; s < opEnd; s++) {
      const prev = trace[s - 1];
      const cur = trace[s];
      if (cur.kind === 'program' && prev.kind === 'program' && cur.addr < prev.addr) headerAt = s;
    }
    const gcTarget = b && area !== b.area;
    if (headerAt >= 0 && step >= headerAt && step <= headerAt + 1 && m.addr - trace[headerAt].addr < 32) return 'commit';
    return gcTarget ? 'gc-copy' : 'data';
  }
}
