// The command line's bad-input promise, case by case (issue 10's eleven): one line on stderr, exit 2, nothing on
// stdout, and every file left as it was. And a resumed campaign appends to results.jsonl, never rewrites it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FLASHPROOF_BIN } from './support/tdbVectors';

const ID = 'fp1/tdbstore/mbed/4096:512:8:1/nor/oy8zLLOEqTi1RSFTQVTCoMIKyDUbBKKAB4MrMS44vLkksAicyAA/5.bits.3825547680';

const cli = (args: string[], cwd: string) => spawnSync(process.execPath, [FLASHPROOF_BIN, ...args], { cwd, encoding: 'utf8', timeout: 120000 });

/** Every file under `dir` with a hash of its bytes (directories by name), to see that nothing changed. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        out[`${path.relative(dir, p)}/`] = 'dir';
        walk(p);
      } else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

const lines = (file: string): string[] => fs.readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('command line: bad input is one line on stderr, exit 2, files untouched', function () {
  this.timeout(180000);
  let root = '';
  let campaign = '';

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-badinput-'));
    campaign = path.join(root, 'done');
    const r = cli(['campaign', '--geometry', 'tiny', '--seeds', '3', '--ops', '6', '--workers', '1', '--out', campaign], root);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    fs.writeFileSync(path.join(root, 'afile'), 'not a directory\n');
  });

  after(() => fs.rmSync(root, { recursive: true, force: true }));

  /** A copy of the finished campaign, edited by `edit`. */
  const variant = (name: string, edit: (dir: string) => void): string => {
    const dir = path.join(root, name);
    fs.cpSync(campaign, dir, { recursive: true });
    edit(dir);
    return dir;
  };
  const editConfig = (dir: string, f: (c: Record<string, unknown>) => Record<string, unknown>): void => {
    const p = path.join(dir, 'config.json');
    fs.writeFileSync(p, JSON.stringify(f(JSON.parse(fs.readFileSync(p, 'utf8')))));
  };
  const corruptMiddleLine = (dir: string): void => {
    const p = path.join(dir, 'results.jsonl');
    const all = lines(p);
    const middle = JSON.parse(all[1]);
    middle.crashPoints = 'many';
    all[1] = JSON.stringify(middle);
    fs.writeFileSync(p, all.join('\n') + '\n');
  };

  const CASES: Array<{ name: string; args: () => string[]; stderr: RegExp }> = [
    { name: 'campaign --out that is a file', args: () => ['campaign', '--seeds', '1', '--ops', '3', '--out', 'afile'], stderr: /--out afile: it is a file/ },
    { name: 'campaign --out under a file', args: () => ['campaign', '--seeds', '1', '--ops', '3', '--out', 'afile/sub'], stderr: /--out afile\/sub: a part of its path is a file/ },
    { name: 'replay --out that is a file', args: () => ['replay', ID, '--out', 'afile'], stderr: /--out afile/ },
    { name: 'replay --out under a file', args: () => ['replay', ID, '--out', 'afile/sub'], stderr: /--out afile\/sub/ },
    {
      name: '--resume of a directory whose config.json is {}',
      args: () => ['campaign', '--resume', variant('empty-config', (d) => fs.writeFileSync(path.join(d, 'config.json'), '{}'))],
      stderr: /is not a campaign configuration \(engine is missing or wrong\); nothing was changed/,
    },
    {
      name: '--resume with a bad geometry in config.json',
      args: () => ['campaign', '--resume', variant('bad-geometry', (d) => editConfig(d, (c) => ({ ...c, geometry: '12:3' })))],
      stderr: /bad geometry "12:3"/,
    },
    {
      name: '--resume with a corrupt field in a middle line of results.jsonl',
      args: () => ['campaign', '--resume', variant('corrupt-resume', corruptMiddleLine)],
      stderr: /results\.jsonl line 2: crashPoints is missing or wrong; nothing was changed/,
    },
    {
      name: 'report of a directory with a corrupt field in a middle line of results.jsonl',
      args: () => ['report', variant('corrupt-report', corruptMiddleLine)],
      stderr: /results\.jsonl line 2: crashPoints is missing or wrong/,
    },
    { name: '--flash and', args: () => ['campaign', '--flash', 'and', '--seeds', '1'], stderr: /--flash must be one of nor\|strict\|overwrite, got "and"/ },
    { name: 'a replay id whose step never happens', args: () => ['replay', ID.replace('/5.bits.', '/500.bits.')], stderr: /step 500 never happens/ },
    { name: 'no arguments', args: () => [], stderr: /no command given/ },
  ];

  it('covers the eleven cases of the issue', () => assert.equal(CASES.length, 11));

  for (const c of CASES) {
    it(c.name, () => {
      const args = c.args(); // variants are made before the snapshot
      const before = snapshot(root);
      const r = cli(args, root);
      assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stdout, '', 'nothing on stdout');
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.match(r.stderr, /^flashproof[^\n]*\n$/);
      assert.match(r.stderr, c.stderr);
      assert.deepEqual(snapshot(root), before, 'files untouched');
    });
  }

  it('the new flags keep the promise too: bench --script of a missing file, --depth past 16, --start of no kind, --faults of no fault', () => {
    for (const args of [['bench', '--script', 'no-such-script.txt'], ['campaign', '--depth', '40'], ['campaign', '--start', 'aged:x'], ['campaign', '--faults', 'nope']]) {
      const before = snapshot(root);
      const r = cli(args, root);
      assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}: ${r.stderr}`);
      assert.equal(r.stderr.split('\n').filter(Boolean).length, 1, r.stderr);
      assert.deepEqual(snapshot(root), before, 'files untouched');
    }
  });

  it('--help for every command and --version answer on stdout with exit 0', () => {
    for (const command of ['campaign', 'replay', 'report', 'dump', 'shell', 'bench', 'tickv']) {
      const r = cli([command, '--help'], root);
      assert.equal(r.status, 0, `${command}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: flashproof ${command}`), command);
    }
    assert.match(cli(['campaign', '--help'], root).stdout, /portenta-h7 \(1572864:131072:32, implies --flash strict\)/);
    assert.match(cli(['--version'], root).stdout, /^flashproof \d+\.\d+\.\d+\n$/);
  });

  it('every shell answers help, piped', () => {
    const shells: string[][] = [
      ['--engine', 'tdbstore', '--geometry', 'tiny'],
      ['--engine', 'tickv', '--region-size', '256', '--regions', '2'],
      ['--engine', 'tock', '--region-size', '256', '--regions', '2'],
    ];
    for (const [i, opts] of shells.entries()) {
      const r = spawnSync(process.execPath, [FLASHPROOF_BIN, 'shell', ...opts, '--image', path.join(root, `help${i}.img`)], { input: 'help\n', encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /commands/, opts[1]);
      assert.doesNotMatch(r.stdout, /unknown command|BADCMD|SYNTAX/, opts[1]);
    }
  });

  it("report.md's replay lines run as pasted in the checkout (npx finds the package's own bin)", () => {
    const md = fs.readFileSync(path.join(campaign, 'report.md'), 'utf8');
    const line = /^```sh\n(npx flashproof replay [^\n]+)\n```$/m.exec(md)?.[1];
    assert.ok(line, 'a replay line in report.md');
    const r = spawnSync('sh', ['-c', line], { cwd: path.join(__dirname, '..'), encoding: 'utf8', timeout: 120000 });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /^VIOLATION /m);
  });

  it('--resume appends to results.jsonl: earlier lines byte for byte, no ops copied into violations', () => {
    const dir = variant('grow', (d) => editConfig(d, (c) => ({ ...c, seeds: [1, 2, 3, 4] })));
    const file = path.join(dir, 'results.jsonl');
    const was = fs.readFileSync(file, 'utf8');
    fs.appendFileSync(file, '{"index": 3, "seed"'); // a line torn by a kill
    const r = cli(['campaign', '--resume', dir, '--workers', '1'], root);
    assert.ok(r.status === 0 || r.status === 1, r.stderr);
    const now = fs.readFileSync(file, 'utf8');
    assert.ok(now.startsWith(was), 'the finished lines are kept as they were');
    assert.equal(lines(file).length, 4);
    for (const line of lines(file)) for (const v of JSON.parse(line).violations) assert.deepEqual(v.ops, [], 'ops are stored once per case');
    const again = cli(['campaign', '--resume', dir, '--workers', '1'], root);
    assert.ok(again.status === 0 || again.status === 1, again.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), now, 'resuming a finished campaign changes nothing');
  });
});
