// Where TDBStore keeps what a flipped bit can damage: the live log of the active area, record by record.
import { alignUp, decodeHeader, RECORD_HEADER_SIZE, TDB_MAGIC } from '../../../engine/codec/tdbRecord';
import { NorFlash } from '../../../engine/flash/norFlash';
import { TDBStore, type TdbInternals } from '../../../engine/tdbstore/tdbStore';
import type { AtRest, StoreSubject } from '../../driver/types';
import { TdbCrashSubject } from './store';

interface LogRecordSpan {
  start: number;
  end: number;
  key: string;
}

/** Header bytes that locate the next record: magic (0-3), key size (12-13), data size (16-19). */
const LOCATING = new Set([0, 1, 2, 3, 12, 13, 16, 17, 18, 19]);

/** One probe mount per image: a case asks for the bits and then the damage of every flip on the same image. */
const layouts = new WeakMap<Uint8Array, TdbInternals>();

/**
 * The layout of the image as it lies at rest: mbed's init on a copy, which reads and does not move the store (hardened
 * collects into the other area at every boot, so the mounted subject's layout is not the image's).
 */
function layoutAtRest(image: Uint8Array, mounted: TdbCrashSubject): TdbInternals {
  const known = layouts.get(image);
  if (known) return known;
  const probe = new TDBStore(new NorFlash(mounted.subject.device.geometry, 'overwrite', image.slice()), 'mbed');
  let layout: TdbInternals;
  try {
    probe.init();
    layout = probe.internals();
  } catch {
    layout = mounted.subject.internals(); // mbed would halt on this image: the mounted layout is all there is
  }
  layouts.set(image, layout);
  return layout;
}

/** The records of the live log as laid out on flash (absolute byte ranges and keys as hex). */
function logSpans(image: Uint8Array, mounted: StoreSubject<unknown>): LogRecordSpan[] {
  if (!(mounted instanceof TdbCrashSubject)) return [];
  const inner = layoutAtRest(image, mounted);
  const areaAddress = inner.areaAddresses[inner.activeArea];
  const p = mounted.subject.device.geometry.programSizeBytes;
  const spans: LogRecordSpan[] = [];
  for (let off = inner.masterRecordOffset + inner.masterRecordSize; off + RECORD_HEADER_SIZE <= inner.freeSpaceOffset; ) {
    const h = decodeHeader(image, areaAddress + off);
    if (h.magic !== TDB_MAGIC) break;
    const end = off + alignUp(RECORD_HEADER_SIZE, p) + alignUp(h.keySize + h.dataSize, p);
    const keyAt = areaAddress + off + alignUp(RECORD_HEADER_SIZE, p);
    spans.push({ start: areaAddress + off, end: areaAddress + end, key: Buffer.from(image.subarray(keyAt, keyAt + h.keySize)).toString('hex') });
    off = end;
  }
  return spans;
}

/**
 * Bits of the live log. The record holding a flipped bit may suffer (its key may vanish or show an earlier value);
 * when the bit is in a header's magic or size fields, which say where the next record starts, the records after it may too.
 */
export const TDB_AT_REST: AtRest = {
  bits(image, mounted) {
    const spans = logSpans(image, mounted);
    return spans.length ? { fromBit: spans[0].start * 8, toBit: spans[spans.length - 1].end * 8 } : undefined;
  },
  damaged(image, mounted, bit) {
    const none = { keys: new Set<string>(), extra: false };
    if (!(mounted instanceof TdbCrashSubject)) return none;
    const inner = layoutAtRest(image, mounted);
    const byte = bit >> 3;
    const area = inner.areaAddresses.findIndex((a) => byte >= a && byte < a + inner.areaSizeBytes);
    if (area < 0) return none;
    const offset = byte - inner.areaAddresses[area];
    // Reserved data sits before the master record of each area, with its own CRC: it may be lost, keys may not.
    if (offset < inner.masterRecordOffset) return { keys: new Set(), extra: true };
    // The inactive area and the active area's free space hold nothing a mount needs.
    if (area !== inner.activeArea || offset >= inner.freeSpaceOffset) return none;
    // The active master record has no second copy: a flip there may roll the whole store back to the other area.
    if (offset < inner.masterRecordOffset + inner.masterRecordSize) return { keys: 'all', extra: true };
    const spans = logSpans(image, mounted);
    const hit = spans.findIndex((s) => byte >= s.start && byte < s.end);
    if (hit < 0) return none;
    const locating = LOCATING.has(byte - spans[hit].start);
    return { keys: new Set((locating ? spans.slice(hit) : [spans[hit]]).map((s) => s.key)), extra: false };
  },
};
