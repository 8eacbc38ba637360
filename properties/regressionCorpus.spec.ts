// Every violation id that ever exposed a bug, replayed before anything else (.mocharc.json `file`): a fixed bug stays
// fixed (hardened: no violation) and a faithful profile keeps showing its finding (the same kind at the same stage).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { TDBSTORE_FINDINGS } from '../faults/findings/tdbstore';
import { TICKV_FINDINGS } from '../faults/findings/tickv';
import { TOCK_FINDINGS } from '../faults/findings/tock';
import { replay } from '../faults/replay';
import { decodeReplayId } from '../faults/replayId';

interface CorpusEntry {
  /** The finding id (TDB-5, TK-1, ...) or the issue's name for it (H1, H2). */
  bug: string;
  /** Where the id comes from: a finding, an issue, a run of npm test on a build without a fix. */
  source: string;
  id: string;
  /** The generated-ops id it was first reported as (generators change; the listed ops do not). */
  was?: string;
  /** Per profile: the first violation's class and oracle stage, or null for none. */
  expect: Record<string, { kind: string; stage: string } | null>;
}

export const CORPUS_FILE = path.join(__dirname, 'fixtures', 'regression-corpus.json');
const CORPUS: CorpusEntry[] = JSON.parse(fs.readFileSync(CORPUS_FILE, 'utf8'));

function outcome(id: string, profile: string): { kind: string; stage: string } | null {
  const v = replay(id, { profile }).result.violations[0];
  return v ? { kind: v.kind, stage: v.stage } : null;
}

describe('regression corpus: every id that exposed a bug still replays as recorded', () => {
  it('holds every finding with a replay id, and every id once', () => {
    const ids = new Set(CORPUS.map((e) => e.id));
    assert.equal(ids.size, CORPUS.length, 'an id appears twice');
    const missing = [...TDBSTORE_FINDINGS, ...TICKV_FINDINGS, ...TOCK_FINDINGS].filter((f) => f.replay && !ids.has(f.replay)).map((f) => f.id);
    assert.deepEqual(missing, [], 'findings whose replay id is not in the corpus');
  });

  for (const e of CORPUS) {
    const c = decodeReplayId(e.id);
    for (const [profile, want] of Object.entries(e.expect)) {
      it(`${e.bug} on ${profile}: ${want ? `${want.kind} at ${want.stage}` : 'no violation'} (${c.engine} ${c.geometry} ${c.flash}${c.cut ? ` cut ${c.cut.step}.${c.cut.torn ?? c.cut.fault}` : ''})`, function () {
        this.timeout(60000); // TO-6 runs into a replay's step budget
        assert.deepEqual(outcome(e.id, profile), want, `${e.source}\n  replay: node cli/flashproof.js replay '${e.id}'${profile !== c.profile ? ` --profile ${profile}` : ''}`);
      });
    }
  }
});
