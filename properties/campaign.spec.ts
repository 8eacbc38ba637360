// Campaigns: an interrupted campaign resumes to the same totals, shards merge to the unsharded run,
// and every violation a report lists replays from its id to the same violation.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildReport } from '../faults/campaign/buildReport';
import { readRecords } from '../faults/campaign/results';
import { runCampaign } from '../faults/campaign/runner';
import type { CampaignConfig, CampaignReport } from '../faults/campaign/types';
import { replayId } from '../faults/replay';
import { TORN_MODELS } from '../faults/torn';
import { FLASHPROOF_BIN } from './support/tdbVectors';

const CONFIG: CampaignConfig = {
  engine: 'tdbstore',
  profile: 'mbed',
  geometry: '4096:512:8:1',
  flash: 'strict',
  seeds: [1, 2, 3, 4, 5, 6, 7, 8],
  ops: 14,
  schedule: 'exhaustive',
  torn: [...TORN_MODELS],
  depth: 2,
  continueOps: null,
  shard: null,
  timeBudgetSeconds: null,
};
const TIMING = { startedAt: '', finishedAt: '', wallSeconds: 1, workers: 1 };
const tmp = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'fp-campaign-'));
let clockMs = 0;
const clock = (): number => (clockMs += 1);

/** What must not depend on how the campaign was run: everything but the timing and the shard. */
function essence(r: CampaignReport): unknown {
  return { totals: r.totals, heat: r.heat, wear: r.wear, violations: r.violations.map((v) => v.id).sort(), stopped: r.stopped };
}

async function reportOf(config: CampaignConfig): Promise<CampaignReport> {
  const dir = tmp();
  const run = await runCampaign({ dir, config, workers: 1, resume: false, clock });
  return buildReport({ ...config, shard: null }, run.records, TIMING, 512);
}

function runCli(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [FLASHPROOF_BIN, ...args], { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('campaigns', function () {
  this.timeout(180000);
  let baseline: CampaignReport;

  before(async () => {
    baseline = await reportOf(CONFIG);
  });

  it('finds violations on mbed (the baseline the other checks compare with)', () => {
    assert.equal(baseline.totals.cases, 8);
    assert.ok(baseline.totals.violations > 0);
    assert.equal(baseline.verdict, 'fail');
  });

  it('a campaign killed half-way and resumed ends with the same totals as an uninterrupted one', async () => {
    const dir = tmp();
    const args = ['campaign', '--engine', 'tdbstore', '--profile', 'mbed', '--geometry', CONFIG.geometry, '--flash', 'strict', '--seeds', '8', '--ops', '14', '--workers', '1', '--out', dir];
    const child = spawn(process.execPath, [FLASHPROOF_BIN, ...args], { stdio: 'ignore' });
    const results = path.join(dir, 'results.jsonl');
    for (let waited = 0; ; waited += 100) {
      await new Promise((r) => setTimeout(r, 100));
      const lines = fs.existsSync(results) ? fs.readFileSync(results, 'utf8').split('\n').filter(Boolean).length : 0;
      if (lines >= 3) break;
      assert.ok(waited < 120000, 'the campaign never wrote results');
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const partial = readRecords(dir).length;
    assert.ok(partial >= 3 && partial < 8, `killed after ${partial} of 8 cases`);
    assert.equal(await runCli(['campaign', '--resume', dir, '--workers', '1']), 1);
    const resumed = JSON.parse(fs.readFileSync(path.join(dir, 'report.json'), 'utf8')) as CampaignReport;
    assert.deepEqual(essence(resumed), essence(baseline));
    assert.ok(fs.existsSync(path.join(dir, 'report.html')) && fs.existsSync(path.join(dir, 'report.md')));
  });

  it('--shard 1/2 and --shard 2/2, merged, equal the unsharded campaign', async () => {
    const dirs = [tmp(), tmp()];
    for (const [i, dir] of dirs.entries()) {
      await runCampaign({ dir, config: { ...CONFIG, shard: { index: i + 1, count: 2 } }, workers: 1, resume: false, clock });
    }
    const out = tmp();
    assert.equal(await runCli(['report', ...dirs, '--out', out]), 1);
    const merged = JSON.parse(fs.readFileSync(path.join(out, 'report.json'), 'utf8')) as CampaignReport;
    assert.deepEqual(essence(merged), essence(baseline));
  });

  it('runs the same on worker threads as in-process', async () => {
    const dir = tmp();
    const run = await runCampaign({ dir, config: CONFIG, workers: 2, resume: false, clock });
    assert.deepEqual(essence(buildReport(CONFIG, run.records, TIMING, 512)), essence(baseline));
  });

  it('every violation in the report replays from its id to the same violation', () => {
    for (const v of baseline.violations) {
      // A replay also reports the reference run's own divergence, when the sequence has one besides the cut's.
      const again = replayId(v.id).result.violations.filter((x) => x.id === v.id);
      assert.equal(again.length, 1, v.id);
      assert.deepEqual([again[0].kind, again[0].stage, again[0].summary], [v.kind, v.stage, v.summary], v.id);
    }
  });
});
