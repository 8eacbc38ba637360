// The WebAssembly store loader: only flashproof imports, one compile per binary, a fresh instance per boot, and
// every way a store can fail typed as the harness classes it (halt and trap: crash; endless loop: hang).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EngineHalt } from '../engine/halt';
import type { Geometry } from '../engine/flash/blockDevice';
import { NorFlash } from '../engine/flash/norFlash';
import { failureOf } from '../faults/crash/failure';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { PowerLoss } from '../faults/powerLoss';
import { conventionalResult } from '../faults/wasm/abi';
import { abiStore, assemble, sleb } from '../faults/wasm/assemble';
import { WasmHalt, WasmHang, WasmLoadError, WasmTrap } from '../faults/wasm/errors';
import { compiledCount, loadWasmStore, loadWasmStoreFile, type WasmStoreModule } from '../faults/wasm/loader';

const BUILD = path.join(__dirname, '..', 'wasm', 'build');
const G: Geometry = { sizeBytes: 2048, eraseSizeBytes: 512, programSizeBytes: 4, readSizeBytes: 1, eraseValue: 0xff };
const bytes = (...b: number[]): Uint8Array => new Uint8Array(b);
const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s));

const call = (fn: number, ...args: number[]): number[] => [...args.flatMap((a) => [0x41, ...sleb(a)]), 0x10, fn];
const FP_READ = 0;
const FP_PROGRAM = 1;
const FP_HALT = 3;

/** A store whose `name` export runs `body`; tiny budgets so a hang costs microseconds. */
const misbehaving = (bodies: Record<string, number[]>, opts: Parameters<typeof abiStore>[1] = {}): WasmStoreModule =>
  loadWasmStore(abiStore(bodies, opts), { name: 'hand-built', limits: { fuelPerCall: 50_000 } });

