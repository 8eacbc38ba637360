// flashproof as a package: packed, installed into a fresh strict TypeScript project, a driver file of that project's
// own store (examples/my-store-driver.ts, a two-sector log store with a planted crash bug) found out through the API
// and through `npx flashproof`, in worker threads, with replays pinned to the driver file's hash.
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..');
const TSC = path.join(ROOT, 'node_modules', '.bin', 'tsc');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildIsFresh } = require('../faults/loadTs') as { buildIsFresh(): boolean };

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
}

function ok(r: SpawnSyncReturns<string>, what: string): string {
  assert.equal(r.status, 0, `${what} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

describe('flashproof as a library (npm pack, installed into a new strict TypeScript project)', function () {
  this.timeout(240_000);
  let app: string;

  before(() => {
    if (!buildIsFresh()) ok(run('npm', ['run', 'build'], ROOT), 'npm run build');
    app = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-app-'));
    const packed = ok(run('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', app], ROOT), 'npm pack').trim().split('\n').pop() as string;
    fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'my-firmware-checks', private: true, version: '1.0.0' }));
    ok(run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', `./${packed}`], app), 'npm install of the tarball');
    const driver = fs.readFileSync(path.join(ROOT, 'examples', 'my-store-driver.ts'), 'utf8');
    fs.writeFileSync(path.join(app, 'my-store-driver.ts'), driver);
    fs.writeFileSync(path.join(app, 'fixed-driver.ts'), driver.replace('const BUGGY = true;', 'const BUGGY = false;'));
    const tsconfig = {
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, types: ['node'], typeRoots: [path.join(ROOT, 'node_modules', '@types')], outDir: '.' },
      files: ['my-store-driver.ts', 'fixed-driver.ts'],
    };
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(tsconfig));
    ok(run(TSC, ['-p', 'tsconfig.json'], app), 'tsc (strict) of the driver files against the installed package');
  });

  after(() => fs.rmSync(app, { recursive: true, force: true }));

  it('the package ships types and no TypeScript sources or tests', () => {
    const pkg = path.join(app, 'node_modules', 'flashproof');
    assert.ok(fs.existsSync(path.join(pkg, 'dist', 'index.d.ts')));
    assert.ok(!fs.existsSync(path.join(pkg, 'engine')), 'sources are not shipped');
    assert.ok(!fs.existsSync(path.join(pkg, 'dist', 'properties')), 'tests are not shipped');
  });

  it('API: runCampaign on worker threads finds the planted bug, replay reproduces it, the reports are written', () => {
    const script = `
      const { runCampaign, replay, drivers, NorFlash, PowerCutDevice, defineDriver } = require('flashproof');
      (async () => {
        const r = await runCampaign({ driver: './my-store-driver.js', out: 'api', seeds: 6, ops: 10, workers: 2 });
        const v = r.report.violations.find((x) => /never written/.test(x.summary));
        const again = replay(v.id, { driverFile: './my-store-driver.js' });
        const fixed = await runCampaign({ driver: './fixed-driver.js', out: 'api-fixed', seeds: 6, ops: 10, workers: 2 });
        console.log(JSON.stringify({ verdict: r.verdict, workers: r.report.timing.workers, id: v.id, replayed: again.result.violations.map((x) => x.summary),
          summary: v.summary, fixed: fixed.verdict, points: fixed.report.totals.crashPoints, html: require('fs').existsSync(r.paths.html),
          builtins: Object.keys(drivers), classes: [typeof NorFlash, typeof PowerCutDevice, typeof defineDriver] }));
      })().catch((e) => { console.error(e); process.exitCode = 3; });`;
    const out = JSON.parse(ok(run('node', ['-e', script], app), 'the API script'));
    assert.equal(out.verdict, 'fail');
    assert.match(out.id, /^fp1\/twolog@my-store-driver\.js#[0-9a-f]{12}\/default\//);
    assert.ok(out.replayed.includes(out.summary), 'the replay shows the same violation');
    assert.equal(out.fixed, 'pass');
    assert.ok(out.points > 100);
    assert.equal(out.html, true);
    assert.deepEqual(out.builtins, ['tdbstore', 'tickv', 'tock']);
    assert.deepEqual(out.classes, ['function', 'function', 'function']);
  });

  it('CLI: npx flashproof campaign --driver, replay --driver, and a changed driver file is refused in one line', () => {
    const c = run('npx', ['flashproof', 'campaign', '--driver', './my-store-driver.js', '--seeds', '3', '--ops', '8', '--workers', '2', '--out', 'cli'], app);
    assert.equal(c.status, 1, c.stderr);
    assert.match(c.stdout, /^FAIL: twolog@my-store-driver\.js#/);
    const report = JSON.parse(fs.readFileSync(path.join(app, 'cli', 'report.json'), 'utf8'));
    const id = report.violations[0].id as string;
    const r = run('npx', ['flashproof', 'replay', id, '--driver', './my-store-driver.js'], app);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /VIOLATION/);
    const missing = run('npx', ['flashproof', 'replay', id], app);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /made with the driver file my-store-driver\.js .*give --driver/);
    fs.appendFileSync(path.join(app, 'my-store-driver.js'), '\n// edited\n');
    const changed = run('npx', ['flashproof', 'replay', id, '--driver', './my-store-driver.js'], app);
    assert.equal(changed.status, 2);
    assert.equal(changed.stderr.trim().split('\n').length, 1, changed.stderr);
    assert.match(changed.stderr, /is not the driver file the id was made with/);
  });
});
