// `flashproof dump IMAGE --engine tickv`: tockloader's `tickv dump` text, or a structured account (--json).
import { toHex } from '../../../engine/codec/bytes';
import { computedCrc, crcAsWrittenValid, hex16, objectLength, storedCrc } from '../../../engine/codec/tickvObject';
import { NorFlash } from '../../../engine/flash/norFlash';
import { EngineHalt } from '../../../engine/halt';
import { errorText } from '../../../engine/tickv/errorCodes';
import { RegionController, tickvGeometry } from '../../../engine/tickv/regionController';
import { TicKV } from '../../../engine/tickv/tickv';
import { parseTlObject, parseTockObject, tlLength, tlValid, tockloaderDumpText, TockloaderTicKV } from './tockloader';

/** tockloader's `tickv dump` output for an image, byte for byte (specs/tickv.md §10.3). */
export function renderTockloaderDump(image: Uint8Array, regionSizeBytes: number, regions: number): string {
  return tockloaderDumpText(new TockloaderTicKV(image.slice(0, regionSizeBytes * regions), regionSizeBytes));
}

export interface TickvDumpObject {
  offset: number;
  hash: string;
  version: number;
  flags: number;
  /** The 12-bit length field. */
  length: number;
  valid: boolean;
  checksum: string;
  /** Stored CRC equals the CRC of the bytes as they are now (what the crate's get checks). */
  crcOk: boolean;
  /** Stored CRC equals the CRC with the valid bit set again (an object the crate invalidated). */
  crcOkAsWrittenValid: boolean;
  value: string;
  tock?: { version: number; writeId: number; headerLength: number; value: string; padding: number };
}

export interface TickvDumpJson {
  engine: 'tickv';
  regionSizeBytes: number;
  regions: number;
  layout: Array<{ region: number; objects: TickvDumpObject[]; end: { offset: number; reason: string } }>;
  /** Each key with a valid object, read back through the crate's get_key (probe order, CRC check). */
  live: Array<{ hash: string; result: string; value?: string }>;
}

function walkEnd(region: Uint8Array, offset: number): string {
  if (offset >= region.length) return 'region-end';
  if (region.length - offset < 11) return 'tail<11';
  if (region[offset] === 0xff) return 'erased';
  if (region[offset] !== 1) return 'unsupported-version';
  return 'bad-length';
}

function describe(region: Uint8Array, offset: number): TickvDumpObject {
  const o = parseTlObject(region, offset);
  if (!o) throw new Error('describe() needs a parsable object');
  const L = objectLength(region, offset);
  const crcFits = L >= 15 && offset + L <= region.length;
  const tock = parseTockObject(o.value);
  return {
    offset,
    hash: `0x${hex16(o.hashedKey)}`,
    version: o.version,
    flags: o.flags,
    length: L,
    valid: tlValid(o),
    checksum: `0x${(o.checksum ?? 0).toString(16).padStart(8, '0')}`,
    crcOk: crcFits && storedCrc(region, offset, L) === computedCrc(region, offset, L),
    crcOkAsWrittenValid: crcFits && storedCrc(region, offset, L) === crcAsWrittenValid(region, offset, L),
    value: toHex(o.value),
    tock: tock && { version: tock.version, writeId: tock.writeId, headerLength: tock.headerLength, value: toHex(tock.user), padding: tock.padding },
  };
}

/** Every object tockloader's walk sees, where each walk stops, and what the crate reads for each live key. */
export function tickvDumpJson(image: Uint8Array, regionSizeBytes: number, regions: number): TickvDumpJson {
  const db = new TockloaderTicKV(image.slice(), regionSizeBytes);
  const layout: TickvDumpJson['layout'] = [];
  const keys = new Set<bigint>();
  for (let r = 0; r < regions; r++) {
    const region = db.region(r);
    const entries = db.walk(r);
    const last = entries[entries.length - 1];
    const end = last ? last.offset + tlLength(last.object) : 0;
    for (const e of entries) if (tlValid(e.object)) keys.add(e.object.hashedKey);
    layout.push({ region: r, objects: entries.map((e) => describe(region, e.offset)), end: { offset: end, reason: walkEnd(region, end) } });
  }
  const flash = new NorFlash(tickvGeometry(regionSizeBytes, regions), 'nor', image);
  const tickv = new TicKV(new RegionController(flash, regionSizeBytes), regionSizeBytes * regions);
  const live: TickvDumpJson['live'] = [];
  for (const key of keys) {
    const buf = new Uint8Array(regionSizeBytes);
    let result: string;
    let value: string | undefined;
    try {
      const r = tickv.getKey(key, buf);
      result = r.ok ? r.value.code : errorText(r.error);
      if (r.ok) value = toHex(buf.subarray(0, r.value.valueLength));
    } catch (e) {
      if (!(e instanceof EngineHalt)) throw e;
      result = `HALT ${e.message}`;
    }
    live.push({ hash: `0x${hex16(key)}`, result, value });
  }
  return { engine: 'tickv', regionSizeBytes, regions, layout, live };
}
