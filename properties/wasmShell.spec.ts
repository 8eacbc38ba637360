// `shell --wasm` and `dump --wasm` through the real command line, as a user types them: the contract's op language
// on an image file, a power cut on demand that saves the image, the next shell booting from it, and the raw dump.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runFlashproof } from './support/cliProcess';

const ROOT = path.join(__dirname, '..');
const STORE = path.join(ROOT, 'wasm', 'build', 'logstore.wasm');
const GEOMETRY = ['--geometry', '2048:256:8'];

const cli = runFlashproof;

describe('wasm shell and dump through the command line', function () {
  this.timeout(60_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-wasm-shell-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  const image = path.join(tmp, 's.img');
  const shell = (lines: string[]) => cli(['shell', '--wasm', STORE, ...GEOMETRY, '--image', image], lines.join('\n') + '\n');

  it('runs the op language with the store own status names, refuses bad lines and keeps going', async () => {
    const r = await shell(['help', 'set 01 aa', 'mount', 'set 01 aabb', 'get 01', 'set zz 11', 'get 02', 'remove 01', 'get 01', 'set 02 -', 'get 02', 'frobnicate 1']);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.split('\n');
    assert.ok(out[0].startsWith('commands (keys and values in hex'), out[0]);
    const answers = out.filter((l) => /^(set|get|remove|mount|error|frobnicate)\b/.test(l));
    assert.deepEqual(
      answers.map((l) => l.replace(/ \([A-Z_]+=-?\d+\)$/, '')),
      [
        'set 01 aa: not mounted (mount first)',
        'mount: OK',
        'set 01 aabb: OK',
        'get 01: OK value=aabb',
        'error: key "zz" is not hex bytes in "set zz 11"',
        'get 02: NOT_FOUND',
        'remove 01: OK',
        'get 01: NOT_FOUND',
        'set 02 -: OK',
        'get 02: OK value=-',
        answers[answers.length - 1],
      ],
    );
    assert.match(answers[answers.length - 1], /^error: .*frobnicate/);
    assert.match(out.find((l) => l.startsWith('get 01: OK')) ?? '', /\([A-Z_]+=0\)$/, "the store's own status name and number");
  });

  it('a power cut on demand exits 5 with the image saved; the next shell boots from it and nothing committed is lost', async () => {
    fs.rmSync(image, { force: true });
    const cut = await shell(['mount', 'set 01 aabb', 'powercut 1 bits', 'set 02 ccdd', 'get 01']);
    assert.equal(cut.code, 5, cut.stdout + cut.stderr);
    const last = cut.stdout.trimEnd().split('\n').pop() ?? '';
    assert.match(last, /^set 02 ccdd: POWERCUT at flash step \d+ \(power lost at step \d+ \(program @0x[0-9a-f]+, torn bits\)\); the image is saved$/);
    assert.ok(!cut.stdout.includes('get 01'), 'the shell stops at the cut');
    const after = await shell(['mount', 'get 01', 'get 02']);
    assert.equal(after.code, 0, after.stderr);
    assert.match(after.stdout, /^get 01: OK value=aabb/m);
    assert.match(after.stdout, /^get 02: (OK value=ccdd|NOT_FOUND)/m, 'old or new, nothing else');
  });

  it('a torn model that means nothing for the step says so', async () => {
    fs.rmSync(image, { force: true });
    const r = await shell(['mount', 'powercut 1 erase-zero', 'set 01 aabb']);
    assert.equal(r.code, 5);
    assert.match(r.stdout, /erase-zero means nothing for this program, which left the flash as before/);
  });

  it('refuses a bad powercut in one line and goes on', async () => {
    const r = await shell(['mount', 'powercut 0', 'powercut x', 'powercut 2 sideways', 'get 01']);
    assert.equal(r.code, 0);
    assert.deepEqual(
      r.stdout.split('\n').filter((l) => l.startsWith('error')),
      ['error: powercut takes a step count N >= 1', 'error: powercut takes a step count N >= 1', 'error: "sideways" is not a torn model (before, after, prefix, bits, erase-partial, erase-bits, erase-zero)'],
    );
  });

  it('dump --wasm shows the raw image by erase unit; a wrong size is one line and exit 2', async () => {
    fs.rmSync(image, { force: true });
    await shell(['mount', 'set 01 aabb']);
    const d = await cli(['dump', image, '--wasm', STORE, ...GEOMETRY]);
    assert.equal(d.code, 0, d.stderr);
    assert.match(d.stdout, /^image of 2048 bytes: 8 erase units of 256 bytes \(program 8, read 1\)$/m);
    assert.match(d.stdout, /^unit 0 @0x0: \d+ of 256 bytes programmed$/m);
    assert.match(d.stdout, /^unit 7 @0x700: erased$/m);
    const wrong = await cli(['dump', image, '--wasm', STORE, '--geometry', '4096:256:8']);
    assert.equal(wrong.code, 2);
    assert.equal(wrong.stderr.trimEnd().split('\n').length, 1, wrong.stderr);
  });
});