describe('wasm loader', () => {
  it('compiles each distinct binary once (by SHA-256) and boots a fresh instance per power cycle', () => {
    const file = path.join(BUILD, 'logstore.wasm');
    const a = loadWasmStoreFile(file);
    const before = compiledCount();
    const b = loadWasmStoreFile(file);
    assert.equal(compiledCount(), before);
    assert.equal(a.handle, b.handle);
    assert.equal(a.sha256, createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    const flash = new NorFlash(G);
    const first = a.boot(flash);
    assert.equal(first.mount().cls, 'ok');
    assert.equal(first.set(text('k'), text('v1')).cls, 'ok');
    const second = a.boot(flash); // RAM is new: whatever it knows comes from flash
    assert.notEqual(first, second);
    assert.equal(second.mount().cls, 'ok');
    assert.deepEqual(second.get(text('k')).value, text('v1'));
    assert.equal(a.instances, 2);
  });

  it('refuses a module importing anything but the flashproof functions, naming every import in one error', () => {
    const foreign = assemble({
      imports: [
        { module: 'flashproof', name: 'fp_read', params: 3, results: 1 },
        { module: 'wasi_snapshot_preview1', name: 'fd_write', params: 4, results: 1 },
        { module: 'env', name: 'abort', params: 0, results: 0 },
      ],
      functions: [{ name: 'fp_mount', params: 4, results: 1, body: [0x41, 0x00] }],
      memoryPages: 1,
    });
    assert.throws(
      () => loadWasmStore(foreign, { name: 'foreign.wasm' }),
      (e: Error) =>
        e instanceof WasmLoadError &&
        e.message === 'foreign.wasm: imports wasi_snapshot_preview1.fd_write (function), env.abort (function); a store may import only the flashproof functions fp_read, fp_program, fp_erase, fp_halt (wasm/ABI.md)',
    );
    const unknown = assemble({ imports: [{ module: 'flashproof', name: 'fp_sync', params: 0, results: 1 }], functions: [] });
    assert.throws(() => loadWasmStore(unknown), /imports flashproof\.fp_sync/);
  });

  it('refuses a module missing an export or with a mistyped one, saying which', () => {
    const mistyped = assemble({
      functions: [
        { name: 'fp_mount', params: 4, results: 1, body: [0x41, 0x00] },
        { name: 'fp_set', params: 2, results: 1, body: [0x41, 0x00] },
      ],
    });
    assert.throws(() => loadWasmStore(mistyped, { name: 'm' }), (e: Error) => {
      assert.ok(e instanceof WasmLoadError);
      assert.match(e.message, /^m: not a flashproof store: no memory exported as "memory"; export fp_set is \(i32, i32\) -> \(i32\), not \(i32, i32, i32, i32\) -> \(i32\); no export fp_get/);
      return true;
    });
    assert.throws(() => loadWasmStore(new Uint8Array([1, 2, 3, 4])), /: wasm store: cannot read the module: not a WebAssembly module \(bad magic\)$/);
  });

  it('fp_halt is a crash carrying the store message; the instance is dead afterwards', () => {
    const msg = 'logstore.c: assertion failed: off < end';
    const m = misbehaving({ fp_set: [...call(FP_HALT, 64, msg.length), 0x41, 0x00] }, { data: [{ offset: 64, bytes: text(msg) }] });
    const store = m.boot(new NorFlash(G));
    assert.throws(() => store.set(text('k'), text('v')), (e: Error) => {
      assert.ok(e instanceof WasmHalt && e instanceof EngineHalt);
      assert.equal(e.message, `fp_set: fp_halt: ${msg}`);
      assert.deepEqual(failureOf(e), { kind: 'crash', summary: `halt: fp_set: fp_halt: ${msg}` });
      return true;
    });
    assert.match(store.dead ?? '', /fp_halt/);
    assert.throws(() => store.get(text('k')), /dead instance .* a harness bug/);
    assert.equal(m.boot(new NorFlash(G)).mount().cls, 'ok', 'a new instance runs');
  });

  it('a trap and an out-of-bounds access are crashes with the engine message', () => {
    const m = misbehaving({ fp_get: [0x00], fp_remove: [0x41, ...sleb(-16), 0x28, 0x02, 0x00] });
    assert.throws(() => m.boot(new NorFlash(G)).get(text('k')), (e: Error) => {
      assert.ok(e instanceof WasmTrap && e.reason === 'trap');
      assert.match(e.message, /^fp_get: trap: unreachable/);
      assert.equal(failureOf(e).kind, 'crash');
      return true;
    });
    assert.throws(() => m.boot(new NorFlash(G)).remove(text('k')), (e: Error) => e instanceof WasmTrap && /fp_remove: trap: memory access out of bounds/.test(e.message));
  });

  it('misaligned or out-of-range flash calls and buffers outside memory are crashes, and reach no flash', () => {
    const m = misbehaving({
      fp_set: [...call(FP_PROGRAM, 1, 0, 3)], // program size is 4
      fp_remove: [...call(FP_READ, 2040, 16, 0)],
      fp_mount: [...call(FP_READ, 0, 16, 0x10000 - 8)],
    });
    const flash = new NorFlash(G);
    assert.throws(() => m.boot(flash).set(text('k'), text('v')), (e: Error) => e instanceof WasmTrap && e.message === 'fp_set: flash-misuse: fp_program misaligned: addr=1 len=3 unit=4');
    assert.throws(() => m.boot(flash).remove(text('k')), (e: Error) => e instanceof WasmTrap && e.message === 'fp_remove: flash-misuse: fp_read out of range: addr=2040 len=16 size=2048');
    assert.throws(() => m.boot(flash).mount(), (e: Error) => e instanceof WasmTrap && e.reason === 'memory' && /0xfff8\+16 is outside linear memory \(65536 bytes\)/.test(e.message));
    assert.equal(flash.counters.programs + flash.counters.reads, 0);
  });

  it('an endless loop is a hang after exactly the same work every time, with or without flash calls', () => {
    const spin = [0x03, 0x40, 0x0c, 0x00, 0x0b, 0x41, 0x00]; // loop { br 0 }
    const readSpin = [0x03, 0x40, ...call(FP_READ, 0, 4, 0), 0x1a, 0x0c, 0x00, 0x0b, 0x41, 0x00];
    const programSpin = [0x03, 0x40, ...call(FP_PROGRAM, 0, 32, 4), 0x1a, 0x0c, 0x00, 0x0b, 0x41, 0x00];
    const m = misbehaving({ fp_set: spin, fp_get: readSpin, fp_remove: programSpin });
    const runs = [0, 1].map(() => {
      const dev = new PowerCutDevice(new NorFlash(G));
      const store = m.boot(dev);
      const kinds = [
        () => store.set(text('k'), text('v')),
        () => m.boot(dev).get(text('k')),
        () => m.boot(dev).remove(text('k')),
      ].map((f) => {
        try {
          f();
        } catch (e) {
          assert.ok(e instanceof WasmHang, String(e));
          return failureOf(e);
        }
        return assert.fail('no hang');
      });
      return { kinds, reads: dev.reads, steps: dev.steps, image: dev.flash.image(), fuel: store.lastFuel };
    });
    assert.deepEqual(runs[0].kinds.map((k) => k.kind), ['hang', 'hang', 'hang']);
    assert.equal(runs[0].kinds[0].summary, 'fp_set: fuel budget of 50000 exhausted: the store does not terminate');
    assert.equal(runs[0].fuel, 50_000);
    assert.equal(runs[0].reads, 24_999, 'entry 1, then per turn: loop header 1 + fp_read 1');
    assert.equal(runs[0].steps, 24_999);
    assert.deepEqual(runs[1], runs[0]);
  });

  it('a power loss unwinds the instance untouched; the next instance boots from what the flash holds', () => {
    const m = loadWasmStoreFile(path.join(BUILD, 'logstore.wasm'));
    for (const [torn, want] of [['before', 'v1'], ['after', 'v2']] as const) {
      const dev = new PowerCutDevice(new NorFlash(G));
      const store = m.boot(dev);
      assert.equal(store.mount().cls, 'ok');
      assert.equal(store.set(text('k'), text('v1')).cls, 'ok');
      dev.arm({ step: dev.steps + 1, torn, tornSeed: 0 }); // the second program of the set: its commit marker
      assert.throws(() => store.set(text('k'), text('v2')), (e: Error) => e instanceof PowerLoss && e.cut.step === dev.steps);
      assert.equal(store.dead, 'power lost');
      assert.throws(() => store.get(text('k')), /dead instance/);
      const next = m.boot(dev);
      assert.equal(next.mount().cls, 'ok');
      assert.deepEqual(next.get(text('k')).value, text(want), torn);
    }
  });

  it("keeps each store's own status numbers: a status table (logstore) or the fixed convention (pagestore)", () => {
    const ls = loadWasmStoreFile(path.join(BUILD, 'logstore.wasm')).boot(new NorFlash(G));
    ls.mount();
    const { value: _v, ...missing } = ls.get(text('nope'));
    assert.deepEqual(missing, { code: -100, name: 'LS_NOT_FOUND', cls: 'not-found' });
    assert.deepEqual(ls.set(new Uint8Array(65), text('v')), { code: -102, name: 'LS_BAD_ARG', cls: 'invalid' });
    const ps = loadWasmStoreFile(path.join(BUILD, 'pagestore.wasm')).boot(new NorFlash(G));
    assert.deepEqual(ps.mount(), { code: 0, name: 'FP_OK', cls: 'ok' });
    assert.deepEqual(ps.remove(text('nope')), { code: -1, name: 'FP_E_NOT_FOUND', cls: 'not-found' });
    assert.deepEqual(ps.set(new Uint8Array(256), text('v')), { code: -3, name: 'FP_E_INVALID', cls: 'invalid' });
    assert.deepEqual(ps.set(text('big'), new Uint8Array(1200)), { code: -2, name: 'FP_E_NO_SPACE', cls: 'no-space' });
    assert.deepEqual(conventionalResult(-4001), { code: -4001, name: 'BD_ERROR_DEVICE_ERROR', cls: 'error' });
    assert.deepEqual(conventionalResult(7), { code: 7, name: 'E7', cls: 'error' });
  });

  it('get learns the real size from a buffer that is too small and asks again', () => {
    for (const name of ['logstore', 'pagestore']) {
      const store = loadWasmStoreFile(path.join(BUILD, `${name}.wasm`)).boot(new NorFlash(G));
      store.mount();
      const value = Uint8Array.from({ length: 100 }, (_, i) => i);
      store.set(bytes(1, 2), value);
      const calls = store.calls;
      const got = store.get(bytes(1, 2), 8);
      assert.deepEqual(got.value, value, name);
      assert.equal(store.calls - calls, 2, `${name}: one call with 8 bytes, one with 100`);
      assert.deepEqual(store.keys().keys, [bytes(1, 2)], name);
    }
  });

  it('boots and mounts fast enough to recover every crash point (prints instances per second)', function () {
    const m = loadWasmStoreFile(path.join(BUILD, 'logstore.wasm'));
    const flash = new NorFlash(G);
    const s = m.boot(flash);
    s.mount();
    for (let i = 0; i < 5; i++) s.set(bytes(i), new Uint8Array(20).fill(i));
    const n = 500;
    const t = process.hrtime.bigint();
    for (let i = 0; i < n; i++) assert.equal(m.boot(flash).mount().cls, 'ok');
    const perSecond = Math.round(n / (Number(process.hrtime.bigint() - t) / 1e9));
    this.test!.title += ` [${perSecond} boots+mounts/s]`;
    assert.ok(perSecond > 500, `${perSecond}/s`);
  });
});
