// The 9-byte Tock KV value header (capsules/extra/src/kv_store_permissions.rs:46-74): version, length, write_id.
import { readU32LE, writeU32LE } from '../codec/bytes';
import { EngineHalt } from '../halt';
import type { SubSliceMut } from './subSliceMut';

/** `HEADER_VERSION` (line 47): readers accept only this. */
export const HEADER_VERSION = 0;
/** `size_of::<KeyHeader>()` of the packed struct: u8 + u32 + u32. */
export const TOCK_HEADER_LENGTH = 9;

export interface KeyHeader {
  readonly version: number;
  /** Length of the user value after the header (written on insert, never checked on read). */
  readonly length: number;
  readonly writeId: number;
}

/**
 * `KeyHeader::new_from_buf` (lines 60-66): indexes `buf[0]`, `buf[1..5]`, `buf[5..9]` of the active
 * window, so a window shorter than 9 bytes (a TicKV value of 1..8 bytes) panics the kernel.
 */
export function headerFromBuf(buf: SubSliceMut): KeyHeader {
  const b = buf.asSlice();
  const need = b.length < 1 ? 1 : b.length < 5 ? 5 : 9;
  if (b.length < TOCK_HEADER_LENGTH) {
    throw new EngineHalt('KeyHeader::new_from_buf', 101, `index out of range: needs ${need} bytes, slice has ${b.length}`);
  }
  return { version: b[0], length: readU32LE(b, 1), writeId: readU32LE(b, 5) };
}

/** `KeyHeader::copy_to_buf` (lines 69-73). */
export function headerToBuf(h: KeyHeader, buf: Uint8Array): void {
  buf[0] = h.version;
  writeU32LE(buf, 1, h.length);
  writeU32LE(buf, 5, h.writeId);
}
