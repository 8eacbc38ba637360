// A RAM NOR flash that is strict about misuse: misaligned or out-of-range access is a harness bug.
import assert from 'node:assert';
import { BdStatus, type BdStatusCode, type BlockDevice, type Geometry } from './blockDevice';

/** How a program treats bytes that are not erased: AND (NOR), refuse (ECC/FlashSim), or overwrite (RAM). */
export type FlashMode = 'nor' | 'strict' | 'overwrite';
export const FLASH_MODES: readonly FlashMode[] = ['nor', 'strict', 'overwrite'];

export type Mutation =
  | { readonly kind: 'program'; readonly addr: number; readonly data: Uint8Array }
  | { readonly kind: 'erase'; readonly addr: number; readonly len: number };

export interface FlashCounters {
  reads: number;
  readBytes: number;
  programs: number;
  programBytes: number;
  /** Programs that touched at least one byte that was neither erased nor equal to the new value. */
  programsOverNonErased: number;
  refusedPrograms: number;
  erases: number;
  eraseBytes: number;
}

export class NorFlash implements BlockDevice {
  readonly cells: Uint8Array;
  readonly counters: FlashCounters = NorFlash.zeroCounters();
  /** Erase count of each erase unit (wear). */
  readonly erasesPerUnit: Uint32Array;
  /** When set, every mutation that changed (or tried to change) the cells is appended here. */
  journal: Mutation[] | undefined;

  constructor(
    readonly geometry: Geometry,
    readonly mode: FlashMode = 'nor',
    image?: Uint8Array,
    adopted?: Uint8Array,
  ) {
    this.cells = adopted ?? new Uint8Array(geometry.sizeBytes);
    if (adopted) {
      // cells already hold the image
    } else if (image) {
      assert.equal(image.length, geometry.sizeBytes, 'image size differs from the geometry');
      this.cells.set(image);
    } else {
      this.cells.fill(geometry.eraseValue);
    }
    this.erasesPerUnit = new Uint32Array(geometry.sizeBytes / geometry.eraseSizeBytes);
  }

  /** A flash whose cells are `image` itself, not a copy (the caller hands the buffer over). */
  static adopt(geometry: Geometry, mode: FlashMode, image: Uint8Array): NorFlash {
    assert.equal(image.length, geometry.sizeBytes, 'image size differs from the geometry');
    const flash = new NorFlash(geometry, mode, undefined, image);
    return flash;
  }

  static zeroCounters(): FlashCounters {
    return {
      reads: 0,
      readBytes: 0,
      programs: 0,
      programBytes: 0,
      programsOverNonErased: 0,
      refusedPrograms: 0,
      erases: 0,
      eraseBytes: 0,
    };
  }

  read(addr: number, len: number): Uint8Array {
    this.checkRange(addr, len, this.geometry.readSizeBytes, 'read');
    this.counters.reads++;
    this.counters.readBytes += len;
    return this.cells.slice(addr, addr + len);
  }

  program(addr: number, data: Uint8Array): BdStatusCode {
    const len = data.length;
    this.checkRange(addr, len, this.geometry.programSizeBytes, 'program');
    const cells = this.cells;
    const erased = this.geometry.eraseValue;
    let dirty = false;
    for (let i = 0; i < len; i++) {
      const old = cells[addr + i];
      if (old !== erased && old !== data[i]) {
        dirty = true;
        break;
      }
    }
    this.journal?.push({ kind: 'program', addr, data: data.slice() });
    if (dirty) this.counters.programsOverNonErased++;
    if (dirty && this.mode === 'strict') {
      this.counters.refusedPrograms++;
      return BdStatus.NOT_ERASED;
    }
    this.counters.programs++;
    this.counters.programBytes += len;
    // Over erased (0xFF) or equal bytes an AND is a copy: only a dirty NOR program needs the byte loop.
    if (this.mode === 'nor' && (dirty || erased !== 0xff)) {
      for (let i = 0; i < len; i++) cells[addr + i] &= data[i];
    } else {
      cells.set(data, addr);
    }
    return BdStatus.OK;
  }

  erase(addr: number, len: number): BdStatusCode {
    const unit = this.geometry.eraseSizeBytes;
    this.checkRange(addr, len, unit, 'erase');
    this.journal?.push({ kind: 'erase', addr, len });
    this.counters.erases++;
    this.counters.eraseBytes += len;
    this.cells.fill(this.geometry.eraseValue, addr, addr + len);
    for (let u = addr / unit; u < (addr + len) / unit; u++) this.erasesPerUnit[u]++;
    return BdStatus.OK;
  }

  sync(): BdStatusCode {
    return BdStatus.OK;
  }

  /** A copy of the whole image. */
  image(): Uint8Array {
    return this.cells.slice();
  }

  private checkRange(addr: number, len: number, align: number, what: string): void {
    // Messages are built only on failure: this runs on every flash access.
    if (!(Number.isInteger(addr) && Number.isInteger(len) && addr >= 0 && len >= 0 && addr + len <= this.cells.length)) {
      assert.fail(`${what} out of range: addr=${addr} len=${len} size=${this.cells.length}`);
    }
    if (addr % align !== 0 || len % align !== 0) assert.fail(`${what} misaligned: addr=${addr} len=${len} unit=${align}`);
  }
}
