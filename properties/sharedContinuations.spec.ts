// Sharing continuations (one run of the rest of the sequence per recovered image and RAM state) changes no result.
import assert from 'node:assert/strict';
import { parseGeometry } from '../engine/flash/geometry';
import { runCase } from '../faults/crash/runCase';
import { openCase } from '../faults/crash/storeCase';
import type { CaseResult } from '../faults/crash/types';
import { DRIVERS } from '../faults/drivers';
import { TORN_MODELS } from '../faults/torn';

const essence = (r: CaseResult): string =>
  JSON.stringify({ points: r.crashPoints, nested: r.nestedPoints, duplicates: r.duplicatePoints, violations: r.violations, heat: [...r.heat].sort() });

describe('shared continuations', () => {
  for (const d of DRIVERS) {
    for (const profile of d.profiles) {
      it(`${d.name}/${profile}: every crash point, outcome, heat cell and violation id as without sharing`, () => {
        const g = parseGeometry(d.geometry.soak?.[1] ?? d.geometry.default);
        let points = 0;
        for (const mode of ['nor', 'strict'] as const) {
          const c = openCase(d, profile, g, mode);
          for (const seed of [1, 2, 3]) {
            const ops = d.ops.generate(seed, 24, g);
            const opts = { schedule: { kind: 'exhaustive' as const }, torn: [...TORN_MODELS], depth: 2 as const, seed, continueOps: Number.POSITIVE_INFINITY, opsSpec: { kind: 'generated' as const, seed, count: 24 } };
            const plain = runCase(c, ops, { ...opts, shareContinuations: false });
            const fast = runCase(c, ops, opts);
            assert.equal(essence(fast), essence(plain), `${mode} seed ${seed}`);
            points += plain.crashPoints;
          }
        }
        assert.ok(points > 0);
      });
    }
  }
});
