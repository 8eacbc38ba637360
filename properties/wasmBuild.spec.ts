// The committed example builds: present and loadable everywhere, and where clang is installed, what
// wasm/build.sh makes of the sources today (byte for byte with the clang, and for the Rust store the rustc, that
// built them, as wasm/build/TOOLCHAIN records). Also the shim for platform headers (wasm/shim/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseModule } from '../faults/wasm/binary';
import { NorFlash } from '../engine/flash/norFlash';
import { WasmHalt } from '../faults/wasm/errors';
import { loadWasmStore, type WasmStoreModule } from '../faults/wasm/loader';

const WASM = path.join(__dirname, '..', 'wasm');
const BUILD = path.join(WASM, 'build');
const C_STORES = ['logstore', 'logstore_buggy', 'logstore_hang', 'logstore_keyinflight', 'pagestore', 'snapkv'];
const RUST_STORES = ['snapstore'];
const STORES = [...C_STORES, ...RUST_STORES];

/** TOOLCHAIN: the clang line, then the rustc line ("rustc: none" when build.sh found no Rust for wasm32). */
const toolchain = (dir: string): { clang: string; rustc: string } => {
  const [clang = '', rustc = ''] = fs.readFileSync(path.join(dir, 'TOOLCHAIN'), 'utf8').split('\n');
  return { clang, rustc };
};

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
      const [fresh, committed] = [toolchain(out), toolchain(BUILD)];
      const rust = fresh.rustc !== 'rustc: none';
      const notes: string[] = [];
      for (const s of rust ? STORES : C_STORES) {
        const bytes = new Uint8Array(fs.readFileSync(path.join(out, `${s}.wasm`)));
        loadWasmStore(bytes, { name: `fresh ${s}` });
        const same = RUST_STORES.includes(s) ? fresh.rustc === committed.rustc : fresh.clang === committed.clang;
        if (same) assert.ok(Buffer.from(bytes).equals(fs.readFileSync(path.join(BUILD, `${s}.wasm`))), `${s}.wasm differs from a fresh build: run wasm/build.sh and commit wasm/build/`);
      }
      if (fresh.clang !== committed.clang) notes.push(`${clang} is not the clang of wasm/build/TOOLCHAIN: checked that the C stores rebuild and load`);
      if (!rust) notes.push('no rustc with the wasm32 std (Debian: rustc libstd-rust-dev-wasm32): snapstore.wasm not rebuilt');
      else if (fresh.rustc !== committed.rustc) notes.push(`${fresh.rustc} is not the rustc of wasm/build/TOOLCHAIN: snapstore.wasm rebuilt and loaded`);
      if (notes.length) this.test!.title += ` [${notes.join('; ')}]`;
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('wasm/shim: <assert.h> is fp_halt (a crash naming file, line and condition), <pthread.h> mutexes compile to nothing', function () {
    this.timeout(60_000);
    if (!clangVersion()) {
      this.test!.title += ' [skipped: clang not found]';
      this.skip();
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-shim-'));
    try {
      // A store's own code as firmware writes it: libc types first (the shim's mutex must not clash with them).
      const source = [
        '#include <sys/types.h>',
        '#include <stdlib.h>',
        '#include <assert.h>',
        '#include <pthread.h>',
        '#include "flashproof.h"',
        'static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;',
        'FP_EXPORT(fp_mount) int32_t fp_mount(uint32_t size, uint32_t e, uint32_t p, uint32_t r) {',
        '  (void)e, (void)p, (void)r, (void)size;',
        '  pthread_mutex_lock(&lock);',
        '  assert(size > 1000000);',
        '  pthread_mutex_unlock(&lock);',
        '  return 0;',
        '}',
        'FP_EXPORT(fp_set) int32_t fp_set(const uint8_t *k, uint32_t kl, const uint8_t *v, uint32_t vl) { (void)k, (void)kl, (void)v, (void)vl; return 0; }',
        'FP_EXPORT(fp_get) int32_t fp_get(const uint8_t *k, uint32_t kl, uint8_t *b, uint32_t c, uint32_t *s) { (void)k, (void)kl, (void)b, (void)c, (void)s; return -1; }',
        'FP_EXPORT(fp_remove) int32_t fp_remove(const uint8_t *k, uint32_t kl) { (void)k, (void)kl; return -1; }',
        'FP_EXPORT(fp_alloc) void *fp_alloc(uint32_t n) { return malloc(n); }',
        'FP_EXPORT(fp_free) void fp_free(void *p) { free(p); }',
        '',
      ].join('\n');
      fs.writeFileSync(path.join(dir, 'shimtest.c'), source);
      const build = (out: string, ...flags: string[]): WasmStoreModule => {
        const args = ['--target=wasm32-wasi', '-O2', '-mexec-model=reactor', '-Wall', '-Wextra', '-Werror', ...flags, '-I', path.join(WASM, 'shim'), '-I', WASM, 'shimtest.c', '-o', out];
        const r = spawnSync(process.env.CC ?? 'clang', args, { cwd: dir, encoding: 'utf8' });
        assert.equal(r.status, 0, r.stderr);
        const bytes = new Uint8Array(fs.readFileSync(path.join(dir, out)));
        assert.ok(parseModule(bytes).imports.every((i) => i.module === 'flashproof' && i.name === 'fp_halt'), 'fp_halt at most: no WASI import');
        return loadWasmStore(bytes, { name: out });
      };
      const flash = new NorFlash({ sizeBytes: 4096, eraseSizeBytes: 1024, programSizeBytes: 4, readSizeBytes: 1, eraseValue: 0xff });
      const checked = build('checked.wasm').boot(flash);
      assert.throws(() => checked.mount(), (e: Error) => e instanceof WasmHalt && /^fp_mount: fp_halt: shimtest\.c:10: assertion failed: size > 1000000$/.test(e.message));
      assert.equal(build('ndebug.wasm', '-DNDEBUG').boot(flash).mount().cls, 'ok', 'NDEBUG turns assert off');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
