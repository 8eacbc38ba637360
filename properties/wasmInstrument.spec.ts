// The WebAssembly reader and fuel instrumenter: the example stores and hand-built modules with the instructions
// whose immediates are easy to get wrong (br_table, block types by index, 0xFC and 0xFD prefixes, memargs).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { assemble, sleb, uleb } from '../faults/wasm/assemble';
import { parseModule } from '../faults/wasm/binary';
import { encode, Reader, WasmFormatError } from '../faults/wasm/bytes';
import { walkExpr } from '../faults/wasm/decode';
import { FUEL_EXPORT, fuelCheck, instrument } from '../faults/wasm/instrument';
import { WebAssemblyApi as WA, type WasmGlobalHandle } from '../faults/wasm/webassembly';

const BUILD = path.join(__dirname, '..', 'wasm', 'build');
const EXAMPLES = ['logstore', 'logstore_buggy', 'pagestore'];
const built = (name: string): Uint8Array => new Uint8Array(fs.readFileSync(path.join(BUILD, `${name}.wasm`)));

type Exports = Record<string, unknown>;
const run = (bytes: Uint8Array, imports: Record<string, Record<string, unknown>> = {}): Exports =>
  new WA.Instance(new WA.Module(bytes), imports as never).exports;

/** Opcodes of every instruction of every body (prefixed ones as prefix * 0x10000 + sub-opcode). */
function opcodes(bytes: Uint8Array): number[] {
  const info = parseModule(bytes);
  const ops: number[] = [];
  for (const b of info.bodies) {
    const r = new Reader(bytes, b.start, b.end);
    for (let n = r.u32(); n > 0; n--) {
      r.u32();
      r.u8();
    }
    walkExpr(r, (op) => ops.push(op));
    assert.equal(r.pos, b.end);
  }
  return ops;
}

const i64Const = (v: bigint): number[] => {
  const out = [0x42];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && !(b & 0x40)) || (v === -1n && b & 0x40)) return [...out, b];
    out.push(b | 0x80);
  }
};
const f32 = (v: number): number[] => [...new Uint8Array(new Float32Array([v]).buffer)];
const f64 = (v: number): number[] => [...new Uint8Array(new Float64Array([v]).buffer)];

/** sum(n) = 0 + 1 + ... + n-1 with one loop; exotic(x) exercises immediates the decoder must step over. */
const SUM = [
  0x02, 0x40, 0x03, 0x40, // block, loop
  0x20, 0x01, 0x20, 0x00, 0x4e, 0x0d, 0x01, // br_if 1 when i >= n
  0x20, 0x02, 0x20, 0x01, 0x6a, 0x21, 0x02, // s += i
  0x20, 0x01, 0x41, 0x01, 0x6a, 0x21, 0x01, // i += 1
  0x0c, 0x00, 0x0b, 0x0b, // br 0, end, end
  0x20, 0x02,
];
const EXOTIC = [
  0x02, 0x40, 0x02, 0x40, 0x02, 0x40, // block A, block B, block C
  0x20, 0x00, 0x41, 0x03, 0x71, 0x0e, 0x02, 0x00, 0x01, 0x02, // br_table [C, B] default A on x & 3
  0x0b, 0x41, ...sleb(100), 0x21, 0x01, 0x0c, 0x01, // C: l = 100; br A
  0x0b, 0x41, ...sleb(200), 0x21, 0x01, // B: l = 200
  0x0b, 0x20, 0x01, // A: l
  ...i64Const(0x0123456789abcdefn), 0xa7, 0x6a, // + wrap(i64)
  0x44, ...f64(2.5), 0xaa, 0x6a, // + trunc(2.5)
  0x43, ...f32(7.9), 0xfc, 0x00, 0x6a, // + trunc_sat(7.9)
  0x41, 0x10, 0x20, 0x00, 0x41, 0x08, 0xfc, 0x0b, 0x00, // memory.fill(16, x, 8)
  0x41, 0x10, 0x2d, 0x00, 0x03, 0x6a, // + load8_u offset=3 (x & 0xff)
  0x41, 0x01, 0x41, 0x02, 0x20, 0x00, 0x1c, 0x01, 0x7f, 0x6a, // + (x ? 1 : 2), typed select
  0xfd, ...uleb(12), ...[5, 6, 7, 8].flatMap((v) => [v, 0, 0, 0]), 0xfd, ...uleb(27), 0x02, 0x6a, // + lane 2 of i32x4(5,6,7,8)
  0x41, 0x28, 0x02, 0x00, 0x41, 0x02, 0x6c, 0x0b, 0x6a, // + block (type 0: i32 -> i32) { * 2 } of 40
  0x20, 0x00, 0x04, 0x40, 0x03, 0x40, 0x0b, 0x0b, // if x { loop {} }
];
const exoticWant = (x: number): number => {
  const base = (x & 3) === 0 ? 100 : (x & 3) === 1 ? 200 : 0;
  return (base + (0x89abcdef | 0) + 2 + 7 + (x & 0xff) + (x ? 1 : 2) + 7 + 80) | 0;
};
const handBuilt = (): Uint8Array =>
  assemble({
    extraTypes: [[1, 1]],
    functions: [
      { name: 'sum', params: 1, results: 1, locals: 2, body: SUM },
      { name: 'exotic', params: 1, results: 1, locals: 1, body: EXOTIC },
    ],
    memoryPages: 1,
  });

