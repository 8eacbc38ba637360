// The generic contract of a key-value store (issue 13), for stores that bring no model of their own:
// a Map; a successful set or remove is all or nothing, a failed one leaves the old state; get returns the last
// committed value; a set may answer no-space, which loses nothing. After a power cut inside an op the store may
// show the state before or after it (`atomic`), or, for stores that promise only what TicKV does ("a failure to
// write key K will corrupt at most only K"), any state where the key in flight is absent, old or new and every
// other key is untouched (`key-in-flight`). It has the shape of the harness's CrashModel.
import { hexOf, outcomeText, sameOutcome, type Outcome } from '../outcome';
import { CONTRACT_STATUS, type ContractOp } from './ops';

export const CONTRACT_PROMISES = ['atomic', 'key-in-flight'] as const;
export type ContractPromise = (typeof CONTRACT_PROMISES)[number];

export const isContractPromise = (s: string): s is ContractPromise => (CONTRACT_PROMISES as readonly string[]).includes(s);

/** What the store shows: key (hex) -> value (hex); the harness's StoreView, spelled here (models import no faults). */
export interface ContractView {
  keys: Map<string, string>;
  extra: string | null;
}

/** Whether a set of `value` under `key` fits next to `entries` (hex -> hex); a set that does not answers NO_SPACE. */
export type FitsRule = (entries: ReadonlyMap<string, string>, key: string, value: string) => boolean;

const OK: Outcome = { status: CONTRACT_STATUS.ok };
const NOT_FOUND: Outcome = { status: CONTRACT_STATUS['not-found'] };
const NO_SPACE: Outcome = { status: CONTRACT_STATUS['no-space'] };

export class ContractModel {
  private constructor(
    readonly promise: ContractPromise,
    private readonly entries: Map<string, string>,
    private readonly fits: FitsRule | undefined,
  ) {}

  /** An empty store. Without `fits` every set fits: generated sequences stay far below any store's capacity. */
  static create(promise: ContractPromise, fits?: FitsRule): ContractModel {
    return new ContractModel(promise, new Map(), fits);
  }

  /** The store's committed entries, key hex -> value hex. */
  get committed(): ReadonlyMap<string, string> {
    return this.entries;
  }

  /** What the store must answer, and the state after it. */
  apply(op: ContractOp): Outcome {
    switch (op.op) {
      case 'mount':
      case 'reboot':
        return OK;
      case 'set': {
        const [k, v] = [hexOf(op.key), hexOf(op.value)];
        if (this.fits && !this.fits(this.entries, k, v)) return NO_SPACE;
        this.entries.set(k, v);
        return OK;
      }
      case 'get': {
        const v = this.entries.get(hexOf(op.key));
        return v === undefined ? NOT_FOUND : { status: CONTRACT_STATUS.ok, value: v };
      }
      case 'remove':
        return this.entries.delete(hexOf(op.key)) ? OK : NOT_FOUND;
    }
  }

  /**
   * Judges what a store answered where the contract allows more than one answer (a set may find no space):
   * advances to the state the answer means and returns null, or returns why the answer breaks the contract
   * (the state is then unchanged).
   */
  accept(op: ContractOp, got: Outcome): string | null {
    const next = this.clone();
    const want = next.apply(op);
    if (sameOutcome(want, got)) {
      this.apply(op);
      return null;
    }
    if (op.op === 'set' && got.status === NO_SPACE.status && got.value === undefined) return null; // nothing stored, nothing lost
    return `store ${outcomeText(got)}, contract ${outcomeText(want)}`;
  }

  clone(): ContractModel {
    return new ContractModel(this.promise, new Map(this.entries), this.fits);
  }

  /** The contract keeps nothing in RAM: a power cycle changes nothing. */
  rebooted(): ContractModel {
    return this.clone();
  }

  /**
   * States a cut inside `op` may leave besides the old one (this) and the new one (after `op`): for
   * `key-in-flight`, the key in flight absent (old and new are the other two); for `atomic`, none.
   */
  midStates(op: ContractOp): ContractModel[] {
    if (this.promise === 'atomic' || op.op !== 'set') return []; // a remove's absent key is its new state
    const k = hexOf(op.key);
    if (!this.entries.has(k)) return []; // absent is the old state
    const absent = this.clone();
    absent.entries.delete(k);
    return [absent];
  }

  /** A failed op (a device error) leaves the old state. */
  failedStates(_op: ContractOp): ContractModel[] {
    return [this.clone()];
  }

  view(): ContractView {
    return { keys: new Map(this.entries), extra: null };
  }

  poisoned(): string | null {
    return null;
  }
}
