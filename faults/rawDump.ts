// The raw view of an image for stores with no dump of their own: erase units, and the non-erased bytes in hex.
import type { Geometry } from '../engine/flash/blockDevice';

const ROW = 32;

interface UnitDump {
  unit: number;
  address: number;
  /** Bytes that are not the erase value. */
  programmed: number;
  /** Rows of ROW bytes that hold a programmed byte: address and hex. */
  rows: Array<{ address: number; hex: string }>;
}

export function rawUnits(image: Uint8Array, g: Geometry): UnitDump[] {
  const units: UnitDump[] = [];
  for (let a = 0; a < g.sizeBytes; a += g.eraseSizeBytes) {
    const u: UnitDump = { unit: a / g.eraseSizeBytes, address: a, programmed: 0, rows: [] };
    for (let r = a; r < a + g.eraseSizeBytes; r += ROW) {
      const row = image.subarray(r, Math.min(r + ROW, a + g.eraseSizeBytes));
      const used = row.filter((b) => b !== g.eraseValue).length;
      u.programmed += used;
      if (used) u.rows.push({ address: r, hex: Buffer.from(row).toString('hex') });
    }
    units.push(u);
  }
  return units;
}

/** Every erase unit with how much of it is programmed, and the rows that are, in hex (erased rows skipped). */
export function rawDump(image: Uint8Array, g: Geometry, json: boolean): string {
  const units = rawUnits(image, g);
  if (json) return JSON.stringify({ geometry: g, units }, null, 2) + '\n';
  const out = [`image of ${g.sizeBytes} bytes: ${units.length} erase units of ${g.eraseSizeBytes} bytes (program ${g.programSizeBytes}, read ${g.readSizeBytes})`];
  for (const u of units) {
    out.push(`unit ${u.unit} @0x${u.address.toString(16)}: ${u.programmed ? `${u.programmed} of ${g.eraseSizeBytes} bytes programmed` : 'erased'}`);
    for (const r of u.rows) out.push(`  ${r.address.toString(16).padStart(8, '0')}  ${r.hex.replace(/(..)/g, '$1 ').trimEnd()}`);
  }
  return out.join('\n') + '\n';
}
