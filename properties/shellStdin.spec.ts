// The shell reads a pipe as a stream: a slow writer, or a script far over 64 KiB still being written, never fails.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const BIN = path.join(__dirname, '..', 'cli', 'flashproof.js');

function shell(feed: (w: NodeJS.WritableStream, out: () => string) => Promise<void>, image: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [BIN, 'shell', '--geometry', 'small', '--image', image], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, out, err }));
    feed(p.stdin, () => out).then(() => p.stdin.end(), reject);
  });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('shell input through a pipe', function () {
  this.timeout(90_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-stdin-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('a writer that waits before its first line (no EAGAIN), and replies arrive before the next line is written', async () => {
    let replyBeforeSecond = '';
    const r = await shell(async (w, out) => {
      await pause(400);
      w.write('init\n');
      // Wait for the reply itself (no fixed delay: a loaded machine is slow to start the process), up to 30 s.
      for (let waited = 0; !out() && waited < 30_000; waited += 50) await pause(50);
      replyBeforeSecond = out();
      w.write('set a 01\nget a\n');
    }, path.join(tmp, 'slow.img'));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, 'init: rc=0 MBED_SUCCESS\nset a: rc=0 MBED_SUCCESS\nget a: rc=0 MBED_SUCCESS size=1 value=01\n');
    assert.equal(replyBeforeSecond, 'init: rc=0 MBED_SUCCESS\n', 'the reply to init came while the writer waited');
  });

  it('a script far over 64 KiB written in pieces while the shell runs', async () => {
    const lines = ['init', ...Array.from({ length: 12000 }, (_, i) => (i % 2 ? `get k${i % 40}` : `set k${i % 40} ${'ab'.repeat(20)}`)), 'deinit'];
    const text = lines.join('\n') + '\n';
    assert.ok(text.length > 3 * 65_536);
    const r = await shell(async (w) => {
      for (let i = 0; i < text.length; i += 7000) {
        w.write(text.slice(i, i + 7000));
        await pause(2);
      }
    }, path.join(tmp, 'long.img'));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n').length - 1, lines.length);
  });
});
