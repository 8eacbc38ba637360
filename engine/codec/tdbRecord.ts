// TDBStore's on-flash record: a 24-byte little-endian header, key, data, padding to the program size.
import { readU16LE, readU32LE, writeU16LE, writeU32LE } from './bytes';

export const TDB_MAGIC = 0x54686683;
export const TDB_REVISION = 1;
export const RECORD_HEADER_SIZE = 24;
/** Header bytes the record CRC covers (all but the crc field). */
export const HEADER_CRC_SPAN = 20;
export const RESERVED_AREA_SIZE = 64;
export const RESERVED_TRAILER_SIZE = 8;
export const MASTER_KEY = 'TDBS';
export const MASTER_DATA_SIZE = 8;
export const MAX_KEY_SIZE = 128;

export interface RecordHeader {
  magic: number;
  headerSize: number;
  revision: number;
  flags: number;
  keySize: number;
  reserved: number;
  dataSize: number;
  crc: number;
}

/** TDBStore's `align_up` in uint32 arithmetic, wrap-around quirk included. */
export function alignUp(value: number, unit: number): number {
  const v = (value - 1) >>> 0;
  return ((Math.floor(v / unit) + 1) * unit) % 0x100000000;
}

export function recordSize(keySize: number, dataSize: number, programSize: number): number {
  return (alignUp(RECORD_HEADER_SIZE, programSize) + alignUp((keySize + dataSize) >>> 0, programSize)) >>> 0;
}

export function masterRecordOffset(programSize: number): number {
  return alignUp(RESERVED_AREA_SIZE + RESERVED_TRAILER_SIZE, programSize);
}

export function masterRecordSize(programSize: number): number {
  return recordSize(MASTER_KEY.length, MASTER_DATA_SIZE, programSize);
}

export function encodeHeader(h: RecordHeader): Uint8Array {
  const b = new Uint8Array(RECORD_HEADER_SIZE);
  writeU32LE(b, 0, h.magic);
  writeU16LE(b, 4, h.headerSize);
  writeU16LE(b, 6, h.revision);
  writeU32LE(b, 8, h.flags);
  writeU16LE(b, 12, h.keySize);
  writeU16LE(b, 14, h.reserved);
  writeU32LE(b, 16, h.dataSize);
  writeU32LE(b, 20, h.crc);
  return b;
}

export function decodeHeader(b: Uint8Array, o = 0): RecordHeader {
  return {
    magic: readU32LE(b, o),
    headerSize: readU16LE(b, o + 4),
    revision: readU16LE(b, o + 6),
    flags: readU32LE(b, o + 8),
    keySize: readU16LE(b, o + 12),
    reserved: readU16LE(b, o + 14),
    dataSize: readU32LE(b, o + 16),
    crc: readU32LE(b, o + 20),
  };
}

/** The 8-byte master record value: version, tdbstore revision, reserved. */
export function encodeMasterData(version: number): Uint8Array {
  const b = new Uint8Array(MASTER_DATA_SIZE);
  writeU16LE(b, 0, version);
  writeU16LE(b, 2, TDB_REVISION);
  writeU32LE(b, 4, 0);
  return b;
}

export function decodeMasterVersion(b: Uint8Array): number {
  return readU16LE(b, 0);
}

/** Reserved-area trailer at area offset 64: {u16 size = 8, u16 data size, u32 crc}. */
export interface ReservedTrailer {
  trailerSize: number;
  dataSize: number;
  crc: number;
}

export function encodeTrailer(t: ReservedTrailer): Uint8Array {
  const b = new Uint8Array(RESERVED_TRAILER_SIZE);
  writeU16LE(b, 0, t.trailerSize);
  writeU16LE(b, 2, t.dataSize);
  writeU32LE(b, 4, t.crc);
  return b;
}

export function decodeTrailer(b: Uint8Array, o = 0): ReservedTrailer {
  return { trailerSize: readU16LE(b, o), dataSize: readU16LE(b, o + 2), crc: readU32LE(b, o + 4) };
}
