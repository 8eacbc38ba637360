// Image keys that cost what changed: per-block hashes, so a step or a mount rehashes the blocks it touched, not the image.

/** Bytes per hashed block: small enough that one program rehashes little, large enough that the key stays cheap. */
const BLOCK_BYTES = 1024;

/** Two 32-bit FNV-style hashes of each block of an image; equal images have equal keys. */
export class BlockHashes {
  private constructor(
    private readonly h1: Int32Array,
    private readonly h2: Int32Array,
    private readonly size: number,
    private readonly dirty = new Uint8Array(h1.length),
  ) {}

  static of(image: Uint8Array): BlockHashes {
    const n = Math.max(1, Math.ceil(image.length / BLOCK_BYTES));
    const hashes = new BlockHashes(new Int32Array(n), new Int32Array(n), image.length);
    for (let b = 0; b < n; b++) hashes.hashBlock(image, b);
    return hashes;
  }

  clone(): BlockHashes {
    return new BlockHashes(this.h1.slice(), this.h2.slice(), this.size, this.dirty.slice());
  }

  /** Marks the blocks of [addr, addr + len) changed; `refresh` rehashes each once, however many steps touched it. */
  touch(addr: number, len: number): this {
    const last = Math.min(this.h1.length, Math.ceil((addr + Math.max(len, 1)) / BLOCK_BYTES));
    for (let b = Math.floor(addr / BLOCK_BYTES); b < last; b++) this.dirty[b] = 1;
    return this;
  }

  /** Rehashes the touched blocks from `image` (which must equal the hashed one elsewhere). */
  refresh(image: Uint8Array): this {
    for (let b = 0; b < this.dirty.length; b++) {
      if (!this.dirty[b]) continue;
      this.hashBlock(image, b);
      this.dirty[b] = 0;
    }
    return this;
  }

  /** The image's key: the block hashes folded, with the length (after `refresh`). */
  key(): string {
    let k1 = Math.imul(0x811c9dc5 ^ this.size, 0x01000193);
    let k2 = 0x01000193;
    for (let b = 0; b < this.h1.length; b++) {
      k1 = Math.imul(k1 ^ this.h1[b], 0x01000193);
      k2 = Math.imul(k2 ^ this.h2[b], 0x5bd1e995) ^ (k2 >>> 13);
    }
    return `${(k1 >>> 0).toString(36)}${(k2 >>> 0).toString(36)}`;
  }

  private hashBlock(image: Uint8Array, b: number): void {
    const end = Math.min(image.length, (b + 1) * BLOCK_BYTES);
    let h1 = 0x811c9dc5 ^ b;
    let h2 = 0x01000193;
    let i = b * BLOCK_BYTES;
    // Whole 32-bit words first (little-endian), then the tail bytes.
    for (; i + 3 < end; i += 4) {
      const w = image[i] | (image[i + 1] << 8) | (image[i + 2] << 16) | (image[i + 3] << 24);
      h1 = Math.imul(h1 ^ w, 0x01000193);
      h2 = Math.imul(h2 ^ w, 0x5bd1e995) ^ (h2 >>> 13);
    }
    for (; i < end; i++) h1 = Math.imul(h1 ^ image[i], 0x01000193);
    this.h1[b] = h1;
    this.h2[b] = h2;
  }
}
