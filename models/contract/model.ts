// The generic contract of a key-value store (issue 13), for stores that bring no model of their own:
// a Map; a successful set or remove is all or nothing, a failed one leaves the old state; get returns the last
// committed value; a set may answer no-space, which loses nothing, once the live keys and values exceed a floor
// every store must hold (the driver sets it: an eighth of the flash), so a store that never stores cannot pass. After a power cut inside an op the store may
// show the state before or after it (`atomic`), or, for stores that promise only what TicKV does ("a failure to
// write key K will corrupt at most only K"), any state where the key in flight is absent, old or new and every
// other key is untouched (`key-in-flight`). A mount that fails (a device error in its format) leaves the store
// unmounted: until the next mount every op may answer that it cannot (an error or invalid-argument class) and
// changes nothing. It has the shape of the harness's CrashModel.
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

export interface CapacityRules {
  /** Predicts no-space exactly (default: every set fits, and the store may still answer no-space above `floor`). */
  fits?: FitsRule;
  /** Bytes of keys and values any store must hold: a no-space at or under it breaks the contract (default 0). */
  floor?: number;
}

/** Bytes of keys and values live once `key` holds `value` (hex strings: two digits a byte). */
function liveWith(entries: ReadonlyMap<string, string>, key: string, value: string): number {
  let n = (key.length + value.length) / 2;
  for (const [k, v] of entries) if (k !== key) n += (k.length + v.length) / 2;
  return n;
}

const OK: Outcome = { status: CONTRACT_STATUS.ok };
const NOT_FOUND: Outcome = { status: CONTRACT_STATUS['not-found'] };
const NO_SPACE: Outcome = { status: CONTRACT_STATUS['no-space'] };
const ERROR: Outcome = { status: CONTRACT_STATUS.error };
/** What an unmounted store may answer: that it cannot (never a value, not-found or no-space, which would be claims). */
const CANNOT: readonly string[] = [CONTRACT_STATUS.error, CONTRACT_STATUS.invalid];

export class ContractModel {
  private constructor(
    readonly promise: ContractPromise,
    private readonly entries: Map<string, string>,
    private readonly rules: CapacityRules,
    /** A mount failed and no mount has succeeded since. */
    private unmounted = false,
  ) {}

  /** An empty store. Without `fits` every set fits: generated sequences stay far below any store's capacity. */
  static create(promise: ContractPromise, rules: CapacityRules = {}): ContractModel {
    return new ContractModel(promise, new Map(), rules);
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
        this.unmounted = false;
        return OK;
    }
    if (this.unmounted) return ERROR;
    switch (op.op) {
      case 'set': {
        const [k, v] = [hexOf(op.key), hexOf(op.value)];
        if (this.rules.fits && !this.rules.fits(this.entries, k, v)) return NO_SPACE;
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
    if (op.op === 'set' && !this.unmounted && got.status === NO_SPACE.status && got.value === undefined) {
      const live = liveWith(this.entries, hexOf(op.key), hexOf(op.value));
      const floor = this.rules.floor ?? 0;
      if (live > floor) return null; // nothing stored, nothing lost
      return `store NO_SPACE with ${live} bytes of keys and values live, under the ${floor} any store must hold`;
    }
    if (this.unmounted && CANNOT.includes(got.status) && got.value === undefined) return null;
    return `store ${outcomeText(got)}, contract ${outcomeText(want)}`;
  }

  clone(): ContractModel {
    return new ContractModel(this.promise, new Map(this.entries), this.rules, this.unmounted);
  }

  /** The contract keeps nothing in RAM: a power cycle changes nothing (and the reboot's mount mounts). */
  rebooted(): ContractModel {
    return new ContractModel(this.promise, new Map(this.entries), this.rules);
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

  /** A failed op (a device error) leaves the old state; a failed mount leaves it unmounted. */
  failedStates(op: ContractOp): ContractModel[] {
    const failed = this.clone();
    if (op.op === 'mount' || op.op === 'reboot') failed.unmounted = true;
    return [failed];
  }

  view(): ContractView {
    return { keys: new Map(this.entries), extra: null };
  }

  poisoned(): string | null {
    return null;
  }
}
