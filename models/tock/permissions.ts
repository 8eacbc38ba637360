// StoragePermissions as plain data (kernel, null, self:ID, tbf:SHORTID:WRITEID:R:M) and the kernel's checks
// restated from kernel/src/storage_permissions.rs:166-220 and the TBF-header policy (tickv.md §9.5-9.6).

export type PermSpec =
  | { readonly kind: 'kernel' }
  | { readonly kind: 'null' }
  | { readonly kind: 'self'; readonly id: number }
  | { readonly kind: 'tbf'; readonly shortId: number; readonly writeId: number; readonly read: readonly number[]; readonly modify: readonly number[] };

/** The PERM token of the Tock script language (tickv-script.md §3.2). */
export function permText(p: PermSpec): string {
  switch (p.kind) {
    case 'kernel':
    case 'null':
      return p.kind;
    case 'self':
      return `self:${p.id}`;
    case 'tbf':
      return `tbf:${p.shortId}:${p.writeId}:${p.read.join(',')}:${p.modify.join(',')}`;
  }
}

/** get_write_id: the id stamped into what this identity writes; none means it may not write at all. */
export function writeIdOf(p: PermSpec): number | undefined {
  switch (p.kind) {
    case 'kernel':
      return 0;
    case 'null':
      return undefined;
    case 'self':
      return p.id;
    case 'tbf':
      return p.writeId !== 0 ? p.shortId : undefined; // FixedSize(write_permission = TBF write_id != 0)
  }
}

/** FixedSize from the TBF policy: read_modify_self = false, only the first 8 ids count, id 0 never granted. */
const listed = (ids: readonly number[], stored: number): boolean => stored !== 0 && ids.slice(0, 8).includes(stored);

export function mayRead(p: PermSpec, stored: number): boolean {
  switch (p.kind) {
    case 'kernel':
      return stored === 0;
    case 'null':
      return false;
    case 'self':
      return stored === p.id;
    case 'tbf':
      return listed(p.read, stored);
  }
}

export function mayModify(p: PermSpec, stored: number): boolean {
  switch (p.kind) {
    case 'kernel':
      return stored === 0;
    case 'null':
      return false;
    case 'self':
      return stored === p.id;
    case 'tbf':
      return listed(p.modify, stored);
  }
}

/** A permission that may read objects stamped with `writeId` (for reading the whole store back). */
export const readerOf = (writeId: number): PermSpec => (writeId === 0 ? { kind: 'kernel' } : { kind: 'self', id: writeId });
