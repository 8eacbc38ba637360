// Reads back the op lines tockOpText prints (the Tock script language, tickv-script.md §3, plus `buf=N` and `# reboot`).
import { bytesOfHex } from '../outcome';
import { OpLineError, parseHexValue } from '../tickv/parse';
import { DEFAULT_GET_BUFFER, type TockOp } from './ops';
import type { PermSpec } from './permissions';

const ids = (list: string, line: string): number[] => {
  if (list === '') return [];
  return list.split(',').map((t) => {
    if (!/^[0-9]+$/.test(t) || Number(t) > 0xffffffff) throw new OpLineError(`bad id "${t}" in "${line}"`);
    return Number(t);
  });
};

export function parsePerm(token: string, line = token): PermSpec {
  if (token === 'kernel' || token === 'null') return { kind: token };
  const self = /^self:([1-9][0-9]*)$/.exec(token);
  if (self && Number(self[1]) <= 0xffffffff) return { kind: 'self', id: Number(self[1]) };
  const tbf = /^tbf:([1-9][0-9]*):([0-9]+):([0-9,]*):([0-9,]*)$/.exec(token);
  if (tbf && Number(tbf[1]) <= 0xffffffff) {
    return { kind: 'tbf', shortId: Number(tbf[1]), writeId: ids(tbf[2], line)[0] ?? 0, read: ids(tbf[3], line), modify: ids(tbf[4], line) };
  }
  throw new OpLineError(`bad permission "${token}" in "${line.slice(0, 60)}"`);
}

/** A key token: its bytes as typed (latin1), or `hex:` and the bytes in hex. */
export function parseTockKey(token: string, line: string): Uint8Array {
  if (!token.startsWith('hex:')) return new Uint8Array(Buffer.from(token, 'latin1'));
  const h = token.slice(4);
  if (!/^(?:[0-9a-f]{2})*$/.test(h)) throw new OpLineError(`bad hex key "${token}" in "${line.slice(0, 60)}"`);
  return bytesOfHex(h);
}

function need(cmd: string, args: readonly string[], n: number, line: string): void {
  if (args.length !== n) throw new OpLineError(`${cmd} takes ${n} arguments: "${line.slice(0, 60)}"`);
}

/** One op, or undefined for an empty line or a comment other than `# reboot`. */
export function parseTockOp(line: string): TockOp | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  if (text.startsWith('#')) return /^#\s*reboot\b/.test(text) ? { op: 'reboot' } : undefined;
  const [cmd, ...a] = text.split(/\s+/);
  switch (cmd) {
    case 'gc':
    case 'reboot':
      need(cmd, a, 0, text);
      return { op: cmd };
    case 'get': {
      const buf = a.length === 3 ? /^buf=([0-9]+)$/.exec(a[2]) : null;
      if (a.length !== 2 && !buf) throw new OpLineError(`get takes KEY PERM [buf=N]: "${text.slice(0, 60)}"`);
      return { op: 'get', key: parseTockKey(a[0], text), perm: parsePerm(a[1], text), bufLen: buf ? Number(buf[1]) : DEFAULT_GET_BUFFER };
    }
    case 'set':
    case 'add':
    case 'update':
      need(cmd, a, 3, text);
      return { op: cmd, key: parseTockKey(a[0], text), value: parseHexValue(a[1], text), perm: parsePerm(a[2], text) };
    case 'delete':
      need(cmd, a, 2, text);
      return { op: 'delete', key: parseTockKey(a[0], text), perm: parsePerm(a[1], text) };
    default:
      throw new OpLineError(`unknown Tock op "${cmd}"`);
  }
}
