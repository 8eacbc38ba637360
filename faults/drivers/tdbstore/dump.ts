// Reads a TDBStore image the way a person checks it against specs/tdbstore.md: areas, records, log ends, live keys.
import { latin1, toHex, isAllValue } from '../../../engine/codec/bytes';
import { tdbCrc, TDB_INITIAL_CRC } from '../../../engine/codec/crc';
import {
  alignUp,
  decodeHeader,
  decodeMasterVersion,
  decodeTrailer,
  HEADER_CRC_SPAN,
  masterRecordOffset,
  masterRecordSize,
  MASTER_KEY,
  MAX_KEY_SIZE,
  RECORD_HEADER_SIZE,
  RESERVED_AREA_SIZE,
  RESERVED_TRAILER_SIZE,
  TDB_MAGIC,
} from '../../../engine/codec/tdbRecord';
import type { Geometry } from '../../../engine/flash/blockDevice';
import { NorFlash } from '../../../engine/flash/norFlash';
import { EngineHalt } from '../../../engine/halt';
import type { TdbProfileName } from '../../../engine/tdbstore/profile';
import { KvFlags, MbedStatus, mbedStatusName } from '../../../engine/tdbstore/status';
import { TDBStore } from '../../../engine/tdbstore/tdbStore';

export interface TdbDumpRecord {
  offset: number;
  address: number;
  flags: number;
  deleted: boolean;
  key: string;
  keyHex: string;
  dataSize: number;
  crcStored: number;
  crcOk: boolean;
  headerSize: number;
  revision: number;
  /** False for records past the point where TDBStore's scan stops (stale or unreachable). */
  inLog: boolean;
  valueHex: string;
}

export interface TdbDumpArea {
  index: number;
  address: number;
  sizeBytes: number;
  master: { valid: boolean; version?: number; reason?: string };
  reserved?: { trailerSize: number; dataSize: number; crc: number; crcOk: boolean; dataHex: string };
  records: TdbDumpRecord[];
  logEnd: { offset: number; reason: string };
  /**
   * Runs of bytes past the log end that are not erased (area-relative offsets): a torn record, or a cut set's key
   * and data without its header. TDBStore 6.17 programs its next record over them (TDB-1, TDB-2).
   */
  pastLogEnd: Array<{ offset: number; address: number; length: number; hex: string }>;
}

export interface TdbDump {
  geometry: Geometry;
  profile: TdbProfileName;
  masterRecordOffset: number;
  masterRecordSize: number;
  areas: TdbDumpArea[];
  mount: { status: string; activeArea?: number; version?: number; freeSpaceOffset?: number; halt?: string };
  live: Array<{ key: string; keyHex: string; size: number; flags: number; valueHex: string; status: string }>;
  reservedData?: { size: number; valueHex: string };
}

export function dumpTdbImage(image: Uint8Array, geometry: Geometry, profile: TdbProfileName): TdbDump {
  const p = geometry.programSizeBytes;
  const m = masterRecordOffset(p);
  const areaSize = Math.floor(geometry.sizeBytes / 2 / geometry.eraseSizeBytes) * geometry.eraseSizeBytes;
  const areas = [0, 1].map((i) => dumpArea(image, i, i * areaSize, areaSize, p));
  return {
    geometry,
    profile,
    masterRecordOffset: m,
    masterRecordSize: masterRecordSize(p),
    areas,
    ...mountAndRead(image, geometry, profile),
  };
}

