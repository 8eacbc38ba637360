// A WebAssembly store as the harness drives it: contract ops in, common Outcomes out, its contents as a view.
import type { BlockDevice, Geometry } from '../../engine/flash/blockDevice';
import { ContractModel, type ContractPromise, type FitsRule } from '../../models/contract/model';
import { CONTRACT_STATUS, type ContractOp } from '../../models/contract/ops';
import { hexOf, type Outcome } from '../../models/outcome';
import type { StoreView } from '../crash/types';
import type { OpenedStore, StoreSubject } from '../driver/types';
import type { WasmResult } from './abi';
import type { WasmStoreModule } from './loader';
import type { WasmStore } from './store';

/** A result as the contract's Outcome: the class decides the status (the store's own name is in `name`). */
export const outcomeOf = (r: WasmResult): Outcome => ({ status: CONTRACT_STATUS[r.cls] });

export class WasmContractSubject implements StoreSubject<ContractOp> {
  /** The instance of the current power cycle. */
  store: WasmStore;
  /** The last op's result in the store's own words. */
  last: WasmResult | undefined;

  constructor(
    readonly module: WasmStoreModule,
    readonly device: BlockDevice,
    /** Keys (hex) any op of the case used: the view asks for each, also when the store cannot list keys. */
    private readonly seen: Map<string, Uint8Array> = new Map(),
  ) {
    this.store = module.boot(device);
  }

  apply(op: ContractOp): Outcome {
    if (op.op !== 'mount' && op.op !== 'reboot') this.seen.set(hexOf(op.key), op.key);
    switch (op.op) {
      case 'mount':
        return this.done(this.store.mount());
      case 'reboot':
        this.store = this.module.boot(this.device);
        return this.done(this.store.mount());
      case 'set':
        return this.done(this.store.set(op.key, op.value));
      case 'remove':
        return this.done(this.store.remove(op.key));
      case 'get': {
        const r = this.store.get(op.key);
        this.last = r;
        return r.value ? { status: CONTRACT_STATUS.ok, value: hexOf(r.value) } : outcomeOf(r);
      }
    }
  }

  /**
   * Every key the store lists (fp_iterate) or the case used, with the value get returns. A key listed but not
   * readable, or a read that fails, shows as a value no store ever held ("!NAME"), so the oracle calls it corrupted.
   */
  view(): StoreView {
    const keys = new Map<string, string>();
    let extra: string | null = null;
    const probe = new Map(this.seen);
    const listed = new Set<string>();
    if (this.module.has('fp_iterate')) {
      const it = this.store.keys();
      if (it.result.cls !== 'not-found') extra = `!fp_iterate ${it.result.name}`;
      for (const k of it.keys) {
        listed.add(hexOf(k));
        probe.set(hexOf(k), k);
      }
    }
    for (const [text, key] of [...probe].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const r = this.store.get(key);
      if (r.value) keys.set(text, hexOf(r.value));
      else if (r.cls !== 'not-found') keys.set(text, `!${r.name}`);
      else if (listed.has(text)) keys.set(text, '!listed-but-not-found');
    }
    return { keys, extra };
  }

  private done(r: WasmResult): Outcome {
    this.last = r;
    return outcomeOf(r);
  }
}

export interface WasmStoreOptions {
  promise: ContractPromise;
  /** Capacity rule for the model (default: every set fits). */
  fits?: FitsRule;
  /** Bytes of keys and values the store must hold before it may answer no-space (default: an eighth of the flash). */
  floor?: number;
}

/** One case's WebAssembly store: the contract model, and the store over a device, fresh or booted. */
export function openWasmStore(module: WasmStoreModule, geometry: Geometry, opts: WasmStoreOptions): OpenedStore<ContractOp> {
  const seen = new Map<string, Uint8Array>();
  return {
    // the generator keeps live data within an eighth of the flash (faults/wasm/generate.ts): any store must hold that
    model: () => ContractModel.create(opts.promise, { fits: opts.fits, floor: opts.floor ?? Math.floor(geometry.sizeBytes / 8) }),
    // Not mounted: a sequence starts with `mount`.
    create: (device) => new WasmContractSubject(module, device, seen),
    mount(device) {
      const subject = new WasmContractSubject(module, device, seen);
      const outcome = subject.apply({ op: 'mount' });
      return { subject, ok: outcome.status === CONTRACT_STATUS.ok, outcome };
    },
    context: (subject) => (subject instanceof WasmContractSubject ? { fuel: subject.store.lastFuel } : undefined),
  };
}
