// Unit checks of the TicKV codec and engine against specs/tickv.md: hashing, CRC, golden objects, probe order,
// walks, size limits, and corrupt images (results or a faithful halt, never another exception, never a hang).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fromHex, toHex, utf8 } from '../engine/codec/bytes';
import { cksumCrc } from '../engine/codec/crc';
import { sipDigest, sipHash24, tickvKeyOf } from '../engine/codec/siphash';
import { encodeObject, MAIN_KEY_HASH } from '../engine/codec/tickvObject';
import { NorFlash } from '../engine/flash/norFlash';
import { EngineHalt } from '../engine/halt';
import { ErrorCode, errorText, type TicKVResult } from '../engine/tickv/errorCodes';
import { RegionController, tickvGeometry } from '../engine/tickv/regionController';
import { TicKV } from '../engine/tickv/tickv';
import { renderTockloaderDump, tickvDumpJson } from '../faults/drivers/tickv/dump';
import { tickvScriptDump, tockScriptDump } from '../faults/drivers/tickv/scriptDump';

const bytes = (hex: string): Uint8Array => fromHex(hex.replace(/\s+/g, '')) as Uint8Array;
const key = (s: string): bigint => tickvKeyOf(utf8.encode(s));

function store(S: number, N: number, image?: Uint8Array): { flash: NorFlash; tickv: TicKV } {
  const flash = new NorFlash(tickvGeometry(S, N), 'nor', image);
  return { flash, tickv: new TicKV(new RegionController(flash, S), S * N) };
}

const codeOf = <T>(r: TicKVResult<T>): string => (r.ok ? 'ok' : errorText(r.error));

