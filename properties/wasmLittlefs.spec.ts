// A real store under the cuts: littlefs, through wasm/examples/littlefs/lfs_kv.c. littlefs is not in this repository,
// so this runs only with LITTLEFS_DIR set to a checkout (and clang); otherwise it says it skipped.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampaign } from '../api/campaign';
import { replay } from '../faults/replay';

const BUILD_SH = path.join(__dirname, '..', 'wasm', 'examples', 'littlefs', 'build.sh');

describe('littlefs under the cuts (LITTLEFS_DIR=checkout)', function () {
  this.timeout(300_000);
  const dir = process.env.LITTLEFS_DIR;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-littlefs-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  before(function () {
    const why = !dir ? 'LITTLEFS_DIR is not set' : !fs.existsSync(path.join(dir, 'lfs.c')) ? `${dir}/lfs.c not found` : undefined;
    const built = why ? undefined : spawnSync('sh', [BUILD_SH, dir as string, tmp], { encoding: 'utf8' });
    if (why || built?.status !== 0) {
      const reason = why ?? `build.sh failed (clang with wasi-libc needed): ${built?.stderr.trim().split('\n').pop()}`;
      console.log(`      skipped littlefs: ${reason}; see README "A real store: littlefs"`);
      this.skip();
    }
  });

  const campaign = (store: string, geometry: string) =>
    runCampaign({ driver: path.join(tmp, `${store}.wasm`), out: path.join(tmp, `${store}-${geometry}`), geometry, seeds: 20, ops: 30, depth: 2, workers: 2 });

  it('a cut inside a rename hides an unrelated committed file from reads until the first write: found, shrunk, replayed', async function () {
    // 256-byte blocks: the root directory spans two metadata pairs, so a rename there is a move with a pending state
    const r = await campaign('lfs_kv', '16384:256:4');
    assert.equal(r.verdict, 'fail');
    const lost = r.report.violations.filter((v) => v.kind === 'lost');
    assert.ok(lost.length > 0 && lost.every((v) => v.opKind === 'set'), r.report.violations.slice(0, 3).map((v) => v.summary).join('\n'));
    const shrunk = Math.min(...Object.values(r.report.minimal ?? {}).map((m) => m.ops.length));
    assert.ok(shrunk <= 10, `shrunk to ${shrunk} ops`);
    const again = replay(lost[0].id, { driverFile: path.join(tmp, 'lfs_kv.wasm') });
    assert.ok(again.result.violations.some((v) => v.summary === lost[0].summary));
    this.test!.title += ` [${r.report.totals.violations} violations in ${r.report.totals.crashPoints} crash points, shrunk to ${shrunk} ops]`;
  });

  it('with lfs_fs_mkconsistent after mount the same campaign holds the atomic promise, nested cuts included', async function () {
    for (const g of ['16384:256:4', '32768:512:8']) {
      const r = await campaign('lfs_kv_consistent', g);
      assert.equal(r.verdict, 'pass', r.report.violations.slice(0, 3).map((v) => v.summary).join('\n'));
      assert.ok(r.report.totals.crashPoints > 1000 && r.report.totals.nestedPoints > 500);
      this.test!.title += ` [${g}: ${r.report.totals.crashPoints} crash points + ${r.report.totals.nestedPoints} nested]`;
    }
  });

  it('a set that opens with O_CREAT|O_TRUNC and writes is not atomic: an empty value, found and shrunk to mount and one set', async function () {
    const r = await campaign('lfs_kv_naive', '32768:512:8');
    assert.equal(r.verdict, 'fail');
    const empty = r.report.violations.filter((v) => /^(corrupted|phantom): [0-9a-f]+= /.test(v.summary.replace(/^a cut [^:]*: /, '')));
    assert.ok(empty.length > 0, r.report.violations.slice(0, 3).map((v) => v.summary).join('\n'));
    const minimal = Object.values(r.report.minimal ?? {});
    assert.ok(minimal.some((m) => m.ops.length === 2 && m.ops[0] === 'mount' && m.ops[1].startsWith('set ')), minimal.map((m) => m.ops.join('; ')).join('\n'));
    this.test!.title += ` [${r.report.totals.violations} violations in ${r.report.totals.crashPoints} crash points]`;
  });

  it('native_repro.c shows the hidden file with native littlefs and no flashproof (where cc exists)', function () {
    const exe = path.join(tmp, 'repro');
    const src = path.join(path.dirname(BUILD_SH), 'native_repro.c');
    const cc = spawnSync('cc', ['-I', dir as string, path.join(dir as string, 'lfs.c'), path.join(dir as string, 'lfs_util.c'), src, '-o', exe], { encoding: 'utf8' });
    if (cc.error || cc.status !== 0) {
      this.test!.title += ' [skipped: no native cc]';
      this.skip();
    }
    const run = spawnSync(exe, [], { encoding: 'utf8' });
    assert.equal(run.status, 1, run.stdout);
    assert.match(run.stdout, /lfs_stat\("6b32"\) = -2/);
    assert.match(run.stdout, /after lfs_fs_mkconsistent: .*6b32/);
  });
});
