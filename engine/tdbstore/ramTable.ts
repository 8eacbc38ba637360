// TDBStore's RAM table: {hash, offset} entries kept in descending hash order; grows one entry at a time.

export const INITIAL_MAX_KEYS = 16;

export class RamTable {
  readonly hashes: number[] = [];
  readonly offsets: number[] = [];
  /** Capacity as the real code tracks it (initial 16, +1 per growth). */
  maxKeys = INITIAL_MAX_KEYS;

  get numKeys(): number {
    return this.hashes.length;
  }

  insertAt(ind: number, hash: number, offset: number): void {
    if (this.numKeys >= this.maxKeys) this.maxKeys++;
    this.hashes.splice(ind, 0, hash);
    this.offsets.splice(ind, 0, offset);
  }

  removeAt(ind: number): void {
    this.hashes.splice(ind, 1);
    this.offsets.splice(ind, 1);
  }

  set(ind: number, hash: number, offset: number): void {
    this.hashes[ind] = hash;
    this.offsets[ind] = offset;
  }

  clear(): void {
    this.hashes.length = 0;
    this.offsets.length = 0;
  }
}
