// TicKVSystem and its flash glue TickFSFlashCtrl (capsules/extra/src/tickv.rs), modelled synchronously.
// The real stack runs AsyncTicKV over a controller that answers NotReady to every call and resumes
// the operation from the flash completion; the flash operations, their order and the results are
// those of the synchronous TicKV, so this model runs TicKV to the end and then applies the
// completion handlers' mapping (read_complete 406-559, write_complete 561-590, erase_complete 592-626).
import assert from 'node:assert';
import { MAIN_KEY_HASH } from '../codec/tickvObject';
import { sipDigest, u64FromBeBytes } from '../codec/siphash';
import { BdStatus, type BlockDevice } from '../flash/blockDevice';
import type { ErrorCodeName } from '../tickv/errorCodes';
import type { TicKVProfileName } from '../tickv/profile';
import { assertTicKVGeometry, type FlashController, type RegionRead } from '../tickv/regionController';
import { createTicKV, HardenedTicKV, type TicKVStore } from '../tickv/store';
import { callback, fail, immediate, OK, PENDING, type Completion, type TockErrorCodeName } from './errorCode';
import { tockPolicy, type TockPolicy } from './policy';
import { SubSliceMut } from './subSliceMut';

/** Digests by key: a pure function of the key, remembered because BigInt SipHash is slow in a simulator. */
const DIGESTS = new Map<string, Uint8Array>();

export type SystemOperation = 'None' | 'Init' | 'GetKey' | 'AppendKey' | 'InvalidateKey' | 'GarbageCollect';

/**
 * TickFSFlashCtrl (lines 218-283) over page = region: a read fills the page buffer; a write copies
 * the bytes into the page as last read and programs the WHOLE page; completion results are ignored.
 */
export class TickFSFlashCtrl implements FlashController {
  /** Flash calls started; each would have answered NotReady, so TicKV's caller waits for a completion. */
  calls = 0;
  private pageBuffer: Uint8Array;

  constructor(
    readonly device: BlockDevice,
    readonly regionSizeBytes: number,
    private readonly policy: Pick<TockPolicy, 'reportFlashErrors'>,
  ) {
    assertTicKVGeometry(device, regionSizeBytes);
    this.pageBuffer = new Uint8Array(regionSizeBytes);
  }

  readRegion(regionNumber: number): RegionRead {
    this.calls++;
    this.pageBuffer = this.device.read(regionNumber * this.regionSizeBytes, this.regionSizeBytes);
    return { ok: true, data: this.pageBuffer.slice() };
  }

  write(address: number, data: Uint8Array): ErrorCodeName | undefined {
    this.calls++;
    const S = this.regionSizeBytes;
    assert.ok((address % S) + data.length <= S, 'TicKV never writes across a region');
    this.pageBuffer.set(data, address % S);
    // write_complete ignores its result (line 561): a failed program is reported as done.
    const status = this.device.program(Math.floor(address / S) * S, this.pageBuffer.slice());
    return status !== BdStatus.OK && this.policy.reportFlashErrors() ? 'WriteFail' : undefined;
  }

  eraseRegion(regionNumber: number): ErrorCodeName | undefined {
    this.calls++;
    // `let _ = self.flash.erase_page(..)` and erase_complete ignores its result (lines 279, 592).
    const status = this.device.erase(regionNumber * this.regionSizeBytes, this.regionSizeBytes);
    return status !== BdStatus.OK && this.policy.reportFlashErrors() ? 'EraseFail' : undefined;
  }
}

/** The KVSystem implementation: hashing, one operation at a time, TicKV error mapping. */
export class TicKVSystem {
  operation: SystemOperation = 'None';
  /** A request that arrived during Init; the sync model only parks it when Init never completes. */
  nextOperation: SystemOperation = 'None';
  /** The last initialise() ended in an error (no client hears of it; a harness may). */
  initFailed = false;
  readonly flashCtrl: TickFSFlashCtrl;
  readonly tickv: TicKVStore;
  /** Where this profile departs from the capsules (engine/tock/policy.ts); the KV layers above ask it too. */
  readonly policy: TockPolicy;

  constructor(device: BlockDevice, regionSizeBytes: number, regions: number, readonly profile: TicKVProfileName = 'faithful') {
    this.policy = tockPolicy(profile);
    this.flashCtrl = new TickFSFlashCtrl(device, regionSizeBytes, this.policy);
    this.tickv = createTicKV(this.flashCtrl, regionSizeBytes * regions, profile);
  }

  /** `initialise()` (lines 336-339) run to completion; a failed init leaves `Init` and parks every later request (faithful). */
  initialise(): void {
    const before = this.flashCtrl.calls;
    const r = this.tickv.initialise(MAIN_KEY_HASH);
    this.initFailed = !r.ok;
    this.operation = 'Init';
    if (this.flashCtrl.calls !== before && (r.ok || this.policy.idleAfterFailedInit())) this.operation = 'None';
  }

  /** `generate_key` (lines 638-650): SipHash-2-4 digest bytes of the unhashed key. */
  generateKey(unhashedKey: Uint8Array): Uint8Array {
    const text = Buffer.from(unhashedKey.buffer, unhashedKey.byteOffset, unhashedKey.length).toString('latin1');
    let digest = DIGESTS.get(text);
    if (!digest) {
      if (DIGESTS.size >= 4096) DIGESTS.clear();
      digest = sipDigest(unhashedKey);
      DIGESTS.set(text, digest);
    }
    return digest.slice();
  }

