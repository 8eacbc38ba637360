// A seeded generator of raw TicKV op sequences for campaigns: the same (seed, count, geometry) gives the same ops.
import type { Geometry } from '../../../engine/flash/blockDevice';
import { MAIN_KEY_HASH, rawKey, stringKey, type TickvKey, type TickvOp } from '../../../models/tickv/ops';
import { Rng } from '../../rng';
import { weightedSequence } from '../../generate/weighted';

/** Few keys, so re-appends, duplicates and full regions are frequent; raw keys ending 0005 share a home region. */
export const TICKV_CAMPAIGN_KEYS: readonly TickvKey[] = [
  ...['a', 'b', 'counter', 'hostname', 'wifi-pass', 'cfg.net.ip', 'testkey'].map(stringKey),
  rawKey(0x0123456789ab0005n),
  rawKey(0xfedcba9876540005n),
  rawKey(0x2222222222220000n),
];

export function bytesOf(rng: Rng, n: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.nextU32() & 0xff;
  return b;
}

/**
 * Mostly small values; sometimes a large share of a region; and on purpose the boundaries: an object that exactly
 * fills an empty region, two that exactly fill one together, one that leaves a tail shorter than any object.
 */
export function regionValue(rng: Rng, regionSizeBytes: number, overhead: number): Uint8Array {
  const r = rng.int(0, 99);
  const most = Math.max(0, regionSizeBytes - overhead);
  if (r < 60) return bytesOf(rng, rng.int(0, 24));
  if (r < 82) return bytesOf(rng, rng.int(0, Math.floor(most / 3)));
  if (r < 89) return bytesOf(rng, most);
  if (r < 94) return bytesOf(rng, Math.max(0, Math.floor((regionSizeBytes - 2 * overhead) / 2)));
  return bytesOf(rng, Math.max(0, most - rng.int(1, overhead)));
}

const key = (rng: Rng): TickvKey => TICKV_CAMPAIGN_KEYS[rng.int(0, TICKV_CAMPAIGN_KEYS.length - 1)];

type Pick = (rng: Rng, S: number) => TickvOp;
const WEIGHTED: Array<[number, Pick]> = [
  [34, (r, S) => ({ op: 'append', key: key(r), value: regionValue(r, S, 15) })],
  [14, (r, S) => ({ op: 'get', key: key(r), bufLen: r.int(0, 3) ? S : r.int(0, 24) })],
  [14, (r) => ({ op: 'invalidate', key: key(r) })],
  [4, (r) => ({ op: 'zeroise', key: key(r) })],
  [8, () => ({ op: 'gc' })],
  [4, () => ({ op: 'reboot' })],
  [2, () => ({ op: 'init' })],
  [1, () => ({ op: 'invalidate', key: rawKey(MAIN_KEY_HASH) })], // the next init wipes the store, as the crate does
];

/** `count` ops after the first, which is always `init` (on blank flash: N erases and the main key, cuts land there too). */
export function generateTickvOps(seed: number, count: number, g: Geometry): TickvOp[] {
  return weightedSequence<TickvOp, number>(seed, { op: 'init' }, count, WEIGHTED, g.eraseSizeBytes);
}
