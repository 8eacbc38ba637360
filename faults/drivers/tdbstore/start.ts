// TDBStore images as starting points: the model of what a mount reads from an image (a dump from a device, another
// campaign's image, garbage), and a generated aged store (master version a few GCs before its 16-bit wrap).
import { fromHex } from '../../../engine/codec/bytes';
import { tdbCrc, TDB_INITIAL_CRC } from '../../../engine/codec/crc';
import { alignUp, decodeHeader, encodeHeader, encodeMasterData, HEADER_CRC_SPAN, masterRecordOffset, RECORD_HEADER_SIZE } from '../../../engine/codec/tdbRecord';
import type { Geometry } from '../../../engine/flash/blockDevice';
import { NorFlash } from '../../../engine/flash/norFlash';
import type { TdbProfileName } from '../../../engine/tdbstore/profile';
import { TDBStore } from '../../../engine/tdbstore/tdbStore';
import { TdbModel, type LogRecord, type TdbModelState } from '../../../models/tdbstore/tdbModel';
import { Rng } from '../../rng';
import { dumpTdbImage, type TdbDumpArea } from './dump';

const bytes = (hex: string): Uint8Array => fromHex(hex) ?? new Uint8Array(0);
const erased = (image: Uint8Array, from: number, to: number): boolean => image.subarray(from, to).every((b) => b === 0xff);

/** Serial-number order of 16-bit master versions: what the store promises, whichever rule its profile uses. */
const newer = (a: TdbDumpArea, b: TdbDumpArea): TdbDumpArea => ((((a.master.version ?? 0) - (b.master.version ?? 0)) & 0xffff) < 0x8000 ? a : b);

/**
 * The model state of the store `image` holds, before init (the sequence's first op mounts it): the newer valid
 * area, its log up to where a scan stops, the reserved data, and which erase units hold bytes (for the blank-check
 * and erase-as-you-go rules). An image without a valid master record is an unformatted store the first init formats.
 */
export function tdbStartState(image: Uint8Array, g: Geometry, profile: TdbProfileName): TdbModelState {
  const dump = dumpTdbImage(image, g, profile);
  const e = g.eraseSizeBytes;
  const areaSize = dump.areas[0].sizeBytes;
  const unitsPerArea = areaSize / e;
  const dirty: [number[], number[]] = [0, 1].map((a) =>
    Array.from({ length: unitsPerArea }, (_, u) => (erased(image, a * areaSize + u * e, a * areaSize + (u + 1) * e) ? 0 : 1)),
  ) as [number[], number[]];
  const base: TdbModelState = {
    formatted: false, area: 0, version: 0, log: [], reserved: null, initialized: false, table: [], free: 0, inc: null,
    garbage: null, dirty, staleAtEnd: false, epoch: 0, heldEpoch: -1, gcCount: 0, poisoned: null,
  };
  const valid = dump.areas.filter((a) => a.master.valid);
  if (!valid.length) return base;
  const active = valid.length === 2 ? newer(valid[0], valid[1]) : valid[0];
  const m = masterRecordOffset(g.programSizeBytes);
  const log: LogRecord[] = active.records
    .filter((r) => r.inLog && r.offset !== m)
    .map((r) => ({ key: bytes(r.keyHex), value: bytes(r.valueHex), flags: r.flags, offset: r.offset }));
  const end = active.logEnd.offset;
  const abs = active.index * areaSize;
  const unitEnd = Math.min(areaSize, (Math.floor(end / e) + 1) * e);
  let first = -1;
  let last = -1;
  for (let o = end; o < unitEnd; o++) {
    if (image[abs + o] === 0xff) continue;
    if (first < 0) first = o;
    last = o;
  }
  return {
    ...base,
    formatted: true,
    area: active.index,
    version: active.master.version ?? 0,
    log,
    reserved: dump.reservedData ? bytes(dump.reservedData.valueHex) : null,
    garbage: first < 0 ? null : { start: first, end: last + 1 },
    staleAtEnd: end % e === 0 && end < areaSize && dirty[active.index][end / e] === 1,
  };
}

export function tdbStartModel(image: Uint8Array, g: Geometry, profile: TdbProfileName): TdbModel {
  return new TdbModel(g, profile, tdbStartState(image, g, profile), false);
}

/** Rewrites area 0's master record with another version (and its CRC): a store that has been through many GCs. */
function setMasterVersion(image: Uint8Array, g: Geometry, version: number): void {
  const m = masterRecordOffset(g.programSizeBytes);
  const keyAt = m + alignUp(RECORD_HEADER_SIZE, g.programSizeBytes);
  const header = decodeHeader(image, m);
  image.set(encodeMasterData(version), keyAt + header.keySize);
  const headerBytes = encodeHeader({ ...header, crc: 0 });
  let crc = tdbCrc(TDB_INITIAL_CRC, headerBytes, 0, HEADER_CRC_SPAN);
  crc = tdbCrc(crc, image, keyAt, keyAt + header.keySize + header.dataSize);
  image.set(encodeHeader({ ...header, crc }), m);
}

/**
 * An aged store: a few keys written by the engine itself, then area 0's master version set 1 to 4 GCs before the
 * 16-bit wrap (an odd version, as area 0 always has), so the campaign's own GCs cross it (TDB-8).
 */
export function tdbAgedImage(seed: number, g: Geometry): Uint8Array {
  const rng = new Rng(seed);
  const flash = new NorFlash(g, 'nor');
  const store = new TDBStore(flash, 'hardened');
  store.init();
  const keys = rng.int(1, 4);
  for (let i = 0; i < keys; i++) {
    const value = new Uint8Array(rng.int(0, 24)).map(() => rng.nextU32() & 0xff);
    store.set(`aged${i}`, value);
  }
  store.deinit();
  const image = flash.image();
  setMasterVersion(image, g, 0xffff - 2 * rng.int(0, 3));
  return image;
}
