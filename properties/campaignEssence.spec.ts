// Speed work must not change what a campaign finds: crash points, outcomes and violation ids as the fixture recorded them.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { campaignEssence, ESSENCE_CAMPAIGNS } from './support/campaignEssence';

type Campaign = { engine: string; settings: unknown; cases: unknown[] };

describe('campaign essence: fixed small campaigns per engine find exactly what the committed fixture says', () => {
  it('every case record (points, nested and duplicate counts, heat, violations with ids and damage) as recorded', () => {
    const expected = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'campaign-essence.json'), 'utf8')) as Campaign[];
    assert.equal(expected.length, ESSENCE_CAMPAIGNS.length, 'regenerate with scripts/writeCampaignEssence.ts when the campaigns change');
    const got = campaignEssence() as Campaign[];
    for (const [i, want] of expected.entries()) {
      assert.deepEqual(got[i].settings, want.settings, `campaign ${i} settings`);
      assert.equal(got[i].cases.length, want.cases.length, `campaign ${i} cases`);
      for (const [k, c] of want.cases.entries()) assert.deepEqual(got[i].cases[k], c, `${want.engine} ${JSON.stringify(want.settings)} case ${k}`);
    }
  });
});
