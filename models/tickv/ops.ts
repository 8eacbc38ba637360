// Raw TicKV operations as plain data; their text is a line of the TicKV script language (tickv-script.md §2).
import { hexOf } from '../outcome';
import { hex16, tickvKeyOf } from './hashing';

/** A hashed key, and the string it came from when it is a string key. */
export interface TickvKey {
  readonly hash: bigint;
  readonly name?: string;
}

export type TickvOp =
  | { op: 'init' }
  | { op: 'append'; key: TickvKey; value: Uint8Array }
  | { op: 'get'; key: TickvKey; bufLen: number }
  | { op: 'invalidate'; key: TickvKey }
  | { op: 'zeroise'; key: TickvKey }
  | { op: 'gc' }
  | { op: 'reboot' };

/** Ops that may program or erase flash. */
export const TICKV_WRITING_OPS: ReadonlySet<TickvOp['op']> = new Set(['init', 'append', 'invalidate', 'zeroise', 'gc']);

/** The main key's hash that Tock and tockloader hard-code (capsules/extra/src/tickv.rs:337). */
export const MAIN_KEY_HASH = 0x7bc9f7ff4f76f244n;

export const stringKey = (name: string): TickvKey => ({ hash: tickvKeyOf(new Uint8Array(Buffer.from(name, 'latin1'))), name });
export const rawKey = (hash: bigint): TickvKey => ({ hash });

/** A string key the shell's lexer reads back as the same bytes: printable, no `#` start, not 0x-shaped. */
const SAFE_NAME = /^[\x21-\x7e]+$/;

export function keyText(k: TickvKey): string {
  const n = k.name;
  if (n !== undefined && SAFE_NAME.test(n) && !n.startsWith('#') && !/^0x[0-9a-fA-F]{1,16}$/.test(n)) return n;
  return `0x${hex16(k.hash)}`;
}

export function tickvOpText(o: TickvOp): string {
  switch (o.op) {
    case 'init':
    case 'gc':
      return o.op;
    case 'append':
      return `append ${keyText(o.key)} ${o.value.length ? hexOf(o.value) : '-'}`;
    case 'get':
      return `get ${keyText(o.key)} ${o.bufLen}`;
    case 'invalidate':
    case 'zeroise':
      return `${o.op} ${keyText(o.key)}`;
    case 'reboot':
      return '# reboot: a new TicKV instance over the same flash (every shell line already is one)';
  }
}
