// What TicKV promises (README "System Guarantees", "Power loss protection"), as the hardened profile keeps it:
// every committed key stays readable, an interrupted operation affects only its own key, an append is all or
// nothing. Same API and codes as the crate; flash is modelled as the steps an op takes, so the states a cut
// can leave (a prefix of the steps, the interrupted step torn) are known exactly (faults/tickv/tickvTarget.ts).
import type { Outcome } from '../outcome';
import type { TickvOp } from './ops';
import { CHECK_SUM_LEN, HEADER_LENGTH, objectLength, OBJECT_LENGTH_LIMIT, RegionWalks, type ModelObject, type TickvGeometry } from './regions';
import { applyTickvOp, type TkGc, type TkGet, type TkWrite } from './tickvModel';

/** One flash step of an op: an object appended at its region's end, a valid bit cleared, a value zeroed, an erase. */
export type FlashStep =
  | { readonly kind: 'write'; readonly region: number; readonly object: ModelObject }
  | { readonly kind: 'invalidate'; readonly region: number; readonly index: number }
  | { readonly kind: 'zero'; readonly region: number; readonly index: number }
  | { readonly kind: 'erase'; readonly region: number };

export interface PromiseState {
  regions: ModelObject[][];
  /** A region whose tail holds torn bytes: nothing is appended there until GC erases it. */
  sealed: boolean[];
}

/** A live copy of a key: its region, that region's position in the key's probe order, its index there. */
export interface LiveCopy {
  readonly region: number;
  readonly rank: number;
  readonly index: number;
}

const U64_MAX = 0xffffffffffffffffn;
const halt = (where: string): { kind: 'halt'; where: string } => ({ kind: 'halt', where });

export class PromiseTickvModel {
  readonly walks: RegionWalks;
  state: PromiseState;
  /** When set, every flash step an op takes is appended (the crash target derives the cut states from it). */
  journal: FlashStep[] | undefined;

  /** @param canClearBits false on program-once flash: a valid bit cannot be cleared, invalidation fails. */
  constructor(
    readonly geometry: TickvGeometry,
    readonly canClearBits: boolean,
    state?: PromiseState,
  ) {
    this.walks = new RegionWalks(geometry);
    const n = geometry.regions;
    this.state = state ?? { regions: Array.from({ length: n }, () => []), sealed: new Array<boolean>(n).fill(false) };
  }

  clone(): PromiseTickvModel {
    const s = this.state;
    return new PromiseTickvModel(this.geometry, this.canClearBits, { regions: s.regions.map((r) => r.map((o) => ({ ...o }))), sealed: [...s.sealed] });
  }

  apply(o: TickvOp): Outcome {
    return applyTickvOp(this, o, () => undefined); // no RAM state survives or matters
  }

  private badHash(hash: bigint): boolean {
    return hash === 0n || hash === U64_MAX;
  }

  /** Live copies in probe order, then flash order: the last one is what get returns. */
  liveCopies(hash: bigint): LiveCopy[] {
    const out: LiveCopy[] = [];
    this.walks.probeOrder(this.walks.homeRegion(hash)).forEach((region, rank) => {
      this.state.regions[region].forEach((o, index) => {
        if (o.valid && o.hash === hash) out.push({ region, rank, index });
      });
    });
    return out;
  }

  private end(region: number): number {
    return this.state.regions[region].reduce((n, o) => n + objectLength(o), 0);
  }

  /** The first region from probe position `fromRank` on that is not sealed and has room for `length` bytes. */
  private roomFor(hash: bigint, length: number, fromRank = 0): number | undefined {
    const order = this.walks.probeOrder(this.walks.homeRegion(hash));
    return order.slice(fromRank).find((r) => !this.state.sealed[r] && this.end(r) + length <= this.geometry.regionSizeBytes);
  }

  initialise(mainHash: bigint): TkWrite {
    if (this.liveCopies(mainHash).length) return { kind: 'ok', code: 'Complete' };
    for (let r = 0; r < this.geometry.regions; r++) this.step({ kind: 'erase', region: r });
    return this.appendKey(mainHash, new Uint8Array(0));
  }

  appendKey(hash: bigint, value: Uint8Array): TkWrite {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const length = HEADER_LENGTH + value.length + CHECK_SUM_LEN;
    if (length >= OBJECT_LENGTH_LIMIT) return { kind: 'err', code: 'ObjectTooLarge', early: true };
    if (this.liveCopies(hash).length) return { kind: 'err', code: 'KeyAlreadyExists' };
    const region = this.roomFor(hash, length);
    if (region === undefined) return { kind: 'err', code: 'FlashFull' };
    this.step({ kind: 'write', region, object: { hash, value: value.slice(), valid: true, zeroised: false } });
    return { kind: 'ok', code: 'Written' };
  }

  /** Whether a plain append of `valueLength` bytes would find room (ignoring the key's own copies). */
  hasRoomFor(hash: bigint, valueLength: number): boolean {
    return this.roomFor(hash, HEADER_LENGTH + valueLength + CHECK_SUM_LEN) !== undefined;
  }

