// Bad input from JS callers of KVStorePermissions (wrong types, permissions that are no variant): a result, never a throw.
import fc from 'fast-check';
import type { KVStorePermissions } from '../../engine/tock/kvPermissions';
import { kernelPermissions } from '../../engine/tock/permissions';
import { SubSliceMut } from '../../engine/tock/subSliceMut';
import { completionOutcome, type TockSubject } from '../../models/subjects/tockSubject';
import { assertSameTockFlash, type TockModelBox } from './tockCommands';

type AnyKv = Record<string, (...args: unknown[]) => unknown>;

interface BadCall {
  name: string;
  call: (kv: KVStorePermissions) => unknown;
  /** The status expected when the permission layer is idle / when it is stuck busy. */
  idle: string;
  stuck: string;
}

const key = new Uint8Array(Buffer.from('testkey'));
const value = (): Uint8Array => new Uint8Array(12);
const buf = (): SubSliceMut => new SubSliceMut(new Uint8Array(32));
const raw = (kv: KVStorePermissions): AnyKv => kv as unknown as AnyKv;
const K = kernelPermissions();
const INVAL = 'immediate Err(INVAL)';

function sliced(): SubSliceMut {
  const b = buf();
  b.slice(1);
  return b;
}

export const TOCK_BAD_CALLS: readonly BadCall[] = [
  { name: 'get(123, buf, kernel)', call: (kv) => raw(kv).get(123, buf(), K), idle: INVAL, stuck: INVAL },
  { name: 'get(key, Uint8Array, kernel)', call: (kv) => raw(kv).get(key, new Uint8Array(32), K), idle: INVAL, stuck: INVAL },
  { name: 'get(key, SubSliceMut("x"), kernel)', call: (kv) => raw(kv).get(key, new SubSliceMut('x' as unknown as Uint8Array), K), idle: INVAL, stuck: INVAL },
  { name: 'get(key, buf, {kind: "Root"})', call: (kv) => raw(kv).get(key, buf(), { kind: 'Root' }), idle: INVAL, stuck: INVAL },
  { name: 'get(key, buf, null)', call: (kv) => raw(kv).get(key, buf(), null), idle: INVAL, stuck: INVAL },
  { name: 'get(key, buf, SelfOnly(0))', call: (kv) => raw(kv).get(key, buf(), { kind: 'SelfOnly', id: 0 }), idle: INVAL, stuck: INVAL },
  { name: 'set(key, "text", kernel)', call: (kv) => raw(kv).set(key, 'text', K), idle: INVAL, stuck: INVAL },
  { name: 'set("testkey", value, kernel)', call: (kv) => raw(kv).set('testkey', value(), K), idle: INVAL, stuck: INVAL },
  { name: 'set(key, value, SelfOnly(1.5))', call: (kv) => raw(kv).set(key, value(), { kind: 'SelfOnly', id: 1.5 }), idle: INVAL, stuck: INVAL },
  {
    name: 'add(key, value, FixedSize(app_id -1))',
    call: (kv) => raw(kv).add(key, value(), { kind: 'FixedSize', appId: -1, writePermission: true, readModifySelf: false, readCount: 0, readPermissions: [], modifyCount: 0, modifyPermissions: [] }),
    idle: INVAL,
    stuck: INVAL,
  },
  { name: 'update(key, null, kernel)', call: (kv) => raw(kv).update(key, null, K), idle: INVAL, stuck: INVAL },
  { name: 'delete(undefined, kernel)', call: (kv) => raw(kv).delete(undefined, K), idle: INVAL, stuck: INVAL },
  { name: 'delete(key, "kernel")', call: (kv) => raw(kv).delete(key, 'kernel'), idle: INVAL, stuck: INVAL },
  // Well-typed but refused by the capsules themselves: no room for the header; a sliced get buffer.
  { name: 'set(key, 3-byte value, kernel)', call: (kv) => kv.set(key, new Uint8Array(3), K), idle: 'immediate Err(SIZE)', stuck: 'immediate Err(BUSY)' },
  { name: 'get(key, sliced buffer, kernel)', call: (kv) => kv.get(key, sliced(), K), idle: 'Err(NOSUPPORT)', stuck: 'immediate Err(BUSY)' },
];

export class TockBadInputCommand implements fc.Command<TockModelBox, TockSubject> {
  constructor(readonly index: number) {}

  check(m: Readonly<TockModelBox>): boolean {
    return m.model.poisoned === null;
  }

  run(m: TockModelBox, r: TockSubject): void {
    const bad = TOCK_BAD_CALLS[this.index];
    let status: string;
    try {
      status = completionOutcome(bad.call(r.kv) as Parameters<typeof completionOutcome>[0], false).status;
    } catch (e) {
      throw new Error(`${this.toString()}: threw ${(e as Error).name}: ${(e as Error).message}`);
    }
    const want = m.model.ram.permStuck ? bad.stuck : bad.idle;
    if (status !== want) throw new Error(`${this.toString()}: engine ${status}, expected ${want}`);
    m.events.badInput = true;
    m.events.commands++;
    assertSameTockFlash(this.toString(), m.model, r);
  }

  toString(): string {
    return `# bad call ${TOCK_BAD_CALLS[this.index].name}`;
  }
}

export const tockBadInputArb = fc.integer({ min: 0, max: TOCK_BAD_CALLS.length - 1 }).map((i) => new TockBadInputCommand(i));
