// The shrinker shrinks: every recorded finding comes back in at most 10 ops and stays itself, a campaign's
// 41-op cases come down to at most 10 ops, and the damage probe tells a bricked store from a refused write.
import assert from 'node:assert/strict';
import { runCampaignCase } from '../faults/campaign/caseRun';
import { assessDamage } from '../faults/campaign/damage';
import { findingOf } from '../faults/campaign/findings';
import { failureShape, shrinkViolation } from '../faults/campaign/shrink';
import type { CampaignConfig } from '../faults/campaign/types';
import { campaignCase } from '../faults/campaign/storeOf';
import { DRIVERS } from '../faults/drivers';
import { replay } from '../faults/replay';
import { TORN_MODELS } from '../faults/torn';

const MAX_OPS = 10;

describe('shrinking', function () {
  this.timeout(120000);

  describe('every recorded finding shrinks to at most 10 ops and is still itself', () => {
    const sizes: string[] = [];
    after(() => console.log(`      shrunk sizes: ${sizes.join(', ')}`));
    for (const d of DRIVERS) {
      for (const f of d.findings ?? []) {
        if (!f.replay) continue;
        it(`${f.id}: ${f.title}`, () => {
          const run = replay(f.replay as string);
          const v = run.result.violations[0];
          const s = shrinkViolation(run.case, v);
          sizes.push(`${f.id} ${s.from}→${s.ops.length}`);
          assert.ok(s.ops.length <= MAX_OPS, `${f.id}: ${s.ops.length} ops`);
          assert.equal(failureShape(s.violation), failureShape(v));
          assert.equal(findingOf(d.findings, s.violation)?.id, f.id, 'the shrunk case is named as the finding');
          assert.equal(findingOf(d.findings, v)?.id, f.id, 'the replay itself is named as the finding');
          const again = replay(s.violation.id).result.violations.find((x) => failureShape(x) === failureShape(v));
          assert.ok(again, 'the shrunk id replays to the same failure');
        });
      }
    }
  });

  /** A campaign case of 40 generated ops per setting; every violation group in it must shrink to at most 10 ops. */
  const SETTINGS: Array<Partial<CampaignConfig> & { engine: string; geometry: string; flash: string; seeds: number[]; names: string[] }> = [
    { engine: 'tdbstore', profile: 'mbed', geometry: '16384:4096:8:1', flash: 'nor', seeds: [1, 2], names: ['TDB-1'] },
    { engine: 'tdbstore', profile: 'mbed', geometry: '16384:4096:8:1', flash: 'strict', seeds: [1], names: ['TDB-2'] },
    { engine: 'tickv', profile: 'faithful', geometry: '2048:512:1:1', flash: 'nor', seeds: [1], names: ['TK-1'] },
    { engine: 'tock', profile: 'faithful', geometry: '2048:512:1:1', flash: 'nor', seeds: [1, 2], names: [] },
  ];
  for (const s of SETTINGS) {
    it(`${s.engine} ${s.flash}: the groups of 41-op campaign cases shrink to at most ${MAX_OPS} ops${s.names.length ? `, named ${s.names.join(', ')}` : ''}`, () => {
      const config: CampaignConfig = {
        profile: 'mbed',
        ops: 40,
        schedule: 'exhaustive',
        torn: [...TORN_MODELS],
        depth: 1,
        continueOps: null,
        shard: null,
        timeBudgetSeconds: null,
        ...s,
      };
      const c = campaignCase(config);
      const seen = new Map<string, ReturnType<typeof shrinkViolation>>();
      for (const [index] of s.seeds.entries()) {
        for (const v of runCampaignCase(config, index).violations) {
          const shape = failureShape(v);
          if (!seen.has(shape)) seen.set(shape, shrinkViolation(c, v));
        }
      }
      assert.ok(seen.size > 0, 'the setting shows violations');
      const sizes = [...seen.values()].map((r) => `${findingOf(c.driver.findings, r.violation)?.id ?? 'new'} ${r.from}→${r.ops.length}`);
      console.log(`      ${sizes.join(', ')}`);
      for (const r of seen.values()) assert.ok(r.ops.length <= MAX_OPS, `${r.violation.id}: ${r.ops.length} ops`);
      const named = new Set([...seen.values()].map((r) => findingOf(c.driver.findings, r.violation)?.id));
      for (const n of s.names) assert.ok(named.has(n), `${n} among ${[...named].join(', ')}`);
    });
  }

  it('damage: TDB-2 and TK-1 leave the store unusable, TDB-1 a refused write, TDB-6 and TDB-21 wrong data', () => {
    const verdicts = new Map<string, string>();
    for (const d of DRIVERS) {
      for (const f of d.findings ?? []) {
        if (!f.replay) continue;
        const run = replay(f.replay);
        verdicts.set(f.id, assessDamage(run.case, run.ops, run.reference, run.result.violations[0]).verdict);
      }
    }
    const want = { 'TDB-1': 'wrong-answer', 'TDB-2': 'unusable', 'TDB-4': 'unusable', 'TDB-6': 'data-lost', 'TDB-21': 'data-lost', 'TK-1': 'unusable', 'TK-3': 'unusable', 'TK-5': 'data-lost' };
    for (const [id, verdict] of Object.entries(want)) assert.equal(verdicts.get(id), verdict, id);
  });
});
