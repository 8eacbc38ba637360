// Drives the Tock KV stack (KVStorePermissions on TicKVKVStore on TicKVSystem) and reports Outcomes;
// reboot = a new stack over the same flash, booted with TicKVSystem::initialise() as a board does.
import type { NorFlash } from '../../engine/flash/norFlash';
import { EngineHalt } from '../../engine/halt';
import { resultText, type Completion } from '../../engine/tock/errorCode';
import { KVStorePermissions } from '../../engine/tock/kvPermissions';
import { TicKVKVStore } from '../../engine/tock/kvStore';
import { kernelPermissions, nullPermissions, selfOnlyPermissions, tbfHeaderPermissions, type StoragePermissions } from '../../engine/tock/permissions';
import { SubSliceMut } from '../../engine/tock/subSliceMut';
import { TicKVSystem } from '../../engine/tock/tickvSystem';
import { hexOf, type Outcome } from '../outcome';
import { TOCK_HEADER_LENGTH } from '../tock/header';
import type { TockOp } from '../tock/ops';
import type { PermSpec } from '../tock/permissions';
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

  constructor(
    readonly flash: NorFlash,
    readonly regionSizeBytes: number,
    readonly regions: number,
  ) {
    this.boot();
  }

  boot(): void {
    this.system = new TicKVSystem(this.flash, this.regionSizeBytes, this.regions);
    this.store = new TicKVKVStore(this.system);
    this.kv = new KVStorePermissions(this.store);
    this.system.initialise();
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
        return { status: 'boot' };
    }
  }

  listing(): string[] {
    return imageListing(this.flash.cells, this.regionSizeBytes, this.regions);
  }
}
