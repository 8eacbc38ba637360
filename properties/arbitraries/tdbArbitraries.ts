// Generators for TDBStore runs: geometries (P 1..128, 2..8 erase units per area), flash modes, keys, values, ops.
import fc from 'fast-check';
import type { Geometry } from '../../engine/flash/blockDevice';
import { makeGeometry } from '../../engine/flash/geometry';
import type { FlashMode } from '../../engine/flash/norFlash';
import type { TdbOp } from '../../models/tdbstore/ops';

import { resolvePlan, type RecordEnd, type SizedRecord, type TdbPlanStep } from '../../faults/drivers/tdbstore/boundaries';
import { EDGE_KEYS, KEY_POOL, PREFIXES } from '../../faults/drivers/tdbstore/pools';

/** A 128-byte key: is_valid_key accepts it, mbed cannot read its record back (TDB-19), hardened refuses it. */
const LONG_KEY = EDGE_KEYS.find((k) => k.length === 128) as Uint8Array;

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

/** A record sized to end on an erase-unit start (most often), at the area end, or filling what is left (boundaries.ts). */
const sizedArb: fc.Arbitrary<SizedRecord> = fc.record({
  key: writeKeyArb,
  flags: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: flagsArb }),
  end: fc.constantFrom<RecordEnd>('unit', 'unit', 'unit', 'area', 'fill'),
  units: fc.oneof({ weight: 2, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: 2, max: 8 }) }),
  afterGc: fc.boolean(),
  fill: fc.integer({ min: 0, max: 255 }),
});

const incRestArb: fc.Arbitrary<TdbPlanStep> = fc.record({
  op: fc.constant('incRest' as const),
  parts: fc.constantFrom<1 | 2>(1, 2),
  short: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
  fill: fc.integer({ min: 0, max: 255 }),
});

const reservedArb: fc.Arbitrary<TdbPlanStep> = fc.record({ op: fc.constant('reservedSet' as const), data: fc.uint8Array({ maxLength: 64 }) });
const anyIncStartArb: fc.Arbitrary<TdbPlanStep> = fc.oneof(
  sizedArb.map((r): TdbPlanStep => ({ op: 'sizedIncStart', ...r })),
  fc.record({ op: fc.constant('incStart' as const), key: writeKeyArb, size: fc.integer({ min: 0, max: 300 }), flags: fc.constant(0) }),
);
const finalize: TdbPlanStep = { op: 'incFinalize' };

/** Reserved data and incremental sets interleaved (H2: reserved_data_set inside an open set, after a cut in an earlier one). */
const interleavingArb: fc.Arbitrary<TdbPlanStep[]> = fc.oneof(
  fc.tuple(reservedArb, anyIncStartArb, reservedArb, incRestArb).map(([r1, s, r2, rest]) => [r1, s, r2, rest, finalize]),
  fc.tuple(anyIncStartArb, reservedArb, incRestArb).map(([s, r, rest]) => [s, r, rest, finalize]),
  fc.tuple(anyIncStartArb, incRestArb, reservedArb).map(([s, rest, r]) => [s, rest, r, finalize]),
  fc
    .tuple(anyIncStartArb, fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.constantFrom<TdbOp>({ op: 'reboot' }, { op: 'deinit' }), sizedArb)
    .map(([s, data, down, r]): TdbPlanStep[] => [s, { op: 'incAdd', data }, down, { op: 'init' }, { op: 'sizedSet', ...r }]),
);

/** One draw of a boundary-seeking sequence: an op, a sized set or incremental set, or an interleaving. */
export const planChunkArb: fc.Arbitrary<TdbPlanStep[]> = fc.oneof(
  { weight: 60, arbitrary: opArb.map((o): TdbPlanStep[] => [o]) },
  { weight: 12, arbitrary: sizedArb.map((r): TdbPlanStep[] => [{ op: 'sizedSet', ...r }]) },
  { weight: 4, arbitrary: fc.tuple(sizedArb, incRestArb).map(([r, rest]): TdbPlanStep[] => [{ op: 'sizedIncStart', ...r }, rest, finalize]) },
  { weight: 4, arbitrary: interleavingArb },
  { weight: 2, arbitrary: fc.constant<TdbPlanStep[]>([{ op: 'reset' }]) },
  // An area used again (H1): a reset or a GC back into it, then a record ending on a unit start over older records.
  { weight: 3, arbitrary: fc.tuple(fc.constantFrom<TdbOp>({ op: 'reset' }, { op: 'reboot' }), sizedArb).map(([o, r]): TdbPlanStep[] => [o, { op: 'sizedSet', ...r, end: 'unit' }]) },
  // A GC whose copies end on a unit start (TDB-5): the live records are sized to end there, then a set that fits
  // only after a GC (sometimes with a 128-byte key, which mbed cannot read back, so the set fails after the GC).
  {
    weight: 3,
    arbitrary: fc
      .tuple(sizedArb, sizedArb, fc.boolean())
      .map(([a, b, longKey]): TdbPlanStep[] => [
        { op: 'sizedSet', ...a, end: 'unit', afterGc: true },
        { op: 'sizedSet', ...b, key: longKey ? LONG_KEY : b.key, end: 'fill', afterGc: true },
      ]),
  },
);

/** `init` and then chunks, resolved on the geometry (the sizes follow the model's log end). */
export function boundaryOpsArb(g: Geometry, minChunks: number, maxChunks: number): fc.Arbitrary<TdbOp[]> {
  return fc.array(planChunkArb, { minLength: minChunks, maxLength: maxChunks }).map((chunks) => resolvePlan([{ op: 'init' }, ...chunks.flat()], g));
}
