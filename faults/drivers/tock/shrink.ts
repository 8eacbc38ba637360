// Simpler versions of a Tock KV op for the shrinker: shorter (and zeroed) values, plainer keys, the kernel's permission.
import type { TockOp } from '../../../models/tock/ops';
import { simplerBytes, simplerKeys } from '../tdbstore/shrink';

const KERNEL = { kind: 'kernel' } as const;

export function shrinkTockOp(o: TockOp): TockOp[] {
  if (o.op === 'gc' || o.op === 'reboot') return [];
  const keys = simplerKeys(o.key).map((key) => ({ ...o, key }));
  const perm = o.perm.kind === 'kernel' ? [] : [{ ...o, perm: KERNEL }];
  if (o.op === 'get' || o.op === 'delete') return [...perm, ...keys];
  return [...simplerBytes(o.value).map((value) => ({ ...o, value })), ...perm, ...keys];
}
