// Seeded op sequences for stores held to the generic contract: the same (seed, count, geometry) gives the same ops.
import type { Geometry } from '../../engine/flash/blockDevice';
import type { ContractOp } from '../../models/contract/ops';
import { weightedSequence, type Weighted } from '../generate/weighted';
import type { Rng } from '../rng';

/** A small pool of keys of varied lengths, so overwrites and removes of live keys are frequent. */
export const CONTRACT_KEYS: readonly Uint8Array[] = [
  [0x6b],
  [0x6b, 0x32],
  [0x00, 0x01, 0x02, 0x03],
  [0x63, 0x66, 0x67, 0x2e, 0x6e, 0x65, 0x74],
  [0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, 0xf9, 0xf8],
].map((k) => new Uint8Array(k));

/**
 * The largest value generated on `g`: every key of the pool at this size fits in an eighth of the flash with
 * room for headers, so a store using half its flash per copy never runs out (no-space stays a real finding).
 */
export function contractValueCap(g: Geometry): number {
  return Math.max(1, Math.min(64, Math.floor(g.sizeBytes / (8 * CONTRACT_KEYS.length)) - 16));
}

function value(rng: Rng, cap: number): Uint8Array {
  const r = rng.int(0, 99);
  const n = r < 10 ? 0 : r < 70 ? rng.int(1, Math.min(8, cap)) : r < 90 ? rng.int(1, cap) : cap;
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = rng.nextU32() & 0xff;
  return b;
}

const key = (rng: Rng): Uint8Array => CONTRACT_KEYS[rng.int(0, CONTRACT_KEYS.length - 1)];

const WEIGHTED: Weighted<ContractOp, number> = [
  [45, (r, cap) => ({ op: 'set', key: key(r), value: value(r, cap) })],
  [20, (r) => ({ op: 'get', key: key(r) })],
  [20, (r) => ({ op: 'remove', key: key(r) })],
  [10, () => ({ op: 'reboot' })],
];

/** `mount`, then `count` ops drawn by weight (the other generators' convention). */
export function generateContractOps(seed: number, count: number, geometry: Geometry): ContractOp[] {
  return weightedSequence<ContractOp, number>(seed, { op: 'mount' }, count, WEIGHTED, contractValueCap(geometry));
}
