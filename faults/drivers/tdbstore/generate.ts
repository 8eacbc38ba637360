// A seeded generator of TDBStore op sequences for campaigns: the same (seed, count, geometry) gives the same ops.
// Some sets are sized to end on a layout boundary, and some draws are interleavings of reserved data and
// incremental sets (boundaries.ts), so campaigns reach H1/H2-like cases on purpose, not by luck.
import type { Geometry } from '../../../engine/flash/blockDevice';
import type { TdbOp } from '../../../models/tdbstore/ops';
import { Rng } from '../../rng';
import { weightedSequence } from '../../generate/weighted';
import { resolvePlan, type RecordEnd, type SizedRecord, type TdbPlanStep } from './boundaries';
import { EDGE_KEYS, isMasterKeyBytes, KEY_POOL, PREFIXES } from './pools';

type Pick = (rng: Rng, g: Geometry) => TdbPlanStep | TdbPlanStep[];

function key(rng: Rng, write: boolean): Uint8Array {
  if (rng.int(0, 19) > 0) return KEY_POOL[rng.int(0, KEY_POOL.length - 1)];
  const k = EDGE_KEYS[rng.int(0, EDGE_KEYS.length - 1)];
  return write && isMasterKeyBytes(k) ? KEY_POOL[0] : k;
}

function bytesOf(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.nextU32() & 0xff;
  return b;
}

/** Mostly small values; sometimes a large share of an area, so GC and MEDIA_FULL come often. */
function value(rng: Rng, g: Geometry): Uint8Array {
  const area = Math.floor(g.sizeBytes / 2 / g.eraseSizeBytes) * g.eraseSizeBytes;
  const r = rng.int(0, 99);
  if (r < 70) return bytesOf(rng, rng.int(0, 24));
  if (r < 92) return bytesOf(rng, rng.int(25, 300));
  return bytesOf(rng, rng.int(0, Math.max(1, Math.floor(area / 3))));
}

function flags(rng: Rng): number {
  const r = rng.int(0, 99);
  if (r < 90) return 0;
  if (r < 96) return [2, 8, 10][rng.int(0, 2)];
  if (r < 98) return 1;
  return [4, 0x80000000][rng.int(0, 1)];
}

const ENDS: readonly RecordEnd[] = ['unit', 'unit', 'unit', 'area', 'fill'];

function sized(rng: Rng): SizedRecord {
  return { key: key(rng, true), flags: rng.int(0, 9) ? 0 : flags(rng), end: ENDS[rng.int(0, ENDS.length - 1)], units: rng.int(0, 1) ? 1 : rng.int(2, 8), afterGc: rng.int(0, 3) === 0, fill: rng.int(0, 255) };
}

const incRest = (rng: Rng): TdbPlanStep => ({ op: 'incRest', parts: rng.bool() ? 1 : 2, short: rng.int(0, 9) ? 0 : 1, fill: rng.int(0, 255) });

/** Reserved data and an incremental set interleaved (H2 was a reserved_data_set inside an open set). */
function interleaving(rng: Rng): TdbPlanStep[] {
  const start: TdbPlanStep = rng.bool() ? { op: 'sizedIncStart', ...sized(rng) } : { op: 'incStart', key: key(rng, true), size: rng.int(0, 300), flags: 0 };
  const reserved: TdbPlanStep = { op: 'reservedSet', data: bytesOf(rng, rng.int(0, 64)) };
  switch (rng.int(0, 3)) {
    case 0:
      return [reserved, start, { ...reserved, data: bytesOf(rng, rng.int(0, 64)) }, incRest(rng), { op: 'incFinalize' }];
    case 1:
      return [start, reserved, incRest(rng), { op: 'incFinalize' }];
    case 2:
      return [start, incRest(rng), reserved, { op: 'incFinalize' }];
    default:
      return [start, { op: 'incAdd', data: bytesOf(rng, rng.int(1, 40)) }, rng.bool() ? { op: 'reboot' } : { op: 'deinit' }, { op: 'init' }, { op: 'sizedSet', ...sized(rng) }];
  }
}

const WEIGHTED: Array<[number, Pick]> = [
  [26, (r, g) => ({ op: 'set', key: key(r, true), value: value(r, g), flags: flags(r) })],
  [8, (r) => ({ op: 'sizedSet', ...sized(r) })],
  [3, (r) => [{ op: 'sizedIncStart', ...sized(r) }, incRest(r), { op: 'incFinalize' }]],
  [2, interleaving],
  [2, (r) => incRest(r)],
  [10, (r) => ({ op: 'get', key: key(r, false) })],
  [3, (r) => ({ op: 'get', key: key(r, false), bufferSize: r.int(0, 40), offset: r.int(0, 40) })],
  [3, (r) => ({ op: 'info', key: key(r, false) })],
  [10, (r) => ({ op: 'remove', key: key(r, true) })],
  [4, (r) => ({ op: 'incStart', key: key(r, true), size: r.int(0, 400), flags: flags(r) })],
  [6, (r) => ({ op: 'incAdd', data: bytesOf(r, r.int(0, 160)) })],
  [4, () => ({ op: 'incFinalize' })],
  [3, (r) => ({ op: 'list', prefix: r.bool() ? undefined : PREFIXES[r.int(0, PREFIXES.length - 1)] })],
  [7, () => ({ op: 'reboot' })],
  [1, () => ({ op: 'deinit' })],
  [1, () => ({ op: 'init' })],
  [2, () => ({ op: 'reset' })],
  [2, (r) => ({ op: 'reservedSet', data: bytesOf(r, r.int(0, 70)) })],
  [2, (r) => ({ op: 'reservedGet', bufferSize: r.int(0, 70) })],
];

/** `count` draws after the first op, which is always `init` (a format on blank flash, so cuts land in it too); an interleaving draws several ops. */
export function generateTdbOps(seed: number, count: number, g: Geometry): TdbOp[] {
  return resolvePlan(weightedSequence<TdbPlanStep | TdbPlanStep[], Geometry>(seed, { op: 'init' }, count, WEIGHTED, g).flat(), g);
}
