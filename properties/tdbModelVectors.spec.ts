// The reference model against the real code: every power-cut-free vector script, run on the model alone.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TdbModel } from '../models/tdbstore/tdbModel';
import { scriptStep, shellLine } from './support/tdbScriptOps';
import { loadTdbVectors, TDB_FIXTURES } from './support/tdbVectors';

const NOT_CALLED = 'NOT_CALLED store not initialized (TDBStore would dereference a null pointer)';

describe('TDBStore reference model reproduces the real code on the vectors (profile mbed)', () => {
  const vectors = loadTdbVectors().filter((v) => v.runs.length === 1);
  it('covers every single-run vector', () => assert.equal(vectors.length, 25));
  for (const v of vectors) {
    it(v.name, () => {
      const run = v.runs[0];
      const model = new TdbModel({ sizeBytes: v.size, eraseSizeBytes: v.erase_size, programSizeBytes: v.program_size }, 'mbed');
      const script = fs.readFileSync(path.join(TDB_FIXTURES, run.script)).toString('latin1').split('\n');
      const expected = fs.readFileSync(path.join(TDB_FIXTURES, run.expected)).toString('latin1').split('\n');
      const wild = new Set(run.stdout_wildcards.map((w) => w.line));
      let line = 0;
      const diffs: string[] = [];
      for (const text of script) {
        const step = scriptStep(text, v.size);
        if (!step) continue;
        line++;
        if (step.skip || wild.has(line)) continue;
        const op = step.op as NonNullable<typeof step.op>;
        const got = step.notCalledWhenDown && !model.state.initialized ? `${step.label}: ${NOT_CALLED}` : shellLine(step.label, op, model.apply(op));
        if (model.state.poisoned) break; // the model stops where the real code becomes unpredictable
        if (got !== expected[line - 1]) diffs.push(`line ${line}: model "${got}", real "${expected[line - 1]}"`);
      }
      assert.deepEqual(diffs, []);
    });
  }
});
