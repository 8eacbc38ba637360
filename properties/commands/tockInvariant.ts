// The permission layer's promise, checked on the engine's flash and answers after every Tock op:
// nothing is read or modified without permission, ever (tickv.md §9.4-9.5).
import { bytesOfHex, type Outcome } from '../../models/outcome';
import type { ImageObject } from '../../models/subjects/tickvSubject';
import { tickvKeyOf } from '../../models/tickv/hashing';
import { readHeader, TOCK_HEADER_LENGTH, tockValue } from '../../models/tock/header';
import type { TockOp } from '../../models/tock/ops';
import { mayModify, mayRead, writeIdOf } from '../../models/tock/permissions';
import { SET_FOREIGN_COPY } from '../../models/tock/tockModel';

export interface InvariantVerdict {
  /** What broke the promise, if anything the capsules are not already known to do. */
  violation?: string;
  /** Broken in the way the model predicts for the real capsules (counted, printed, not failed). */
  knownFlaw?: string;
}

const pos = (o: ImageObject): string => `r${o.region}@${o.offset}`;
const writeIdIn = (value: Uint8Array): number => (value.length >= TOCK_HEADER_LENGTH ? readHeader(value).writeId : 0);
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Objects only lose their valid bit, and only where the caller may modify them; nothing else changes in place. */
function checkChanges(op: TockOp, before: ImageObject[], after: Map<string, ImageObject>, notes: string[]): InvariantVerdict {
  const mayInvalidate = op.op === 'set' || op.op === 'update' || op.op === 'delete';
  for (const b of before) {
    const a = after.get(pos(b));
    if (!a) {
      if (op.op === 'gc' && !b.valid) continue; // GC erases regions of invalid objects only
      return { violation: `${b.valid ? 'live' : 'invalid'} object at ${pos(b)} (write id ${writeIdIn(b.value)}) vanished` };
    }
    if (a.hash !== b.hash || a.length !== b.length || !sameBytes(a.value, b.value)) return { violation: `object at ${pos(b)} was rewritten` };
    if (a.valid === b.valid) continue;
    if (a.valid) return { violation: `invalid object at ${pos(b)} became valid again` };
    const owner = writeIdIn(b.value);
    if (mayInvalidate && mayModify(op.perm, owner)) continue;
    if (op.op === 'set' && notes.includes(SET_FOREIGN_COPY)) return { knownFlaw: `${SET_FOREIGN_COPY} (write id ${owner}, at ${pos(b)})` };
    return { violation: `${op.op} invalidated the object at ${pos(b)} with write id ${owner}, which it may not modify` };
  }
  return {};
}

/** At most one new object, and only the caller's own value stamped with the caller's write id. */
function checkNewObjects(op: TockOp, before: Set<string>, after: ImageObject[]): string | undefined {
  const added = after.filter((a) => !before.has(pos(a)));
  if (added.length === 0) return undefined;
  if ((op.op !== 'set' && op.op !== 'add' && op.op !== 'update') || added.length > 1) return `${op.op} wrote ${added.length} new object(s)`;
  const writeId = writeIdOf(op.perm);
  const a = added[0];
  if (writeId === undefined) return `${op.op} wrote without a write id`;
  if (!a.valid || a.hash !== tickvKeyOf(op.key) || !sameBytes(a.value, tockValue(op.value, writeId))) return `${op.op} wrote something other than its own value at ${pos(a)}`;
  return undefined;
}

/** A get hands out only bytes of a live copy of that key the caller may read; otherwise a zeroed buffer. */
function checkRead(op: TockOp & { op: 'get' }, before: ImageObject[], got: Outcome, buffer: Uint8Array | undefined): string | undefined {
  if (got.status === 'Ok' || got.status === 'Err(SIZE)') {
    const bytes = bytesOfHex(got.value ?? '');
    const hash = tickvKeyOf(op.key);
    const source = before.find((b) => b.valid && b.hash === hash && mayRead(op.perm, writeIdIn(b.value)) && startsWith(b.value.subarray(TOCK_HEADER_LENGTH), bytes, got.status === 'Ok'));
    return source ? undefined : `get returned ${bytes.length} bytes that no live copy readable by the caller holds`;
  }
  // A kernel panic hands nothing back to the caller (the board resets), so only delivered buffers count.
  if (buffer && !got.status.startsWith('HALT') && buffer.some((x) => x !== 0)) return `a refused get (${got.status}) left data in the caller's buffer`;
  return undefined;
}

const startsWith = (whole: Uint8Array, part: Uint8Array, exact: boolean): boolean =>
  (exact ? whole.length === part.length : whole.length >= part.length) && part.every((x, i) => x === whole[i]);

export function checkPermissionInvariant(
  op: TockOp,
  before: ImageObject[],
  after: ImageObject[],
  got: Outcome,
  getBuffer: Uint8Array | undefined,
  notes: string[],
): InvariantVerdict {
  // A refusal (no write id, busy, denied, missing, key exists) must leave the flash exactly as it was.
  const refused = got.status.startsWith('immediate') || got.status === 'Err(NOSUPPORT)';
  if (refused && (before.length !== after.length || before.some((b, i) => pos(b) !== pos(after[i]) || b.valid !== after[i].valid))) {
    return { violation: `${op.op} was refused (${got.status}) yet the flash changed` };
  }
  const afterByPos = new Map(after.map((a) => [pos(a), a]));
  const changes = checkChanges(op, before, afterByPos, notes);
  if (changes.violation) return changes;
  const added = checkNewObjects(op, new Set(before.map(pos)), after);
  if (added) return { violation: added };
  const read = op.op === 'get' ? checkRead(op, before, got, getBuffer) : undefined;
  return read ? { violation: read } : changes;
}
