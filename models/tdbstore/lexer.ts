// Tokens of the TDBStore script language (specs/tdbstore-script.md §2); text is latin1 so bytes survive.

/** An even number of hex digits as bytes, or undefined. */
function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return new Uint8Array(Buffer.from(text, 'hex'));
}

export class ScriptSyntaxError extends Error {
  override readonly name = 'ScriptSyntaxError';
}

/** Tokens of one line: trailing CR dropped, `#` starts a comment, whitespace separates. */
export function tokenize(line: string): string[] {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const hash = text.indexOf('#');
  if (hash >= 0) text = text.slice(0, hash);
  return text.split(/[ \t\v\f\r]+/).filter((t) => t.length > 0);
}

/** strtoul(…, 0) as the reference parser reads numbers: decimal, 0x hex, or leading-0 octal. */
export function parseNumber(token: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  let v: number;
  if (/^0[xX][0-9a-fA-F]+$/.test(token)) v = parseInt(token.slice(2), 16);
  else if (/^0[0-7]*$/.test(token)) v = parseInt(token, 8);
  else if (/^[1-9][0-9]*$/.test(token)) v = Number(token);
  else throw new ScriptSyntaxError(`bad ${what} "${token}"`);
  if (!Number.isSafeInteger(v) || v > max) throw new ScriptSyntaxError(`${what} "${token}" is out of range`);
  return v;
}

/** HEX value: an even number of hex digits, or `-` for empty. */
export function parseHexValue(token: string, what = 'hex value'): Uint8Array {
  if (token === '-') return new Uint8Array(0);
  const bytes = fromHex(token);
  if (!bytes) throw new ScriptSyntaxError(`bad ${what} "${token}"`);
  return bytes;
}

/** KEY: the token's bytes, or `hex:` + hex digits for arbitrary bytes. */
export function parseKey(token: string): Uint8Array {
  if (token.startsWith('hex:')) {
    const bytes = fromHex(token.slice(4));
    if (!bytes) throw new ScriptSyntaxError(`bad hex key "${token}"`);
    return bytes;
  }
  return new Uint8Array(Buffer.from(token, 'latin1'));
}
