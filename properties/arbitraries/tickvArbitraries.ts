// Generators for raw TicKV runs: geometries (S 256..4096, 2..8 regions), key pools with colliding homes, values, ops.
import fc from 'fast-check';
import { MAIN_KEY_HASH, rawKey, stringKey, type TickvKey, type TickvOp } from '../../models/tickv/ops';
import type { TickvGeometry } from '../../models/tickv/regions';

export const REGION_SIZES = [256, 512, 1024, 2048, 4096] as const;

export const tickvGeometryArb: fc.Arbitrary<TickvGeometry> = fc.record({
  regionSizeBytes: fc.constantFrom(...REGION_SIZES),
  regions: fc.integer({ min: 2, max: 8 }),
});

/**
 * A small pool so duplicates, overflow and re-appends are frequent. Raw keys ending in 0005 share their home
 * region for every N; with N <= 8 the string keys collide among themselves too.
 */
export const TICKV_KEY_POOL: readonly TickvKey[] = [
  ...['a', 'b', 'counter', 'hostname', 'wifi-pass', 'cfg.net.ip', 'testkey'].map(stringKey),
  rawKey(0x0123456789ab0005n),
  rawKey(0xfedcba9876540005n),
  rawKey(0x1111111111110005n),
  rawKey(0x2222222222220000n),
];

/** The main key (an app can invalidate it: init then wipes the store) and the two hashes get_region asserts away. */
export const TICKV_EDGE_KEYS: readonly TickvKey[] = [rawKey(MAIN_KEY_HASH), rawKey(0n), rawKey(0xffffffffffffffffn)];

export const tickvKeyArb = fc.oneof(
  { weight: 80, arbitrary: fc.constantFrom(...TICKV_KEY_POOL) },
  { weight: 3, arbitrary: fc.constant(TICKV_EDGE_KEYS[0]) },
  { weight: 1, arbitrary: fc.constantFrom(...TICKV_EDGE_KEYS.slice(1)) },
);

/** Mostly small values; sometimes one that just fits (or just does not) in an empty region or the 12-bit length. */
export function tickvValueArb(g: TickvGeometry): fc.Arbitrary<Uint8Array> {
  const S = g.regionSizeBytes;
  const nearLimit = fc.oneof(
    fc.integer({ min: -3, max: 16 }).map((d) => Math.max(0, S - 15 - d)),
    fc.constantFrom(4078, 4079, 4080, 4081),
  );
  return fc.oneof(
    { weight: 10, arbitrary: fc.uint8Array({ maxLength: 24 }) },
    { weight: 5, arbitrary: fc.uint8Array({ maxLength: 300 }) },
    { weight: 3, arbitrary: fc.uint8Array({ minLength: 300, maxLength: 600 }) },
    { weight: 1, arbitrary: nearLimit.map((n) => new Uint8Array(n).fill(0x5a)) },
  );
}

export function tickvOpArb(g: TickvGeometry): fc.Arbitrary<TickvOp> {
  const bufLen = fc.oneof({ weight: 4, arbitrary: fc.constant(g.regionSizeBytes) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 40 }) });
  return fc.oneof(
    { weight: 30, arbitrary: fc.record({ op: fc.constant('append' as const), key: tickvKeyArb, value: tickvValueArb(g) }) },
    { weight: 14, arbitrary: fc.record({ op: fc.constant('get' as const), key: tickvKeyArb, bufLen }) },
    { weight: 10, arbitrary: fc.record({ op: fc.constant('invalidate' as const), key: tickvKeyArb }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('zeroise' as const), key: tickvKeyArb }) },
    { weight: 5, arbitrary: fc.constant<TickvOp>({ op: 'gc' }) },
    { weight: 3, arbitrary: fc.constant<TickvOp>({ op: 'reboot' }) },
    { weight: 1, arbitrary: fc.constant<TickvOp>({ op: 'init' }) },
  );
}
