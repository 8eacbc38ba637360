// Simpler versions of a raw TicKV op for the shrinker: shorter (and zeroed) values, the keys "a" and "b".
import { stringKey, type TickvKey, type TickvOp } from '../../../models/tickv/ops';
import { simplerBytes } from '../tdbstore/shrink';

const PLAIN_KEYS = [stringKey('a'), stringKey('b')];

/** "a" and "b" (a raw hash may be what places the key in its region: the shrinker keeps it then). */
export const simplerTickvKeys = (k: TickvKey): TickvKey[] => PLAIN_KEYS.filter((p) => p.hash !== k.hash);

export function shrinkTickvOp(o: TickvOp): TickvOp[] {
  switch (o.op) {
    case 'append':
      return [...simplerBytes(o.value).map((value) => ({ ...o, value })), ...simplerTickvKeys(o.key).map((key) => ({ ...o, key }))];
    case 'get':
    case 'invalidate':
    case 'zeroise':
      return simplerTickvKeys(o.key).map((key) => ({ ...o, key }));
    default:
      return [];
  }
}
