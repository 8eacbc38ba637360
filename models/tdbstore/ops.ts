// TDBStore operations as plain data; their text is a line of the conformance shell language, so it replays.
import { hexOf } from '../outcome';

export type TdbOp =
  | { op: 'init' }
  | { op: 'deinit' }
  | { op: 'reboot' }
  | { op: 'reset' }
  | { op: 'set'; key: Uint8Array; value: Uint8Array; flags: number }
  | { op: 'get'; key: Uint8Array; bufferSize?: number; offset?: number }
  | { op: 'info'; key: Uint8Array }
  | { op: 'remove'; key: Uint8Array }
  | { op: 'incStart'; key: Uint8Array; size: number; flags: number }
  | { op: 'incAdd'; data: Uint8Array }
  | { op: 'incFinalize' }
  | { op: 'list'; prefix?: Uint8Array }
  | { op: 'reservedSet'; data: Uint8Array }
  | { op: 'reservedGet'; bufferSize: number };

/** Ops that may program or erase flash (the ones a power cut can interrupt). */
export const WRITING_OPS: ReadonlySet<TdbOp['op']> = new Set(['init', 'deinit', 'reset', 'set', 'remove', 'incStart', 'incAdd', 'incFinalize', 'reservedSet']);

const SAFE_KEY = /^[\x21-\x7e]+$/;

/** A key as the shell writes it: raw when plain printable ASCII without `#`, else hex:. */
export function keyText(key: Uint8Array): string {
  const s = Buffer.from(key).toString('latin1');
  return SAFE_KEY.test(s) && !s.includes('#') && !s.startsWith('hex:') ? s : `hex:${hexOf(key)}`;
}

const valueText = (v: Uint8Array): string => (v.length ? hexOf(v) : '-');

export function opText(o: TdbOp): string {
  switch (o.op) {
    case 'init':
    case 'deinit':
    case 'reboot':
    case 'reset':
      return o.op;
    case 'set':
      return `set ${keyText(o.key)} ${valueText(o.value)}${o.flags ? ` 0x${o.flags.toString(16)}` : ''}`;
    case 'get':
      return `get ${keyText(o.key)}${o.bufferSize !== undefined ? ` ${o.bufferSize}` : ''}${o.offset !== undefined ? ` ${o.offset}` : ''}`;
    case 'info':
      return `info ${keyText(o.key)}`;
    case 'remove':
      return `remove ${keyText(o.key)}`;
    case 'incStart':
      return `inc_start ${keyText(o.key)} ${o.size}${o.flags ? ` 0x${o.flags.toString(16)}` : ''}`;
    case 'incAdd':
      return `inc_add ${valueText(o.data)}`;
    case 'incFinalize':
      return 'inc_finalize';
    case 'list':
      return o.prefix && o.prefix.length ? `list ${keyText(o.prefix)}` : 'list';
    case 'reservedSet':
      return `reserved_set ${valueText(o.data)}`;
    case 'reservedGet':
      return `reserved_get ${o.bufferSize}`;
  }
}
