// The hardened profile's one region walk: every object is verified by its CRC, and what a torn write leaves
// behind is recognised, so no reader, writer or collector ever trusts bytes the format cannot vouch for.
import { isAllValue } from '../codec/bytes';
import {
  CHECK_SUM_LEN,
  computedCrc,
  crcAsWrittenValid,
  ERASED,
  HEADER_LENGTH,
  isValidObject,
  HASH_OFFSET,
  objectLength,
  storedCrc,
  VERSION,
} from '../codec/tickvObject';

/** Smallest object: header and CRC around an empty value. */
export const MIN_OBJECT_LENGTH = HEADER_LENGTH + CHECK_SUM_LEN;

/**
 * live: valid flag and a matching CRC. dead: valid flag cleared by TicKV (CRC as written valid), by tockloader
 * (CRC recomputed) or zeroised (value and CRC 0). torn: anything else with a plausible header.
 */
export type ObjectState = 'live' | 'dead' | 'torn';

export interface ScannedObject {
  readonly offset: number;
  readonly length: number;
  readonly state: ObjectState;
}

/**
 * The objects a region holds in flash order, where its data ends, and whether it is sealed: bytes past
 * `end` that are not erased (a torn write) mean nothing may be appended there until GC erases the region.
 */
export interface RegionScan {
  readonly objects: ScannedObject[];
  readonly end: number;
  readonly sealed: boolean;
}

export function objectState(data: Uint8Array, offset: number, length: number): ObjectState {
  const stored = storedCrc(data, offset, length);
  if (isValidObject(data, offset)) return computedCrc(data, offset, length) === stored ? 'live' : 'torn';
  if (stored === crcAsWrittenValid(data, offset, length) || stored === computedCrc(data, offset, length)) return 'dead';
  return isAllValue(data, 0, offset + HEADER_LENGTH, offset + length) ? 'dead' : 'torn';
}

export function scanRegion(data: Uint8Array): RegionScan {
  const S = data.length;
  const objects: ScannedObject[] = [];
  let offset = 0;
  while (offset < S) {
    if (data[offset] === ERASED) return { objects, end: offset, sealed: !isAllValue(data, ERASED, offset, S) };
    if (data[offset] !== VERSION || offset + MIN_OBJECT_LENGTH > S) break;
    const length = objectLength(data, offset);
    if (length < MIN_OBJECT_LENGTH || offset + length > S) break;
    const state = objectState(data, offset, length);
    // A torn object with nothing after it is the last write's remains; its length field may be torn too.
    if (state === 'torn' && isAllValue(data, ERASED, offset + length, S)) break;
    objects.push({ offset, length, state });
    offset += length;
  }
  return offset >= S ? { objects, end: S, sealed: false } : { objects, end: offset, sealed: true };
}

/** Whether the object at `offset` carries the key whose flash bytes are `key` (hashedKeyBytes). */
export function hasKey(data: Uint8Array, offset: number, key: Uint8Array): boolean {
  for (let i = 0; i < 8; i++) if (data[offset + HASH_OFFSET + i] !== key[i]) return false;
  return true;
}
