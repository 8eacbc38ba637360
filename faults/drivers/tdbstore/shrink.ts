// Simpler versions of a TDBStore op for the shrinker: shorter (and zeroed) values, plainer keys, fewer arguments.
import type { TdbOp } from '../../../models/tdbstore/ops';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const zeros = (n: number): Uint8Array => new Uint8Array(n);
const allZero = (b: Uint8Array): boolean => b.every((x) => x === 0);

/** Shorter values first (empty, one byte, a half, three quarters), then the same length zeroed for reading. */
export function simplerBytes(v: Uint8Array): Uint8Array[] {
  const n = v.length;
  const out = [zeros(0), zeros(1), zeros(n >> 1), zeros(Math.ceil((3 * n) / 4)), zeros(n)];
  return out.filter((c) => c.length < n || (c.length === n && !allZero(v)));
}

/** "a" and "b", then the key's first half (keys are often what a flaw needs, e.g. a colliding hash). */
export function simplerKeys(k: Uint8Array): Uint8Array[] {
  const half = k.slice(0, Math.max(1, k.length >> 1));
  return [bytes('a'), bytes('b'), half].filter((c) => c.length < k.length || (c.length === k.length && Buffer.compare(c, k) < 0));
}

export function shrinkTdbOp(o: TdbOp): TdbOp[] {
  switch (o.op) {
    case 'set':
      return [
        ...simplerBytes(o.value).map((value) => ({ ...o, value })),
        ...(o.flags ? [{ ...o, flags: 0 }] : []),
        ...simplerKeys(o.key).map((key) => ({ ...o, key })),
      ];
    case 'get':
      return [...(o.bufferSize !== undefined ? [{ op: 'get' as const, key: o.key }] : []), ...simplerKeys(o.key).map((key) => ({ ...o, key }))];
    case 'info':
    case 'remove':
      return simplerKeys(o.key).map((key) => ({ ...o, key }));
    case 'incStart':
      return [
        ...[0, o.size >> 1].filter((size) => size < o.size).map((size) => ({ ...o, size })),
        ...(o.flags ? [{ ...o, flags: 0 }] : []),
        ...simplerKeys(o.key).map((key) => ({ ...o, key })),
      ];
    case 'incAdd':
    case 'reservedSet':
      return simplerBytes(o.data).map((data) => ({ ...o, data }));
    case 'list':
      return o.prefix?.length ? [{ op: 'list' }] : [];
    default:
      return [];
  }
}
