// Device errors as a fault of their own: at every program/erase step of random sequences one step fails with
// -4001; the engine must go on, and the rest of the run and a reboot must agree with the op having happened or not.
import fc from 'fast-check';
import type { Geometry } from '../engine/flash/blockDevice';
import { FLASH_MODES, type FlashMode } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { runDeviceErrorCase } from '../faults/crash/deviceErrors';
import { openCase } from '../faults/crash/storeCase';
import { tdbstoreDriver } from '../faults/drivers';
import { opText, type TdbOp } from '../models/tdbstore/ops';
import { geometryArb, opArb } from './arbitraries/tdbArbitraries';
import { assertProperty, runSettings } from './support/fcEnv';

const smallGeometryArb: fc.Arbitrary<Geometry> = geometryArb.filter((g) => g.sizeBytes / 2 <= 4096);
const RUNS: Record<TdbProfileName, number> = { hardened: 40, mbed: 15 };

function deviceErrorProperty(profile: TdbProfileName, mode: FlashMode, totals: { runs: number; points: number; violations: Map<string, number> }) {
  return fc.property(smallGeometryArb, fc.array(opArb, { minLength: 4, maxLength: 20 }), (geometry, body) => {
    const ops: TdbOp[] = [{ op: 'init' }, ...body];
    const r = runDeviceErrorCase(openCase(tdbstoreDriver, profile, geometry, mode), ops, {
      opsSpec: { kind: 'listed', lines: ops.map(opText) },
      stopAtFirst: profile === 'hardened',
    });
    totals.runs++;
    totals.points += r.crashPoints;
    for (const v of r.violations) totals.violations.set(`${v.kind}@${v.opKind}/${v.phase}`, (totals.violations.get(`${v.kind}@${v.opKind}/${v.phase}`) ?? 0) + 1);
    const v = r.violations[0];
    if (profile === 'hardened' && v) {
      throw new Error(`${v.kind} (op ${v.opIndex} ${v.opKind}/${v.phase}): ${v.summary}\n  replay: node cli/flashproof.js replay '${v.id}'`);
    }
  });
}

describe('TDBStore with a device error at every flash step', () => {
  for (const profile of ['hardened', 'mbed'] as const) {
    for (const mode of FLASH_MODES) {
      const name = `tdbstore device errors ${profile} ${mode}`;
      it(`${profile} on ${mode} flash: ${profile === 'hardened' ? 'nothing lost after an error it survived' : 'violations counted'}`, function () {
        this.timeout(240000);
        const totals = { runs: 0, points: 0, violations: new Map<string, number>() };
        assertProperty(name, deviceErrorProperty(profile, mode, totals), runSettings(name, RUNS[profile]));
        const kinds = [...totals.violations].map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
        console.log(`      ${totals.runs} sequences, ${totals.points} failing steps; violations: ${kinds}`);
      });
    }
  }
});
