// A seeded generator of Tock KV op sequences for campaigns: random identities (kernel, apps, TBF policies),
// keys from a small pool, user values. The same (seed, count, geometry) gives the same ops.
import type { Geometry } from '../../../engine/flash/blockDevice';
import { DEFAULT_GET_BUFFER, type TockOp } from '../../../models/tock/ops';
import type { PermSpec } from '../../../models/tock/permissions';
import { Rng } from '../../rng';
import { weightedSequence } from '../../generate/weighted';
import { regionValue } from '../tickv/generate';

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
export const TOCK_CAMPAIGN_KEYS: readonly Uint8Array[] = ['testkey', 'appkey', 'a', 'b', 'wifi', 'counter', 'cfg.net', 'k7'].map(latin1);
const APP_IDS = [1, 2, 3, 7] as const;

function ids(rng: Rng): number[] {
  return Array.from({ length: rng.int(0, 3) }, () => [0, 1, 2, 3, 7][rng.int(0, 4)]);
}

/** Kernel, apps with SelfOnly, TBF-header policies whose lists name each other, and Null (no write id). */
export function campaignPerm(rng: Rng): PermSpec {
  const r = rng.int(0, 99);
  if (r < 30) return { kind: 'kernel' };
  if (r < 34) return { kind: 'null' };
  const id = APP_IDS[rng.int(0, APP_IDS.length - 1)];
  if (r < 70) return { kind: 'self', id };
  return { kind: 'tbf', shortId: id, writeId: [1, 1, 5, 0][rng.int(0, 3)], read: ids(rng), modify: ids(rng) };
}

const key = (rng: Rng): Uint8Array => TOCK_CAMPAIGN_KEYS[rng.int(0, TOCK_CAMPAIGN_KEYS.length - 1)];
const bufLen = (rng: Rng): number => (rng.int(0, 9) ? DEFAULT_GET_BUFFER : rng.int(0, 9) ? rng.int(9, 48) : rng.int(0, 8));

type Pick = (rng: Rng, S: number) => TockOp;
const write = (op: 'set' | 'add' | 'update'): Pick => (r, S) => ({ op, key: key(r), value: regionValue(r, S, 24), perm: campaignPerm(r) });
const WEIGHTED: Array<[number, Pick]> = [
  [26, write('set')],
  [8, write('add')],
  [10, write('update')],
  [16, (r) => ({ op: 'get', key: key(r), perm: campaignPerm(r), bufLen: bufLen(r) })],
  [12, (r) => ({ op: 'delete', key: key(r), perm: campaignPerm(r) })],
  [6, () => ({ op: 'gc' })],
  [4, () => ({ op: 'reboot' })],
];

/** `count` ops after the first, which is always `reboot` (the board's boot: on blank flash the store's init). */
export function generateTockOps(seed: number, count: number, g: Geometry): TockOp[] {
  return weightedSequence<TockOp, number>(seed, { op: 'reboot' }, count, WEIGHTED, g.eraseSizeBytes);
}