describe('TicKV units', () => {
  describe('keys: SipHash-2-4 with k0 = k1 = 0 (tickv.md §4)', () => {
    it('"testkey" gives flash bytes 36 05 33 99 b0 5e 05 7e', () => {
      assert.equal(toHex(sipDigest(utf8.encode('testkey'))), '36053399b05e057e');
      assert.equal(key('testkey'), 0x36053399b05e057en);
    });
    it('"tickv-super-key": TicKV key 0x1d4d0b463a7b2916 (SipHash value 0x16297b3a460b4d1d), not the main key', () => {
      assert.equal(key('tickv-super-key'), 0x1d4d0b463a7b2916n);
      assert.equal(sipHash24(utf8.encode('tickv-super-key')), 0x16297b3a460b4d1dn);
      assert.notEqual(key('tickv-super-key'), MAIN_KEY_HASH);
      assert.equal(MAIN_KEY_HASH, 0x7bc9f7ff4f76f244n);
    });
    it('matches the SipHash-2-4 reference vector (key 00..0f, message 00..0e)', () => {
      const msg = Uint8Array.from({ length: 15 }, (_, i) => i);
      assert.equal(sipHash24(msg, 0x0706050403020100n, 0x0f0e0d0c0b0a0908n), 0xa129ca6149be45e5n);
    });
    it('hashes keys of any length and bytes without throwing', () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (k) => {
          const v = tickvKeyOf(k);
          return v >= 0n && v < 1n << 64n && toHex(sipDigest(k)) === v.toString(16).padStart(16, '0');
        }),
        { seed: 5, numRuns: 300 },
      );
    });
  });

  describe('CRC-32/CKSUM and golden objects (tickv.md §2-3)', () => {
    it('check value 0x765E7680 for "123456789"', () => {
      assert.equal(cksumCrc(utf8.encode('123456789')), 0x765e7680);
    });
    it('main-key object 01800f7bc9f7ff4f76f244bb32741d', () => {
      assert.equal(toHex(encodeObject(MAIN_KEY_HASH, new Uint8Array(0))), '01800f7bc9f7ff4f76f244bb32741d');
    });
    it('the annotated "testkey" object of §2', () => {
      const value = bytes('00 07000000 00000000 7465737476616c');
      assert.equal(toHex(encodeObject(key('testkey'), value)), '01801f36053399b05e057e0007000000000000007465737476616c4a2000b4');
    });
    it('length bits 11..8 go to byte 1 under the valid flag', () => {
      const o = encodeObject(1n, new Uint8Array(4000));
      assert.deepEqual([o[1], o[2], o.length], [0x8f, 0xaf, 4015]);
    });
  });

  describe('probe order (tickv.md §5)', () => {
    const order = (home: number, N: number): number[] => store(16, N).tickv.probeOrder(home);
    it('home 2 of 5 -> 2, 3, 1, 4, 0; home 4 of 5 -> 4, 3, 2, 1, 0; home 0 of 4 -> 0, 1, 2, 3', () => {
      assert.deepEqual(order(2, 5), [2, 3, 1, 4, 0]);
      assert.deepEqual(order(4, 5), [4, 3, 2, 1, 0]);
      assert.deepEqual(order(0, 4), [0, 1, 2, 3]);
      assert.deepEqual(order(0, 1), [0]);
    });
    it('home region = (u64 & 0xFFFF) % N', () => {
      const { tickv } = store(256, 3);
      assert.equal(tickv.getRegion(key('testkey')), 2);
      assert.equal(tickv.getRegion(MAIN_KEY_HASH), 0xf244 % 3);
    });
  });

  describe('operations', () => {
    it('initialise writes only the main key; a second one writes nothing', () => {
      const { flash, tickv } = store(256, 4);
      assert.deepEqual(tickv.initialise(MAIN_KEY_HASH), { ok: true, value: 'Written' });
      assert.equal(toHex(flash.cells.subarray(0, 16)), '01800f7bc9f7ff4f76f244bb32741dff');
      const programs = flash.counters.programs;
      assert.deepEqual(tickv.initialise(MAIN_KEY_HASH), { ok: true, value: 'Complete' });
      assert.equal(flash.counters.programs, programs);
    });
    it('size limits: S - 15 fills a region; the CRC-less room test gives ObjectTooLarge, not FlashFull', () => {
      const { flash, tickv } = store(256, 2);
      assert.equal(codeOf(tickv.appendKey(0x10001n, new Uint8Array(241))), 'ok');
      assert.equal(codeOf(tickv.appendKey(0x10002n, new Uint8Array(242))), 'ObjectTooLarge');
      // The crate's `?` on that error path never gives the read buffer back: the next call on it panics.
      assert.throws(() => tickv.appendKey(0x10002n, new Uint8Array(245)), (e: unknown) => e instanceof EngineHalt && /Option::unwrap/.test(e.message));
      const rebooted = new TicKV(new RegionController(flash, 256), 512);
      assert.equal(codeOf(rebooted.appendKey(0x10002n, new Uint8Array(245))), 'FlashFull');
      assert.equal(codeOf(store(8192, 2).tickv.appendKey(1n, new Uint8Array(4080))), 'ObjectTooLarge');
    });
    it('get: BufferTooSmall carries the length and the bytes that fit; the CRC is checked after copying', () => {
      const { flash, tickv } = store(256, 2);
      tickv.appendKey(0x20000n, bytes('0102030405'));
      const small = new Uint8Array(3);
      assert.deepEqual(tickv.getKey(0x20000n, small), { ok: false, error: { code: 'BufferTooSmall', payload: 5 } });
      assert.equal(toHex(small), '010203');
      flash.cells[13] &= 0xfe;
      const buf = new Uint8Array(8);
      assert.equal(codeOf(tickv.getKey(0x20000n, buf)), 'InvalidCheckSum');
      assert.equal(toHex(buf), '0102020405000000');
    });
    it('invalidate programs one byte; zeroise one write of the object', () => {
      const { flash, tickv } = store(256, 2);
      tickv.appendKey(0x20000n, bytes('aabb'));
      flash.journal = [];
      assert.equal(codeOf(tickv.invalidateKey(0x20000n)), 'ok');
      const programs = (): Array<[number, string]> => (flash.journal ?? []).map((m) => [m.addr, m.kind === 'program' ? toHex(m.data) : 'erase']);
      assert.deepEqual(programs(), [[1, '00']]);
      tickv.appendKey(0x20000n, bytes('ccdd'));
      flash.journal = [];
      assert.equal(codeOf(tickv.zeroiseKey(0x20000n)), 'ok');
      assert.deepEqual(programs(), [[17, '010011' + '0000000000020000' + '0000' + '00000000']]);
    });
    it('zeroise of an object within 11 bytes of the region end is RegionFull and writes nothing', () => {
      const { flash, tickv } = store(256, 2);
      tickv.appendKey(0x20000n, new Uint8Array(231));
      const before = flash.image();
      assert.equal(codeOf(tickv.zeroiseKey(0x20000n)), 'RegionFull');
      assert.deepEqual(flash.image(), before);
    });
    it('garbage collection erases exactly the non-empty all-invalid regions', () => {
      const { tickv } = store(256, 3);
      tickv.appendKey(0x10000n, bytes('01'));
      tickv.appendKey(0x10001n, bytes('02'));
      tickv.invalidateKey(0x10000n);
      assert.deepEqual(tickv.garbageCollect(), { ok: true, value: 256 });
      assert.deepEqual(tickv.garbageCollect(), { ok: true, value: 0 });
      assert.equal(codeOf(tickv.getKey(0x10001n, new Uint8Array(4))), 'ok');
    });
    it('the error codes carry the crate isize values', () => {
      assert.deepEqual([ErrorCode.UnsupportedVersion, ErrorCode.BufferTooSmall, ErrorCode.EraseNotReady], [-1, -12, -15]);
    });
  });

  describe('corrupt images give the crate error codes (tickv.md §6)', () => {
    it('a version byte other than 0x01/0xFF stops every walk with UnsupportedVersion', () => {
      const { flash, tickv } = store(256, 2);
      flash.cells[0] = 0x02;
      assert.equal(codeOf(tickv.getKey(0x10000n, new Uint8Array(4))), 'UnsupportedVersion');
      assert.equal(codeOf(tickv.appendKey(0x10000n, bytes('01'))), 'UnsupportedVersion');
      assert.equal(codeOf(tickv.garbageCollect()), 'UnsupportedVersion');
    });
    it('a length under 15 makes get report a wrapped (32-bit usize) BufferTooSmall', () => {
      const { flash, tickv } = store(256, 2);
      flash.cells.set(bytes('01 80 05 0000000000020000'), 0);
      assert.deepEqual(tickv.getKey(0x20000n, new Uint8Array(16)), { ok: false, error: { code: 'BufferTooSmall', payload: 2 ** 32 - 10 } });
    });
    it('a length past the region end: CorruptData while copying, InvalidCheckSum for the CRC bytes', () => {
      const { flash, tickv } = store(256, 2);
      flash.cells.set(bytes('01 81 00 0000000000020000'), 200);
      flash.cells.fill(0x01, 0, 200);
      flash.cells.set(bytes('01 00 c8'), 0);
      assert.equal(codeOf(tickv.getKey(0x20000n, new Uint8Array(300))), 'CorruptData');
      flash.cells.set(bytes('01 80 3b'), 200);
      const fresh = new TicKV(new RegionController(flash, 256), 512); // CorruptData lost the read buffer (a panic next)
      assert.equal(codeOf(fresh.getKey(0x20000n, new Uint8Array(300))), 'InvalidCheckSum');
    });
    it('a free slot whose key bytes are not erased is CorruptData', () => {
      const { flash, tickv } = store(256, 2);
      flash.cells[5] = 0x00;
      assert.equal(codeOf(tickv.appendKey(0x20000n, bytes('01'))), 'CorruptData');
    });
    it('zero-length objects: get stops with KeyNotFound; append and GC would spin forever, so they halt', () => {
      const { flash, tickv } = store(256, 2);
      flash.cells.set(bytes('01 00 00'), 0);
      assert.equal(codeOf(tickv.getKey(0x20000n, new Uint8Array(4))), 'KeyNotFound');
      assert.throws(() => tickv.appendKey(0x20000n, bytes('01')), (e: unknown) => e instanceof EngineHalt && /livelock/.test(e.message));
      assert.throws(() => tickv.garbageCollect(), (e: unknown) => e instanceof EngineHalt && e.code === 124);
    });
    it('hash 0 and all-ones are asserted away by get_region (a panic)', () => {
      const { tickv } = store(256, 2);
      assert.throws(() => tickv.getKey(0n, new Uint8Array(1)), (e: unknown) => e instanceof EngineHalt && e.code === 101);
      assert.throws(() => tickv.appendKey(0xffffffffffffffffn, new Uint8Array(1)), EngineHalt);
    });
    it('random images: every operation and dump ends with a result or a faithful halt, never anything else', () => {
      const S = 64;
      const N = 4;
      const op = fc.record({ kind: fc.constantFrom('init', 'append', 'get', 'invalidate', 'zeroise', 'gc'), key: fc.bigInt(1n, (1n << 64n) - 2n), len: fc.nat(80) });
      const imageArb = fc.oneof(
        fc.uint8Array({ minLength: S * N, maxLength: S * N }),
        fc.array(fc.tuple(fc.nat(S * N - 1), fc.constantFrom(0x00, 0x01, 0x80, 0x81, 0x0f, 0xff, 0x7f)), { maxLength: 40 }).map((edits) => {
          const img = new Uint8Array(S * N).fill(0xff);
          img.set(encodeObject(MAIN_KEY_HASH, new Uint8Array(0)), 0);
          img.set(encodeObject(0x10001n, new Uint8Array(20)), S);
          for (const [at, v] of edits) img[at] = v;
          return img;
        }),
      );
      fc.assert(
        fc.property(imageArb, fc.array(op, { maxLength: 12 }), (image, ops) => {
          const { flash } = store(S, N, image);
          let tickv = new TicKV(new RegionController(flash, S), S * N);
          for (const o of ops) {
            try {
              const r =
                o.kind === 'init' ? tickv.initialise(MAIN_KEY_HASH)
                : o.kind === 'append' ? tickv.appendKey(o.key, new Uint8Array(o.len))
                : o.kind === 'get' ? tickv.getKey(o.key, new Uint8Array(o.len))
                : o.kind === 'invalidate' ? tickv.invalidateKey(o.key)
                : o.kind === 'zeroise' ? tickv.zeroiseKey(o.key)
                : tickv.garbageCollect();
              if (!r.ok) assert.ok(r.error.code in ErrorCode);
            } catch (e) {
              // Faithful halts only: a livelock, or the panic after an error path lost the read buffer.
              if (!(e instanceof EngineHalt && /livelock|Option::unwrap|assert/.test(e.message))) throw e;
              tickv = new TicKV(new RegionController(flash, S), S * N); // a panic resets the device
            }
          }
          const img = flash.image();
          renderTockloaderDump(img, S, N);
          tickvDumpJson(img, S, N);
          tickvScriptDump(img, S, N, false);
          tockScriptDump(img, S, N);
        }),
        { seed: 11, numRuns: 1000 },
      );
    });
  });
});
