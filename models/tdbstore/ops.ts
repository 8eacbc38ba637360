// TDBStore operations as plain data; their text is a line of the conformance shell language, so it replays.
import { hexOf } from '../outcome';
import { parseHexValue, parseKey, parseNumber, ScriptSyntaxError, tokenize } from './lexer';

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

/** Parses one op line as opText writes it (the shell language plus `reboot`); undefined for blank/comment lines. */
export function parseOp(line: string): TdbOp | undefined {
  const t = tokenize(line);
  if (!t.length) return undefined;
  const [cmd, ...a] = t;
  const num = (i: number, d: number, max?: number): number => (a[i] === undefined ? d : parseNumber(a[i], 'number', max));
  const need = (min: number, max: number): void => {
    if (a.length < min || a.length > max) throw new ScriptSyntaxError(`${cmd} takes ${min}-${max} arguments`);
  };
  switch (cmd) {
    case 'init':
    case 'deinit':
    case 'reboot':
    case 'reset':
      need(0, 0);
      return { op: cmd };
    case 'set':
      need(2, 3);
      return { op: 'set', key: parseKey(a[0]), value: parseHexValue(a[1]), flags: num(2, 0, 0xffffffff) };
    case 'get':
      need(1, 3);
      return { op: 'get', key: parseKey(a[0]), bufferSize: a[1] === undefined ? undefined : num(1, 0), offset: a[2] === undefined ? undefined : num(2, 0) };
    case 'info':
    case 'remove':
      need(1, 1);
      return { op: cmd, key: parseKey(a[0]) };
    case 'list':
      need(0, 1);
      return { op: 'list', prefix: a[0] === undefined ? undefined : parseKey(a[0]) };
    case 'inc_start':
      need(2, 3);
      return { op: 'incStart', key: parseKey(a[0]), size: num(1, 0, 0xffffffff), flags: num(2, 0, 0xffffffff) };
    case 'inc_add':
      need(1, 1);
      return { op: 'incAdd', data: parseHexValue(a[0]) };
    case 'inc_finalize':
      need(0, 0);
      return { op: 'incFinalize' };
    case 'reserved_set':
      need(1, 1);
      return { op: 'reservedSet', data: parseHexValue(a[0]) };
    case 'reserved_get':
      need(0, 1);
      return { op: 'reservedGet', bufferSize: num(0, 64) };
    default:
      throw new ScriptSyntaxError(`unknown op "${cmd}"`);
  }
}
