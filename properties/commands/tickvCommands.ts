// fast-check commands over raw TicKV: each runs one op on model and engine, demands equal outcomes and equal flash.
import fc from 'fast-check';
import { outcomeText, sameOutcome, type Outcome } from '../../models/outcome';
import type { TickvSubject } from '../../models/subjects/tickvSubject';
import { keyText, tickvOpText, type TickvKey, type TickvOp } from '../../models/tickv/ops';
import type { TickvModel } from '../../models/tickv/tickvModel';

/** What happened in one run, for the statistics the suite prints. */
export interface TickvRunEvents {
  commands: number;
  flashFull: boolean;
  objectTooLarge: boolean;
  keyAlreadyExists: boolean;
  bufferTooSmall: boolean;
  regionFull: boolean;
  gcFreed: boolean;
  reboot: boolean;
  initWiped: boolean;
  duplicate: boolean;
  unreachable: boolean;
  lostBufferHalt: boolean;
  assertHalt: boolean;
  badInput: boolean;
  poisoned: string | null;
}

export interface TickvModelBox {
  model: TickvModel;
  /** Every key hash an op has used, for the whole-store comparison after a reboot. */
  keys: Map<bigint, TickvKey>;
  events: TickvRunEvents;
}

/** The share of runs in which something happened, as the suites print it. */
export function share<E>(runs: E[], pick: (e: E) => boolean): string {
  return `${((100 * runs.filter(pick).length) / Math.max(1, runs.length)).toFixed(0)}%`;
}

export function newTickvEvents(): TickvRunEvents {
  return {
    commands: 0,
    flashFull: false,
    objectTooLarge: false,
    keyAlreadyExists: false,
    bufferTooSmall: false,
    regionFull: false,
    gcFreed: false,
    reboot: false,
    initWiped: false,
    duplicate: false,
    unreachable: false,
    lostBufferHalt: false,
    assertHalt: false,
    badInput: false,
    poisoned: null,
  };
}

/** Flash equality after every command: the model's object list against the engine's image, line by line. */
export function assertSameFlash(where: string, model: TickvModel, subject: TickvSubject): void {
  const want = model.listing().join('\n');
  const got = subject.listing().join('\n');
  if (want !== got) throw new Error(`${where}: flash differs\n  engine:\n    ${got.split('\n').join('\n    ')}\n  model:\n    ${want.split('\n').join('\n    ')}`);
}

function noteEvents(ev: TickvRunEvents, op: TickvOp, want: Outcome, model: TickvModel, objectsBefore: number): void {
  ev.commands++;
  if (want.status === 'FlashFull') ev.flashFull = true;
  if (want.status === 'ObjectTooLarge') ev.objectTooLarge = true;
  if (want.status === 'KeyAlreadyExists') ev.keyAlreadyExists = true;
  if (want.status === 'BufferTooSmall') ev.bufferTooSmall = true;
  if (want.status === 'RegionFull') ev.regionFull = true;
  if (op.op === 'gc' && (want.size ?? 0) > 0) ev.gcFreed = true;
  if (op.op === 'reboot') ev.reboot = true;
  if (op.op === 'init' && want.status === 'Written' && objectsBefore > 0) ev.initWiped = true;
  if (want.status.startsWith('HALT tickv::get_region')) ev.assertHalt = true;
  else if (want.status.startsWith('HALT')) ev.lostBufferHalt = true;
  if (model.duplicateKeys().length > 0) ev.duplicate = true;
  if (model.unreachableKeys().length > 0) ev.unreachable = true;
}

export class TickvOpCommand implements fc.Command<TickvModelBox, TickvSubject> {
  constructor(readonly op: TickvOp) {}

  check(m: Readonly<TickvModelBox>): boolean {
    return m.model.state.poisoned === null; // past an unpredictable state nothing more is compared
  }

  run(m: TickvModelBox, r: TickvSubject): void {
    runTickvOp(this.op, this.toString(), m, r);
  }

  toString(): string {
    return tickvOpText(this.op);
  }
}

/**
 * An append sized from the state it meets: it leaves `delta` bytes in the first region of the key's probe order
 * with room (-3..-1: the CRC does not fit; 0: an exact fill; 1..10: an object ending within 11 bytes of the end).
 * The size is a function of the ops before it, so a replay meets the same size; toString shows it once known.
 */
export class TickvFillCommand implements fc.Command<TickvModelBox, TickvSubject> {
  private resolved: TickvOp | undefined;

  constructor(
    readonly key: TickvKey,
    readonly delta: number,
  ) {}

  check(m: Readonly<TickvModelBox>): boolean {
    return m.model.state.poisoned === null;
  }

  run(m: TickvModelBox, r: TickvSubject): void {
    const model = m.model;
    const S = model.geometry.regionSizeBytes;
    const ends = model.walks.probeOrder(model.walks.homeRegion(this.key.hash)).map((reg) => model.walks.offsetOf(model.state.regions[reg], model.state.regions[reg].length));
    const end = ends.find((e) => e + 11 < S) ?? 0;
    const op: TickvOp = { op: 'append', key: this.key, value: new Uint8Array(Math.max(0, S - end - 15 - this.delta)).fill(0xa5) };
    this.resolved = op;
    runTickvOp(op, this.toString(), m, r);
  }

  toString(): string {
    return this.resolved ? tickvOpText(this.resolved) : `# append ${keyText(this.key)} filling its region but ${this.delta} bytes`;
  }
}

function runTickvOp(op: TickvOp, text: string, m: TickvModelBox, r: TickvSubject): void {
  const objectsBefore = m.model.state.regions.reduce((n, reg) => n + reg.length, 0);
  if ('key' in op) m.keys.set(op.key.hash, op.key);
  const want = m.model.apply(op);
  const got = r.apply(op);
  noteEvents(m.events, op, want, m.model, objectsBefore);
  if (m.model.state.poisoned) {
    m.events.poisoned = m.model.state.poisoned;
    return; // the op that reached an unpredictable state is not compared
  }
  if (!sameOutcome(want, got)) throw new Error(`${text}: engine ${outcomeText(got)}, model ${outcomeText(want)}`);
  assertSameFlash(text, m.model, r);
  if (op.op === 'reboot') compareWholeStore(m, r);
}

/** After a reboot: every key any op used, read back with a buffer of a whole region, on both sides. */
function compareWholeStore(m: TickvModelBox, r: TickvSubject): void {
  const bufLen = m.model.geometry.regionSizeBytes;
  for (const key of m.keys.values()) {
    const get: TickvOp = { op: 'get', key, bufLen };
    const want = m.model.apply(get);
    const got = r.apply(get);
    if (!sameOutcome(want, got)) throw new Error(`after reboot, ${tickvOpText(get)}: engine ${outcomeText(got)}, model ${outcomeText(want)}`);
  }
}
