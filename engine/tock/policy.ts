// The Tock KV stack's profiles as named seams: every place where `hardened` departs from Tock's capsules is one
// hook here. TickFSFlashCtrl, TicKVSystem, TicKVKVStore and KVStorePermissions ask `policy.<hook>(...)` there;
// FAITHFUL_POLICY answers as the capsules do (tock/tock 65608d7), HARDENED_POLICY overrides every hook.
// TOCK_HARDENING names the findings (faults/findings/tock.ts) each hook fixes.
import type { TicKVProfileName } from '../tickv/profile';
import { TOCK_HEADER_LENGTH } from './header';

export interface TockPolicy {
  /** TickFSFlashCtrl: a failed program or erase reaches TicKV as WriteFail / EraseFail. */
  reportFlashErrors(): boolean;
  /** TicKVSystem::initialise: an initialise that failed leaves the system idle instead of in Init. */
  idleAfterFailedInit(): boolean;
  /** TicKVSystem: an operation that ends without a flash call (so without a callback) clears `operation`. */
  idleWithoutFlashCall(): boolean;
  /** TicKVSystem::garbage_collect: a failed GC calls back with FAIL and clears `operation`. */
  callBackOnGcError(): boolean;
  /** TicKVKVStore set and update of a live key: the new copy is written before the old one is invalidated. */
  writeNewCopyFirst(): boolean;
  /** KVStorePermissions::get: a window of `length` bytes is too short to hold the stored header. */
  refuseShortHeaderWindow(length: number): boolean;
  /** KVStorePermissions::garbage_collect: an immediate answer from below ends the request here too. */
  idleAfterImmediateGc(): boolean;
}

export type TockHookName = keyof TockPolicy;

const never = (): boolean => false;
const always = (): boolean => true;

/** capsules/extra/src/tickv.rs, tickv_kv_store.rs and kv_store_permissions.rs as they are, flaws included. */
export const FAITHFUL_POLICY: TockPolicy = {
  reportFlashErrors: never, // write_complete and erase_complete ignore their result (tickv.rs 279, 561, 592)
  idleAfterFailedInit: never, // `operation` stays Init and parks every later request
  idleWithoutFlashCall: never, // AsyncTicKV calls back only from a flash completion; `operation` stays set
  callBackOnGcError: never, // read_complete's `_ => {}` drops a GC error (no callback)
  writeNewCopyFirst: never, // invalidate the old object, then append the new one (tickv_kv_store.rs 497-557)
  refuseShortHeaderWindow: never, // KeyHeader::new_from_buf indexes buf[0..9] (kv_store_permissions.rs 60-65)
  idleAfterImmediateGc: never, // an immediate error leaves `operation` set (kv_store_permissions.rs 292-300)
};

/** The same stack with the flaws the harness found fixed; each override says why. */
export const HARDENED_POLICY: TockPolicy = {
  ...FAITHFUL_POLICY,
  // A refused program reported as Ok makes delete answer Ok and delete nothing (TO-5).
  reportFlashErrors: always,
  // Once errors are reported (TO-5), one at boot must not park every request until the next reboot.
  idleAfterFailedInit: always,
  // An oversize set or add must not leave the stack busy for good (TO-7).
  idleWithoutFlashCall: always,
  // A GC that meets torn bytes or a failed erase must not leave the stack busy for good (TO-11).
  callBackOnGcError: always,
  // A cut or a full store between the two writes would lose the committed value (TO-6, TO-8, TO-9).
  writeNewCopyFirst: always,
  // A kernel client with a short buffer must not panic the kernel (TO-10).
  refuseShortHeaderWindow: (length) => length < TOCK_HEADER_LENGTH,
  // A gc refused below must not leave the permission layer busy for good (TO-7).
  idleAfterImmediateGc: always,
};

/** Each hardened hook and the findings (faults/findings/tock.ts ids) it fixes. */
export const TOCK_HARDENING: Record<TockHookName, { readonly fixes: readonly string[] }> = {
  reportFlashErrors: { fixes: ['TO-5'] },
  idleAfterFailedInit: { fixes: ['TO-5'] },
  idleWithoutFlashCall: { fixes: ['TO-7'] },
  callBackOnGcError: { fixes: ['TO-11'] },
  writeNewCopyFirst: { fixes: ['TO-6', 'TO-8', 'TO-9'] },
  refuseShortHeaderWindow: { fixes: ['TO-10'] },
  idleAfterImmediateGc: { fixes: ['TO-7'] },
};

const POLICIES: Record<TicKVProfileName, TockPolicy> = { faithful: FAITHFUL_POLICY, hardened: HARDENED_POLICY };

/** The one place a profile name becomes the stack's behaviour. */
export function tockPolicy(profile: TicKVProfileName): TockPolicy {
  return POLICIES[profile];
}
