// TicKVSystem and its flash glue TickFSFlashCtrl (capsules/extra/src/tickv.rs), modelled synchronously.
// The real stack runs AsyncTicKV over a controller that answers NotReady to every call and resumes
// the operation from the flash completion; the flash operations, their order and the results are
// those of the synchronous TicKV, so this model runs TicKV to the end and then applies the
// completion handlers' mapping (read_complete 406-559, write_complete 561-590, erase_complete 592-626).
import assert from 'node:assert';
import { MAIN_KEY_HASH } from '../codec/tickvObject';
import { sipDigest, u64FromBeBytes } from '../codec/siphash';
import type { BlockDevice } from '../flash/blockDevice';
import type { ErrorCodeName } from '../tickv/errorCodes';
import { assertTicKVGeometry, type FlashController, type RegionRead } from '../tickv/regionController';
import { TicKV } from '../tickv/tickv';
import { callback, fail, immediate, OK, PENDING, type Completion, type TockErrorCodeName } from './errorCode';
import { SubSliceMut } from './subSliceMut';

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
    this.device.program(Math.floor(address / S) * S, this.pageBuffer.slice());
    return undefined;
  }

  eraseRegion(regionNumber: number): ErrorCodeName | undefined {
    this.calls++;
    // `let _ = self.flash.erase_page(..)` and erase_complete ignores its result (lines 279, 592).
    this.device.erase(regionNumber * this.regionSizeBytes, this.regionSizeBytes);
    return undefined;
  }
}

/** The KVSystem implementation: hashing, one operation at a time, TicKV error mapping. */
export class TicKVSystem {
  operation: SystemOperation = 'None';
  /** A request that arrived during Init; the sync model only parks it when Init never completes. */
  nextOperation: SystemOperation = 'None';
  readonly flashCtrl: TickFSFlashCtrl;
  readonly tickv: TicKV;

  constructor(device: BlockDevice, regionSizeBytes: number, regions: number) {
    this.flashCtrl = new TickFSFlashCtrl(device, regionSizeBytes);
    this.tickv = new TicKV(this.flashCtrl, regionSizeBytes * regions);
  }

  /** `initialise()` (lines 336-339) run to completion; a failed init leaves `Init` and parks every later request. */
  initialise(): void {
    const before = this.flashCtrl.calls;
    const r = this.tickv.initialise(MAIN_KEY_HASH);
    this.operation = 'Init';
    if (this.flashCtrl.calls !== before && r.ok) this.operation = 'None';
  }

  /** `generate_key` (lines 638-650): SipHash-2-4 digest bytes of the unhashed key. */
  generateKey(unhashedKey: Uint8Array): Uint8Array {
    return sipDigest(unhashedKey);
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
      return immediate(!r.ok && r.error.code === 'ObjectTooLarge' ? 'SIZE' : 'FAIL');
    }
    this.operation = 'None';
    if (r.ok) return callback(OK);
    const code = r.error.code;
    return callback(fail(code === 'KeyAlreadyExists' ? 'NOSUPPORT' : code === 'RegionFull' || code === 'FlashFull' ? 'NOMEM' : 'FAIL'));
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
    if (this.flashCtrl.calls === before) return immediate('FAIL', back);
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
    if (this.flashCtrl.calls === before) return r.ok ? immediate('FAIL') : PENDING;
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
    if (this.flashCtrl.calls === before) return r.ok ? immediate('FAIL') : PENDING;
    // A GC error reaches read_complete as `_ => {}`: no callback, and `operation` stays GarbageCollect.
    if (!r.ok) return PENDING;
    this.operation = 'None';
    return callback(OK);
  }
}
