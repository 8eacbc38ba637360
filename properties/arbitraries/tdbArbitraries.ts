// Generators for TDBStore runs: geometries (P 1..128, 2..8 erase units per area), flash modes, keys, values, ops.
import fc from 'fast-check';
import type { Geometry } from '../../engine/flash/blockDevice';
import { makeGeometry } from '../../engine/flash/geometry';
import type { FlashMode } from '../../engine/flash/norFlash';
import type { TdbOp } from '../../models/tdbstore/ops';

import { EDGE_KEYS, KEY_POOL, PREFIXES } from '../../faults/drivers/tdbstore/pools';

export const keyArb = fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...KEY_POOL) }, { weight: 1, arbitrary: fc.constantFrom(...EDGE_KEYS) });
export const writeKeyArb = keyArb.filter((k) => Buffer.from(k).toString('latin1') !== 'TDBS');
export const prefixArb = fc.constantFrom(...PREFIXES);

export const valueArb = fc.oneof(
  { weight: 8, arbitrary: fc.uint8Array({ maxLength: 24 }) },
  { weight: 3, arbitrary: fc.uint8Array({ maxLength: 300 }) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 300, maxLength: 2500 }) },
);

export const flagsArb = fc.oneof(
  { weight: 30, arbitrary: fc.constant(0) },
  { weight: 3, arbitrary: fc.constantFrom(2, 8, 10) },
  { weight: 1, arbitrary: fc.constantFrom(1, 3, 11) }, // WRITE_ONCE: rare, it locks a key for good
  { weight: 1, arbitrary: fc.constantFrom(4, 16, 0x40000000, 0x80000000) },
);

export interface TdbRunConfig {
  geometry: Geometry;
  mode: FlashMode;
}

export const geometryArb: fc.Arbitrary<Geometry> = fc
  .record({
    log2P: fc.integer({ min: 0, max: 7 }),
    eraseLog2: fc.integer({ min: 7, max: 12 }),
    unitsPerArea: fc.integer({ min: 2, max: 8 }),
    readLog2: fc.integer({ min: 0, max: 7 }),
    leftover: fc.boolean(),
  })
  .filter((g) => g.eraseLog2 >= g.log2P && (1 << g.eraseLog2) * g.unitsPerArea >= 4 * Math.max(128, 1 << g.log2P) * 2)
  .map((g) => {
    const p = 1 << g.log2P;
    const e = 1 << g.eraseLog2;
    const read = 1 << Math.min(g.readLog2, g.log2P);
    return makeGeometry(e * (2 * g.unitsPerArea + (g.leftover ? 1 : 0)), e, p, read);
  });

export const flashModeArb = fc.constantFrom<FlashMode>('nor', 'strict', 'overwrite');
export const runConfigArb: fc.Arbitrary<TdbRunConfig> = fc.record({ geometry: geometryArb, mode: flashModeArb });

/** One random API call as data. */
export const opArb: fc.Arbitrary<TdbOp> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ op: fc.constant('set' as const), key: writeKeyArb, value: valueArb, flags: flagsArb }) },
  { weight: 12, arbitrary: fc.record({ op: fc.constant('get' as const), key: keyArb }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('get' as const),
      key: keyArb,
      bufferSize: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(2 ** 40)),
      offset: fc.integer({ min: 0, max: 40 }),
    }),
  },
  { weight: 5, arbitrary: fc.record({ op: fc.constant('info' as const), key: keyArb }) },
  { weight: 8, arbitrary: fc.record({ op: fc.constant('remove' as const), key: writeKeyArb }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('incStart' as const), key: writeKeyArb, size: fc.integer({ min: 0, max: 600 }), flags: flagsArb }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('incAdd' as const), data: fc.uint8Array({ maxLength: 200 }) }) },
  { weight: 3, arbitrary: fc.constant<TdbOp>({ op: 'incFinalize' }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('list' as const), prefix: fc.option(prefixArb, { nil: undefined }) }) },
  { weight: 4, arbitrary: fc.constant<TdbOp>({ op: 'reboot' }) },
  { weight: 1, arbitrary: fc.constant<TdbOp>({ op: 'deinit' }) },
  { weight: 2, arbitrary: fc.constant<TdbOp>({ op: 'init' }) },
  { weight: 1, arbitrary: fc.constant<TdbOp>({ op: 'reset' }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reservedSet' as const), data: fc.uint8Array({ maxLength: 70 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('reservedGet' as const), bufferSize: fc.integer({ min: 0, max: 70 }) }) },
);
