// fast-check commands over TDBStore: each wraps one op, runs it on model and engine, and demands equal outcomes.
import fc from 'fast-check';
import { outcomeText, sameOutcome } from '../../models/outcome';
import { opText, type TdbOp } from '../../models/tdbstore/ops';
import type { TdbModel, StoreSnapshot } from '../../models/tdbstore/tdbModel';
import type { TdbSubject } from '../../models/subjects/tdbstoreSubject';

/** What happened in one run, for the statistics the suite prints. */
export interface RunEvents {
  gc: boolean;
  mediaFull: boolean;
  writeProtected: boolean;
  abandonedIncSet: boolean;
  reboot: boolean;
  invalidData: boolean;
  poisoned: string | null;
  commands: number;
}

export interface TdbModelBox {
  model: TdbModel;
  events: RunEvents;
}

export function newEvents(): RunEvents {
  return { gc: false, mediaFull: false, writeProtected: false, abandonedIncSet: false, reboot: false, invalidData: false, poisoned: null, commands: 0 };
}

export function snapshotText(s: StoreSnapshot): string {
  const keys = s.keys.map((k) => `${k.key}=${k.value || '-'}/0x${k.flags.toString(16)}`).join(' ');
  return `[${keys}] reserved=${s.reserved ?? 'none'}`;
}

export class TdbOpCommand implements fc.Command<TdbModelBox, TdbSubject> {
  constructor(readonly op: TdbOp) {}

  check(m: Readonly<TdbModelBox>): boolean {
    return m.model.state.poisoned === null; // past a known unpredictable mbed state nothing more is compared
  }

  run(m: TdbModelBox, r: TdbSubject): void {
    const gcBefore = m.model.state.gcCount;
    const abandoned = m.model.state.inc !== null && m.model.state.initialized && ['set', 'remove', 'incStart'].includes(this.op.op);
    const want = m.model.apply(this.op);
    const got = r.apply(this.op);
    const ev = m.events;
    ev.commands++;
    if (m.model.state.gcCount > gcBefore) ev.gc = true;
    if (abandoned && m.model.state.gcCount > gcBefore) ev.abandonedIncSet = true;
    if (want.status === 'MEDIA_FULL') ev.mediaFull = true;
    if (want.status === 'WRITE_PROTECTED') ev.writeProtected = true;
    if (want.status === 'INVALID_DATA_DETECTED') ev.invalidData = true;
    if (this.op.op === 'reboot') ev.reboot = true;
    if (m.model.state.poisoned) {
      ev.poisoned = m.model.state.poisoned;
      return; // the op that reached an unpredictable state is not compared
    }
    if (!sameOutcome(want, got)) {
      throw new Error(`${this.toString()}: engine ${outcomeText(got)}, model ${outcomeText(want)}`);
    }
    if (this.op.op === 'reboot' && !m.model.state.poisoned) {
      const a = snapshotText(m.model.snapshot());
      const b = snapshotText(r.snapshot());
      if (a !== b) throw new Error(`after reboot the store differs:\n  engine ${b}\n  model  ${a}`);
    }
  }

  toString(): string {
    return opText(this.op);
  }
}
