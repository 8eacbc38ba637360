// The new faults end to end: in the usage's fault menu, refused in one line when misspelt, run by a campaign, in
// its report's heat map, and every violation the report lists replays from its id.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCampaign } from '../api/campaign';
import { main, usage } from '../cli/main';
import { campaignConfig } from '../faults/campaign/configure';
import { builtinDriver } from '../faults/driver/registry';
import { FAULT_FAMILIES } from '../faults/faultMenu';
import { replay } from '../faults/replay';
import { heatGrid } from '../faults/report/heatMap';
import { ALL_TORN_MODELS, TORN_MODELS } from '../faults/torn';

async function cli(...argv: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const real = process.stderr.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += c.toString()), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stderr };
  } finally {
    process.stderr.write = real;
  }
}

describe('the fault menu: usage, settings, a campaign with every new fault', () => {
  it('--help lists every torn model and every fault', () => {
    const text = usage();
    for (const t of ALL_TORN_MODELS) assert.match(text, new RegExp(`torn  ${t} `));
    for (const f of FAULT_FAMILIES) assert.match(text, new RegExp(`fault ${f} `));
    assert.match(text, /--depth N/);
    assert.match(text, /--start-image FILE/);
  });

  it('settings: --torn all stays the seven classic models; groups expand; bad values are refused in one line', async () => {
    const loaded = builtinDriver('tdbstore');
    assert.deepEqual(campaignConfig(loaded, {}).torn, [...TORN_MODELS]);
    assert.equal(campaignConfig(loaded, {}).faults, undefined, 'a default config is what it was');
    assert.deepEqual(campaignConfig(loaded, { torn: ['all', 'weak-read'] }).torn, [...TORN_MODELS, 'weak-read']);
    assert.deepEqual(campaignConfig(loaded, { faults: ['wear'] }).faults, ['wear-erase-error', 'wear-prog-error']);
    assert.equal(campaignConfig(loaded, { depth: 5 }).depth, 5);
    for (const bad of [['--depth', '0'], ['--depth', 'x'], ['--faults', 'power'], ['--torn', 'weak'], ['--start', 'old'], ['--start', 'aged', '--start-image', 'x.img'], ['--nested', '0'], ['--start-image', '/no/such.img']]) {
      const r = await cli('campaign', '--seeds', '1', '--out', path.join(os.tmpdir(), 'never'), ...bad);
      assert.equal(r.code, 2, bad.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
    const tickv = await cli('campaign', '--engine', 'tickv', '--start', 'aged', '--seeds', '1', '--out', path.join(os.tmpdir(), 'never'));
    assert.equal(tickv.code, 2);
    assert.match(tickv.stderr, /no generated aged start/);
  });

  it('a campaign with weak cells, depth 3, garbage and wear from an aged start: in the heat map, every violation replays', async function () {
    this.timeout(120000);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'fp-faults-'));
    try {
      const r = await runCampaign({
        driver: 'tdbstore', profile: 'mbed', geometry: '4096:512:8', seeds: 3, ops: 12, workers: 1, out,
        torn: ['all', 'weak-read', 'weak-boot'], depth: 3, nestedPoints: 2, faults: ['all'], startAged: 1,
      });
      const cols = heatGrid(r.report).cols;
      for (const c of ['weak-read', 'weak-boot', 'garbage', 'wear-erase-error', 'wear-prog-error', 'wear-erase-noop', 'wear-prog-noop']) assert.ok(cols.includes(c), `heat map column ${c}`);
      assert.ok(r.report.violations.length > 0);
      for (const v of r.report.violations) {
        const again = replay(v.id).result.violations;
        assert.ok(again.some((x) => x.kind === v.kind && x.stage === v.stage && x.summary === v.summary), v.id);
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
