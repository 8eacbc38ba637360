// Bad input from JS callers (wrong types, negative or fractional sizes, foreign handles): a status, never a throw.
import fc from 'fast-check';
import type { TDBStore } from '../../engine/tdbstore/tdbStore';
import { statusName, type TdbSubject } from '../../models/subjects/tdbstoreSubject';
import type { TdbModelBox } from './tdbCommands';

type AnyStore = Record<string, (...args: unknown[]) => unknown>;

interface BadCall {
  name: string;
  call: (s: TDBStore) => unknown;
  /** Expected status when the store is initialized / when it is not. */
  up: string;
  down: string;
}

const k = new Uint8Array([0x6b, 0x65, 0x79, 0x31]); // "key1"
const v = new Uint8Array([1, 2, 3]);
const raw = (s: TDBStore): AnyStore => s as unknown as AnyStore;
const IA = 'INVALID_ARGUMENT';

export const BAD_CALLS: readonly BadCall[] = [
  { name: 'set(123, v)', call: (s) => raw(s).set(123, v), up: IA, down: IA },
  { name: 'set(null, v)', call: (s) => raw(s).set(null, v), up: IA, down: IA },
  { name: 'set(k, "text")', call: (s) => raw(s).set(k, 'text'), up: IA, down: IA },
  { name: 'set(k, v, 1.5)', call: (s) => s.set(k, v, 1.5), up: IA, down: IA },
  { name: 'set(k, v, -1)', call: (s) => s.set(k, v, -1), up: IA, down: IA },
  { name: 'set(k, v, NaN)', call: (s) => s.set(k, v, NaN), up: IA, down: IA },
  { name: 'set(k, v, 2**33)', call: (s) => s.set(k, v, 2 ** 33), up: IA, down: IA },
  { name: 'get(undefined)', call: (s) => raw(s).get(undefined), up: IA, down: IA },
  { name: 'get(k, {offset: -1})', call: (s) => s.get(k, { offset: -1 }), up: IA, down: IA },
  { name: 'get(k, {bufferSize: NaN})', call: (s) => s.get(k, { bufferSize: NaN }), up: IA, down: IA },
  { name: 'get(k, {offset: Infinity})', call: (s) => s.get(k, { offset: Infinity }), up: IA, down: IA },
  { name: 'get(k, null options)', call: (s) => raw(s).get(new Uint8Array([0x2a]), null), up: IA, down: IA },
  { name: 'getInfo({})', call: (s) => raw(s).getInfo({}), up: IA, down: IA },
  { name: 'remove(42)', call: (s) => raw(s).remove(42), up: IA, down: IA },
  { name: 'setStart(k, -1)', call: (s) => s.setStart(k, -1), up: IA, down: IA },
  { name: 'setStart(k, 2**32)', call: (s) => s.setStart(k, 2 ** 32), up: IA, down: IA },
  { name: 'setStart(k, 1.5)', call: (s) => s.setStart(k, 1.5), up: IA, down: IA },
  { name: 'setStart(Symbol, 1)', call: (s) => raw(s).setStart(Symbol('k'), 1), up: IA, down: IA },
  { name: 'setAddData({}, v)', call: (s) => s.setAddData({}, v), up: IA, down: 'NOT_READY' },
  { name: 'setFinalize(null)', call: (s) => raw(s).setFinalize(null), up: IA, down: 'NOT_READY' },
  { name: 'iteratorNext({})', call: (s) => s.iteratorNext({}), up: IA, down: 'NOT_READY' },
  { name: 'iteratorNext(open, -1)', call: (s) => nextWithBadSize(s), up: IA, down: 'NOT_READY' },
  { name: 'iteratorClose(undefined)', call: (s) => raw(s).iteratorClose(undefined), up: IA, down: 'NOT_READY' },
  { name: 'iteratorOpen(5)', call: (s) => raw(s).iteratorOpen(5), up: IA, down: 'NOT_READY' },
  { name: 'reservedDataSet("x")', call: (s) => raw(s).reservedDataSet('x'), up: IA, down: IA },
  { name: 'reservedDataGet(-1)', call: (s) => s.reservedDataGet(-1), up: IA, down: IA },
];

/** Opens an iterator, asks with a negative key buffer, closes it again: the store must not change. */
function nextWithBadSize(s: TDBStore): unknown {
  const opened = s.iteratorOpen();
  if (!opened.iterator) return opened;
  const r = s.iteratorNext(opened.iterator, -1);
  s.iteratorClose(opened.iterator);
  return r;
}

function statusOf(r: unknown): number {
  return typeof r === 'number' ? r : (r as { status: number }).status;
}

export class TdbBadInputCommand implements fc.Command<TdbModelBox, TdbSubject> {
  constructor(readonly index: number) {}

  check(m: Readonly<TdbModelBox>): boolean {
    return m.model.state.poisoned === null;
  }

  run(m: TdbModelBox, r: TdbSubject): void {
    const bad = BAD_CALLS[this.index];
    const want = m.model.state.initialized ? bad.up : bad.down;
    const got = statusName(statusOf(bad.call(r.store)));
    if (got !== want) throw new Error(`${this.toString()}: engine ${got}, expected ${want}`);
  }

  toString(): string {
    return `# bad call ${BAD_CALLS[this.index].name}`;
  }
}

export const badInputArb = fc.integer({ min: 0, max: BAD_CALLS.length - 1 }).map((i) => new TdbBadInputCommand(i));
