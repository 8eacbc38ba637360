// Generators for crash runs of TicKV and Tock: small stores (2-4 regions of 256 or 512 bytes) that fill, get
// collected and wrap within a dozen ops, key pools with shared home regions, values up to a region.
import fc from 'fast-check';
import type { Geometry } from '../../engine/flash/blockDevice';
import { tickvGeometry } from '../../engine/tickv/regionController';
import { MAIN_KEY_HASH, rawKey, stringKey, type TickvKey, type TickvOp } from '../../models/tickv/ops';
import { DEFAULT_GET_BUFFER, type TockOp } from '../../models/tock/ops';
import type { PermSpec } from '../../models/tock/permissions';

export const crashGeometryArb: fc.Arbitrary<Geometry> = fc
  .record({ S: fc.constantFrom(256, 512), N: fc.integer({ min: 2, max: 4 }) })
  .map(({ S, N }) => tickvGeometry(S, N));

/** Raw keys ending 0005 share their home region for every N; string keys collide among themselves for N <= 4. */
const CRASH_KEYS: readonly TickvKey[] = [...['a', 'b', 'counter', 'wifi-pass'].map(stringKey), rawKey(0x0123456789ab0005n), rawKey(0xfedcba9876540005n)];
const keyArb = fc.constantFrom(...CRASH_KEYS);

/**
 * Mostly small values; sometimes a third of a region; and the boundaries on purpose: all an empty region holds (minus
 * `overhead`), half of it (two objects fill a region exactly), or a little less (a tail shorter than any object).
 */
export function crashValueArb(S: number, overhead: number): fc.Arbitrary<Uint8Array> {
  const sized = (n: number, fill: number): Uint8Array => new Uint8Array(Math.max(0, n)).fill(fill);
  return fc.oneof(
    { weight: 8, arbitrary: fc.uint8Array({ maxLength: 20 }) },
    { weight: 4, arbitrary: fc.uint8Array({ maxLength: Math.floor(S / 3) }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => sized(S - overhead, b)) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 255 }).map((b) => sized(Math.floor((S - 2 * overhead) / 2), b)) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: overhead }).map((d) => sized(S - overhead - d, 0xa5)) },
  );
}

export function tickvCrashOpsArb(g: Geometry, maxLength: number): fc.Arbitrary<TickvOp[]> {
  const S = g.eraseSizeBytes;
  const op: fc.Arbitrary<TickvOp> = fc.oneof(
    { weight: 30, arbitrary: fc.record({ op: fc.constant('append' as const), key: keyArb, value: crashValueArb(S, 15) }) },
    { weight: 8, arbitrary: fc.record({ op: fc.constant('get' as const), key: keyArb, bufLen: fc.oneof(fc.constant(S), fc.integer({ min: 0, max: 24 })) }) },
    { weight: 14, arbitrary: fc.record({ op: fc.constant('invalidate' as const), key: keyArb }) },
    { weight: 4, arbitrary: fc.record({ op: fc.constant('zeroise' as const), key: keyArb }) },
    { weight: 8, arbitrary: fc.constant<TickvOp>({ op: 'gc' }) },
    { weight: 3, arbitrary: fc.constant<TickvOp>({ op: 'reboot' }) },
    { weight: 1, arbitrary: fc.constant<TickvOp>({ op: 'init' }) },
    { weight: 1, arbitrary: fc.constant<TickvOp>({ op: 'invalidate', key: rawKey(MAIN_KEY_HASH) }) },
  );
  return fc.array(op, { minLength: 3, maxLength, size: 'max' }).map((body) => [{ op: 'init' }, ...body]);
}

const APPS = [1, 2, 7] as const;
const idsArb = fc.array(fc.constantFrom(0, 1, 2, 7), { maxLength: 3 });
export const crashPermArb: fc.Arbitrary<PermSpec> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<PermSpec>({ kind: 'kernel' }) },
  { weight: 1, arbitrary: fc.constant<PermSpec>({ kind: 'null' }) },
  { weight: 5, arbitrary: fc.constantFrom(...APPS).map((id): PermSpec => ({ kind: 'self', id })) },
  {
    weight: 3,
    arbitrary: fc
      .record({ shortId: fc.constantFrom(...APPS), writeId: fc.constantFrom(1, 1, 0), read: idsArb, modify: idsArb })
      .map((t): PermSpec => ({ kind: 'tbf', ...t })),
  },
);

const TOCK_KEYS = ['testkey', 'appkey', 'a', 'b', 'wifi'].map((s) => new Uint8Array(Buffer.from(s, 'latin1')));
const tockKeyArb = fc.constantFrom(...TOCK_KEYS);
const bufLenArb = fc.oneof({ weight: 8, arbitrary: fc.constant(DEFAULT_GET_BUFFER) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }) });

export function tockCrashOpsArb(g: Geometry, maxLength: number): fc.Arbitrary<TockOp[]> {
  const S = g.eraseSizeBytes;
  const write = (op: 'set' | 'add' | 'update') => fc.record({ op: fc.constant(op), key: tockKeyArb, value: crashValueArb(S, 24), perm: crashPermArb });
  const op: fc.Arbitrary<TockOp> = fc.oneof(
    { weight: 24, arbitrary: write('set') },
    { weight: 8, arbitrary: write('add') },
    { weight: 10, arbitrary: write('update') },
    { weight: 8, arbitrary: fc.record({ op: fc.constant('get' as const), key: tockKeyArb, perm: crashPermArb, bufLen: bufLenArb }) },
    { weight: 12, arbitrary: fc.record({ op: fc.constant('delete' as const), key: tockKeyArb, perm: crashPermArb }) },
    { weight: 6, arbitrary: fc.constant<TockOp>({ op: 'gc' }) },
    { weight: 3, arbitrary: fc.constant<TockOp>({ op: 'reboot' }) },
  );
  return fc.array(op, { minLength: 3, maxLength, size: 'max' }).map((body) => [{ op: 'reboot' }, ...body]);
}