describe('wasm instrumenter', () => {
  it('reads the example stores: flashproof imports, typed exports, every body decoded to its end', () => {
    for (const name of EXAMPLES) {
      const info = parseModule(built(name));
      assert.ok(info.imports.every((i) => i.module === 'flashproof' && i.kind === 'function'), name);
      assert.ok(info.imports.some((i) => i.name === 'fp_program'), name);
      const mount = info.exports.find((e) => e.name === 'fp_mount');
      assert.ok(mount && mount.kind === 'function');
      assert.equal(info.bodies.length, info.functionTypes.length);
      assert.ok(opcodes(built(name)).length > 500, name);
    }
  });

  it('meters every loop of the example stores, and the result validates and exports the fuel', () => {
    for (const name of EXAMPLES) {
      const bytes = built(name);
      const loops = opcodes(bytes).filter((op) => op === 0x03).length;
      const out = instrument(bytes);
      assert.ok(WA.validate(out.bytes), name);
      assert.equal(out.loops, loops, name);
      assert.ok(loops > 10, name);
      assert.equal(out.functions, parseModule(bytes).bodies.length);
      assert.ok(parseModule(out.bytes).exports.some((e) => e.name === FUEL_EXPORT && e.kind === 'global'));
      // Each rewritten body starts (after its locals) with the check.
      const check = fuelCheck(out.fuelGlobal);
      const info = parseModule(out.bytes);
      for (const b of info.bodies) {
        const r = new Reader(out.bytes, b.start, b.end);
        for (let n = r.u32(); n > 0; n--) [r.u32(), r.u8()];
        assert.deepEqual(out.bytes.subarray(r.pos, r.pos + check.length), check);
      }
    }
  });

  it('meets bulk-memory (0xFC) instructions in the C stores and SIMD/0xFC/br_table in the hand-built module', () => {
    const ls = opcodes(built('logstore'));
    assert.ok(ls.some((op) => op === 0xfc000a || op === 0xfc000b), 'memory.copy or memory.fill in logstore');
    const hb = opcodes(handBuilt());
    for (const op of [0x0e, 0x1c, 0x42, 0x43, 0x44, 0xfc0000, 0xfc000b, 0xfd000c, 0xfd001b, 0x2d]) assert.ok(hb.includes(op), `0x${op.toString(16)}`);
  });

  it('leaves what a hand-built module computes unchanged', () => {
    const plain = run(handBuilt());
    const metered = run(instrument(handBuilt()).bytes);
    (metered[FUEL_EXPORT] as WasmGlobalHandle).value = 1_000_000;
    for (const x of [0, 1, 2, 3, 7, 255, 256, -1, 123456]) {
      const exotic = (e: Exports) => (e.exotic as (x: number) => number)(x);
      assert.equal(exotic(plain), exoticWant(x), `x=${x}`);
      assert.equal(exotic(metered), exoticWant(x), `x=${x}`);
    }
    assert.equal((metered.sum as (n: number) => number)(100), 4950);
  });

  it('charges one unit per function entry and loop header pass: sum(n) costs n + 2, always', () => {
    const out = instrument(handBuilt());
    assert.equal(out.loops, 2);
    const e = run(out.bytes);
    const fuel = e[FUEL_EXPORT] as WasmGlobalHandle;
    for (const n of [0, 1, 10, 1000]) {
      fuel.value = 1_000_000;
      (e.sum as (n: number) => number)(n);
      assert.equal(1_000_000 - fuel.value, n + 2, `n=${n}`);
    }
    fuel.value = 5;
    assert.throws(() => (e.sum as (n: number) => number)(10), (err: Error) => err instanceof WA.RuntimeError && /unreachable/.test(err.message));
    assert.ok(fuel.value < 0, 'the trap came from the fuel check');
  });

  it('appends the fuel global after imported and defined globals, and creates missing sections', () => {
    const withGlobals = assemble({
      imports: [{ module: 'env', name: 'g', kind: 'global' }],
      globals: [42],
      functions: [{ name: 'own', params: 0, results: 1, body: [0x23, 0x01] }],
    });
    const out = instrument(withGlobals);
    assert.equal(out.fuelGlobal, 2);
    const g = new (globalThis as unknown as { WebAssembly: { Global: new (d: object, v: number) => unknown } }).WebAssembly.Global({ value: 'i32', mutable: false }, 7);
    const e = run(out.bytes, { env: { g } });
    (e[FUEL_EXPORT] as WasmGlobalHandle).value = 10;
    assert.equal((e.own as () => number)(), 42);
    assert.equal((e[FUEL_EXPORT] as WasmGlobalHandle).value, 9);
    // No global, export or memory section at all: both sections are created in their places.
    const bare = encode((w) => {
      w.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
      w.byte(1).u32(4).bytes([1, 0x60, 0, 0]); // type () -> ()
      w.byte(3).u32(2).bytes([1, 0]); // one function
      w.byte(10).u32(4).bytes([1, 2, 0, 0x0b]); // empty body
    });
    const b = instrument(bare);
    assert.ok(WA.validate(b.bytes));
    assert.deepEqual(parseModule(b.bytes).sections.map((s) => s.id), [1, 3, 6, 7, 10]);
  });

  it('refuses what it cannot read with a format error naming the place', () => {
    const bytes = built('logstore');
    assert.throws(() => instrument(bytes.subarray(0, bytes.length - 7)), WasmFormatError);
    assert.throws(() => parseModule(new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0])), /bad magic/);
    const gc = assemble({ functions: [{ name: 'f', params: 0, results: 0, body: [0xfb, 0x00] }] });
    assert.throws(() => instrument(gc), /unsupported opcode 0xfb at byte \d+/);
  });
});
