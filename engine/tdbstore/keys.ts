// Key handling at the API edge: JS values -> C-string bytes, and KVStore::is_valid_key.
import { MASTER_KEY, MAX_KEY_SIZE } from '../codec/tdbRecord';

export type KeyInput = string | Uint8Array;

export const MASTER_KEY_BYTES = new Uint8Array(Buffer.from(MASTER_KEY, 'latin1'));

/** The master record's key "TDBS" (set_start's `strcmp(key, master_rec_key)`). */
export function isMasterKey(key: Uint8Array): boolean {
  return key.length === 4 && key[0] === 0x54 && key[1] === 0x44 && key[2] === 0x42 && key[3] === 0x53;
}

const FORBIDDEN = new Set([0x20, 0x2a, 0x2f, 0x3f, 0x3a, 0x3b, 0x22, 0x7c, 0x3c, 0x3e, 0x5c]); // space * / ? : ; " | < > \

/**
 * The bytes TDBStore would see for a key, or undefined for a value no C caller could pass.
 * A C string ends at its first NUL; `cutAtNul` false refuses such keys instead.
 */
export function keyBytes(key: unknown, cutAtNul: boolean): Uint8Array | undefined {
  let bytes: Uint8Array;
  if (typeof key === 'string') bytes = new Uint8Array(Buffer.from(key, 'utf8'));
  else if (key instanceof Uint8Array) bytes = key;
  else return undefined;
  const nul = bytes.indexOf(0);
  if (nul < 0) return bytes;
  return cutAtNul ? bytes.slice(0, nul) : undefined;
}

/** KVStore::is_valid_key: non-empty, at most 128 bytes, none of ` * / ? : ; " | < > \`. */
export function isValidKey(key: Uint8Array | undefined): key is Uint8Array {
  if (!key || key.length === 0 || key.length > MAX_KEY_SIZE) return false;
  for (let i = 0; i < key.length; i++) if (FORBIDDEN.has(key[i])) return false;
  return true;
}

export function startsWith(key: Uint8Array, prefix: Uint8Array): boolean {
  if (prefix.length > key.length) return false;
  for (let i = 0; i < prefix.length; i++) if (key[i] !== prefix[i]) return false;
  return true;
}
