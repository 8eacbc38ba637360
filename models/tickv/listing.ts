// The object listing both sides print: one line per object in flash order, then how each region's tail looks.
import { hexOf } from '../outcome';
import { cksum, hex16 } from './hashing';
import { HEADER_LENGTH, objectLength, type ModelObject } from './regions';

export function objectLine(region: number, offset: number, hash: bigint, length: number, valid: boolean, value: string, crc: number): string {
  return `r${region}@${offset} key=${hex16(hash)} len=${length} ${valid ? 'valid' : 'invalid'} value=${value || '-'} crc=${crc.toString(16).padStart(8, '0')}`;
}

export const tailLine = (region: number, end: number, erased: boolean): string => `r${region} end=${end} tail ${erased ? 'erased' : 'NOT ERASED'}`;

/** The CRC TicKV stored when it wrote the object: header with the valid flag, key, value (tickv.rs:607-628). */
function writtenCrc(o: ModelObject): number {
  const L = objectLength(o);
  const head = new Uint8Array(HEADER_LENGTH + o.value.length);
  head[0] = 1;
  head[1] = 0x80 | ((L >> 8) & 0x0f);
  head[2] = L & 0xff;
  for (let i = 0; i < 8; i++) head[3 + i] = Number((o.hash >> BigInt(56 - 8 * i)) & 0xffn);
  head.set(o.value, HEADER_LENGTH);
  return cksum(head);
}

export function modelListing(regions: readonly (readonly ModelObject[])[]): string[] {
  const lines: string[] = [];
  regions.forEach((objects, r) => {
    let offset = 0;
    for (const o of objects) {
      const value = o.zeroised ? '00'.repeat(o.value.length) : hexOf(o.value);
      lines.push(objectLine(r, offset, o.hash, objectLength(o), o.valid, value, o.zeroised ? 0 : writtenCrc(o)));
      offset += objectLength(o);
    }
    if (offset > 0) lines.push(tailLine(r, offset, true));
  });
  return lines;
}