function dumpArea(image: Uint8Array, index: number, base: number, size: number, p: number): TdbDumpArea {
  const m = masterRecordOffset(p);
  const area: TdbDumpArea = { index, address: base, sizeBytes: size, master: { valid: false }, records: [], logEnd: { offset: m, reason: '' }, pastLogEnd: [] };
  const t = decodeTrailer(image, base + RESERVED_AREA_SIZE);
  if (t.trailerSize === RESERVED_TRAILER_SIZE && t.dataSize <= RESERVED_AREA_SIZE) {
    const data = image.subarray(base, base + t.dataSize);
    area.reserved = { ...t, crcOk: tdbCrc(TDB_INITIAL_CRC, data) === t.crc, dataHex: toHex(data) };
  }
  let offset = m;
  let logEnded = false;
  const endLog = (at: number, reason: string): void => {
    if (!logEnded) area.logEnd = { offset: at, reason };
    logEnded = true;
  };
  while (offset + RECORD_HEADER_SIZE <= size) {
    const at = base + offset;
    const h = decodeHeader(image, at);
    if (h.magic !== TDB_MAGIC) {
      endLog(offset, isAllValue(image, 0xff, at, at + RECORD_HEADER_SIZE) ? 'erased' : 'no record magic');
      break;
    }
    const keyAt = at + alignUp(RECORD_HEADER_SIZE, p);
    const total = h.keySize + h.dataSize;
    if (!h.keySize || h.keySize >= MAX_KEY_SIZE || offset + alignUp(RECORD_HEADER_SIZE, p) + total >= size) {
      endLog(offset, `implausible header (key size ${h.keySize}, data size ${h.dataSize})`);
      break;
    }
    let crc = tdbCrc(TDB_INITIAL_CRC, image, at, at + HEADER_CRC_SPAN);
    crc = tdbCrc(crc, image, keyAt, keyAt + total);
    const key = image.subarray(keyAt, keyAt + h.keySize);
    const value = image.subarray(keyAt + h.keySize, keyAt + total);
    const crcOk = crc === h.crc;
    if (!crcOk) endLog(offset, 'CRC mismatch');
    area.records.push({
      offset,
      address: at,
      flags: h.flags,
      deleted: (h.flags & KvFlags.DELETE) !== 0,
      key: latin1(key),
      keyHex: toHex(key),
      dataSize: h.dataSize,
      crcStored: h.crc,
      crcOk,
      headerSize: h.headerSize,
      revision: h.revision,
      inLog: !logEnded,
      valueHex: toHex(value),
    });
    if (offset === m) {
      const isMaster = latin1(key) === MASTER_KEY && crcOk;
      area.master = isMaster ? { valid: true, version: decodeMasterVersion(value) } : { valid: false, reason: crcOk ? 'record at the master offset is not TDBS' : 'CRC mismatch' };
    }
    offset += alignUp(RECORD_HEADER_SIZE, p) + alignUp(total, p);
  }
  if (!logEnded) endLog(offset, 'area end');
  if (!area.master.valid && !area.master.reason) area.master.reason = area.logEnd.reason;
  area.pastLogEnd = notErased(image, base, area.logEnd.offset, size);
  return area;
}

/** Runs of non-erased bytes in area offsets [from, to), runs closer than 16 bytes merged; at most 64 runs. */
function notErased(image: Uint8Array, base: number, from: number, to: number): TdbDump['areas'][number]['pastLogEnd'] {
  const runs: TdbDump['areas'][number]['pastLogEnd'] = [];
  let start = -1;
  let last = -1;
  const close = (): void => {
    if (start < 0) return;
    const bytes = image.subarray(base + start, base + last + 1);
    runs.push({ offset: start, address: base + start, length: bytes.length, hex: toHex(bytes.subarray(0, 32)) });
    start = -1;
  };
  for (let i = from; i < to && runs.length < 64; i++) {
    if (image[base + i] === 0xff) continue;
    if (start >= 0 && i - last > 16) close();
    if (start < 0) start = i;
    last = i;
  }
  close();
  return runs;
}

function mountAndRead(image: Uint8Array, geometry: Geometry, profile: TdbProfileName): Pick<TdbDump, 'mount' | 'live' | 'reservedData'> {
  const store = new TDBStore(new NorFlash(geometry, 'nor', image), profile);
  let status: number;
  try {
    status = store.init();
  } catch (e) {
    if (e instanceof EngineHalt) return { mount: { status: 'HALT', halt: e.message }, live: [] };
    throw e;
  }
  if (status !== MbedStatus.SUCCESS) return { mount: { status: mbedStatusName(status) }, live: [] };
  const inner = store.internals();
  const live: TdbDump['live'] = [];
  const it = store.iteratorOpen().iterator as object;
  for (let n = 0; n < 100000; n++) {
    const next = store.iteratorNext(it);
    if (next.status || !next.key) break;
    const got = store.get(next.key);
    const info = store.getInfo(next.key);
    live.push({
      key: latin1(next.key),
      keyHex: toHex(next.key),
      size: info.info?.size ?? got.data.length,
      flags: info.info?.flags ?? 0,
      valueHex: toHex(got.data),
      status: mbedStatusName(got.status),
    });
  }
  const reserved = store.reservedDataGet(64);
  return {
    mount: { status: 'MBED_SUCCESS', activeArea: inner.activeArea, version: inner.activeAreaVersion, freeSpaceOffset: inner.freeSpaceOffset },
    live,
    reservedData: reserved.data ? { size: reserved.data.length, valueHex: toHex(reserved.data) } : undefined,
  };
}

