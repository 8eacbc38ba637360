// Conformance: every TicKV / Tock vector from the real crate, capsules and tockloader, byte for byte (tickv-script.md).
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  compareDump,
  compareRun,
  dumpThroughCli,
  loadTickvVectors,
  runInProcess,
  runThroughCli,
  TICKV_FIXTURES,
  type TickvVector,
} from './support/tickvVectors';

const vectors = loadTickvVectors();
/** Vectors also run through the real `flashproof shell` process: a power cut, UTF-8 keys, both languages, a starting image. */
const VIA_CLI = ['tickv_powercut_append_2048x4', 'tickv_hash_keys_2048x4', 'tickv_reads_tockloader_image_4096x3', 'tock_app_self_only_4096x3'];
/** Dumps also produced by the real `flashproof dump` process. */
const DUMP_VIA_CLI = ['tickv_gc_2048x4', 'tock_tbf_permissions_2048x4'];

const byName = (name: string): TickvVector => {
  const v = vectors.find((x) => x.name === name);
  assert.ok(v, `vector ${name} exists`);
  return v;
};

describe('TicKV and Tock conformance vectors', () => {
  it('has the whole visible suite, unaltered (manifest SHA-256)', () => {
    assert.equal(vectors.length, 25);
    const bad: string[] = [];
    for (const v of vectors) {
      for (const [file, sha] of Object.entries(v.sha256)) {
        const got = crypto.createHash('sha256').update(fs.readFileSync(path.join(TICKV_FIXTURES, file))).digest('hex');
        if (got !== sha) bad.push(file);
      }
    }
    assert.deepEqual(bad, []);
  });

  describe('shell, in-process: stdout and final image byte for byte', () => {
    for (const v of vectors) {
      it(`${v.name} (${v.engine}, ${v.regions} x ${v.region_size})`, () => {
        assert.deepEqual(compareRun(TICKV_FIXTURES, v, runInProcess(TICKV_FIXTURES, v)), []);
      });
    }
  });

  describe('dump --engine tickv, in-process: tockloader layout byte for byte', () => {
    for (const v of vectors) {
      it(v.name, () => {
        assert.deepEqual(compareDump(TICKV_FIXTURES, v), []);
      });
    }
  });

  describe('through the flashproof process', () => {
    for (const name of VIA_CLI) {
      it(`shell: ${name}`, function () {
        this.timeout(60000);
        const v = byName(name);
        assert.deepEqual(compareRun(TICKV_FIXTURES, v, runThroughCli(TICKV_FIXTURES, v)), []);
      });
    }
    for (const name of DUMP_VIA_CLI) {
      it(`dump: ${name}`, function () {
        this.timeout(60000);
        const v = byName(name);
        const got = dumpThroughCli(path.join(TICKV_FIXTURES, v.files.final_image), v);
        assert.equal(got.exitCode, 0, got.stderr);
        assert.deepEqual(compareDump(TICKV_FIXTURES, v, got.stdout), []);
      });
    }
    it('dump --json: one object per tockloader object, live keys read through the crate', function () {
      this.timeout(60000);
      const v = byName('tickv_invalidate_2048x4');
      const got = dumpThroughCli(path.join(TICKV_FIXTURES, v.files.final_image), v, true);
      assert.equal(got.exitCode, 0, got.stderr);
      const json = JSON.parse(got.stdout.toString());
      assert.equal(json.layout.length, 4);
      assert.deepEqual(
        json.layout[0].objects.map((o: { valid: boolean; crcOk: boolean; crcOkAsWrittenValid: boolean }) => [o.valid, o.crcOk, o.crcOkAsWrittenValid]),
        [
          [true, true, true],
          [false, false, true],
          [true, true, true],
        ],
      );
      assert.deepEqual(json.layout[0].end, { offset: 47, reason: 'erased' });
      const brightness = json.live.find((l: { hash: string }) => l.hash === '0xbd5451f62e0bed0c');
      assert.deepEqual(brightness, { hash: '0xbd5451f62e0bed0c', result: 'Complete', value: '64' });
    });
  });
});