  /** The new copy after the winner in probe order, then the older copies invalidated (kept where bits cannot clear). */
  replaceKey(hash: bigint, value: Uint8Array): TkWrite {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const length = HEADER_LENGTH + value.length + CHECK_SUM_LEN;
    if (length >= OBJECT_LENGTH_LIMIT) return { kind: 'err', code: 'ObjectTooLarge', early: true };
    const copies = this.liveCopies(hash);
    if (!copies.length) return { kind: 'err', code: 'KeyNotFound' };
    const region = this.roomFor(hash, length, copies[copies.length - 1].rank);
    if (region === undefined) return { kind: 'err', code: 'FlashFull' };
    this.step({ kind: 'write', region, object: { hash, value: value.slice(), valid: true, zeroised: false } });
    if (this.canClearBits) for (const c of copies) this.step({ kind: 'invalidate', region: c.region, index: c.index });
    return { kind: 'ok', code: 'Written' };
  }

  getKey(hash: bigint, bufLen: number): TkGet {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const copies = this.liveCopies(hash);
    if (!copies.length) return { kind: 'err', code: 'KeyNotFound' };
    const w = copies[copies.length - 1];
    const value = this.state.regions[w.region][w.index].value;
    if (bufLen < value.length) return { kind: 'err', code: 'BufferTooSmall', size: value.length, partial: value.slice(0, bufLen) };
    return { kind: 'ok', value: value.slice() };
  }

  /** Every live copy, oldest first; the objects invalidated are reported (whose they were). */
  invalidateKey(hash: bigint): TkWrite & { objects?: ModelObject[] } {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const copies = this.liveCopies(hash);
    if (!copies.length) return { kind: 'err', code: 'KeyNotFound' };
    if (!this.canClearBits) return { kind: 'err', code: 'WriteFail' };
    for (const c of copies) this.step({ kind: 'invalidate', region: c.region, index: c.index });
    return { kind: 'ok', code: 'Written', objects: copies.map((c) => this.state.regions[c.region][c.index]) };
  }

  zeroiseKey(hash: bigint): TkWrite {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const copies = this.liveCopies(hash);
    if (!copies.length) return { kind: 'err', code: 'KeyNotFound' };
    if (!this.canClearBits) return { kind: 'err', code: 'WriteFail' };
    for (const c of copies) {
      this.step({ kind: 'invalidate', region: c.region, index: c.index });
      this.step({ kind: 'zero', region: c.region, index: c.index });
    }
    return { kind: 'ok', code: 'Written' };
  }

  garbageCollect(): TkGc {
    let freed = 0;
    for (let r = 0; r < this.geometry.regions; r++) {
      const objects = this.state.regions[r];
      if ((!objects.length && !this.state.sealed[r]) || objects.some((o) => o.valid)) continue;
      this.step({ kind: 'erase', region: r });
      freed += this.geometry.regionSizeBytes;
    }
    return { kind: 'ok', freed };
  }

  private step(s: FlashStep): void {
    this.journal?.push(s);
    this.applyStep(s);
  }

  applyStep(s: FlashStep): void {
    const st = this.state;
    switch (s.kind) {
      case 'write':
        st.regions[s.region].push({ ...s.object, value: s.object.value.slice() });
        return;
      case 'invalidate':
        st.regions[s.region][s.index].valid = false;
        return;
      case 'zero':
        st.regions[s.region][s.index].zeroised = true;
        return;
      case 'erase':
        st.regions[s.region] = [];
        st.sealed[s.region] = false;
        return;
    }
  }

  /**
   * What the step leaves when power dies during it, where that differs from before and after: a torn write
   * or a torn zeroing of a region's last object seals the region; a torn erase leaves a sealed region with
   * nothing live. Clearing one bit is atomic. Returns false when there is no such state.
   */
  applyTornStep(s: FlashStep): boolean {
    const st = this.state;
    switch (s.kind) {
      case 'write':
        st.sealed[s.region] = true;
        return true;
      case 'zero':
        if (s.index !== st.regions[s.region].length - 1) return false;
        st.sealed[s.region] = true;
        return true;
      case 'erase':
        st.regions[s.region] = [];
        st.sealed[s.region] = true;
        return true;
      case 'invalidate':
        return false;
    }
  }

  /** Every state a cut inside `steps` (taken from this state) can leave: each prefix, and each prefix plus a torn step. */
  statesWithin(steps: readonly FlashStep[]): PromiseTickvModel[] {
    const out: PromiseTickvModel[] = [];
    const prefix = this.clone();
    for (const [k, s] of steps.entries()) {
      if (k > 0) out.push(prefix.clone());
      const torn = prefix.clone();
      if (torn.applyTornStep(s)) out.push(torn);
      prefix.applyStep(s);
    }
    return out;
  }

  /** The value get returns for every key with a live copy. */
  liveValues(): Map<bigint, Uint8Array> {
    const out = new Map<bigint, Uint8Array>();
    for (const region of this.state.regions) {
      for (const o of region) {
        if (!o.valid || out.has(o.hash)) continue;
        const w = this.getKey(o.hash, Number.MAX_SAFE_INTEGER);
        if (w.kind === 'ok') out.set(o.hash, w.value);
      }
    }
    return out;
  }
}
