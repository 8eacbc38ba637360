// TicKVKVStore (capsules/extra/src/tickv_kv_store.rs): get/set/add/update/delete/gc over TicKVSystem.
// Synchronous model of the callback chain: each method runs the chain to its end and returns how the
// caller's request ended (an immediate error, one callback, or none at all).
import assert from 'node:assert';
import { callback, fail, immediate, OK, type Completion, type TockResult } from './errorCode';
import type { SubSliceMut } from './subSliceMut';
import type { TicKVSystem } from './tickvSystem';

export type KVOperation = 'Get' | 'Set' | 'Add' | 'Update' | 'Delete' | 'GarbageCollect';

/** Keeps `NOMEM` (and `keep`), turns every other error into `FAIL`, as the completion handlers do. */
function mapErr(r: TockResult, ...keep: Array<'NOMEM' | 'NOSUPPORT' | 'SIZE'>): TockResult {
  if (r.ok) return OK;
  return (keep as string[]).includes(r.code) ? r : fail('FAIL');
}

export class TicKVKVStore {
  operation: KVOperation | undefined;
  /** The one 8-byte hashed-key buffer (`hashed_key: TakeCell`); lost while a lower layer never calls back. */
  private hashedKeyHeld = true;

  constructor(readonly kv: TicKVSystem) {}

  /** Common start of every keyed request (lines 124-143): BUSY, missing key buffer, then hashing. */
  private begin(op: KVOperation, key: Uint8Array): Completion | Uint8Array {
    if (this.operation !== undefined) return immediate('BUSY');
    this.operation = op;
    if (!this.hashedKeyHeld) return immediate('FAIL');
    this.hashedKeyHeld = false;
    // generate_key succeeds; its result arrives in generate_key_complete through deferred calls.
    return this.kv.generateKey(key);
  }

  /** A lower layer answered (callback or immediate error): the hashed key is back and this request ends. */
  private end(c: Completion): Completion {
    if (c.kind !== 'pending') {
      this.hashedKeyHeld = true;
      this.operation = undefined;
    }
    return c;
  }

  /** `get` (lines 112-144) -> get_value (283-297) -> get_value_complete (464-490). */
  get(key: Uint8Array, value: SubSliceMut): Completion {
    const hashed = this.begin('Get', key);
    if (!(hashed instanceof Uint8Array)) return hashed;
    const r = this.kv.getValue(hashed, value);
    if (r.kind === 'immediate') return this.end(callback(fail('FAIL'), r.buffer));
    if (r.kind === 'pending') return r;
    return this.end(callback(mapErr(r.result, 'SIZE', 'NOSUPPORT'), r.buffer));
  }

  /** `set` (lines 146-159, 299-315): append; if the key exists, invalidate it and append again (384-427, 497-529). */
  set(key: Uint8Array, value: Uint8Array): Completion {
    const hashed = this.begin('Set', key);
    if (!(hashed instanceof Uint8Array)) return hashed;
    // Each turn that goes round invalidates one live copy, so the loop ends; the bound only guards the model.
    for (let turn = 0; ; turn++) {
      assert.ok(turn < 1 << 20, 'set: append/invalidate loop did not end');
      const a = this.kv.appendKey(hashed, value);
      if (a.kind === 'immediate') return this.end(callback(fail(a.code)));
      if (a.kind === 'pending') return a;
      if (a.result.ok || a.result.code !== 'NOSUPPORT') return this.end(callback(mapErr(a.result, 'NOMEM')));
      if (this.kv.policy.writeNewCopyFirst()) return this.replace(hashed, value, 'FAIL');
      const i = this.kv.invalidateKey(hashed);
      if (i.kind === 'immediate') return this.end(callback(fail('FAIL')));
      if (i.kind === 'pending') return i;
      if (!i.result.ok) return this.end(callback(fail('FAIL')));
    }
  }

  /** `add` (lines 161-174, 316-333, 429-444): append only; an existing key is NOSUPPORT. */
  add(key: Uint8Array, value: Uint8Array): Completion {
    const hashed = this.begin('Add', key);
    if (!(hashed instanceof Uint8Array)) return hashed;
    const a = this.kv.appendKey(hashed, value);
    if (a.kind === 'immediate') return this.end(callback(fail(a.code)));
    if (a.kind === 'pending') return a;
    return this.end(callback(mapErr(a.result, 'NOSUPPORT', 'NOMEM')));
  }

  /** `update` (lines 176-189, 334-355): invalidate first, then append (532-572, 445-459). */
  update(key: Uint8Array, value: Uint8Array): Completion {
    const hashed = this.begin('Update', key);
    if (!(hashed instanceof Uint8Array)) return hashed;
    if (this.kv.policy.writeNewCopyFirst()) return this.replace(hashed, value, 'NOSUPPORT');
    const i = this.kv.invalidateKey(hashed);
    if (i.kind === 'immediate') return this.end(callback(fail('FAIL')));
    if (i.kind === 'pending') return i;
    if (!i.result.ok) return this.end(callback(fail('NOSUPPORT')));
    // The old copy is gone from here on: a failed append below loses the key.
    const a = this.kv.appendKey(hashed, value);
    if (a.kind === 'immediate') return this.end(callback(fail('FAIL')));
    if (a.kind === 'pending') return a;
    return this.end(callback(mapErr(a.result, 'NOMEM')));
  }

  /**
   * set/update of an existing key, new copy first: it is written before the old one is invalidated, so a
   * cut leaves the old or the new value (the capsule: invalidate, then append, and a cut between loses the key).
   * A missing key ends as `missing` (set: FAIL, the key vanished since append saw it; update: NOSUPPORT).
   */
  private replace(hashed: Uint8Array, value: Uint8Array, missing: 'FAIL' | 'NOSUPPORT'): Completion {
    const r = this.kv.replaceKey(hashed, value);
    if (r.kind === 'immediate') return this.end(callback(fail(r.code)));
    if (r.kind === 'pending') return r;
    if (!r.result.ok && r.result.code === 'NOSUPPORT') return this.end(callback(fail(missing)));
    return this.end(callback(mapErr(r.result, 'NOMEM')));
  }

  /** `delete` (lines 191-212, 356-367): invalidate; the result passes through (575-582). */
  delete(key: Uint8Array): Completion {
    const hashed = this.begin('Delete', key);
    if (!(hashed instanceof Uint8Array)) return hashed;
    const i = this.kv.invalidateKey(hashed);
    if (i.kind === 'immediate') return this.end(callback(fail('FAIL')));
    if (i.kind === 'pending') return i;
    return this.end(callback(i.result));
  }

  /** `garbage_collect` (lines 214-227, 587-592). */
  garbageCollect(): Completion {
    if (this.operation !== undefined) return immediate('BUSY');
    this.operation = 'GarbageCollect';
    const r = this.kv.garbageCollect();
    if (r.kind === 'immediate') {
      this.operation = undefined;
      return r;
    }
    if (r.kind === 'callback') this.operation = undefined;
    return r;
  }
}
