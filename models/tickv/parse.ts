// Reads back the op lines tickvOpText prints (the TicKV script language, tickv-script.md §2, plus `# reboot`).
import { bytesOfHex } from '../outcome';
import { rawKey, stringKey, type TickvKey, type TickvOp } from './ops';

export class OpLineError extends Error {
  override readonly name = 'OpLineError';
}

const RAW_KEY = /^0x[0-9a-fA-F]{1,16}$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;

export function parseTickvKey(token: string): TickvKey {
  return RAW_KEY.test(token) ? rawKey(BigInt(token)) : stringKey(token);
}

/** HEX or `-` for empty (a leading 0x allowed, as in the shell). */
export function parseHexValue(token: string | undefined, line: string): Uint8Array {
  if (token === undefined || token === '-') return new Uint8Array(0);
  const digits = /^0[xX]/.test(token) ? token.slice(2) : token;
  if (!HEX.test(digits)) throw new OpLineError(`bad hex value "${token.slice(0, 20)}" in "${line.slice(0, 60)}"`);
  return bytesOfHex(digits);
}

function need(cmd: string, args: readonly string[], min: number, max: number, line: string): void {
  if (args.length < min || args.length > max) throw new OpLineError(`${cmd} takes ${min === max ? min : `${min}-${max}`} arguments: "${line.slice(0, 60)}"`);
}

/** One op, or undefined for an empty line or a comment other than `# reboot`. */
export function parseTickvOp(line: string): TickvOp | undefined {
  const text = line.trim();
  if (text === '') return undefined;
  if (text.startsWith('#')) return /^#\s*reboot\b/.test(text) ? { op: 'reboot' } : undefined;
  const [cmd, ...a] = text.split(/\s+/);
  switch (cmd) {
    case 'init':
    case 'gc':
    case 'reboot':
      need(cmd, a, 0, 0, text);
      return { op: cmd };
    case 'append':
      need(cmd, a, 1, 2, text);
      return { op: 'append', key: parseTickvKey(a[0]), value: parseHexValue(a[1], text) };
    case 'get': {
      need(cmd, a, 1, 2, text);
      const bufLen = a[1] === undefined ? 4096 : Number(a[1]);
      if (!Number.isSafeInteger(bufLen) || bufLen < 0 || !/^[0-9]+$/.test(a[1] ?? '0')) throw new OpLineError(`bad buffer length in "${text}"`);
      return { op: 'get', key: parseTickvKey(a[0]), bufLen };
    }
    case 'invalidate':
    case 'zeroise':
    case 'zeroize':
      need(cmd, a, 1, 1, text);
      return { op: cmd === 'invalidate' ? 'invalidate' : 'zeroise', key: parseTickvKey(a[0]) };
    default:
      throw new OpLineError(`unknown TicKV op "${cmd}"`);
  }
}
