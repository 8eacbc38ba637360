// The one seam between engines and flash: engines receive a BlockDevice and never build one.

/** Status codes of Mbed's BlockDevice API (0 = ok). */
export const BdStatus = {
  OK: 0,
  DEVICE_ERROR: -4001,
  NOT_ERASED: -3201,
} as const;
export type BdStatusCode = (typeof BdStatus)[keyof typeof BdStatus];

export interface Geometry {
  readonly sizeBytes: number;
  readonly readSizeBytes: number;
  readonly programSizeBytes: number;
  readonly eraseSizeBytes: number;
  /** Value of an erased byte (always 0xFF here). */
  readonly eraseValue: number;
}

export interface BlockDevice {
  readonly geometry: Geometry;
  /** A copy of `len` bytes at `addr` (never a view of the cells). */
  read(addr: number, len: number): Uint8Array;
  program(addr: number, data: Uint8Array): BdStatusCode;
  erase(addr: number, len: number): BdStatusCode;
  sync(): BdStatusCode;
}
