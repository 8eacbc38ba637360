// A seeded generator of TDBStore op sequences for campaigns: the same (seed, count, geometry) gives the same ops.
import type { Geometry } from '../../../engine/flash/blockDevice';
import type { TdbOp } from '../../../models/tdbstore/ops';
import { Rng } from '../../rng';
import { weightedSequence } from '../../generate/weighted';
import { EDGE_KEYS, isMasterKeyBytes, KEY_POOL, PREFIXES } from './pools';

type Pick = (rng: Rng, g: Geometry) => TdbOp;

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

const WEIGHTED: Array<[number, Pick]> = [
  [34, (r, g) => ({ op: 'set', key: key(r, true), value: value(r, g), flags: flags(r) })],
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
  [1, () => ({ op: 'reset' })],
  [2, (r) => ({ op: 'reservedSet', data: bytesOf(r, r.int(0, 70)) })],
  [2, (r) => ({ op: 'reservedGet', bufferSize: r.int(0, 70) })],
];

/** `count` ops after the first, which is always `init` (a format on blank flash, so cuts land in it too). */
export function generateTdbOps(seed: number, count: number, g: Geometry): TdbOp[] {
  return weightedSequence<TdbOp, Geometry>(seed, { op: 'init' }, count, WEIGHTED, g);
}
