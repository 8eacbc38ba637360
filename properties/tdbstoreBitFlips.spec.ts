// Bits that flip at rest: one flipped bit in the live log may cost the record that holds it, never another key.
import fc from 'fast-check';
import type { Geometry } from '../engine/flash/blockDevice';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { runBitFlipCase } from '../faults/crash/bitFlips';
import { openCase } from '../faults/crash/storeCase';
import { tdbstoreDriver } from '../faults/drivers';
import { opText, type TdbOp } from '../models/tdbstore/ops';
import { geometryArb, opArb } from './arbitraries/tdbArbitraries';
import { assertProperty, runSettings } from './support/fcEnv';

const smallGeometryArb: fc.Arbitrary<Geometry> = geometryArb.filter((g) => g.sizeBytes / 2 <= 4096);

describe('TDBStore with a bit flipped at rest in its log', () => {
  for (const profile of ['hardened', 'mbed'] as const satisfies readonly TdbProfileName[]) {
    it(`${profile}: ${profile === 'hardened' ? 'only the damaged record suffers' : 'damage counted'}`, function () {
      this.timeout(120000);
      const name = `tdbstore bit flips ${profile}`;
      const totals = { runs: 0, flips: 0, violations: 0 };
      const prop = fc.property(smallGeometryArb, fc.array(opArb, { minLength: 4, maxLength: 24 }), fc.integer(), (geometry, body, seed) => {
        const ops: TdbOp[] = [{ op: 'init' }, ...body];
        const r = runBitFlipCase(openCase(tdbstoreDriver, profile, geometry, 'nor'), ops, { opsSpec: { kind: 'listed', lines: ops.map(opText) }, flips: 12, seed });
        totals.runs++;
        totals.flips += r.crashPoints;
        totals.violations += r.violations.length;
        const v = r.violations[0];
        if (profile === 'hardened' && v) throw new Error(`${v.summary}\n  replay: node cli/flashproof.js replay '${v.id}'`);
      });
      assertProperty(name, prop, runSettings(name, profile === 'hardened' ? 120 : 40));
      console.log(`      ${totals.runs} sequences, ${totals.flips} bits flipped; flips that cost more than their own record: ${totals.violations}`);
    });
  }
});
