// The 9-byte Tock value header (capsules/extra/src/kv_store_permissions.rs:46-74): version 0, length, write_id.

export const TOCK_HEADER_LENGTH = 9;
export const HEADER_VERSION = 0;

const u32le = (b: Uint8Array, at: number): number => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;

/** What the permission layer stores: the header, then the user value. */
export function tockValue(user: Uint8Array, writeId: number): Uint8Array {
  const out = new Uint8Array(TOCK_HEADER_LENGTH + user.length);
  const put = (at: number, v: number): void => {
    for (let i = 0; i < 4; i++) out[at + i] = (v >>> (8 * i)) & 0xff;
  };
  out[0] = HEADER_VERSION;
  put(1, user.length);
  put(5, writeId);
  out.set(user, TOCK_HEADER_LENGTH);
  return out;
}

/** KeyHeader::new_from_buf on the first 9 bytes (the caller has checked there are 9). */
export function readHeader(b: Uint8Array): { version: number; length: number; writeId: number } {
  return { version: b[0], length: u32le(b, 1), writeId: u32le(b, 5) };
}
