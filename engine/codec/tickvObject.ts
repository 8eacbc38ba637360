// TicKV object format version 1 (libraries/tickv/src/tickv.rs:14-98, 570-628): header, hashed key, value, CRC.
import { cksumCrc } from './crc';
import { readU32LE, writeU32LE } from './bytes';

/** The current on-flash format version (tickv.rs:14). */
export const VERSION = 1;
/** Flags nibble bit 3: the object is live (tickv.rs:79). */
export const FLAGS_VALID = 8;
export const VERSION_OFFSET = 0;
export const LEN_OFFSET = 1;
export const HASH_OFFSET = 3;
/** Version + flags/length + 8 key bytes (tickv.rs:97). */
export const HEADER_LENGTH = HASH_OFFSET + 8;
export const CHECK_SUM_LEN = 4;
/** `append_key` refuses an object length of 0xFFF or more (tickv.rs:397). */
export const OBJECT_LENGTH_LIMIT = 0xfff;
/** Byte 1 bit 7 = flags bit 3 = valid; every TicKV reader tests only this bit (tickv.rs:322-331). */
export const VALID_BIT = 0x80;
/** Hash of MAIN_KEY = b"tickv-super-key" that Tock and tockloader hard-code (capsules/extra/src/tickv.rs:337). */
export const MAIN_KEY_HASH = 0x7bc9f7ff4f76f244n;
export const ERASED = 0xff;

/** Total object length for a value: header + value + CRC. */
export const objectLengthFor = (valueLength: number): number => HEADER_LENGTH + valueLength + CHECK_SUM_LEN;

/** The 12-bit length field of the object at `offset`: `(byte1 & 0x0F) << 8 | byte2`. */
export function objectLength(buf: Uint8Array, offset: number): number {
  return ((buf[offset + LEN_OFFSET] & 0x0f) << 8) | buf[offset + LEN_OFFSET + 1];
}

export const isValidObject = (buf: Uint8Array, offset: number): boolean => (buf[offset + LEN_OFFSET] & VALID_BIT) !== 0;

/** The 8 key bytes as a u64, most significant byte first (tickv.rs:582-605). */
export function readHashedKey(buf: Uint8Array, offset: number): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(buf[offset + HASH_OFFSET + i]);
  return v;
}

/** The flash bytes of a hashed key: `hash >> 56, hash >> 48, ..., hash`. */
export function hashedKeyBytes(hash: bigint): Uint8Array {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((hash >> BigInt(56 - 8 * i)) & 0xffn);
  return out;
}

/** Header byte 1 as TicKV fills it: `(len >> 8) & 0x0F | flags << 4` (tickv.rs:575-578). */
export const headerByte1 = (length: number, flags: number): number => ((length >> 8) & 0x0f) | ((flags << 4) & 0xf0);

/**
 * The whole object as TicKV writes it: header with the valid flag, key, value, CRC-32/CKSUM of
 * everything before it stored little-endian. The caller has checked `objectLengthFor(len) < 0xFFF`.
 */
export function encodeObject(hash: bigint, value: Uint8Array, flags = FLAGS_VALID): Uint8Array {
  const length = objectLengthFor(value.length);
  const out = new Uint8Array(length);
  out[VERSION_OFFSET] = VERSION;
  out[LEN_OFFSET] = headerByte1(length, flags);
  out[LEN_OFFSET + 1] = length & 0xff;
  out.set(hashedKeyBytes(hash), HASH_OFFSET);
  out.set(value, HEADER_LENGTH);
  writeU32LE(out, length - CHECK_SUM_LEN, cksumCrc(out, 0, length - CHECK_SUM_LEN));
  return out;
}

/** The stored CRC of an object of length `length` at `offset` (LE, tickv.rs:628). */
export const storedCrc = (buf: Uint8Array, offset: number, length: number): number =>
  readU32LE(buf, offset + length - CHECK_SUM_LEN);

/** CRC-32/CKSUM over header bytes as on flash plus the value: what `get_key` recomputes (tickv.rs:700-732). */
export const computedCrc = (buf: Uint8Array, offset: number, length: number): number =>
  cksumCrc(buf, offset, offset + length - CHECK_SUM_LEN);

/** The CRC the object had when it was written valid: byte 1 with bit 7 set again. */
export function crcAsWrittenValid(buf: Uint8Array, offset: number, length: number): number {
  const copy = buf.slice(offset, offset + length - CHECK_SUM_LEN);
  copy[LEN_OFFSET] |= VALID_BIT;
  return cksumCrc(copy);
}

/** A u64 as 16 lowercase hex digits. */
export const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');
