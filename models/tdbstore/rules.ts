// TDBStore's rules restated from specs/tdbstore.md: sizes, key validity, the key hash. Independent of engine/.

export type TdbModelProfile = 'mbed' | 'hardened';

export const STATUS = {
  SUCCESS: 'SUCCESS',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  INVALID_DATA_DETECTED: 'INVALID_DATA_DETECTED',
  INVALID_SIZE: 'INVALID_SIZE',
  ITEM_NOT_FOUND: 'ITEM_NOT_FOUND',
  MEDIA_FULL: 'MEDIA_FULL',
  NOT_READY: 'NOT_READY',
  WRITE_PROTECTED: 'WRITE_PROTECTED',
  WRITE_FAILED: 'WRITE_FAILED',
  OUT_OF_RESOURCES: 'OUT_OF_RESOURCES',
} as const;

export const FLAG_WRITE_ONCE = 1;
export const FLAG_DELETE = 0x80000000;
export const USER_FLAGS = 1 | 2 | 8;
export const MASTER_KEY = new Uint8Array([0x54, 0x44, 0x42, 0x53]); // "TDBS"
const HEADER = 24;

export interface TdbGeometry {
  sizeBytes: number;
  eraseSizeBytes: number;
  programSizeBytes: number;
}

/** Byte budget of one store, derived from the geometry (spec §2). */
export class Layout {
  readonly areaSize: number;
  readonly p: number;
  readonly masterOffset: number;
  readonly masterSize: number;
  /** Key chunk size of read_record's work buffer, max(P, 64). */
  readonly workBuf: number;

  constructor(g: TdbGeometry) {
    this.p = g.programSizeBytes;
    this.areaSize = Math.floor(g.sizeBytes / 2 / g.eraseSizeBytes) * g.eraseSizeBytes;
    this.masterOffset = this.align(72);
    this.masterSize = this.recordSize(4, 8);
    this.workBuf = Math.max(this.p, 64);
  }

  align(v: number): number {
    return Math.ceil(v / this.p) * this.p;
  }

  recordSize(keyLen: number, dataLen: number): number {
    return this.align(HEADER) + this.align(keyLen + dataLen);
  }

  /** Where the first user record goes after a format or GC. */
  get logStart(): number {
    return this.masterOffset + this.masterSize;
  }

  /** mbed's read_record refuses a record whose unpadded end reaches the area end (`>=`, spec §5.1 step 4). */
  mbedReadable(base: number, keyLen: number, dataLen: number): boolean {
    return keyLen < 128 && base + this.align(HEADER) + keyLen + dataLen < this.areaSize;
  }

  /** hardened reads up to the area end inclusive (mbed-ce #449). */
  hardenedReadable(base: number, keyLen: number, dataLen: number): boolean {
    return keyLen < 128 && base + this.align(HEADER) + keyLen + dataLen <= this.areaSize;
  }
}

const FORBIDDEN = ' */?:;"|<>\\';

/** KVStore::is_valid_key on the key's bytes. */
export function validKey(key: Uint8Array): boolean {
  if (key.length === 0 || key.length > 128) return false;
  for (const b of key) if (FORBIDDEN.includes(String.fromCharCode(b))) return false;
  return true;
}

export function bytesEq(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

export const isMasterKey = (k: Uint8Array): boolean => bytesEq(k, MASTER_KEY);

/** The RAM-table hash: MbedCRC(init ~0, refin, no refout, no xorout) = bitrev32(~crc32(key)). */
export function keyHash(key: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of key) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  let r = 0;
  for (let i = 0; i < 32; i++) if (crc & (1 << i)) r |= 1 << (31 - i); // reflect the register (no final xor)
  return r >>> 0;
}

export function masterValue(version: number): Uint8Array {
  return new Uint8Array([version & 0xff, version >> 8, 1, 0, 0, 0, 0, 0]);
}
