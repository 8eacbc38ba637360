// The flash simulator against a plain byte array: random reads, programs and erases in each mode, plus its
// assertions on misuse, its counters and wear, and geometry parsing.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BdStatus } from '../engine/flash/blockDevice';
import { GeometryError, makeGeometry, parseGeometry } from '../engine/flash/geometry';
import { FLASH_MODES, NorFlash, type FlashMode } from '../engine/flash/norFlash';
import { assertProperty, runSettings } from './support/fcEnv';

type FlashOp = { kind: 'read' | 'program' | 'erase'; unit: number; count: number; fill: number; data: Uint8Array };

/** The reference: what each mode does to an array of bytes, written from the design's one-line rules. */
function referenceProgram(cells: number[], addr: number, data: Uint8Array, mode: FlashMode): number {
  const refused = mode === 'strict' && data.some((b, i) => cells[addr + i] !== 0xff && cells[addr + i] !== b);
  if (refused) return BdStatus.NOT_ERASED;
  data.forEach((b, i) => (cells[addr + i] = mode === 'nor' ? cells[addr + i] & b : b));
  return BdStatus.OK;
}

const geometryArb = fc
  .record({ p: fc.constantFrom(1, 2, 4, 8, 16), unitsPerErase: fc.integer({ min: 1, max: 8 }), erases: fc.integer({ min: 2, max: 6 }), read: fc.constantFrom(1, 2) })
  .map((g) => makeGeometry(g.p * g.unitsPerErase * g.erases, g.p * g.unitsPerErase, g.p, Math.min(g.read, g.p)));
const opArb = fc.record({
  kind: fc.constantFrom('read' as const, 'program' as const, 'program' as const, 'erase' as const),
  unit: fc.nat(),
  count: fc.integer({ min: 1, max: 4 }),
  fill: fc.constantFrom(0x00, 0x0f, 0xa5, 0xff),
  data: fc.uint8Array({ minLength: 1, maxLength: 64 }),
});

describe('NorFlash against a plain byte array', () => {
  for (const mode of FLASH_MODES) {
    it(`${mode}: every read, program and erase does what the rules say`, () => {
      const name = `norflash ${mode}`;
      assertProperty(name, fc.property(geometryArb, fc.array(opArb, { maxLength: 60 }), (g, ops: FlashOp[]) => {
        const flash = new NorFlash(g, mode);
        const cells = new Array<number>(g.sizeBytes).fill(0xff);
        let programs = 0;
        let erases = 0;
        for (const op of ops) {
          if (op.kind === 'erase') {
            const units = g.sizeBytes / g.eraseSizeBytes;
            const first = op.unit % units;
            const count = Math.min(op.count, units - first);
            assert.equal(flash.erase(first * g.eraseSizeBytes, count * g.eraseSizeBytes), BdStatus.OK);
            cells.fill(0xff, first * g.eraseSizeBytes, (first + count) * g.eraseSizeBytes);
            erases++;
          } else if (op.kind === 'program') {
            const units = g.sizeBytes / g.programSizeBytes;
            const first = op.unit % units;
            const len = Math.min(op.count, units - first) * g.programSizeBytes;
            const data = new Uint8Array(len).map((_, i) => (op.fill === 0xa5 ? op.data[i % op.data.length] : op.fill));
            const want = referenceProgram(cells, first * g.programSizeBytes, data, mode);
            assert.equal(flash.program(first * g.programSizeBytes, data), want);
            if (want === BdStatus.OK) programs++;
          } else {
            const units = g.sizeBytes / g.readSizeBytes;
            const first = op.unit % units;
            const len = Math.min(op.count * 4, units - first) * g.readSizeBytes;
            const got = flash.read(first * g.readSizeBytes, len);
            assert.deepEqual([...got], cells.slice(first * g.readSizeBytes, first * g.readSizeBytes + len));
            got.fill(0); // a read is a copy: scribbling on it changes nothing
          }
        }
        assert.deepEqual([...flash.image()], cells);
        assert.equal(flash.counters.programs, programs);
        assert.equal(flash.counters.erases, erases);
      }), runSettings(name, 200));
    });
  }

  it('asserts on misaligned or out-of-range access (a harness bug, not a device error)', () => {
    const flash = new NorFlash(makeGeometry(4096, 512, 8, 4), 'nor');
    assert.throws(() => flash.program(4, new Uint8Array(8)), /misaligned/);
    assert.throws(() => flash.program(0, new Uint8Array(7)), /misaligned/);
    assert.throws(() => flash.erase(256, 512), /misaligned/);
    assert.throws(() => flash.read(2, 4), /misaligned/);
    assert.throws(() => flash.read(4092, 8), /out of range/);
    assert.throws(() => flash.erase(4096, 512), /out of range/);
  });

  it('counts erases per erase unit (wear) and can journal every mutation', () => {
    const flash = new NorFlash(makeGeometry(4096, 512, 8), 'nor');
    flash.journal = [];
    flash.erase(0, 1024);
    flash.erase(512, 512);
    flash.program(8, new Uint8Array(8));
    assert.deepEqual([...flash.erasesPerUnit], [1, 2, 0, 0, 0, 0, 0, 0]);
    assert.deepEqual(flash.journal.map((m) => `${m.kind}@${m.addr}`), ['erase@0', 'erase@512', 'program@8']);
  });

  it('parses SIZE:ERASE:PROGRAM[:READ] and presets, and names what is wrong with a bad geometry', () => {
    assert.deepEqual(parseGeometry('portenta-h7'), makeGeometry(1572864, 131072, 32, 1));
    assert.deepEqual(parseGeometry('0x4000:0x1000:8:2'), makeGeometry(16384, 4096, 8, 2));
    const bad: Array<[string, RegExp]> = [
      ['1000:3:2', /not a multiple of PROGRAM/],
      ['4096:512:8:3', /PROGRAM 8 is not a multiple of READ 3/],
      ['4000:512:8', /SIZE 4000 is not a multiple of ERASE 512/],
      ['512:512:8', /fewer than 2 erase units/],
      ['4096:0:8', /ERASE must be a positive integer/],
      ['4096:512', /expected SIZE:ERASE:PROGRAM/],
      ['big:512:8', /"big" is not a number/],
    ];
    for (const [text, message] of bad) assert.throws(() => parseGeometry(text), (e: unknown) => e instanceof GeometryError && message.test(e.message), text);
  });
});
