// The TicKV command line in-process: bad input is one stderr line and exit 2 with the image untouched; the shells
// answer malformed lines with BADCMD; tockloader's verbs rebuild the vectors' tockloader-written images byte for byte.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../cli/main';
import { TickvShellSession } from '../faults/drivers/tickv/shell';
import { TockShellSession } from '../faults/drivers/tock/shell';
import { TICKV_FIXTURES } from './support/tickvVectors';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `flashproof ARGV` in this process, capturing what it writes. */
async function flashproof(...argv: string[]): Promise<Ran> {
  const out = { stdout: '', stderr: '' };
  const realOut = process.stdout.write;
  const realErr = process.stderr.write;
  process.stdout.write = ((chunk: string | Uint8Array) => ((out.stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((out.stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, ...out };
  } finally {
    process.stdout.write = realOut;
    process.stderr.write = realErr;
  }
}

function session(engine: 'tickv' | 'tock', S = 256, N = 2): { run: (line: string) => string[]; image: () => Uint8Array } {
  let saved: Uint8Array = new Uint8Array(S * N).fill(0xff);
  const opts = { regionSizeBytes: S, regions: N, image: saved, saveImage: (img: Uint8Array) => (saved = img) };
  const s = engine === 'tock' ? new TockShellSession(opts) : new TickvShellSession(opts);
  if (s instanceof TockShellSession) s.boot();
  return { run: (line) => s.runLine(line).lines, image: () => saved };
}

describe('TicKV command line', () => {
  let tmp = '';
  beforeEach(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-tickv-cli-'))));
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  describe('bad input: one line on stderr, exit 2, the file untouched', () => {
    const cases: Array<[string, (img: string) => string[], RegExp]> = [
      ['wrong image size (shell)', (img) => ['shell', '--engine', 'tickv', '--region-size', '256', '--regions', '4', '--image', img], /is 1000 bytes, but the geometry says 1024/],
      ['wrong image size (dump)', (img) => ['dump', img, '--engine', 'tickv', '--region-size', '512', '--regions', '4'], /is 1000 bytes/],
      ['wrong image size (verb)', (img) => ['tickv', 'invalidate', 'k', '--region-size', '256', '--regions', '3', '--image', img], /is 1000 bytes/],
      ['region size too small', (img) => ['shell', '--engine', 'tock', '--region-size', '8', '--regions', '125', '--image', img], /--region-size must be at least 16/],
      ['regions not a number', (img) => ['shell', '--engine', 'tickv', '--region-size', '250', '--regions', 'four', '--image', img], /--regions must be a positive integer/],
      ['unknown option', (img) => ['shell', '--engine', 'tock', '--write-id', '3', '--region-size', '250', '--regions', '4', '--image', img], /unknown option --write-id/],
      ['a geometry TicKV cannot run on', (img) => ['shell', '--engine', 'tock', '--geometry', 'tiny', '--image', img], /tock cannot run on that geometry: TicKV needs byte-programmable flash/],
      ['both geometry forms', (img) => ['shell', '--engine', 'tickv', '--geometry', '1000:250:1', '--region-size', '250', '--regions', '4', '--image', img], /give --geometry or --region-size S --regions N, not both/],
      ['missing --image', () => ['shell', '--engine', 'tickv', '--region-size', '250', '--regions', '4'], /--image is required/],
      ['unknown verb', (img) => ['tickv', 'frobnicate', '--image', img], /expected a verb/],
      ['bad --write-id', (img) => ['tickv', 'append', 'k', 'v', '--write-id', '0x1ffffffff', '--region-size', '250', '--regions', '4', '--image', img], /--write-id/],
      ['missing image directory', () => ['tickv', 'reset', '--region-size', '250', '--regions', '4', '--image', '/nonexistent/dir/x.img'], /cannot create image/],
    ];
    for (const [name, argv, message] of cases) {
      it(name, async () => {
        const img = path.join(tmp, 'x.img');
        fs.writeFileSync(img, Buffer.alloc(1000, 0xab));
        const r = await flashproof(...argv(img));
        assert.equal(r.code, 2);
        assert.match(r.stderr, message);
        assert.equal(r.stderr.split('\n').length, 2, 'one line');
        assert.deepEqual(fs.readFileSync(img), Buffer.alloc(1000, 0xab));
      });
    }
  });

  describe('tockloader verbs', () => {
    const hexFile = (hex: string): string => {
      const f = path.join(tmp, `${hex}.bin`);
      fs.writeFileSync(f, Buffer.from(hex, 'hex'));
      return f;
    };
    it('rebuild the tockloader-written starting images of the vectors byte for byte', async () => {
      const plans: Array<[string, string[], string[][]]> = [
        ['tickv_reads_tockloader_image_4096x3.initial.bin', ['4096', '3'], [['reset'], ['append', 'testkey', 'testval'], ['append', 'key-two', '--value-file', hexFile('0102030405060708090a'), '--write-id', '5'], ['append', 'delta', 'hello'], ['append', 'delta', 'hello2']]],
        ['tickv_reads_tockloader_cleanup_2048x4.initial.bin', ['2048', '4'], [['reset'], ['append', 'wifi-ssid', 'home-net'], ['append', 'hostname', 'tickv-node'], ['append', 'brightness', '--value-file', hexFile('50'), '--write-id', '3'], ['append', 'volume', '--value-file', hexFile('0b')], ['invalidate', 'volume'], ['append', 'hostname', 'tickv-node-2'], ['cleanup']]],
        ['tock_reads_tockloader_image_4096x3.initial.bin', ['4096', '3'], [['reset'], ['append', 'testkey', 'testval'], ['append', 'appkey', '--value-file', hexFile('0102030405'), '--write-id', '7'], ['append', 'other', '--value-file', hexFile('deadbeef'), '--write-id', '0x9']]],
      ];
      for (const [want, [S, N], steps] of plans) {
        const img = path.join(tmp, want);
        for (const step of steps) {
          const r = await flashproof('tickv', ...step, '--region-size', S, '--regions', N, '--image', img);
          assert.deepEqual([r.code, r.stderr], [0, ''], `${want}: ${step.join(' ')}`);
        }
        assert.ok(fs.readFileSync(img).equals(fs.readFileSync(path.join(TICKV_FIXTURES, want))), want);
      }
    });
    it('get and hash print what tockloader prints; a failed append exits 1 and leaves the file', async () => {
      const o = ['--region-size', '256', '--regions', '2', '--image', path.join(tmp, 'db.img')];
      await flashproof('tickv', 'reset', ...o);
      await flashproof('tickv', 'append', 'testkey', 'testval', ...o);
      const got = await flashproof('tickv', 'get', 'testkey', ...o);
      assert.equal(
        got.stdout,
        'TicKV Object hash=0x36053399b05e057e version=1 flags=8 length=31 valid=True checksum=0xb400204a\n  Value: 0007000000000000007465737476616c\n' +
          '  TockTicKV Object version=0 write_id=0 length=7\n    Value: 7465737476616c\n\n',
      );
      assert.equal((await flashproof('tickv', 'get', 'nokey', ...o)).stdout, 'None\n');
      assert.equal((await flashproof('tickv', 'hash', 'testkey')).stdout, 'Original key: testkey\nHashed key:   0x36053399b05e057e\n');
      const before = fs.readFileSync(path.join(tmp, 'db.img'));
      const full = await flashproof('tickv', 'append', 'big', 'x'.repeat(300), ...o);
      assert.deepEqual([full.code, full.stderr], [1, 'flashproof tickv append: No space to append TicKV object\n']);
      assert.ok(fs.readFileSync(path.join(tmp, 'db.img')).equals(before));
    });
  });

  describe('shell sessions', () => {
    it('skip blank and # lines silently; answer malformed lines with BADCMD and go on', () => {
      const t = session('tickv');
      assert.deepEqual(t.run('   '), []);
      assert.deepEqual(t.run('  # a comment'), []);
      assert.deepEqual(t.run('frob'), ['> frob', 'BADCMD unknown command "frob"']);
      assert.deepEqual(t.run('append k zz'), ['> append k zz', 'BADCMD bad hex value "zz"']);
      assert.deepEqual(t.run('get k -1'), ['> get k -1', 'BADCMD bad buffer length "-1"']);
      assert.deepEqual(t.run('dump all'), ['> dump all', 'BADCMD dump takes "valid" or nothing, got "all"']);
      assert.deepEqual(t.run('  append   k   0x0102  '), ['> append   k   0x0102', 'OK Written']);
      const tock = session('tock');
      assert.deepEqual(tock.run('set k 01 root'), ['> set k 01 root', 'BADCMD bad permissions "root" (kernel, null, self:ID or tbf:SHORTID:WRITEID:R:M)']);
      assert.deepEqual(tock.run('get k self:0'), ['> get k self:0', 'BADCMD bad ShortId "0"']);
      assert.deepEqual(tock.run(`get ${'k'.repeat(65)} kernel`)[1], 'BADCMD key of 65 bytes is over 64');
      assert.deepEqual(tock.run('set k 01 kernel'), ['> set k 01 kernel', 'set_complete Ok(())']);
    });
    it('a raw key the crate asserts away halts the shell (exit 6), image saved', () => {
      const t = session('tickv');
      let saves = 0;
      const s = new TickvShellSession({ regionSizeBytes: 256, regions: 2, image: t.image(), saveImage: () => saves++ });
      const r = s.runLine('get 0x0');
      assert.deepEqual([r.lines[1].startsWith('HALT tickv::get_region'), r.exitCode, saves], [true, 6, 1]);
    });
    it('powercut N >= len lets the write complete and prints nothing extra', () => {
      const t = session('tickv');
      t.run('powercut 100');
      assert.deepEqual(t.run('append k 01'), ['> append k 01', 'OK Written']);
      assert.deepEqual(t.run('powercut 0'), ['> powercut 0', 'OK powercut armed n=0']);
      assert.deepEqual(t.run('invalidate k'), ['> invalidate k', 'POWERCUT write stored 0 of 1 bytes -> WriteFail', 'ERR WriteFail']);
      assert.deepEqual(t.run('get k'), ['> get k', 'OK Complete len=1 value=01']);
    });
  });
});
