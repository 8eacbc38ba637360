// fast-check commands over the Tock KV stack: model and engine agree on every answer and every flash byte,
// and the permission invariant holds on the engine after every op.
import fc from 'fast-check';
import { outcomeText, sameOutcome, type Outcome } from '../../models/outcome';
import { imageObjects } from '../../models/subjects/tickvSubject';
import type { TockSubject } from '../../models/subjects/tockSubject';
import { tickvKeyOf } from '../../models/tickv/hashing';
import { readHeader, TOCK_HEADER_LENGTH } from '../../models/tock/header';
import { DEFAULT_GET_BUFFER, tockKeyText, tockOpText, type TockOp } from '../../models/tock/ops';
import { readerOf, type PermSpec } from '../../models/tock/permissions';
import type { TockModel } from '../../models/tock/tockModel';
import { checkPermissionInvariant } from './tockInvariant';

export interface TockRunEvents {
  commands: number;
  nomem: boolean;
  gcFreed: boolean;
  deniedRead: boolean;
  deniedModify: boolean;
  noWriteId: boolean;
  size: boolean;
  partialRead: boolean;
  keyExists: boolean;
  setLoop: boolean;
  reboot: boolean;
  /** A kernel panic on TicKV's lost read buffer, and one reading the header from a get buffer under 9 bytes. */
  lostBufferPanic: boolean;
  headerPanic: boolean;
  stuck: boolean;
  permStuck: boolean;
  duplicate: boolean;
  unreachable: boolean;
  badInput: boolean;
  /** Known capsule flaws seen (the permission promise broken the way the real code breaks it). */
  flaws: string[];
  poisoned: string | null;
}

export interface TockModelBox {
  model: TockModel;
  /** Every key an op used (hex of its bytes -> bytes), for the whole-store comparison after a reboot. */
  keys: Map<string, Uint8Array>;
  events: TockRunEvents;
}

export function newTockEvents(): TockRunEvents {
  return {
    commands: 0,
    nomem: false,
    gcFreed: false,
    deniedRead: false,
    deniedModify: false,
    noWriteId: false,
    size: false,
    partialRead: false,
    keyExists: false,
    setLoop: false,
    reboot: false,
    lostBufferPanic: false,
    headerPanic: false,
    stuck: false,
    permStuck: false,
    duplicate: false,
    unreachable: false,
    badInput: false,
    flaws: [],
    poisoned: null,
  };
}

export function assertSameTockFlash(where: string, model: TockModel, subject: TockSubject): void {
  const want = model.tickv.listing().join('\n');
  const got = subject.listing().join('\n');
  if (want !== got) throw new Error(`${where}: flash differs\n  engine:\n    ${got.split('\n').join('\n    ')}\n  model:\n    ${want.split('\n').join('\n    ')}`);
}

function noteEvents(ev: TockRunEvents, op: TockOp, status: string, m: TockModel): void {
  const n = new Set(m.notes);
  ev.commands++;
  ev.nomem ||= status === 'Err(NOMEM)';
  ev.size ||= status === 'Err(SIZE)';
  ev.gcFreed ||= n.has('gc-freed');
  ev.deniedRead ||= n.has('denied-read');
  ev.deniedModify ||= n.has('denied-modify');
  ev.noWriteId ||= n.has('no-write-id');
  ev.partialRead ||= n.has('partial-read');
  ev.keyExists ||= n.has('key-exists');
  ev.setLoop ||= n.has('set-loop');
  ev.reboot ||= op.op === 'reboot';
  ev.lostBufferPanic ||= status.startsWith('HALT tickv::');
  ev.headerPanic ||= status.startsWith('HALT KeyHeader');
  ev.stuck ||= n.has('stuck');
  ev.permStuck ||= n.has('perm-stuck');
  ev.duplicate ||= m.tickv.duplicateKeys().length > 0;
  ev.unreachable ||= m.tickv.unreachableKeys().length > 0;
}

