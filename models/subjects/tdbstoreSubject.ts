// Drives a TDBStore engine and reports its results in the models' vocabulary; reboot = a new engine, same flash.
import type { BlockDevice } from '../../engine/flash/blockDevice';
import type { TdbProfileName } from '../../engine/tdbstore/profile';
import { mbedStatusName } from '../../engine/tdbstore/status';
import { TDBStore, type SetHandle, type TdbInternals } from '../../engine/tdbstore/tdbStore';
import { hexOf, type Outcome } from '../outcome';
import type { TdbOp } from '../tdbstore/ops';
import type { StoreSnapshot } from '../tdbstore/tdbModel';

/** MBED_ERROR_ITEM_NOT_FOUND -> ITEM_NOT_FOUND, MBED_SUCCESS -> SUCCESS. */
export function statusName(code: number): string {
  return mbedStatusName(code).replace(/^MBED_ERROR_|^MBED_/, '');
}

export class TdbSubject {
  store: TDBStore;
  private handle: SetHandle | undefined;

  constructor(
    readonly device: BlockDevice,
    readonly profile: TdbProfileName,
  ) {
    this.store = new TDBStore(device, profile);
  }

  apply(o: TdbOp): Outcome {
    const s = this.store;
    const status = (code: number): Outcome => ({ status: statusName(code) });
    switch (o.op) {
      case 'init':
        return status(s.init());
      case 'deinit':
        return status(s.deinit());
      case 'reboot':
        return status(this.reboot());
      case 'reset':
        return status(s.reset());
      case 'set':
        return status(s.set(o.key, o.value, o.flags));
      case 'remove':
        return status(s.remove(o.key));
      case 'get': {
        const r = s.get(o.key, { bufferSize: o.bufferSize, offset: o.offset });
        return r.status ? status(r.status) : { status: 'SUCCESS', size: r.data.length, value: hexOf(r.data) };
      }
      case 'info': {
        const r = s.getInfo(o.key);
        return r.info ? { status: 'SUCCESS', size: r.info.size, flags: r.info.flags } : status(r.status);
      }
      case 'list':
        return this.list(o.prefix);
      case 'incStart': {
        const r = s.setStart(o.key, o.size, o.flags);
        if (r.handle) this.handle = r.handle;
        return status(r.status);
      }
      case 'incAdd':
        return status(s.setAddData(this.handle as SetHandle, o.data));
      case 'incFinalize':
        return status(s.setFinalize(this.handle as SetHandle));
      case 'reservedSet':
        return status(s.reservedDataSet(o.data));
      case 'reservedGet': {
        const r = s.reservedDataGet(o.bufferSize);
        return r.data ? { status: 'SUCCESS', size: r.data.length, value: hexOf(r.data) } : status(r.status);
      }
    }
  }

  /** Power cycle: every bit of RAM state (table, handle, write cache) is lost; the flash stays. */
  reboot(): number {
    this.store = new TDBStore(this.device, this.profile);
    this.handle = undefined;
    return this.store.init();
  }

  list(prefix?: Uint8Array): Outcome {
    const opened = this.store.iteratorOpen(prefix);
    if (opened.status || !opened.iterator) return { status: statusName(opened.status) };
    const keys: string[] = [];
    let last = 0;
    for (let guard = 0; guard < 1 << 16; guard++) {
      const r = this.store.iteratorNext(opened.iterator);
      last = r.status;
      if (r.status || !r.key) break;
      keys.push(hexOf(r.key));
    }
    this.store.iteratorClose(opened.iterator);
    return { status: statusName(last), keys };
  }

  /** Every key (iteration order), value and flags, and the reserved data, read through the API. */
  snapshot(): StoreSnapshot {
    const listed = this.list();
    const keys = (listed.keys ?? []).map((k) => {
      const key = new Uint8Array(Buffer.from(k, 'hex'));
      const got = this.store.get(key);
      const info = this.store.getInfo(key);
      return { key: k, value: got.status ? `<${statusName(got.status)}>` : hexOf(got.data), flags: info.info?.flags ?? -1 };
    });
    const reserved = this.store.reservedDataGet(64);
    return { keys, reserved: reserved.data ? hexOf(reserved.data) : null };
  }

  internals(): TdbInternals {
    return this.store.internals();
  }
}
