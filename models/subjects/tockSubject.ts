// Drives the Tock KV stack (KVStorePermissions on TicKVKVStore on TicKVSystem) and reports Outcomes;
// reboot = a new stack over the same flash, booted with TicKVSystem::initialise() as a board does.
import assert from 'node:assert';
import type { BlockDevice } from '../../engine/flash/blockDevice';
import { NorFlash } from '../../engine/flash/norFlash';
import { EngineHalt } from '../../engine/halt';
import { errorText } from '../../engine/tickv/errorCodes';
import type { TicKVProfileName } from '../../engine/tickv/profile';
import { resultText, type Completion } from '../../engine/tock/errorCode';
import { KVStorePermissions } from '../../engine/tock/kvPermissions';
import { TicKVKVStore } from '../../engine/tock/kvStore';
import { kernelPermissions, nullPermissions, selfOnlyPermissions, tbfHeaderPermissions, type StoragePermissions } from '../../engine/tock/permissions';
import { SubSliceMut } from '../../engine/tock/subSliceMut';
import { TicKVSystem } from '../../engine/tock/tickvSystem';
import { hexOf, type Outcome } from '../outcome';
import { tickvKeyOf } from '../tickv/hashing';
import { HEADER_VERSION, readHeader, TOCK_HEADER_LENGTH } from '../tock/header';
import { DEFAULT_GET_BUFFER, type TockOp } from '../tock/ops';
import { readerOf, type PermSpec } from '../tock/permissions';
import { imageListing } from './tickvSubject';

/** The engine's StoragePermissions for a permission token, built as the Tock shell builds it. */
export function storagePermissions(p: PermSpec): StoragePermissions {
  switch (p.kind) {
    case 'kernel':
      return kernelPermissions();
    case 'null':
      return nullPermissions();
    case 'self':
      return selfOnlyPermissions(p.id);
    case 'tbf':
      return tbfHeaderPermissions(p.shortId, { writeId: p.writeId, readIds: p.read, modifyIds: p.modify });
  }
}

/** A completion as an Outcome; a get shows its window whole on success or SIZE, else its first 16 bytes. */
export function completionOutcome(c: Completion, isGet: boolean): Outcome {
  if (c.kind === 'pending') return { status: 'none' };
  if (c.kind === 'immediate') return { status: `immediate Err(${c.code})` };
  const status = resultText(c.result) === 'Ok(())' ? 'Ok' : resultText(c.result);
  if (!isGet || !c.buffer) return { status };
  const w = c.buffer.asSlice();
  const whole = c.result.ok || c.result.code === 'SIZE';
  return { status, size: w.length, value: hexOf(whole ? w : w.subarray(0, 16)) };
}

export class TockSubject {
  system!: TicKVSystem;
  store!: TicKVKVStore;
  kv!: KVStorePermissions;
  /** The whole buffer the last get handed down (zero-filled before the call), for the no-leak check. */
  lastGetBuffer: Uint8Array | undefined;

  /** @param booted false: build the stack without TicKVSystem::initialise() (a crash run boots with its first op). */
  constructor(
    readonly device: BlockDevice,
    readonly regionSizeBytes: number,
    readonly regions: number,
    readonly profile: TicKVProfileName = 'faithful',
    booted = true,
  ) {
    if (booted) this.boot();
    else this.build();
  }

  /** The cells, for tests that build the subject over a bare NorFlash. */
  get flash(): NorFlash {
    assert.ok(this.device instanceof NorFlash, 'this subject runs over a device that is not a bare NorFlash');
    return this.device;
  }

  private build(): void {
    this.system = new TicKVSystem(this.device, this.regionSizeBytes, this.regions, this.profile);
    this.store = new TicKVKVStore(this.system);
    this.kv = new KVStorePermissions(this.store);
  }

  boot(): void {
    this.build();
    this.system.initialise();
  }

  /** `initialise()` left TicKVSystem idle (a failed init parks every request for good). */
  get ready(): boolean {
    return this.system.operation === 'None';
  }

  /**
   * The stored user value and write id of `key` as a permission that may read it reads them, on a fresh stack
   * (a view neither depends on nor changes RAM state): undefined when TicKV has no such key, else
   * `<user hex>/w<write id>`, or `!` and what went wrong (a TicKV error, a refused read, a halt).
   */
  peek(key: Uint8Array): string | undefined {
    try {
      return this.peekUnsafe(key);
    } catch (e) {
      if (!(e instanceof EngineHalt)) throw e;
      return `!HALT ${e.where}`;
    }
  }

  private peekUnsafe(key: Uint8Array): string | undefined {
    const fresh = (): TockSubject => new TockSubject(this.device, this.regionSizeBytes, this.regions, this.profile, false);
    const buf = new Uint8Array(DEFAULT_GET_BUFFER);
    const r = fresh().system.tickv.getKey(tickvKeyOf(key), buf);
    if (!r.ok) return r.error.code === 'KeyNotFound' ? undefined : `!${errorText(r.error)}`;
    const value = buf.subarray(0, r.value.valueLength);
    if (value.length < TOCK_HEADER_LENGTH) return `!short value ${hexOf(value)}`;
    const h = readHeader(value);
    if (h.version !== HEADER_VERSION) return `!header version ${h.version}`;
    const got = fresh().apply({ op: 'get', key, perm: readerOf(h.writeId), bufLen: DEFAULT_GET_BUFFER });
    return got.status === 'Ok' ? `${got.value ?? ''}/w${h.writeId}` : `!read as ${h.writeId}: ${got.status}`;
  }

  /** Runs one op; a kernel panic (a faithful halt) is an outcome, after which the board has rebooted. */
  apply(o: TockOp): Outcome {
    this.lastGetBuffer = undefined;
    try {
      return this.run(o);
    } catch (e) {
      if (!(e instanceof EngineHalt)) throw e;
      this.boot();
      return { status: `HALT ${e.where}` };
    }
  }

  private run(o: TockOp): Outcome {
    switch (o.op) {
      case 'get': {
        const buf = new Uint8Array(o.bufLen);
        this.lastGetBuffer = buf;
        return completionOutcome(this.kv.get(o.key, new SubSliceMut(buf), storagePermissions(o.perm)), true);
      }
      case 'set':
      case 'add':
      case 'update': {
        const value = new Uint8Array(TOCK_HEADER_LENGTH + o.value.length);
        value.set(o.value, TOCK_HEADER_LENGTH);
        const p = storagePermissions(o.perm);
        const c = o.op === 'set' ? this.kv.set(o.key, value, p) : o.op === 'add' ? this.kv.add(o.key, value, p) : this.kv.update(o.key, value, p);
        return completionOutcome(c, false);
      }
      case 'delete':
        return completionOutcome(this.kv.delete(o.key, storagePermissions(o.perm)), false);
      case 'gc':
        return completionOutcome(this.kv.garbageCollect(), false);
      case 'reboot':
        this.boot();
        return { status: this.system.initFailed ? 'boot: initialise failed' : 'boot' };
    }
  }

  listing(): string[] {
    return imageListing(this.device.read(0, this.regionSizeBytes * this.regions), this.regionSizeBytes, this.regions);
  }
}