const hex = (n: number): string => `0x${n.toString(16)}`;
const shown = (h: string, max = 64): string => (h.length > max * 2 ? `${h.slice(0, max * 2)}… (${h.length / 2} bytes)` : h || '-');

/** The human layout of a dump. */
export function renderTdbDump(d: TdbDump): string {
  const g = d.geometry;
  const out: string[] = [];
  out.push(`TDBStore image: ${g.sizeBytes} bytes, erase unit ${g.eraseSizeBytes}, program unit ${g.programSizeBytes}, read unit ${g.readSizeBytes} (profile ${d.profile})`);
  out.push(`master record at area+${hex(d.masterRecordOffset)} (${d.masterRecordSize} bytes); user records from area+${hex(d.masterRecordOffset + d.masterRecordSize)}`);
  for (const a of d.areas) {
    out.push('');
    const master = a.master.valid ? `master v${a.master.version}` : `no valid master (${a.master.reason})`;
    out.push(`area ${a.index} @${hex(a.address)} (${a.sizeBytes} bytes): ${master}`);
    if (a.reserved) {
      const r = a.reserved;
      out.push(`  reserved: data_size=${r.dataSize} crc=${hex(r.crc)} ${r.crcOk ? 'ok' : 'BAD'} data=${shown(r.dataHex)}`);
    } else {
      out.push('  reserved: none');
    }
    out.push('  offset     address    flags       key                              size  crc                 value');
    for (const r of a.records) {
      const flags = `${hex(r.flags)}${r.deleted ? ' del' : ''}`;
      const crc = `${hex(r.crcStored)} ${r.crcOk ? 'ok' : 'BAD'}`;
      const tag = r.inLog ? '' : '  [past log end]';
      out.push(`  +${hex(r.offset).padEnd(9)} ${hex(r.address).padEnd(10)} ${flags.padEnd(11)} ${r.key.padEnd(32)} ${String(r.dataSize).padStart(5)}  ${crc.padEnd(19)} ${shown(r.valueHex, 24)}${tag}`);
    }
    out.push(`  log ends at +${hex(a.logEnd.offset)} (${a.logEnd.reason})`);
    const leftover = a.pastLogEnd.reduce((n, r) => n + r.length, 0);
    if (leftover) {
      out.push(`  NOT ERASED past the log end: ${leftover} byte${leftover === 1 ? '' : 's'} in ${a.pastLogEnd.length} run${a.pastLogEnd.length === 1 ? '' : 's'} (a torn or uncommitted record; 6.17 programs its next record over them):`);
      for (const r of a.pastLogEnd) out.push(`    +${hex(r.offset).padEnd(9)} ${hex(r.address).padEnd(10)} ${String(r.length).padStart(5)} bytes  ${r.hex}${r.length > 32 ? '…' : ''}`);
    } else {
      out.push('  past the log end: erased');
    }
  }
  out.push('');
  if (d.mount.status !== 'MBED_SUCCESS') {
    out.push(`mount: ${d.mount.status}${d.mount.halt ? ` ${d.mount.halt}` : ''}`);
    return out.join('\n') + '\n';
  }
  out.push(`mount: active area ${d.mount.activeArea}, version ${d.mount.version}, free space at +${hex(d.mount.freeSpaceOffset ?? 0)}`);
  out.push(`live keys (${d.live.length}, in iteration order):`);
  for (const k of d.live) out.push(`  ${k.key.padEnd(32)} size=${k.size} flags=${hex(k.flags)} value=${shown(k.valueHex)}${k.status === 'MBED_SUCCESS' ? '' : ` (${k.status})`}`);
  out.push(`reserved data: ${d.reservedData ? `${d.reservedData.size} bytes ${shown(d.reservedData.valueHex)}` : 'none'}`);
  return out.join('\n') + '\n';
}
