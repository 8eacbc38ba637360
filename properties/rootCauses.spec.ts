// Root causes of new flaws: one bug is one cause, whatever keys it hit and whether a first or a second cut found it.
import assert from 'node:assert/strict';
import { causeShape } from '../faults/campaign/causes';

const primary = (summary: string) => ({ kind: 'phantom' as const, stage: 'old-or-new', opKind: 'set', summary });
const nested = (kind: 'phantom' | 'status' | 'crash', opKind: string, summary: string) => ({ kind, stage: 'nested', opKind, summary });

describe('root causes: the shape a new flaw is folded by', () => {
  it('keys and values of any spelling, empty ones included, are one shape', () => {
    const shapes = new Set(
      ['phantom: ffff= never written; recovered {ffff=}', 'phantom: 6b=0102 never written; recovered {6b=0102 00=}', 'phantom: ffffffff=ffffff never written; recovered {}'].map(
        (s) => causeShape(primary(s)),
      ),
    );
    assert.equal(shapes.size, 1, [...shapes].join('\n'));
  });

  it('a second cut in the first write after recovery folds with a first cut in that write', () => {
    const first = causeShape(primary('phantom: 6b=f8b0 never written; recovered {6b=f8b0}'));
    // the first cut landed in a remove; the second, in the set after the recovery
    assert.equal(causeShape(nested('phantom', 'remove', 'a cut in the first write after recovery (set 6b f8b0ffff): phantom: 6b=f8b0 never written')), first);
    assert.equal(causeShape(nested('phantom', 'set', 'a cut in the first write after recovery (set 6b32 -): phantom: ffff= never written')), first);
  });

  it('a failed mount after the second cut folds with a failed mount; a cut during the recovery itself stays apart', () => {
    const mount = causeShape({ kind: 'status', stage: 'mount', opKind: 'set', summary: 'mount returned error (-3)' });
    assert.equal(causeShape(nested('status', 'mount', 'a cut in the first write after recovery (set 01 02): mount returned error (-3)')), mount);
    const during = causeShape(nested('phantom', 'set', 'a cut during recovery: phantom: 6b=f8b0 never written'));
    assert.notEqual(during, causeShape(primary('phantom: 6b=f8b0 never written; recovered {6b=f8b0}')));
  });

  it('a wrong state is its class, where it showed and the op cut: how many keys it hit is set aside', () => {
    const one = causeShape({ kind: 'lost', stage: 'reboot', opKind: 'set', summary: 'after the continued run and a reboot: lost: 01 missing (expected aa)' });
    const three = causeShape({ kind: 'lost', stage: 'reboot', opKind: 'set', summary: 'after the continued run and a reboot: lost: 01 missing (expected aa); 02 missing (expected bb) | resurrected: 03=cc is an earlier value (expected dd)' });
    assert.equal(one, three);
    assert.notEqual(one, causeShape({ kind: 'lost', stage: 'old-or-new', opKind: 'set', summary: 'lost: 01 missing (expected aa); recovered {}' }), 'right after the cut is another place');
    assert.notEqual(one, causeShape({ kind: 'lost', stage: 'reboot', opKind: 'remove', summary: 'after the continued run and a reboot: lost: 01 missing (expected aa)' }));
  });

  it('a crash or hang is where the store stopped, whichever op was cut and whichever stage met it', () => {
    const halt = 'halt: fp_mount: fp_halt: store.c:41: assertion failed: seq > 0';
    const shapes = new Set([
      causeShape({ kind: 'crash', stage: 'mount', opKind: 'set', summary: halt }),
      causeShape({ kind: 'crash', stage: 'continue', opKind: 'remove', summary: `op 7 reboot: ${halt}` }),
      causeShape(nested('crash', 'set', `a cut in the first write after recovery (remove 01): ${halt}`)),
      causeShape(nested('crash', 'get', `a cut during recovery: ${halt}`)),
    ]);
    assert.equal(shapes.size, 1, [...shapes].join('\n'));
    assert.notEqual(causeShape({ kind: 'crash', stage: 'mount', opKind: 'set', summary: halt.replace('seq > 0', 'len < 64') }), [...shapes][0], 'another assertion');
  });
});
