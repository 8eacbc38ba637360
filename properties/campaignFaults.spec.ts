// One campaign, every fault: power cuts, device errors and bit flips anywhere on the image, judged by one oracle.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { campaignConfig } from '../faults/campaign/configure';
import { runCampaign } from '../faults/campaign/runner';
import { builtinDriver } from '../faults/driver/registry';
import { replay } from '../faults/replay';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-faults-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

async function campaign(profile: string, name: string) {
  const config = campaignConfig(builtinDriver('tdbstore'), { profile, seeds: 6, ops: 24, depth: 1, faults: ['power-cut', 'device-error', 'bit-flip'] });
  return runCampaign({ dir: path.join(tmp, name), config, workers: 1, resume: false, clock: () => 0 });
}

describe('campaigns with --faults cut,device-error,bit-flip', () => {
  it('mbed: a campaign finds the bit-flip finding (TDB-12) and device-error findings, each id replays to the same violation', async () => {
    const run = await campaign('mbed', 'mbed');
    const violations = run.records.flatMap((r) => r.violations);
    const stages = new Set(violations.map((v) => v.stage));
    for (const stage of ['bit-flip', 'device-error']) assert.ok(stages.has(stage), `no ${stage} violation among ${[...stages].join(', ')}`);
    for (const stage of ['bit-flip', 'device-error']) {
      const v = violations.find((x) => x.stage === stage)!;
      const again = replay(v.id);
      assert.ok(again.result.violations.some((x) => x.summary === v.summary), `${v.id} replays`);
    }
    assert.ok(run.records.reduce((n, r) => n + r.crashPoints, 0) > 6 * 64);
  });

  it('hardened: no violation under any of the three faults', async () => {
    const run = await campaign('hardened', 'hardened');
    const points = run.records.reduce((n, r) => n + r.crashPoints, 0);
    assert.deepEqual(run.records.flatMap((r) => r.violations.map((v) => v.id)), []);
    assert.ok(points > 6 * 64, `${points} fault points`);
  });

  it('a driver that cannot judge bit flips refuses them up front', () => {
    assert.throws(() => campaignConfig(builtinDriver('tickv'), { faults: ['bit-flip'] }), /does not say what a flipped bit may cost/);
  });
});
