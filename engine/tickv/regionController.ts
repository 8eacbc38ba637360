// TicKV's FlashController (libraries/tickv/src/flash_controller.rs) over a BlockDevice: region = erase unit.
import assert from 'node:assert';
import { ERASED } from '../codec/tickvObject';
import { BdStatus, type BlockDevice, type Geometry } from '../flash/blockDevice';
import type { ErrorCodeName } from './errorCodes';

export type RegionRead = { readonly ok: true; readonly data: Uint8Array } | { readonly ok: false; readonly error: ErrorCodeName };

/** What TicKV needs from flash: whole-region reads, byte-addressed writes, region erases. */
export interface FlashController {
  readonly regionSizeBytes: number;
  /** A copy of region `regionNumber` (TicKV's read buffer). */
  readRegion(regionNumber: number): RegionRead;
  /** Programs `data` at `address` (counted from the start of the store); an error code or undefined. */
  write(address: number, data: Uint8Array): ErrorCodeName | undefined;
  eraseRegion(regionNumber: number): ErrorCodeName | undefined;
}

/** The geometry TicKV runs on: byte-programmable NOR whose erase unit is the region. */
export function assertTicKVGeometry(device: BlockDevice, regionSizeBytes: number): void {
  const g = device.geometry;
  assert.ok(Number.isInteger(regionSizeBytes) && regionSizeBytes > 0, `bad region size ${regionSizeBytes}`);
  assert.equal(g.eraseSizeBytes, regionSizeBytes, 'TicKV regions must be the erase unit');
  assert.equal(g.programSizeBytes, 1, 'TicKV needs byte-programmable flash');
  assert.equal(g.readSizeBytes, 1, 'TicKV reads at any byte');
}

/** The plain synchronous controller the crate's users write: every device error becomes the crate's *Fail code. */
export class RegionController implements FlashController {
  constructor(
    readonly device: BlockDevice,
    readonly regionSizeBytes: number,
  ) {
    assertTicKVGeometry(device, regionSizeBytes);
  }

  readRegion(regionNumber: number): RegionRead {
    return { ok: true, data: this.device.read(regionNumber * this.regionSizeBytes, this.regionSizeBytes) };
  }

  write(address: number, data: Uint8Array): ErrorCodeName | undefined {
    return this.device.program(address, data) === BdStatus.OK ? undefined : 'WriteFail';
  }

  eraseRegion(regionNumber: number): ErrorCodeName | undefined {
    const status = this.device.erase(regionNumber * this.regionSizeBytes, this.regionSizeBytes);
    return status === BdStatus.OK ? undefined : 'EraseFail';
  }
}

/** The flash geometry under a TicKV store of `regions` regions of `regionSizeBytes`. */
export function tickvGeometry(regionSizeBytes: number, regions: number): Geometry {
  return {
    sizeBytes: regionSizeBytes * regions,
    eraseSizeBytes: regionSizeBytes,
    programSizeBytes: 1,
    readSizeBytes: 1,
    eraseValue: ERASED,
  };
}
