// SipHash-2-4 as Tock's SipHasher24::new() computes it (k0 = k1 = 0), and the TicKV key it yields.
// Tock: capsules/extra/src/sip_hash.rs (one add_mut_data call per key); tockloader: siphash.SipHash_2_4.

const MASK = 0xffffffffffffffffn;

const rotl = (x: bigint, b: bigint): bigint => ((x << b) | (x >> (64n - b))) & MASK;

interface SipState {
  v0: bigint;
  v1: bigint;
  v2: bigint;
  v3: bigint;
}

function sipRound(s: SipState): void {
  s.v0 = (s.v0 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 13n) ^ s.v0;
  s.v0 = rotl(s.v0, 32n);
  s.v2 = (s.v2 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 16n) ^ s.v2;
  s.v0 = (s.v0 + s.v3) & MASK;
  s.v3 = rotl(s.v3, 21n) ^ s.v0;
  s.v2 = (s.v2 + s.v1) & MASK;
  s.v1 = rotl(s.v1, 17n) ^ s.v2;
  s.v2 = rotl(s.v2, 32n);
}

function readLeU64(data: Uint8Array, from: number, count: number): bigint {
  let v = 0n;
  for (let i = count - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[from + i]);
  return v;
}

/** SipHash-2-4 of `data` with the given 64-bit keys (Tock boards use 0, 0). */
export function sipHash24(data: Uint8Array, k0 = 0n, k1 = 0n): bigint {
  const s: SipState = {
    v0: k0 ^ 0x736f6d6570736575n,
    v1: k1 ^ 0x646f72616e646f6dn,
    v2: k0 ^ 0x6c7967656e657261n,
    v3: k1 ^ 0x7465646279746573n,
  };
  const whole = data.length - (data.length % 8);
  for (let i = 0; i < whole; i += 8) {
    const m = readLeU64(data, i, 8);
    s.v3 ^= m;
    sipRound(s);
    sipRound(s);
    s.v0 ^= m;
  }
  const b = (BigInt(data.length & 0xff) << 56n) | readLeU64(data, whole, data.length - whole);
  s.v3 ^= b;
  sipRound(s);
  sipRound(s);
  s.v0 ^= b;
  s.v2 ^= 0xffn;
  for (let i = 0; i < 4; i++) sipRound(s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

/** The 8 digest bytes Tock's hasher hands back: `result.to_le_bytes()` (sip_hash.rs:373). */
export function sipDigest(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8);
  let v = sipHash24(data);
  for (let i = 0; i < 8; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

/** `u64::from_be_bytes(digest)`: the hashed key TicKV receives (capsules/extra/src/tickv.rs:664). */
export function u64FromBeBytes(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = 0; i < 8; i++) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** The TicKV u64 for a string key's bytes, as Tock and tockloader compute it. */
export function tickvKeyOf(keyBytes: Uint8Array): bigint {
  return u64FromBeBytes(sipDigest(keyBytes));
}
