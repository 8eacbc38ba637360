// TicKV's flash as the model sees it: per region, the objects packed from offset 0, and the crate's three walks (§5-§6).

export const HEADER_LENGTH = 11;
export const CHECK_SUM_LEN = 4;
/** `append_key` refuses an object length of 0xFFF or more (tickv.rs:397). */
export const OBJECT_LENGTH_LIMIT = 0xfff;

export interface TickvGeometry {
  readonly regionSizeBytes: number;
  readonly regions: number;
}

/** One object on flash: the value as written; `valid` is the flag bit; zeroise also zeroes value and CRC. */
export interface ModelObject {
  readonly hash: bigint;
  readonly value: Uint8Array;
  valid: boolean;
  zeroised: boolean;
}

export const objectLength = (o: ModelObject): number => HEADER_LENGTH + o.value.length + CHECK_SUM_LEN;

export type FindResult = { ok: true; index: number; offset: number } | { ok: false; cont: boolean };

export class RegionWalks {
  constructor(readonly g: TickvGeometry) {}

  homeRegion(hash: bigint): number {
    return Number(hash & 0xffffn) % this.g.regions;
  }

  /** h, h+1, h-1, h+2, h-2, ... restricted to 0..N-1, no wrap (increment_region_offset). */
  probeOrder(home: number): number[] {
    const order = [home];
    for (let d = 1; d < this.g.regions; d++) {
      if (home + d < this.g.regions) order.push(home + d);
      if (home - d >= 0) order.push(home - d);
    }
    return order;
  }

  /** find_key_offset: the first valid object with this key, or whether the probe may go on (walk a). */
  find(objects: readonly ModelObject[], hash: bigint): FindResult {
    const S = this.g.regionSizeBytes;
    let offset = 0;
    let empty = true;
    for (let i = 0; i < objects.length; i++) {
      if (offset + HEADER_LENGTH >= S) return { ok: false, cont: false };
      empty = false;
      if (objects[i].valid && objects[i].hash === hash) return { ok: true, index: i, offset };
      offset += objectLength(objects[i]);
    }
    // Past the last object: the end-of-region test, then an erased byte (continue unless the region was empty).
    if (offset + HEADER_LENGTH >= S) return { ok: false, cont: false };
    return { ok: false, cont: !empty };
  }

  /** append's free-space walk (walk b): the end offset when `offset + 11 + len < S` holds at every object start. */
  freeSlot(objects: readonly ModelObject[], packageLength: number): number | undefined {
    const S = this.g.regionSizeBytes;
    let offset = 0;
    for (const o of objects) {
      if (offset + packageLength >= S) return undefined;
      offset += objectLength(o);
    }
    return offset + packageLength >= S ? undefined : offset;
  }

  /** The GC walk (walk c): erase a region that holds objects, all of them invalid. */
  gcErases(objects: readonly ModelObject[]): boolean {
    return objects.length > 0 && objects.every((o) => !o.valid);
  }

  offsetOf(objects: readonly ModelObject[], index: number): number {
    let offset = 0;
    for (let i = 0; i < index; i++) offset += objectLength(objects[i]);
    return offset;
  }
}
