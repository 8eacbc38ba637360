// The committed example builds: present and loadable everywhere, and where clang is installed, what
// wasm/build.sh makes of the sources today (byte for byte with the clang that built them).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseModule } from '../faults/wasm/binary';
import { loadWasmStore } from '../faults/wasm/loader';

const WASM = path.join(__dirname, '..', 'wasm');
const BUILD = path.join(WASM, 'build');
const STORES = ['logstore', 'logstore_buggy', 'logstore_keyinflight', 'pagestore'];

function clangVersion(): string | undefined {
  const r = spawnSync(process.env.CC ?? 'clang', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

describe('wasm builds', () => {
  it('every example store has a committed build that loads and imports only flashproof functions', () => {
    const built = fs.readdirSync(BUILD).filter((f) => f.endsWith('.wasm')).sort();
    assert.deepEqual(built, STORES.map((s) => `${s}.wasm`).sort());
    for (const s of STORES) {
      const bytes = new Uint8Array(fs.readFileSync(path.join(BUILD, `${s}.wasm`)));
      assert.ok(parseModule(bytes).imports.every((i) => i.module === 'flashproof'), s);
      loadWasmStore(bytes, { name: s });
    }
  });

  it('wasm/build.sh rebuilds them from the sources (byte for byte with the same clang)', function () {
    this.timeout(60_000);
    const clang = clangVersion();
    if (!clang) {
      this.test!.title += ' [skipped: clang not found; the tests use the committed wasm/build/*.wasm]';
      this.skip();
    }
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-wasm-'));
    try {
      const r = spawnSync('sh', [path.join(WASM, 'build.sh'), out], { encoding: 'utf8' });
      assert.equal(r.status, 0, `wasm/build.sh failed:\n${r.stderr}`);
      const same = fs.readFileSync(path.join(out, 'TOOLCHAIN'), 'utf8') === fs.readFileSync(path.join(BUILD, 'TOOLCHAIN'), 'utf8');
      for (const s of STORES) {
        const fresh = new Uint8Array(fs.readFileSync(path.join(out, `${s}.wasm`)));
        loadWasmStore(fresh, { name: `fresh ${s}` });
        if (same) assert.ok(Buffer.from(fresh).equals(fs.readFileSync(path.join(BUILD, `${s}.wasm`))), `${s}.wasm differs from a fresh build: run wasm/build.sh and commit wasm/build/`);
      }
      if (!same) this.test!.title += ` [${clang} is not the clang of wasm/build/TOOLCHAIN: checked that they rebuild and load]`;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
