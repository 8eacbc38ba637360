// The example WebAssembly stores through the campaign path `flashproof campaign --wasm FILE` takes (the library's
// runCampaign with the module's path: config, worker threads that load the module by path and hash, results,
// shrinking, reports): the clean ones hold, each planted bug is found and shrunk, and its replay id reproduces it
// on that module and no other.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampaign, type CampaignOutcome } from '../api/campaign';
import { InputError } from '../faults/driver/errors';
import { replay } from '../faults/replay';
import { abiStore, sleb } from '../faults/wasm/assemble';

const BUILD = path.join(__dirname, '..', 'wasm', 'build');
const wasmFile = (name: string): string => path.join(BUILD, `${name}.wasm`);

/** Small areas (8 erase units of 256 bytes): 16 ops garbage-collect, and values stay short enough to shrink. */
const GEOMETRY = '2048:256:8';

describe('wasm campaigns: the example stores through runCampaign, as --wasm runs them', function () {
  this.timeout(120_000);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-wasm-campaign-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  const campaign = (store: string, promise: string, opts: { seeds?: number; ops?: number; depth?: 1 | 2; workers?: number; geometry?: string } = {}): Promise<CampaignOutcome> =>
    runCampaign({
      driver: wasmFile(store),
      out: path.join(tmp, `${store}-${promise}`),
      profile: promise,
      geometry: opts.geometry ?? GEOMETRY,
      seeds: opts.seeds ?? 3,
      ops: opts.ops ?? 16,
      depth: opts.depth ?? 2,
      workers: opts.workers ?? 1,
    });

  const points = (r: CampaignOutcome): string => `${r.report.totals.crashPoints} crash points + ${r.report.totals.nestedPoints} nested`;

  it('logstore.c, pagestore.cpp, snapkv.c (own headers, wasm/shim) and snapstore.rs: no violation under atomic, nested cuts included', async function () {
    const titles: string[] = [];
    // pagestore on 2 worker threads: each loads the module by path and checks its hash
    for (const [store, workers] of [['logstore', 1], ['pagestore', 2], ['snapkv', 1], ['snapstore', 1]] as const) {
      const r = await campaign(store, 'atomic', { workers });
      assert.equal(r.verdict, 'pass', `${store}: ${r.report.violations.map((v) => v.summary).slice(0, 3).join('\n')}`);
      assert.equal(r.report.totals.violations, 0);
      assert.equal(r.report.totals.cases, 3);
      assert.equal(r.report.timing.workers, workers);
      assert.ok(r.report.totals.crashPoints > 200 && r.report.totals.nestedPoints > 50, `${store}: ${points(r)}`);
      assert.match(r.report.config.engine, new RegExp(`^wasm@${store}\\.wasm#[0-9a-f]{12}$`));
      assert.ok(fs.existsSync(r.paths.html));
      titles.push(`${store} ${points(r)}`);
    }
    this.test!.title += ` [${titles.join('; ')}]`;
  });

  it('logstore_keyinflight.c keeps the key-in-flight promise: no violation', async function () {
    const r = await campaign('logstore_keyinflight', 'key-in-flight');
    assert.equal(r.verdict, 'pass', r.report.violations[0]?.summary);
    assert.equal(r.report.config.profile, 'key-in-flight', 'the report names the promise checked');
    assert.ok(r.report.totals.crashPoints > 200);
    this.test!.title += ` [${points(r)}]`;
  });

  /** The report's shrunk examples: each replays from its own id, on the module, to a violation of its group's kind. */
  function checkMinimal(r: CampaignOutcome, store: string): number[] {
    const minimal = Object.entries(r.report.minimal ?? {});
    assert.ok(minimal.length > 0, 'the report has shrunk examples');
    return minimal.map(([group, m]) => {
      const kind = group.split('|')[0];
      const again = replay(m.id, { driverFile: wasmFile(store) });
      assert.ok(
        again.result.violations.some((v) => v.kind === kind),
        `${m.id} (${m.ops.join('; ')}) does not reproduce a ${kind}: ${again.result.violations.map((v) => v.summary).join('; ') || 'no violation'}`,
      );
      return m.ops.length;
    });
  }

  it('logstore_buggy.c (commit marker before the record) under atomic: found, shrunk, and the shrunk id replays', async function () {
    const r = await campaign('logstore_buggy', 'atomic', { seeds: 4, ops: 20, depth: 1 });
    assert.equal(r.verdict, 'fail');
    const kinds = new Set(r.report.violations.map((v) => v.kind));
    assert.ok([...kinds].every((k) => k === 'phantom' || k === 'corrupted'), [...kinds].join());
    assert.ok(r.report.violations.every((v) => v.opKind === 'set' && v.stage === 'old-or-new'));
    // one planted bug, two root causes (a phantom key, a corrupted value), however the cuts nest and keys differ
    const causes = (r.report.causes ?? []).map((c) => `${c.kind}/${c.stage}/${c.finding?.id ?? 'new'}`).sort();
    assert.deepEqual(causes, ['corrupted/old-or-new/new', 'phantom/old-or-new/new'], causes.join());
    const sizes = checkMinimal(r, 'logstore_buggy');
    // mount, then one set cut between its commit marker and its record: the bug needs nothing else
    assert.equal(Math.min(...sizes), 2, `shrunk to ${sizes}`);
    this.test!.title += ` [${r.report.totals.violations} violations in ${r.report.totals.crashPoints} crash points; shrunk to ${sizes.join(', ')} ops]`;
  });

  it('logstore_keyinflight.c under atomic: the overwritten key lost, found, shrunk, and the shrunk id replays', async function () {
    const r = await campaign('logstore_keyinflight', 'atomic', { depth: 1 });
    assert.equal(r.verdict, 'fail');
    assert.ok(r.report.violations.every((v) => v.kind === 'lost' && v.opKind === 'set'), r.report.violations[0]?.summary);
    const sizes = checkMinimal(r, 'logstore_keyinflight');
    // mount, set K, set K again (the overwrite that logs a removal first)
    assert.equal(Math.min(...sizes), 3, `shrunk to ${sizes}`);
    this.test!.title += ` [${r.report.totals.violations} violations; shrunk to ${sizes.join(', ')} ops]`;
  });

  it('a store that never stores (every set answers no-space) fails: no-space is allowed only above an eighth of the flash', async () => {
    const never = abiStore({ fp_set: [0x41, ...sleb(-2)], fp_get: [0x41, ...sleb(-1)], fp_remove: [0x41, ...sleb(-1)] });
    const file = path.join(tmp, 'never.wasm');
    fs.writeFileSync(file, never);
    const r = await runCampaign({ driver: file, out: path.join(tmp, 'never'), geometry: GEOMETRY, seeds: 2, ops: 10, workers: 1 });
    assert.equal(r.verdict, 'fail');
    assert.match(r.report.violations[0].summary, /^set [0-9a-f]+ [0-9a-f-]+: store NO_SPACE with \d+ bytes of keys and values live, under the 256 any store must hold$/);
  });

  it('logstore.c under device errors and units that wear out with errors: no violation (a failed mount leaves it unmounted)', async function () {
    const r = await runCampaign({ driver: wasmFile('logstore'), out: path.join(tmp, 'logstore-errors'), geometry: GEOMETRY, seeds: 10, ops: 30, faults: ['device-error', 'wear'], workers: 1 });
    assert.equal(r.verdict, 'pass', r.report.violations.map((v) => v.summary).slice(0, 3).join('\n'));
    assert.ok(r.report.totals.crashPoints > 300, `${r.report.totals.crashPoints}`);
    this.test!.title += ` [${r.report.totals.crashPoints} faulty steps and worn-unit runs]`;
  });

  it('logstore_hang.c (mount waits for a half-done GC): a hang at mount, bounded, the campaign goes on; the id replays', async function () {
    // 128-byte units and 40 ops: several garbage collections per case, so cuts land inside them
    const r = await campaign('logstore_hang', 'atomic', { seeds: 1, ops: 40, depth: 1, geometry: '1024:128:4' });
    assert.equal(r.verdict, 'fail');
    assert.equal(r.report.totals.cases, 1, 'the case finished');
    assert.ok(r.report.totals.violations > 0);
    for (const v of r.report.violations) {
      assert.equal(v.kind, 'hang', v.summary);
      assert.equal(v.stage, 'mount', v.summary);
      assert.match(v.summary, /^fp_mount: the flash read budget of \d+ ran out: the store does not terminate$/);
    }
    const v = r.report.violations[0];
    const again = replay(v.id, { driverFile: wasmFile('logstore_hang') });
    assert.deepEqual(again.result.violations.map((x) => [x.kind, x.summary]), [['hang', v.summary]]);
    this.test!.title += ` [${r.report.totals.violations} hangs in ${r.report.totals.crashPoints} crash points, ${r.report.timing.wallSeconds.toFixed(1)} s]`;
  });

  it('a replay id names its module: replayed on it, refused in one line on another module or without one', async () => {
    const report = JSON.parse(fs.readFileSync(path.join(tmp, 'logstore_buggy-atomic', 'report.json'), 'utf8')) as CampaignOutcome['report'];
    const v = report.violations[0];
    const again = replay(v.id, { driverFile: wasmFile('logstore_buggy') });
    assert.ok(again.result.violations.some((x) => x.summary === v.summary), 'the same violation');
    const refused = (driverFile: string | undefined, message: RegExp): void => {
      assert.throws(
        () => replay(v.id, { driverFile }),
        (e: Error) => e instanceof InputError && message.test(e.message) && !e.message.includes('\n'),
      );
    };
    refused(wasmFile('logstore'), /logstore\.wasm \(sha256 [0-9a-f]{12}…\) is not the driver file the id was made with \(logstore_buggy\.wasm, sha256 [0-9a-f]{12}…\)/);
    refused(undefined, /the id was made with the driver file logstore_buggy\.wasm/);
  });
});
