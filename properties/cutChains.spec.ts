// Chains of cuts (--depth N): a cut, a cut in its recovery (or the first write after it, GC included), a cut in that
// recovery, ... Depth 3 on small cases: hardened stores survive; a chain's id replays it; older ids are unchanged.
import assert from 'node:assert/strict';
import { makeGeometry } from '../engine/flash/geometry';
import type { Geometry } from '../engine/flash/blockDevice';
import { runCase } from '../faults/crash/runCase';
import { openCase } from '../faults/crash/storeCase';
import type { Violation } from '../faults/crash/types';
import { tdbstoreDriver, tickvDriver, tockDriver } from '../faults/drivers';
import type { AnyDriver } from '../faults/driver/types';
import { TDBSTORE_FINDINGS } from '../faults/findings/tdbstore';
import { TICKV_FINDINGS } from '../faults/findings/tickv';
import { replay } from '../faults/replay';
import { decodeReplayId, encodeReplayId } from '../faults/replayId';
import { TORN_MODELS } from '../faults/torn';

function chains(d: AnyDriver, profile: string, g: Geometry, seeds: number[], count: number, depth: number, nestedPoints: number) {
  const c = openCase(d, profile, g, 'nor');
  const all = { points: 0, nested: 0, violations: [] as Violation[] };
  for (const seed of seeds) {
    const r = runCase(c, d.ops.generate(seed, count, g), {
      schedule: { kind: 'exhaustive' },
      torn: TORN_MODELS,
      depth,
      nestedPoints,
      seed,
      continueOps: Number.POSITIVE_INFINITY,
      opsSpec: { kind: 'generated', seed, count },
    });
    all.points += r.crashPoints;
    all.nested += r.nestedPoints;
    all.violations.push(...r.violations);
  }
  return all;
}

describe('chains of cuts (--depth N)', () => {
  const TDB = makeGeometry(2048, 256, 8);
  const KV = makeGeometry(1024, 256, 1);

  for (const [d, g] of [[tdbstoreDriver, TDB], [tickvDriver, KV], [tockDriver, KV]] as const) {
    it(`${d.name} hardened: no violation at depth 3, with up to 4 chains per crash point`, function () {
      this.timeout(60000);
      const r = chains(d, 'hardened', g, [1, 2, 3, 4], 12, 3, 4);
      assert.deepEqual(r.violations.map((v) => `${v.kind}@${v.stage}: ${v.id}`), []);
      assert.ok(r.nested > r.points, `chains go deeper than one nested cut per point (${r.nested} nested for ${r.points} points)`);
    });
  }

  it('depth 2 with one chain per point is exactly what it was (one seeded nested cut per crash point)', () => {
    const two = chains(tdbstoreDriver, 'hardened', TDB, [3], 10, 2, 1);
    const three = chains(tdbstoreDriver, 'hardened', TDB, [3], 10, 3, 1);
    assert.equal(two.points, three.points);
    assert.ok(two.nested <= two.points && three.nested > two.nested);
  });

  it("a chain's id carries every cut, decodes to them, and replays to the same violation", function () {
    this.timeout(60000);
    const r = chains(tickvDriver, 'faithful', KV, [3, 7], 12, 3, 2);
    const v = r.violations.find((x) => (x.deeper?.length ?? 0) > 0);
    assert.ok(v, 'faithful TicKV shows a violation only the third cut of a chain reaches');
    const id = decodeReplayId(v.id);
    assert.ok(id.nested && id.deeper?.length === 1);
    assert.equal(encodeReplayId(id), v.id);
    const again = replay(v.id).result.violations;
    assert.equal(again.length, 1);
    assert.deepEqual([again[0].kind, again[0].stage, again[0].summary, again[0].id], [v.kind, v.stage, v.summary, v.id]);
  });

  it('every older id (7 or 8 parts) decodes and encodes back unchanged', () => {
    for (const f of [...TDBSTORE_FINDINGS, ...TICKV_FINDINGS]) {
      if (!f.replay || f.replay.includes('+')) continue; // ids with a start are new
      const c = decodeReplayId(f.replay);
      assert.equal(c.deeper, undefined);
      assert.equal(c.ops.start, undefined);
      assert.equal(encodeReplayId(c), f.replay);
    }
  });
});
