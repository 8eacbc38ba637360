// Minimal replays of flaws of the real TicKV crate and Tock capsules (2 regions x 256 bytes), with what they print.
// "b", "f1" and "f2" have home region 1, "a" home region 0, where the main key sits at offset 0.
import type { TockOp } from '../../models/tock/ops';
import type { PermSpec } from '../../models/tock/permissions';

export interface FlawScript {
  name: string;
  /** Each op and the status the real stack answers. */
  steps: ReadonlyArray<readonly [TockOp, string]>;
  /** How many times the permission promise is broken (the invariant check counts these as known flaws). */
  permissionBreaks: number;
}

const key = (k: string): Uint8Array => new Uint8Array(Buffer.from(k));
const fill = (n: number, v: number): Uint8Array => new Uint8Array(n).fill(v);
const self = (id: number): PermSpec => ({ kind: 'self', id });
const K: PermSpec = { kind: 'kernel' };
const b = key('b');
const get = (perm: PermSpec): TockOp => ({ op: 'get', key: b, perm, bufLen: 4105 });

export const FLAW_SCRIPTS: readonly FlawScript[] = [
  {
    // set's retry loop (tickv_kv_store.rs append_key_complete -> invalidate_key) checks no permission after the first copy.
    name: 'set over a hidden older copy invalidates another app\'s value',
    steps: [
      [{ op: 'set', key: key('f1'), value: fill(210, 0x11), perm: self(2) }, 'Ok'],
      [{ op: 'set', key: b, value: fill(4, 0xaa), perm: self(1) }, 'Ok'], // no room at home: app 1's b goes to region 0
      [{ op: 'delete', key: key('f1'), perm: self(2) }, 'Ok'],
      [{ op: 'gc' }, 'Ok'], // home erased: get stops at the empty home region, app 1's b is hidden
      [{ op: 'set', key: b, value: fill(1, 0x01), perm: self(3) }, 'Ok'], // "missing", so app 3 creates a second copy
      [{ op: 'set', key: key('f2'), value: fill(150, 0x22), perm: self(2) }, 'Ok'],
      [{ op: 'set', key: b, value: fill(60, 0x33), perm: self(3) }, 'Ok'], // invalidates app 3's copy, then app 1's
      [get(self(1)), 'Err(NOSUPPORT)'],
    ],
    permissionBreaks: 1,
  },
  {
    // find_key_offset stops the probe (cont = false) at a home region with 11 or fewer free bytes.
    name: 'a key behind a nearly full home region is written once, then never read, updated or deleted',
    steps: [
      [{ op: 'set', key: key('f1'), value: fill(225, 0x11), perm: self(2) }, 'Ok'], // region 1 keeps 7 free bytes
      [{ op: 'set', key: b, value: fill(1, 0x01), perm: K }, 'Ok'], // lands in region 0
      [get(K), 'Err(NOSUPPORT)'],
      [{ op: 'set', key: b, value: fill(1, 0x02), perm: K }, 'Err(FAIL)'],
      [{ op: 'update', key: b, value: fill(1, 0x03), perm: K }, 'Err(NOSUPPORT)'],
      [{ op: 'delete', key: b, perm: K }, 'Err(NOSUPPORT)'],
      [{ op: 'add', key: b, value: fill(1, 0x04), perm: K }, 'Err(NOSUPPORT)'],
    ],
    permissionBreaks: 0,
  },
  {
    // After GC erased its home region a key is "missing"; set writes a second copy; deleting it uncovers the first.
    name: 'a deleted key comes back with its older value',
    steps: [
      [{ op: 'set', key: key('f1'), value: fill(210, 0x11), perm: K }, 'Ok'],
      [{ op: 'set', key: b, value: fill(4, 0xaa), perm: K }, 'Ok'],
      [{ op: 'delete', key: key('f1'), perm: K }, 'Ok'],
      [{ op: 'gc' }, 'Ok'],
      [get(K), 'Err(NOSUPPORT)'],
      [{ op: 'set', key: b, value: fill(2, 0xbb), perm: K }, 'Ok'],
      [{ op: 'delete', key: b, perm: K }, 'Ok'],
      [get(K), 'Ok'], // aaaaaaaa again
    ],
    permissionBreaks: 0,
  },
  {
    // append_key's CRC slice `?` (tickv.rs:622-625) drops the read buffer; the next request panics the kernel.
    name: 'an append whose CRC does not fit leaves TicKV without its read buffer: the next request panics',
    steps: [
      [{ op: 'set', key: key('a'), value: fill(219, 0x44), perm: K }, 'Err(FAIL)'],
      [{ op: 'get', key: key('a'), perm: K, bufLen: 4105 }, 'HALT tickv::get_key'],
    ],
    permissionBreaks: 0,
  },
];
