// The model's own key hashing and checksum (tickv.md §3-4), restated so models/ imports nothing from engine/.

const MASK = 0xffffffffffffffffn;
const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

function round(v: bigint[]): void {
  v[0] = (v[0] + v[1]) & MASK;
  v[1] = rotl(v[1], 13n) ^ v[0];
  v[0] = rotl(v[0], 32n);
  v[2] = (v[2] + v[3]) & MASK;
  v[3] = rotl(v[3], 16n) ^ v[2];
  v[0] = (v[0] + v[3]) & MASK;
  v[3] = rotl(v[3], 21n) ^ v[0];
  v[2] = (v[2] + v[1]) & MASK;
  v[1] = rotl(v[1], 17n) ^ v[2];
  v[2] = rotl(v[2], 32n);
}

function wordLe(data: Uint8Array, from: number, count: number): bigint {
  let w = 0n;
  for (let i = count - 1; i >= 0; i--) w = (w << 8n) | BigInt(data[from + i]);
  return w;
}

/** SipHash-2-4 with k0 = k1 = 0, as every Tock board's SipHasher24::new() computes it. */
export function sipHash24(data: Uint8Array): bigint {
  const v = [0x736f6d6570736575n, 0x646f72616e646f6dn, 0x6c7967656e657261n, 0x7465646279746573n];
  const whole = data.length - (data.length % 8);
  const absorb = (m: bigint): void => {
    v[3] ^= m;
    round(v);
    round(v);
    v[0] ^= m;
  };
  for (let i = 0; i < whole; i += 8) absorb(wordLe(data, i, 8));
  absorb((BigInt(data.length & 0xff) << 56n) | wordLe(data, whole, data.length - whole));
  v[2] ^= 0xffn;
  for (let i = 0; i < 4; i++) round(v);
  return v[0] ^ v[1] ^ v[2] ^ v[3];
}

/** Keys hashed so far: runs reuse a small key pool, and BigInt SipHash dominates a crash run otherwise. */
const KEY_MEMO = new Map<string, bigint>();
const KEY_MEMO_LIMIT = 4096;

/** The TicKV u64 of a string key: the digest's little-endian bytes read big-endian, i.e. byte-swapped. */
export function tickvKeyOf(key: Uint8Array): bigint {
  const text = Buffer.from(key.buffer, key.byteOffset, key.length).toString('latin1');
  const known = KEY_MEMO.get(text);
  if (known !== undefined) return known;
  const out = swappedSipHash(key);
  if (KEY_MEMO.size >= KEY_MEMO_LIMIT) KEY_MEMO.clear();
  KEY_MEMO.set(text, out);
  return out;
}

function swappedSipHash(key: Uint8Array): bigint {
  let h = sipHash24(key);
  let out = 0n;
  for (let i = 0; i < 8; i++) {
    out = (out << 8n) | (h & 0xffn);
    h >>= 8n;
  }
  return out;
}

/** CRC-32/CKSUM (poly 0x04C11DB7, init 0, no reflection, xorout ~0), bit-serial. */
export function cksum(data: Uint8Array): number {
  let crc = 0;
  for (const b of data) {
    crc ^= b << 24;
    for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

export const hex16 = (v: bigint): string => v.toString(16).padStart(16, '0');
