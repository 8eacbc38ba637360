// Tock KV operations as plain data; their text is a line of the Tock script language (tickv-script.md §3).
import { hexOf } from '../outcome';
import { permText, type PermSpec } from './permissions';

/** The buffer the shell's get passes: the largest user value plus the 9-byte header. */
export const DEFAULT_GET_BUFFER = 4105;

export type TockOp =
  | { op: 'get'; key: Uint8Array; perm: PermSpec; bufLen: number }
  | { op: 'set' | 'add' | 'update'; key: Uint8Array; value: Uint8Array; perm: PermSpec }
  | { op: 'delete'; key: Uint8Array; perm: PermSpec }
  | { op: 'gc' }
  | { op: 'reboot' };

const TOKEN = /^[\x21-\x7e]+$/;

/** A key as the shell reads it (its bytes as one token); other keys print as hex:, which the language lacks. */
export function tockKeyText(key: Uint8Array): string {
  const s = Buffer.from(key).toString('latin1');
  return TOKEN.test(s) && !s.startsWith('#') && !s.startsWith('hex:') ? s : `hex:${hexOf(key)}`;
}

export function tockOpText(o: TockOp): string {
  switch (o.op) {
    case 'get':
      // buf= is not in the shell language (its get always passes 4105 bytes).
      return `get ${tockKeyText(o.key)} ${permText(o.perm)}${o.bufLen === DEFAULT_GET_BUFFER ? '' : ` buf=${o.bufLen}`}`;
    case 'set':
    case 'add':
    case 'update':
      return `${o.op} ${tockKeyText(o.key)} ${o.value.length ? hexOf(o.value) : '-'} ${permText(o.perm)}`;
    case 'delete':
      return `delete ${tockKeyText(o.key)} ${permText(o.perm)}`;
    case 'gc':
      return 'gc';
    case 'reboot':
      return '# reboot: a new stack over the same flash, booted with TicKVSystem::initialise()';
  }
}
