// Every driver in the registry, the same checks: a valid descriptor, ops that round-trip, the reference run agreeing
// with the model, its clean profiles clean under power cuts, and bad command-line input refused in one line.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseGeometry } from '../engine/flash/geometry';
import { main } from '../cli/main';
import { recordReference } from '../faults/crash/reference';
import { runCase } from '../faults/crash/runCase';
import { openCase } from '../faults/crash/storeCase';
import { driverProblem } from '../faults/driver/define';
import { DRIVERS } from '../faults/drivers';
import { TORN_MODELS } from '../faults/torn';

async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { stdout: '', stderr: '' };
  const [realOut, realErr] = [process.stdout.write, process.stderr.write];
  process.stdout.write = ((c: string | Uint8Array) => ((out.stdout += c.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((out.stderr += c.toString()), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), ...out };
  } finally {
    [process.stdout.write, process.stderr.write] = [realOut, realErr];
  }
}

describe('every registered driver', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-drivers-'));
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('names are unique and the first is the default engine', () => {
    assert.equal(new Set(DRIVERS.map((d) => d.name)).size, DRIVERS.length);
  });

  for (const d of DRIVERS) {
    describe(d.name, () => {
      const g = parseGeometry(d.geometry.default);

      it('is a valid descriptor; its findings have unique ids and replay ids of its own', () => {
        assert.equal(driverProblem(d), undefined);
        const ids = (d.findings ?? []).map((f) => f.id);
        assert.equal(new Set(ids).size, ids.length);
        for (const f of d.findings ?? []) if (f.replay) assert.ok(f.replay.startsWith(`fp1/${d.name}/`), `${f.id}: ${f.replay}`);
      });

      it('ops: generate is seeded, and text and parse round-trip', () => {
        for (const seed of [1, 2, 3, 40]) {
          const ops = d.ops.generate(seed, 60, g);
          assert.deepEqual(d.ops.generate(seed, 60, g).map(d.ops.text), ops.map(d.ops.text), 'same seed, same ops');
          for (const op of ops) {
            const text = d.ops.text(op);
            const back = d.ops.parse(text);
            assert.notEqual(back, undefined, text);
            assert.equal(d.ops.text(back), text);
            assert.equal(typeof d.ops.kind(op), 'string');
          }
        }
        assert.equal(d.ops.parse(''), undefined, 'a blank line is no op');
        assert.throws(() => d.ops.parse('no-such-verb 1 2 3'));
      });

      for (const profile of d.cleanProfiles) {
        it(`${profile}: the reference run agrees with the model (no cut, 20 sequences of 60 ops)`, () => {
          const c = openCase(d, profile, g, 'nor');
          for (let seed = 1; seed <= 20; seed++) {
            const ref = recordReference(c, d.ops.generate(seed, 60, g));
            assert.equal(ref.divergence, null, `seed ${seed}: ${ref.divergence?.summary}`);
          }
        });

        it(`${profile}: no violation at any crash point (8 sequences of 16 ops, every torn model, depth 2)`, () => {
          const c = openCase(d, profile, g, 'nor');
          let points = 0;
          for (let seed = 1; seed <= 8; seed++) {
            const ops = d.ops.generate(seed, 16, g);
            const r = runCase(c, ops, { schedule: { kind: 'exhaustive' }, torn: [...TORN_MODELS], depth: 2, seed, continueOps: 4, opsSpec: { kind: 'generated', seed, count: 16 } });
            assert.deepEqual(r.violations.map((v) => v.id), [], `seed ${seed}`);
            points += r.crashPoints;
          }
          assert.ok(points > 50, `only ${points} crash points`);
        });
      }

      const badInputs: Array<[string, string[], RegExp]> = [
        ['unknown profile', ['campaign', '--engine', d.name, '--profile', 'no-such-profile', '--out', path.join(tmp, d.name)], /no-such-profile/],
        ['bad geometry', ['campaign', '--engine', d.name, '--geometry', '5:3:1', '--out', path.join(tmp, d.name)], /not a multiple of ERASE/],
        ['unknown flash mode', ['campaign', '--engine', d.name, '--flash', 'and', '--out', path.join(tmp, d.name)], /--flash must be one of/],
        ['dump of a missing image', ['dump', path.join(tmp, 'missing.img'), '--engine', d.name, '--geometry', d.geometry.default], /does not exist/],
        ['replay with another profile', ['replay', `fp1/${d.name}/no-such-profile/${d.geometry.default === 'small' ? '16384:4096:8:1' : '2048:512:1:1'}/nor/g1x3/-`], /no-such-profile/],
      ];
      for (const [name, argv, message] of badInputs) {
        it(`bad input, one line on stderr and exit 2: ${name}`, async () => {
          const r = await cli(...argv);
          assert.equal(r.code, 2, r.stderr);
          assert.match(r.stderr, message);
          assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
          assert.ok(!fs.existsSync(path.join(tmp, d.name)), 'nothing was written');
        });
      }
    });
  }
});
