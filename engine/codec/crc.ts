// The two CRC-32 variants on flash: MbedCRC as TDBStore configures it, and TicKV's CRC-32/CKSUM.

const REFLECTED_TABLE = makeReflectedTable(0xedb88320);
/** Slicing-by-8 tables (Intel's method): eight bytes per step, the same CRC; records are CRC'd on every mount. */
const [T0, T1, T2, T3, T4, T5, T6, T7] = makeSliceTables(REFLECTED_TABLE);
const NORMAL_TABLE = makeNormalTable(0x04c11db7);

function makeReflectedTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

function makeSliceTables(t0: Uint32Array): Uint32Array[] {
  const tables = [t0];
  for (let k = 1; k < 8; k++) tables.push(new Uint32Array(256));
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 8; k++) tables[k][n] = (tables[k - 1][n] >>> 8) ^ t0[tables[k - 1][n] & 0xff];
  }
  return tables;
}

function makeNormalTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ poly : c << 1;
    t[n] = c >>> 0;
  }
  return t;
}

export function bitrev32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return ((v >>> 16) | (v << 16)) >>> 0;
}

export const TDB_INITIAL_CRC = 0xffffffff;

/**
 * MbedCRC<POLY_32BIT_ANSI,32>(init, xorout 0, reflect in, no reflect out) over bytes[from,to).
 * Chainable: tdbCrc(tdbCrc(I, A), B) === tdbCrc(I, A‖B).
 */
export function tdbCrc(init: number, bytes: Uint8Array, from = 0, to = bytes.length): number {
  let r = bitrev32(init >>> 0);
  let i = from;
  for (const end8 = to - 7; i < end8; i += 8) {
    const a = r ^ (bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24));
    const b = bytes[i + 4] | (bytes[i + 5] << 8) | (bytes[i + 6] << 16) | (bytes[i + 7] << 24);
    r = T7[a & 0xff] ^ T6[(a >>> 8) & 0xff] ^ T5[(a >>> 16) & 0xff] ^ T4[a >>> 24] ^ T3[b & 0xff] ^ T2[(b >>> 8) & 0xff] ^ T1[(b >>> 16) & 0xff] ^ T0[b >>> 24];
  }
  for (; i < to; i++) r = T0[(r ^ bytes[i]) & 0xff] ^ (r >>> 8);
  return bitrev32(r >>> 0);
}

/** CRC-32/CKSUM (poly 0x04C11DB7, init 0, no reflection, xorout 0xFFFFFFFF) as TicKV computes it. */
export function cksumCrc(bytes: Uint8Array, from = 0, to = bytes.length): number {
  let c = 0;
  for (let i = from; i < to; i++) c = (NORMAL_TABLE[(bytes[i] ^ (c >>> 24)) & 0xff] ^ (c << 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}
