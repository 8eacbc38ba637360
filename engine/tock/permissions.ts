// kernel::storage_permissions::StoragePermissions (kernel/src/storage_permissions.rs) and the TBF-header policy.
import assert from 'node:assert';

export type StoragePermissions =
  | { readonly kind: 'SelfOnly'; readonly id: number }
  | {
      readonly kind: 'FixedSize';
      readonly appId: number;
      readonly writePermission: boolean;
      readonly readModifySelf: boolean;
      readonly readCount: number;
      readonly readPermissions: readonly number[];
      readonly modifyCount: number;
      readonly modifyPermissions: readonly number[];
    }
  | {
      readonly kind: 'Listed';
      readonly appId: number;
      readonly writePermission: boolean;
      readonly readModifySelf: boolean;
      readonly readPermissions: readonly number[];
      readonly modifyPermissions: readonly number[];
    }
  | { readonly kind: 'Kernel' }
  | { readonly kind: 'Null' };

const nonZeroU32 = (v: number, what: string): number => {
  assert.ok(Number.isInteger(v) && v >= 1 && v <= 0xffffffff, `${what} must be a NonZeroU32, got ${v}`);
  return v;
};

export const kernelPermissions = (): StoragePermissions => ({ kind: 'Kernel' });
export const nullPermissions = (): StoragePermissions => ({ kind: 'Null' });
export const selfOnlyPermissions = (shortId: number): StoragePermissions => ({ kind: 'SelfOnly', id: nonZeroU32(shortId, 'ShortId') });

/** `new_fixed_size`: the first `count` of up to eight ids are valid (storage_permissions.rs:118-137). */
export function fixedSizePermissions(
  appId: number,
  writePermission: boolean,
  readModifySelf: boolean,
  readIds: readonly number[],
  modifyIds: readonly number[],
): StoragePermissions {
  const eight = (ids: readonly number[]): number[] => [...ids.slice(0, 8), ...new Array<number>(Math.max(0, 8 - ids.length)).fill(0)];
  return {
    kind: 'FixedSize',
    appId: nonZeroU32(appId, 'app_id'),
    writePermission,
    readModifySelf,
    readCount: Math.min(readIds.length, 8),
    readPermissions: eight(readIds),
    modifyCount: Math.min(modifyIds.length, 8),
    modifyPermissions: eight(modifyIds),
  };
}

const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
const isIds = (v: unknown, len?: number): boolean => Array.isArray(v) && (len === undefined || v.length === len) && v.every(isU32);
const isCount = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A JS value that is one of the Rust enum's variants with in-range fields (the binding refuses anything else). */
export function isStoragePermissions(p: unknown): p is StoragePermissions {
  if (typeof p !== 'object' || p === null) return false;
  const q = p as Record<string, unknown>;
  const listedFields = (): boolean =>
    isU32(q.appId) && q.appId !== 0 && typeof q.writePermission === 'boolean' && typeof q.readModifySelf === 'boolean';
  switch (q.kind) {
    case 'Kernel':
    case 'Null':
      return true;
    case 'SelfOnly':
      return isU32(q.id) && q.id !== 0;
    case 'FixedSize':
      return listedFields() && isCount(q.readCount) && isCount(q.modifyCount) && isIds(q.readPermissions, 8) && isIds(q.modifyPermissions, 8);
    case 'Listed':
      return listedFields() && isIds(q.readPermissions) && isIds(q.modifyPermissions);
    default:
      return false;
  }
}

/** `get(0..count).unwrap_or(&[])`: a count over 8 grants nothing. */
const validIds = (ids: readonly number[], count: number): readonly number[] => (count <= ids.length ? ids.slice(0, count) : []);

function checkListed(p: StoragePermissions, storedId: number, which: 'read' | 'modify'): boolean {
  if (p.kind !== 'FixedSize' && p.kind !== 'Listed') return false;
  if (storedId === p.appId && p.readModifySelf) return true;
  const ids =
    p.kind === 'FixedSize'
      ? validIds(which === 'read' ? p.readPermissions : p.modifyPermissions, which === 'read' ? p.readCount : p.modifyCount)
      : which === 'read'
        ? p.readPermissions
        : p.modifyPermissions;
  // Id 0 (the kernel's) is never granted through a list.
  return storedId !== 0 && ids.includes(storedId);
}

/** `check_read_permission` (storage_permissions.rs:166-184). */
export function checkReadPermission(p: StoragePermissions, storedId: number): boolean {
  switch (p.kind) {
    case 'SelfOnly':
      return storedId === p.id;
    case 'Kernel':
      return storedId === 0;
    case 'Null':
      return false;
    default:
      return checkListed(p, storedId, 'read');
  }
}

/** `check_modify_permission` (storage_permissions.rs:188-206). */
export function checkModifyPermission(p: StoragePermissions, storedId: number): boolean {
  switch (p.kind) {
    case 'SelfOnly':
      return storedId === p.id;
    case 'Kernel':
      return storedId === 0;
    case 'Null':
      return false;
    default:
      return checkListed(p, storedId, 'modify');
  }
}

/** `get_write_id` (storage_permissions.rs:210-220): the id stamped into stored objects, if any. */
export function getWriteId(p: StoragePermissions): number | undefined {
  switch (p.kind) {
    case 'SelfOnly':
      return p.id;
    case 'Kernel':
      return 0;
    case 'Null':
      return undefined;
    default:
      return p.writePermission ? p.appId : undefined;
  }
}

/** The TBF TLV type 7 fields (libraries/tock-tbf/src/types.rs:490-557). */
export interface TbfStoragePermissionsTlv {
  readonly writeId: number;
  readonly readIds: readonly number[];
  readonly modifyIds: readonly number[];
}

/**
 * `TbfHeaderStoragePermissions::get_permissions` (capsules/system/src/storage_permissions/tbf_header.rs:46-76):
 * a fixed ShortId and a TLV give FixedSize(ShortId, write iff TLV write_id != 0, read_modify_self = false);
 * anything else gives Null.
 */
export function tbfHeaderPermissions(fixedShortId: number | undefined, tlv: TbfStoragePermissionsTlv | undefined): StoragePermissions {
  if (fixedShortId === undefined || tlv === undefined) return nullPermissions();
  return fixedSizePermissions(fixedShortId, tlv.writeId !== 0, false, tlv.readIds, tlv.modifyIds);
}
