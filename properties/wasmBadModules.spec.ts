// Modules that cannot be a store, through the real command line (`node cli/flashproof.js campaign --wasm FILE`):
// each is refused before any case runs, with one line on stderr naming the file and the reason, and exit 2.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ABI_VERSION } from '../faults/wasm/abi';
import { abiStore, assemble, sleb } from '../faults/wasm/assemble';
import { WasmLoadError } from '../faults/wasm/errors';
import { loadWasmStore } from '../faults/wasm/loader';
import { runFlashproof } from './support/cliProcess';

const text = (s: string): number[] => [...Buffer.from(s)];
const FP_HALT = 3;
const HALT_MESSAGE = 'ctor: assertion failed: config_ok()';

/** Every function of the ABI but `fp_get`, typed right. */
const withoutGet = assemble({
  imports: [{ module: 'flashproof', name: 'fp_read', params: 3, results: 1 }],
  functions: [
    { name: 'fp_mount', params: 4, results: 1, body: [0x41, 0x00] },
    { name: 'fp_set', params: 4, results: 1, body: [0x41, 0x00] },
    { name: 'fp_remove', params: 2, results: 1, body: [0x41, 0x00] },
    { name: 'fp_alloc', params: 1, results: 1, body: [0x41, 0x00] },
    { name: 'fp_free', params: 1, results: 0, body: [] },
    { name: 'fp_abi_version', params: 0, results: 1, body: [0x41, ...sleb(ABI_VERSION)] },
  ],
  memoryPages: 1,
});

/** The whole ABI but no fp_abi_version: a module built before the version existed, or without flashproof.h. */
const noVersion = (() => {
  const full = abiStore({});
  // Rename the export "fp_abi_version" to a name the loader ignores, keeping the module valid.
  const at = Buffer.from(full).indexOf('fp_abi_version');
  const out = new Uint8Array(full);
  out.set(text('xx_abi_version'), at);
  return out;
})();

/** name, module bytes, what the one line must say. */
const BAD: Array<[string, Uint8Array, RegExp]> = [
  ['not WebAssembly', new Uint8Array(Buffer.from('int main(void) { return 0; }\n')), /not-wasm\.wasm: cannot read the module: .*bad magic/],
  ['an export missing', withoutGet, /missing-export\.wasm: not a flashproof store: no export fp_get \(wasm\/ABI\.md\)/],
  ['no ABI version export', noVersion, /no-version\.wasm: not a flashproof store: no export fp_abi_version \(include wasm\/flashproof\.h, which defines it\)/],
  ['another ABI version', abiStore({ fp_abi_version: [0x41, ...sleb(ABI_VERSION + 1)] }), new RegExp(`built for flashproof ABI version ${ABI_VERSION + 1}; this flashproof loads version ${ABI_VERSION}`)],
  [
    'an import other than flashproof',
    assemble({
      imports: [
        { module: 'flashproof', name: 'fp_read', params: 3, results: 1 },
        { module: 'wasi_snapshot_preview1', name: 'fd_write', params: 4, results: 1 },
      ],
      functions: [{ name: 'fp_mount', params: 4, results: 1, body: [0x41, 0x00] }],
      memoryPages: 1,
    }),
    /foreign-import\.wasm: imports wasi_snapshot_preview1\.fd_write \(function\); a store may import only the flashproof functions/,
  ],
  ['a trap in its start function', abiStore({}, { extra: [{ params: 0, results: 0, body: [0x00] }], start: 0 }), /start-trap\.wasm: fails at instantiation: unreachable \(its start function\)$/],
  ['a data segment outside memory', abiStore({}, { data: [{ offset: 65534, bytes: [1, 2, 3, 4] }] }), /data-trap\.wasm: fails at instantiation: .*data segment is out of bounds$/],
  [
    'fp_halt in its constructors (_initialize)',
    abiStore(
      {},
      {
        extra: [{ name: '_initialize', params: 0, results: 0, body: [0x41, ...sleb(64), 0x41, ...sleb(HALT_MESSAGE.length), 0x10, FP_HALT] }],
        data: [{ offset: 64, bytes: text(HALT_MESSAGE) }],
      },
    ),
    new RegExp(`halt-init\\.wasm: fails at instantiation: _initialize: fp_halt: ${HALT_MESSAGE.replace(/[()]/g, '\\$&')}`),
  ],
];
const FILES = ['not-wasm', 'missing-export', 'no-version', 'other-version', 'foreign-import', 'start-trap', 'data-trap', 'halt-init'];

const cli = runFlashproof;

describe('wasm: bad modules are refused in one line, exit 2', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-badwasm-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('the loader refuses each with one WasmLoadError (a line, no stack of the store)', () => {
    BAD.forEach(([name, bytes, message], i) => {
      assert.throws(
        () => loadWasmStore(bytes, { name: `${FILES[i]}.wasm` }),
        (e: Error) => e instanceof WasmLoadError && message.test(e.message) && !e.message.includes('\n'),
        name,
      );
    });
  });

  it('a start function that returns is run (on the start fuel) and the module loads', () => {
    // for (i = 0; i < 1000; i++) {}: 1,001 loop headers, far below START_FUEL
    const loop = [0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6a, 0x22, 0x00, 0x41, ...sleb(1000), 0x48, 0x0d, 0x00, 0x0b];
    const m = loadWasmStore(abiStore({}, { extra: [{ params: 0, results: 0, locals: 1, body: loop }], start: 0 }), { name: 'start-ok.wasm' });
    assert.equal(m.instances, 0, 'the trial instance is not counted');
  });

  it('through the CLI: campaign --wasm BAD.wasm prints one line on stderr and exits 2, for each', async function () {
    const runs = BAD.map(([, bytes], i) => {
      const file = path.join(tmp, `${FILES[i]}.wasm`);
      fs.writeFileSync(file, bytes);
      return cli(['campaign', '--wasm', file, '--seeds', '1', '--ops', '3', '--workers', '1', '--out', path.join(tmp, `out-${i}`)]);
    });
    const results = await Promise.all(runs); // child processes: two cores, not one after the other
    results.forEach((r, i) => {
      const [name, , message] = BAD[i];
      assert.equal(r.code, 2, `${name}: exit ${r.code}\n${r.stderr}`);
      const lines = r.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, `${name}: ${r.stderr}`);
      assert.match(lines[0], /^flashproof campaign: /, name);
      assert.match(lines[0], message, name);
      assert.equal(r.stdout, '', name);
      assert.ok(!fs.existsSync(path.join(tmp, `out-${i}`)), `${name}: nothing was written`);
    });
    this.test!.title += ` [${BAD.length} modules]`;
  });
});
