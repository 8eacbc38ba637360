// LEB128 and byte buffers of the WebAssembly binary format (written here: the instrumenter rewrites bodies byte for byte).

export class WasmFormatError extends Error {
  override readonly name = 'WasmFormatError';
}

export const VALTYPE: Record<number, string> = { 0x7f: 'i32', 0x7e: 'i64', 0x7d: 'f32', 0x7c: 'f64', 0x7b: 'v128', 0x70: 'funcref', 0x6f: 'externref' };

export class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    pos = 0,
    readonly end = bytes.length,
  ) {
    this.pos = pos;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  u8(): number {
    if (this.pos >= this.end) throw new WasmFormatError(`unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos++];
  }

  peek(): number {
    if (this.pos >= this.end) throw new WasmFormatError(`unexpected end at byte ${this.pos}`);
    return this.bytes[this.pos];
  }

  /** Unsigned LEB128 of at most `bits` bits (u32 unless told). */
  u32(bits = 32): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < Math.ceil(bits / 7); i++) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      if (!(b & 0x80)) {
        if (result >= 2 ** bits) throw new WasmFormatError(`LEB128 out of range at byte ${this.pos - 1}`);
        return result;
      }
      mul *= 128;
    }
    throw new WasmFormatError(`LEB128 too long at byte ${this.pos}`);
  }

  /** Skips a LEB128 of at most `bits` bits, signed or not (immediates the instrumenter copies unread). */
  skipLeb(bits: number): void {
    for (let i = 0; i < Math.ceil(bits / 7); i++) if (!(this.u8() & 0x80)) return;
    throw new WasmFormatError(`LEB128 too long at byte ${this.pos}`);
  }

  /** Signed LEB128 up to 33 bits (block types), as a number. */
  s33(): number {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      result += (b & 0x7f) * mul;
      mul *= 128;
      if (!(b & 0x80)) return b & 0x40 ? result - mul : result;
    }
    throw new WasmFormatError(`LEB128 too long at byte ${this.pos}`);
  }

  bytesOf(n: number): Uint8Array {
    if (this.pos + n > this.end) throw new WasmFormatError(`unexpected end at byte ${this.pos} (need ${n} bytes)`);
    const b = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return b;
  }

  name(): string {
    return Buffer.from(this.bytesOf(this.u32())).toString('utf8');
  }
}

/** A growing byte buffer with the format's encoders. */
export class Writer {
  private buf = new Uint8Array(256);
  length = 0;

  byte(b: number): this {
    if (this.length === this.buf.length) this.grow(1);
    this.buf[this.length++] = b;
    return this;
  }

  bytes(b: ArrayLike<number>): this {
    if (this.length + b.length > this.buf.length) this.grow(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  u32(n: number): this {
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new WasmFormatError(`not a u32: ${n}`);
    do {
      let b = n % 128;
      n = Math.floor(n / 128);
      if (n) b |= 0x80;
      this.byte(b);
    } while (n);
    return this;
  }

  s32(n: number): this {
    n |= 0;
    for (;;) {
      const b = n & 0x7f;
      n >>= 7;
      if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) return this.byte(b);
      this.byte(b | 0x80);
    }
  }

  name(s: string): this {
    const b = Buffer.from(s, 'utf8');
    return this.u32(b.length).bytes(b);
  }

  /** A length-prefixed vector of already encoded items. */
  vec(items: readonly Uint8Array[]): this {
    this.u32(items.length);
    for (const i of items) this.bytes(i);
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + need));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}

export const encode = (f: (w: Writer) => void): Uint8Array => {
  const w = new Writer();
  f(w);
  return w.finish();
};

/** Reads a value type; typed references (0x63/0x64 + heap type) are read whole. */
export function readValType(r: Reader): string {
  const b = r.u8();
  if (b === 0x63 || b === 0x64) {
    r.s33();
    return b === 0x63 ? 'ref null' : 'ref';
  }
  const t = VALTYPE[b];
  if (!t) throw new WasmFormatError(`unknown value type 0x${b.toString(16)} at byte ${r.pos - 1}`);
  return t;
}

