// KVStorePermissions (capsules/extra/src/kv_store_permissions.rs): the Tock header and StoragePermissions checks.
import { callback, fail, immediate, type Completion, type TockResult } from './errorCode';
import { HEADER_VERSION, headerFromBuf, headerToBuf, TOCK_HEADER_LENGTH } from './header';
import type { TicKVKVStore } from './kvStore';
import type { TockPolicy } from './policy';
import { checkModifyPermission, checkReadPermission, getWriteId, isStoragePermissions, type StoragePermissions } from './permissions';
import { SubSliceMut } from './subSliceMut';

export type PermissionsOperation = 'Get' | 'Set' | 'Add' | 'Update' | 'Delete' | 'GarbageCollect';

const okOrSize = (r: TockResult): boolean => r.ok || r.code === 'SIZE';
/** JS arguments no Rust caller could pass (wrong types, a permissions value that is no variant): INVAL, nothing runs. */
const badKey = (key: unknown, permissions: unknown): boolean => !(key instanceof Uint8Array) || !isStoragePermissions(permissions);

export class KVStorePermissions {
  operation: PermissionsOperation | undefined;
  /** The static 9-byte buffer for permission lookups (`header_value: TakeCell`); it keeps old bytes between uses. */
  private headerValue: Uint8Array | undefined = new Uint8Array(TOCK_HEADER_LENGTH);

  constructor(readonly kv: TicKVKVStore) {}

  private get policy(): TockPolicy {
    return this.kv.kv.policy;
  }

  /** `get` (lines 190-217) and its completion (433-469): no permission means NOSUPPORT and a zeroed buffer. */
  get(key: Uint8Array, value: SubSliceMut, permissions: StoragePermissions): Completion {
    const isBuffer = value instanceof SubSliceMut && value.take() instanceof Uint8Array;
    if (badKey(key, permissions) || !isBuffer) return immediate('INVAL', isBuffer ? value : undefined);
    if (this.operation !== undefined) return immediate('BUSY', value);
    this.operation = 'Get';
    const r = this.kv.get(key, value);
    if (r.kind === 'immediate') {
      this.operation = undefined;
      return r;
    }
    if (r.kind === 'pending') return r;
    this.operation = undefined;
    const buf = r.buffer ?? value;
    let readAllowed = false;
    // KeyHeader::new_from_buf reads the header from the window; a window shorter than it panics the kernel.
    if (okOrSize(r.result) && !this.policy.refuseShortHeaderWindow(buf.length)) {
      const header = headerFromBuf(buf);
      if (header.version === HEADER_VERSION) {
        readAllowed = checkReadPermission(permissions, header.writeId);
        if (readAllowed) buf.slice(TOCK_HEADER_LENGTH);
      }
    }
    if (!readAllowed) buf.asSlice().fill(0);
    return callback(readAllowed ? r.result : fail('NOSUPPORT'), buf);
  }

  set(key: Uint8Array, value: Uint8Array, permissions: StoragePermissions): Completion {
    return this.insert(key, value, permissions, 'Set');
  }

  add(key: Uint8Array, value: Uint8Array, permissions: StoragePermissions): Completion {
    return this.insert(key, value, permissions, 'Add');
  }

  update(key: Uint8Array, value: Uint8Array, permissions: StoragePermissions): Completion {
    return this.insert(key, value, permissions, 'Update');
  }

  /** `insert` (lines 106-182): stamp the header, then add directly or check the stored header first. */
  private insert(key: Uint8Array, value: Uint8Array, permissions: StoragePermissions, op: 'Set' | 'Add' | 'Update'): Completion {
    if (badKey(key, permissions) || !(value instanceof Uint8Array)) return immediate('INVAL');
    const writeId = getWriteId(permissions);
    if (writeId === undefined) return immediate('INVAL');
    if (this.operation !== undefined) return immediate('BUSY');
    if (value.length < TOCK_HEADER_LENGTH) return immediate('SIZE');
    headerToBuf({ version: HEADER_VERSION, length: value.length - TOCK_HEADER_LENGTH, writeId }, value);
    this.operation = op;
    if (op === 'Add') {
      // add only succeeds for a new key, so no permission check is made (lines 167-178).
      return this.finish(this.kv.add(key, value));
    }
    const looked = this.lookUpHeader(key);
    if (looked.kind !== 'callback') return looked;
    const stored = looked.buffer as SubSliceMut;
    let allowed = false;
    if (okOrSize(looked.result)) {
      const header = headerFromBuf(stored);
      if (header.version === HEADER_VERSION) allowed = checkModifyPermission(permissions, header.writeId);
    } else if (op === 'Set' && !looked.result.ok && looked.result.code === 'NOSUPPORT') {
      allowed = true;
    }
    this.headerValue = stored.take();
    if (!allowed) return this.finish(callback(fail('NOSUPPORT')));
    return this.finish(op === 'Set' ? this.kv.set(key, value) : this.kv.update(key, value), true);
  }

  /** `delete` (lines 267-290) and its completion (395-432): the same modify check, no write id needed. */
  delete(key: Uint8Array, permissions: StoragePermissions): Completion {
    if (badKey(key, permissions)) return immediate('INVAL');
    if (this.operation !== undefined) return immediate('BUSY');
    this.operation = 'Delete';
    const looked = this.lookUpHeader(key);
    if (looked.kind !== 'callback') return looked;
    const stored = looked.buffer as SubSliceMut;
    let allowed = false;
    if (okOrSize(looked.result)) {
      const header = headerFromBuf(stored);
      if (header.version === HEADER_VERSION) allowed = checkModifyPermission(permissions, header.writeId);
    }
    this.headerValue = stored.take();
    if (!allowed) return this.finish(callback(fail('NOSUPPORT')));
    return this.finish(this.kv.delete(key), true);
  }

  /** `garbage_collect` (lines 292-300): an immediate error leaves `operation` set, so every later call is BUSY. */
  garbageCollect(): Completion {
    if (this.operation !== undefined) return immediate('BUSY');
    this.operation = 'GarbageCollect';
    const r = this.kv.garbageCollect();
    if (r.kind === 'callback' || (r.kind === 'immediate' && this.policy.idleAfterImmediateGc())) this.operation = undefined;
    return r;
  }

  /** Reads the stored value into the 9-byte header buffer (a SIZE answer carries the header); immediate errors end here. */
  private lookUpHeader(key: Uint8Array): Completion {
    const hv = this.headerValue;
    // `None => Err(FAIL)` leaves `operation` set (lines 163, 288).
    if (hv === undefined) return immediate('FAIL');
    this.headerValue = undefined;
    const r = this.kv.get(key, new SubSliceMut(hv));
    if (r.kind === 'immediate') {
      this.headerValue = hv;
      this.operation = undefined;
    }
    return r;
  }

  /** The lower layer's answer ends this request; after the lookup (inside get_complete) an immediate error is a callback. */
  private finish(c: Completion, inCallback = false): Completion {
    if (c.kind === 'pending') return c;
    this.operation = undefined;
    return c.kind === 'immediate' && inCallback ? callback(fail(c.code)) : c;
  }
}
