// Bad input from JS callers of the TicKV engine (wrong types, keys that are no u64): a result, never a throw.
import fc from 'fast-check';
import type { TicKVStore as TicKV } from '../../engine/tickv/store';
import type { TickvSubject } from '../../models/subjects/tickvSubject';
import { assertSameFlash, type TickvModelBox } from './tickvCommands';

type AnyTicKV = Record<string, (...args: unknown[]) => unknown>;

interface BadCall {
  name: string;
  call: (t: TicKV) => unknown;
}

const k = 0x0123456789ab0005n;
const v = new Uint8Array([1, 2, 3]);
const raw = (t: TicKV): AnyTicKV => t as unknown as AnyTicKV;

export const TICKV_BAD_CALLS: readonly BadCall[] = [
  { name: 'appendKey(123, v)', call: (t) => raw(t).appendKey(123, v) },
  { name: 'appendKey(-1n, v)', call: (t) => t.appendKey(-1n, v) },
  { name: 'appendKey(2n**64n, v)', call: (t) => t.appendKey(2n ** 64n, v) },
  { name: 'appendKey("key", v)', call: (t) => raw(t).appendKey('key', v) },
  { name: 'appendKey(k, "text")', call: (t) => raw(t).appendKey(k, 'text') },
  { name: 'appendKey(k, null)', call: (t) => raw(t).appendKey(k, null) },
  { name: 'appendKey(k, [1, 2, 3])', call: (t) => raw(t).appendKey(k, [1, 2, 3]) },
  { name: 'appendKey(k, Uint16Array)', call: (t) => raw(t).appendKey(k, new Uint16Array(4)) },
  { name: 'getKey(k, 5)', call: (t) => raw(t).getKey(k, 5) },
  { name: 'getKey(k, -1)', call: (t) => raw(t).getKey(k, -1) },
  { name: 'getKey(k, null)', call: (t) => raw(t).getKey(k, null) },
  { name: 'getKey(1.5, buf)', call: (t) => raw(t).getKey(1.5, new Uint8Array(4)) },
  { name: 'getKey(NaN, buf)', call: (t) => raw(t).getKey(NaN, new Uint8Array(4)) },
  { name: 'invalidateKey(undefined)', call: (t) => raw(t).invalidateKey(undefined) },
  { name: 'invalidateKey(2n**70n)', call: (t) => t.invalidateKey(2n ** 70n) },
  { name: 'zeroiseKey({})', call: (t) => raw(t).zeroiseKey({}) },
  { name: 'zeroiseKey("0x05")', call: (t) => raw(t).zeroiseKey('0x05') },
  { name: 'initialise("main")', call: (t) => raw(t).initialise('main') },
  { name: 'initialise(-5n)', call: (t) => t.initialise(-5n) },
];

export class TickvBadInputCommand implements fc.Command<TickvModelBox, TickvSubject> {
  constructor(readonly index: number) {}

  check(m: Readonly<TickvModelBox>): boolean {
    return m.model.state.poisoned === null;
  }

  /** Refused before any flash access, whatever state the instance is in (even one that lost its read buffer). */
  run(m: TickvModelBox, r: TickvSubject): void {
    const bad = TICKV_BAD_CALLS[this.index];
    let got: unknown;
    try {
      got = bad.call(r.tickv);
    } catch (e) {
      throw new Error(`${this.toString()}: threw ${(e as Error).name}: ${(e as Error).message}`);
    }
    const code = (got as { ok?: boolean; error?: { code?: string } }).error?.code;
    if (code !== 'InvalidArgument') throw new Error(`${this.toString()}: engine ${JSON.stringify(got, (_, x) => (typeof x === 'bigint' ? `${x}n` : x))}, expected InvalidArgument`);
    m.events.badInput = true;
    m.events.commands++;
    assertSameFlash(this.toString(), m.model, r);
  }

  toString(): string {
    return `# bad call ${TICKV_BAD_CALLS[this.index].name}`;
  }
}

export const tickvBadInputArb = fc.integer({ min: 0, max: TICKV_BAD_CALLS.length - 1 }).map((i) => new TickvBadInputCommand(i));
