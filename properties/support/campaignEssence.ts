// A fixed set of small campaigns per engine and what they found, without timings: the speed work must change none of it.
import crypto from 'node:crypto';
import { runCampaignCase } from '../../faults/campaign/caseRun';
import { campaignConfig, type CampaignSettings } from '../../faults/campaign/configure';
import { builtinDriver } from '../../faults/driver/registry';

/** Engine, then campaign settings: every torn model (weak cells too), depth 2, faithful and hardened, small and portenta-h7. */
export const ESSENCE_CAMPAIGNS: ReadonlyArray<readonly [string, CampaignSettings]> = [
  ['tdbstore', { profile: 'mbed', geometry: 'small', seeds: [2, 3], ops: 16, torn: ['all', 'weak-read', 'weak-boot'] }],
  ['tdbstore', { profile: 'hardened', geometry: 'small', flash: 'strict', seeds: [3, 4], ops: 24, torn: ['all', 'weak-boot'], nestedPoints: 3 }],
  ['tdbstore', { profile: 'mbed', geometry: 'portenta-h7', seeds: [1], ops: 16, schedule: 'random:40', torn: ['all', 'weak-read'] }],
  ['tdbstore', { profile: 'hardened', geometry: 'portenta-h7', seeds: [2], ops: 16, schedule: 'random:40' }],
  ['tdbstore', { profile: 'mbed', geometry: '65536:8192:8', seeds: [5], ops: 8, faults: ['all'], depth: 3 }],
  ['tickv', { seeds: [1, 2], ops: 24, torn: ['all', 'weak-read', 'weak-boot'] }],
  ['tickv', { seeds: [3], ops: 16, faults: ['all'] }],
  ['tock', { seeds: [1, 2], ops: 20, torn: ['all', 'weak-boot'] }],
];

/** Each campaign's case records as JSON-able values, the time each took left out. */
export function campaignEssence(): unknown[] {
  return ESSENCE_CAMPAIGNS.map(([engine, settings]) => {
    const config = campaignConfig(builtinDriver(engine), settings);
    const cases = config.seeds.map((_, i) => {
      const { ms: _ms, ops, ...rest } = runCampaignCase(config, i);
      // Generated ops can hold megabytes of values: their digest pins them.
      return JSON.parse(JSON.stringify({ ...rest, ops: crypto.createHash('sha256').update(ops.join('\n')).digest('hex') })) as unknown;
    });
    return { engine, settings, cases };
  });
}
