// The table-sliced CRCs must equal the bit-at-a-time definition on any bytes, range and starting value.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tdbCrc } from '../engine/codec/crc';
import { assertProperty, runSettings } from './support/fcEnv';

/** MbedCRC as TDBStore configures it, one bit at a time: reflected input, 0xEDB88320, init and result bit-reversed. */
function bitwiseTdbCrc(init: number, bytes: Uint8Array, from: number, to: number): number {
  const rev = (v: number): number => {
    let out = 0;
    for (let i = 0; i < 32; i++) out = (out << 1) | ((v >>> i) & 1);
    return out >>> 0;
  };
  let r = rev(init >>> 0);
  for (let i = from; i < to; i++) {
    r ^= bytes[i];
    for (let k = 0; k < 8; k++) r = r & 1 ? (r >>> 1) ^ 0xedb88320 : r >>> 1;
  }
  return rev(r >>> 0);
}

describe('CRC: the sliced tables against the definition', () => {
  it('tdbCrc equals the bitwise MbedCRC on random bytes and ranges (every length mod 8, every alignment)', () => {
    const arb = fc.record({ bytes: fc.uint8Array({ maxLength: 70 }), a: fc.nat(), b: fc.nat(), init: fc.integer() });
    assertProperty('tdbCrc bitwise', fc.property(arb, ({ bytes, a, b, init }) => {
      const from = bytes.length ? a % (bytes.length + 1) : 0;
      const to = from + (b % (bytes.length - from + 1));
      assert.equal(tdbCrc(init, bytes, from, to), bitwiseTdbCrc(init, bytes, from, to));
    }), runSettings('tdbCrc bitwise', 500));
  });
});
