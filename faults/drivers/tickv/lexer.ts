// Lines and tokens of the two TicKV script languages (specs/tickv-script.md §1); text is latin1 so key bytes survive.
import { fromHex } from '../../../engine/codec/bytes';
import { EngineHalt } from '../../../engine/halt';

/** A malformed line: the shell prints `BADCMD <message>` and goes on. */
export class BadCommand extends Error {
  override readonly name = 'BadCommand';
}

/** A shell's line for a failed command: BADCMD or HALT (with the halt exit status); anything else is rethrown. */
export function failureLine(e: unknown, exitHalt: number): { line: string; exitCode?: number } {
  if (e instanceof BadCommand) return { line: `BADCMD ${e.message}` };
  if (e instanceof EngineHalt) return { line: `HALT ${e.message}`, exitCode: exitHalt };
  throw e;
}

/** ASCII whitespace only: a latin1 0xA0 is the tail of a UTF-8 character, not a space. */
const EDGES = /^[ \t\r\n\v\f]+|[ \t\r\n\v\f]+$/g;
const SEPARATORS = /[ \t\r\n\v\f]+/;

/** The trimmed line, or undefined for a line the shell skips silently (empty or `#` comment). */
export function scriptLine(line: string): string | undefined {
  const text = line.replace(EDGES, '');
  return text === '' || text.startsWith('#') ? undefined : text;
}

export const tokens = (text: string): string[] => text.split(SEPARATORS);

/** Bytes of a token as typed (its UTF-8 bytes, carried as latin1 text). */
export const tokenBytes = (token: string): Uint8Array => new Uint8Array(Buffer.from(token, 'latin1'));

/** HEX: an even number of hex digits or `-`; the TicKV language also allows a leading 0x. */
export function parseHex(token: string, allow0x: boolean, maxBytes = Infinity): Uint8Array {
  const digits = allow0x && /^0[xX]/.test(token) ? token.slice(2) : token;
  const bytes = token === '-' ? new Uint8Array(0) : fromHex(digits);
  if (!bytes) throw new BadCommand(`bad hex value "${token}"`);
  if (bytes.length > maxBytes) throw new BadCommand(`value of ${bytes.length} bytes is over ${maxBytes}`);
  return bytes;
}

/** A non-negative decimal integer argument. */
export function parseCount(token: string | undefined, what: string, max: number): number {
  if (token === undefined || !/^[0-9]+$/.test(token) || Number(token) > max) throw new BadCommand(`bad ${what} "${token ?? ''}"`);
  return Number(token);
}

/** Checks the argument count of a command. */
export function arity(cmd: string, args: string[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    throw new BadCommand(`${cmd} takes ${min === max ? min : `${min}-${max}`} argument${max === 1 ? '' : 's'}, got ${args.length}`);
  }
}