  /** Starts `next` when idle (undefined); otherwise parked during Init (no callback ever) or BUSY (lines 657-691). */
  private admit(next: SystemOperation): Completion | undefined {
    if (this.operation === 'None') {
      this.operation = next;
      return undefined;
    }
    if (this.operation === 'Init') {
      this.nextOperation = next;
      return PENDING;
    }
    return immediate('BUSY');
  }

  /** `append_key` (lines 652-692) and its completion (487-518, 572-580). */
  appendKey(key: Uint8Array, value: Uint8Array): Completion {
    const refused = this.admit('AppendKey');
    if (refused) return refused;
    const before = this.flashCtrl.calls;
    const r = this.tickv.appendKey(u64FromBeBytes(key), value);
    if (this.flashCtrl.calls === before) {
      // AsyncTicKV: no flash call means no callback; `operation` stays AppendKey (the stack is now busy for good).
      if (this.policy.idleWithoutFlashCall()) this.operation = 'None';
      return immediate(!r.ok && r.error.code === 'ObjectTooLarge' ? 'SIZE' : 'FAIL');
    }
    this.operation = 'None';
    if (r.ok) return callback(OK);
    const code = r.error.code;
    return callback(fail(code === 'KeyAlreadyExists' ? 'NOSUPPORT' : code === 'RegionFull' || code === 'FlashFull' ? 'NOMEM' : 'FAIL'));
  }

  /**
   * Replaces a live key's value (HardenedTicKV.replaceKey) for set and update under the policy's
   * writeNewCopyFirst. Missing key: NOSUPPORT; full: NOMEM; too large: SIZE at once; anything else: FAIL.
   */
  replaceKey(key: Uint8Array, value: Uint8Array): Completion {
    assert.ok(this.tickv instanceof HardenedTicKV, 'replaceKey needs a TicKV that offers it (HardenedTicKV)');
    const refused = this.admit('AppendKey');
    if (refused) return refused;
    const before = this.flashCtrl.calls;
    const r = this.tickv.replaceKey(u64FromBeBytes(key), value);
    this.operation = 'None';
    if (this.flashCtrl.calls === before) return immediate(!r.ok && r.error.code === 'ObjectTooLarge' ? 'SIZE' : 'FAIL');
    if (r.ok) return callback(OK);
    const code = r.error.code;
    return callback(fail(code === 'KeyNotFound' ? 'NOSUPPORT' : code === 'FlashFull' ? 'NOMEM' : 'FAIL'));
  }

  /** `get_value` (lines 694-727) and its completion (434-485): the buffer comes back sliced to the value on success. */
  getValue(key: Uint8Array, value: SubSliceMut): Completion {
    if (value.isSliced()) return immediate('SIZE', value);
    const refused = this.admit('GetKey');
    if (refused) return refused.kind === 'immediate' ? immediate(refused.code, value) : refused;
    const buf = value.take();
    const before = this.flashCtrl.calls;
    const r = this.tickv.getKey(u64FromBeBytes(key), buf);
    const back = new SubSliceMut(buf);
    if (this.flashCtrl.calls === before) {
      if (this.policy.idleWithoutFlashCall()) this.operation = 'None';
      return immediate('FAIL', back);
    }
    this.operation = 'None';
    if (r.ok) {
      if (r.value.valueLength > 0) back.slice(0, r.value.valueLength);
      return callback(OK, back);
    }
    const code = r.error.code;
    const mapped: TockErrorCodeName = code === 'BufferTooSmall' ? 'SIZE' : code === 'KeyNotFound' ? 'NOSUPPORT' : 'FAIL';
    return callback(fail(mapped), back);
  }

  /** `invalidate_key` (lines 729-757) and its completion (520-545, 582-586). */
  invalidateKey(key: Uint8Array): Completion {
    const refused = this.admit('InvalidateKey');
    if (refused) return refused;
    const before = this.flashCtrl.calls;
    const r = this.tickv.invalidateKey(u64FromBeBytes(key));
    // AsyncTicKV answers Queued to any immediate error (no callback follows) and WriteFail to an immediate success.
    if (this.flashCtrl.calls === before) return this.noFlashCall(r.ok);
    this.operation = 'None';
    if (r.ok) return callback(OK);
    return callback(fail(r.error.code === 'KeyNotFound' ? 'NOSUPPORT' : 'FAIL'));
  }

  /** `garbage_collect` (lines 759-779); completion only on success (547-556, 614-623). */
  garbageCollect(): Completion {
    const refused = this.admit('GarbageCollect');
    if (refused) return refused;
    const before = this.flashCtrl.calls;
    const r = this.tickv.garbageCollect();
    if (this.flashCtrl.calls === before) return this.noFlashCall(r.ok);
    // A GC error reaches read_complete as `_ => {}`: no callback, and `operation` stays GarbageCollect.
    if (!r.ok && !this.policy.callBackOnGcError()) return PENDING;
    this.operation = 'None';
    return callback(r.ok ? OK : fail('FAIL'));
  }

  /** An operation that made no flash call: faithful keeps `operation` set and never calls back on an error. */
  private noFlashCall(succeeded: boolean): Completion {
    if (!this.policy.idleWithoutFlashCall()) return succeeded ? immediate('FAIL') : PENDING;
    this.operation = 'None';
    return immediate('FAIL');
  }
}