/** Runs one op on both sides: equal outcomes, equal flash, and the permission invariant on the engine. */
export function runTockOp(op: TockOp, text: string, m: TockModelBox, r: TockSubject): Outcome | undefined {
  if ('key' in op) m.keys.set(Buffer.from(op.key).toString('hex'), op.key);
  const S = r.regionSizeBytes;
  const N = r.regions;
  const before = imageObjects(r.flash.cells, S, N).objects;
  const want = m.model.apply(op);
  const got = r.apply(op);
  noteEvents(m.events, op, want.status, m.model);
  if (m.model.poisoned) {
    m.events.poisoned = m.model.poisoned;
    return undefined; // the op that reached an unpredictable state is not compared
  }
  if (!sameOutcome(want, got)) throw new Error(`${text}: engine ${outcomeText(got)}, model ${outcomeText(want)}`);
  assertSameTockFlash(text, m.model, r);
  const after = imageObjects(r.flash.cells, S, N).objects;
  const verdict = checkPermissionInvariant(op, before, after, got, r.lastGetBuffer, m.model.notes);
  if (verdict.violation) throw new Error(`${text}: permission invariant broken: ${verdict.violation}`);
  if (verdict.knownFlaw) m.events.flaws.push(verdict.knownFlaw);
  if (op.op === 'reboot') compareWholeStore(m, r);
  return got;
}

export class TockOpCommand implements fc.Command<TockModelBox, TockSubject> {
  constructor(readonly op: TockOp) {}

  check(m: Readonly<TockModelBox>): boolean {
    return m.model.poisoned === null;
  }

  run(m: TockModelBox, r: TockSubject): void {
    runTockOp(this.op, this.toString(), m, r);
  }

  toString(): string {
    return tockOpText(this.op);
  }
}

/**
 * A set or add sized from the state it meets: it leaves `delta` bytes in the first region of the key's probe
 * order with room (see TickvFillCommand); deterministic given the ops before it, so replays meet the same size.
 */
export class TockFillCommand implements fc.Command<TockModelBox, TockSubject> {
  private resolved: TockOp | undefined;

  constructor(
    readonly op: 'set' | 'add',
    readonly key: Uint8Array,
    readonly perm: PermSpec,
    readonly delta: number,
  ) {}

  check(m: Readonly<TockModelBox>): boolean {
    return m.model.poisoned === null;
  }

  run(m: TockModelBox, r: TockSubject): void {
    const t = m.model.tickv;
    const S = t.geometry.regionSizeBytes;
    const order = t.walks.probeOrder(t.walks.homeRegion(tickvKeyOf(this.key)));
    const end = order.map((reg) => t.walks.offsetOf(t.state.regions[reg], t.state.regions[reg].length)).find((e) => e + 11 < S) ?? 0;
    const size = Math.max(0, S - end - 15 - TOCK_HEADER_LENGTH - this.delta);
    this.resolved = { op: this.op, key: this.key, value: new Uint8Array(size).fill(0x3c), perm: this.perm };
    runTockOp(this.resolved, this.toString(), m, r);
  }

  toString(): string {
    return this.resolved ? tockOpText(this.resolved) : `# ${this.op} ${tockKeyText(this.key)} filling its region but ${this.delta} bytes`;
  }
}

/** After a reboot: every key any op used, read with a permission that may read the copy get reaches. */
function compareWholeStore(m: TockModelBox, r: TockSubject): void {
  for (const key of m.keys.values()) {
    const found = m.model.tickv.getKey(tickvKeyOf(key), DEFAULT_GET_BUFFER);
    const writeId = found.kind === 'ok' && found.value.length >= TOCK_HEADER_LENGTH ? readHeader(found.value).writeId : 0;
    const get: TockOp = { op: 'get', key, perm: readerOf(writeId), bufLen: DEFAULT_GET_BUFFER };
    const want = m.model.apply(get);
    const got = r.apply(get);
    if (!sameOutcome(want, got)) throw new Error(`after reboot, ${tockOpText(get)}: engine ${outcomeText(got)}, model ${outcomeText(want)}`);
  }
}
