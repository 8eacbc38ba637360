// Generators for Tock KV runs: identities and permission sets, key pools (any bytes too), user values, ops.
import fc from 'fast-check';
import { DEFAULT_GET_BUFFER, type TockOp } from '../../models/tock/ops';
import type { PermSpec } from '../../models/tock/permissions';
import type { TickvGeometry } from '../../models/tickv/regions';

/** A few app ids, so identities share ids, lists name each other, and write ids collide. */
const APP_IDS = [1, 2, 3, 7] as const;
const idList = fc.array(fc.constantFrom(0, 1, 2, 3, 7, 9), { maxLength: 10 }); // over 8: the rest is ignored

export const permArb: fc.Arbitrary<PermSpec> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<PermSpec>({ kind: 'kernel' }) },
  { weight: 1, arbitrary: fc.constant<PermSpec>({ kind: 'null' }) },
  { weight: 5, arbitrary: fc.constantFrom(...APP_IDS).map((id): PermSpec => ({ kind: 'self', id })) },
  {
    weight: 5,
    arbitrary: fc
      .record({ shortId: fc.constantFrom(...APP_IDS), writeId: fc.constantFrom(1, 1, 5, 0), read: idList, modify: idList })
      .map((t): PermSpec => ({ kind: 'tbf', ...t })),
  },
);

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** String keys whose homes collide for every N <= 8 by pigeonhole, the empty key, and keys of any bytes. */
export const TOCK_KEY_POOL: readonly Uint8Array[] = ['testkey', 'appkey', 'a', 'b', 'wifi', 'counter', 'cfg.net', 'k7', ''].map(latin1);

export const tockKeyArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 30, arbitrary: fc.constantFrom(...TOCK_KEY_POOL) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 70 }) },
);

/** User values (the 9-byte header comes on top): mostly small, sometimes just at a region's or the format's limit. */
export function tockValueArb(g: TickvGeometry): fc.Arbitrary<Uint8Array> {
  const nearLimit = fc.oneof(fc.integer({ min: -3, max: 16 }).map((d) => Math.max(0, g.regionSizeBytes - 24 - d)), fc.constantFrom(4069, 4070, 4071));
  return fc.oneof(
    { weight: 10, arbitrary: fc.uint8Array({ maxLength: 24 }) },
    { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 3, arbitrary: fc.uint8Array({ minLength: 300, maxLength: 600 }) },
    { weight: 1, arbitrary: nearLimit.map((n) => new Uint8Array(n).fill(0x3c)) },
  );
}

const bufLenArb = fc.oneof(
  { weight: 8, arbitrary: fc.constant(DEFAULT_GET_BUFFER) },
  { weight: 3, arbitrary: fc.integer({ min: 9, max: 64 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 8 }) }, // a kernel client's too-small buffer: the header read panics
);

export function tockOpArb(g: TickvGeometry): fc.Arbitrary<TockOp> {
  const write = (op: 'set' | 'add' | 'update') => fc.record({ op: fc.constant(op), key: tockKeyArb, value: tockValueArb(g), perm: permArb });
  return fc.oneof(
    { weight: 20, arbitrary: write('set') },
    { weight: 8, arbitrary: write('add') },
    { weight: 8, arbitrary: write('update') },
    { weight: 16, arbitrary: fc.record({ op: fc.constant('get' as const), key: tockKeyArb, perm: permArb, bufLen: bufLenArb }) },
    { weight: 10, arbitrary: fc.record({ op: fc.constant('delete' as const), key: tockKeyArb, perm: permArb }) },
    { weight: 6, arbitrary: fc.constant<TockOp>({ op: 'gc' }) },
    { weight: 3, arbitrary: fc.constant<TockOp>({ op: 'reboot' }) },
  );
}
