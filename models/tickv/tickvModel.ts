// A reference model of the tickv 2.0.0 crate (tickv.md §5-§7) over object lists: exact walks, exact codes,
// and the crate's lost read buffer (an early `?` return) that makes the next operation panic.
import { hexOf, type Outcome } from '../outcome';
import { modelListing } from './listing';
import { MAIN_KEY_HASH, type TickvOp } from './ops';
import {
  CHECK_SUM_LEN,
  HEADER_LENGTH,
  objectLength,
  OBJECT_LENGTH_LIMIT,
  RegionWalks,
  type ModelObject,
  type TickvGeometry,
} from './regions';

/** TicKV's answers at the level of the crate's Result types, plus the panics the real code hits. */
export type TkGet =
  | { kind: 'ok'; value: Uint8Array }
  | { kind: 'err'; code: string; size?: number; partial?: Uint8Array }
  | { kind: 'halt'; where: string };
export type TkWrite = { kind: 'ok'; code: 'Written' | 'Complete' } | { kind: 'err'; code: string; early?: boolean } | { kind: 'halt'; where: string };
export type TkGc = { kind: 'ok'; freed: number } | { kind: 'halt'; where: string };

export interface TickvModelState {
  regions: ModelObject[][];
  /** Set by an error that leaves through `?` after read_buffer.take(): the next region visit panics. */
  readBufferLost: boolean;
  /** A state no model can predict from here; predictions stop (none is known without power cuts). */
  poisoned: string | null;
}

const U64_MAX = 0xffffffffffffffffn;
const halt = (where: string): { kind: 'halt'; where: string } => ({ kind: 'halt', where });

export class TickvModel {
  readonly walks: RegionWalks;
  state: TickvModelState;

  constructor(
    readonly geometry: TickvGeometry,
    state?: TickvModelState,
  ) {
    this.walks = new RegionWalks(geometry);
    this.state = state ?? { regions: Array.from({ length: geometry.regions }, () => []), readBufferLost: false, poisoned: null };
  }

  clone(): TickvModel {
    const s = this.state;
    return new TickvModel(this.geometry, { ...s, regions: s.regions.map((r) => r.map((o) => ({ ...o }))) });
  }

  apply(o: TickvOp): Outcome {
    const out = this.run(o);
    if (out.status.startsWith('HALT')) this.reboot(); // a panic resets the device: the next call meets a fresh instance
    return out;
  }

  private run(o: TickvOp): Outcome {
    return applyTickvOp(this, o, () => this.reboot());
  }

  /** A new TicKV instance over the same flash: only RAM (the read buffer) is renewed. */
  reboot(): void {
    this.state.readBufferLost = false;
  }

  // ---- the crate's operations ----

  /** get_region's asserts (tickv.rs:204-213) run before anything else. */
  private badHash(hash: bigint): boolean {
    return hash === 0n || hash === U64_MAX;
  }

  initialise(mainHash: bigint): TkWrite {
    const got = this.getKey(mainHash, 0);
    if (got.kind === 'halt') return got;
    if (got.kind === 'ok') return { kind: 'ok', code: 'Complete' };
    this.state.regions = this.state.regions.map(() => []); // any error: erase every region, then write the main key
    return this.appendKey(mainHash, new Uint8Array(0));
  }

  appendKey(hash: bigint, value: Uint8Array): TkWrite {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const packageLength = HEADER_LENGTH + value.length;
    if (packageLength + CHECK_SUM_LEN >= OBJECT_LENGTH_LIMIT) return { kind: 'err', code: 'ObjectTooLarge', early: true };
    const S = this.geometry.regionSizeBytes;
    for (const r of this.walks.probeOrder(this.walks.homeRegion(hash))) {
      if (this.state.readBufferLost) return halt('tickv::append_key');
      const objects = this.state.regions[r];
      if (this.walks.find(objects, hash).ok) return { kind: 'err', code: 'KeyAlreadyExists' };
      const slot = this.walks.freeSlot(objects, packageLength);
      if (slot === undefined) continue;
      if (slot + packageLength + CHECK_SUM_LEN > S) {
        this.state.readBufferLost = true; // the CRC slice's `?` (tickv.rs:622-625)
        return { kind: 'err', code: 'ObjectTooLarge' };
      }
      objects.push({ hash, value: value.slice(), valid: true, zeroised: false });
      return { kind: 'ok', code: 'Written' };
    }
    return { kind: 'err', code: 'FlashFull' };
  }

  /** The shared probe of get/invalidate/zeroise: the first region whose walk finds the key, or a stop. */
  private locate(hash: bigint, where: string): { region: number; index: number; offset: number } | { kind: 'halt'; where: string } | undefined {
    for (const r of this.walks.probeOrder(this.walks.homeRegion(hash))) {
      if (this.state.readBufferLost) return halt(where);
      const f = this.walks.find(this.state.regions[r], hash);
      if (f.ok) return { region: r, index: f.index, offset: f.offset };
      if (!f.cont) return undefined;
    }
    return undefined;
  }

  getKey(hash: bigint, bufLen: number): TkGet {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const at = this.locate(hash, 'tickv::get_key');
    if (at === undefined) return { kind: 'err', code: 'KeyNotFound' };
    if ('kind' in at) return at;
    const value = this.state.regions[at.region][at.index].value;
    if (bufLen < value.length) return { kind: 'err', code: 'BufferTooSmall', size: value.length, partial: value.slice(0, bufLen) };
    return { kind: 'ok', value: value.slice() };
  }

  /** invalidate_key; the invalidated object is reported so callers can check whose it was. */
  invalidateKey(hash: bigint): TkWrite & { object?: ModelObject } {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const at = this.locate(hash, 'tickv::invalidate_key');
    if (at === undefined) return { kind: 'err', code: 'KeyNotFound' };
    if ('kind' in at) return at;
    const object = this.state.regions[at.region][at.index];
    object.valid = false;
    return { kind: 'ok', code: 'Written', object };
  }

  zeroiseKey(hash: bigint): TkWrite {
    if (this.badHash(hash)) return halt('tickv::get_region');
    const at = this.locate(hash, 'tickv::zeroise_key');
    if (at === undefined) return { kind: 'err', code: 'KeyNotFound' };
    if ('kind' in at) return at;
    const object = this.state.regions[at.region][at.index];
    // Bytes 11..L+11 are zeroed in the buffer: an object ending within 11 bytes of the region end is a `?` (923-928).
    if (at.offset + objectLength(object) + HEADER_LENGTH > this.geometry.regionSizeBytes) {
      this.state.readBufferLost = true;
      return { kind: 'err', code: 'RegionFull' };
    }
    object.valid = false;
    object.zeroised = true;
    return { kind: 'ok', code: 'Written' };
  }

  garbageCollect(): TkGc {
    let freed = 0;
    for (let r = 0; r < this.geometry.regions; r++) {
      if (this.state.readBufferLost) return halt('tickv::garbage_collect_region');
      if (!this.walks.gcErases(this.state.regions[r])) continue;
      this.state.regions[r] = [];
      freed += this.geometry.regionSizeBytes;
    }
    return { kind: 'ok', freed };
  }

  // ---- views for statistics and whole-store comparison ----

  /** Keys (hash hex) with more than one valid copy on flash. */
  duplicateKeys(): string[] {
    const seen = new Map<bigint, number>();
    for (const region of this.state.regions) for (const o of region) if (o.valid) seen.set(o.hash, (seen.get(o.hash) ?? 0) + 1);
    return [...seen].filter(([, n]) => n > 1).map(([h]) => h.toString(16));
  }

  /** Keys with a valid copy that get cannot reach (a stop rule ends the probe first). */
  unreachableKeys(): bigint[] {
    const keys = new Set<bigint>();
    for (const region of this.state.regions) for (const o of region) if (o.valid) keys.add(o.hash);
    const saved = this.state.readBufferLost;
    this.state.readBufferLost = false;
    const out = [...keys].filter((h) => {
      const got = this.getKey(h, 0);
      return got.kind === 'err' && got.code === 'KeyNotFound';
    });
    this.state.readBufferLost = saved;
    return out;
  }

  /** Every object's bytes in flash order, as the subject lists them from the image. */
  listing(): string[] {
    return modelListing(this.state.regions);
  }
}

/** The crate's operations as both TicKV models implement them. */
export interface TickvOperations {
  initialise(mainHash: bigint): TkWrite;
  appendKey(hash: bigint, value: Uint8Array): TkWrite;
  getKey(hash: bigint, bufLen: number): TkGet;
  invalidateKey(hash: bigint): TkWrite;
  zeroiseKey(hash: bigint): TkWrite;
  garbageCollect(): TkGc;
}

/** One op on a model, in the outcome vocabulary; `reboot` renews what the model keeps in RAM. */
export function applyTickvOp(m: TickvOperations, o: TickvOp, reboot: () => void): Outcome {
  switch (o.op) {
    case 'init':
      return writeOutcome(m.initialise(MAIN_KEY_HASH));
    case 'append':
      return writeOutcome(m.appendKey(o.key.hash, o.value));
    case 'get':
      return getOutcome(m.getKey(o.key.hash, o.bufLen), o.bufLen);
    case 'invalidate':
      return writeOutcome(m.invalidateKey(o.key.hash));
    case 'zeroise':
      return writeOutcome(m.zeroiseKey(o.key.hash));
    case 'gc': {
      const r = m.garbageCollect();
      return r.kind === 'halt' ? { status: `HALT ${r.where}` } : { status: 'Ok', size: r.freed };
    }
    case 'reboot':
      reboot();
      return { status: 'Ok' };
  }
}

export function writeOutcome(r: TkWrite): Outcome {
  if (r.kind === 'halt') return { status: `HALT ${r.where}` };
  return { status: r.code };
}

export function getOutcome(r: TkGet, bufLen: number): Outcome {
  if (r.kind === 'halt') return { status: `HALT ${r.where}` };
  if (r.kind === 'ok') return { status: 'Complete', size: r.value.length, value: hexOf(r.value) };
  if (r.code !== 'BufferTooSmall') return { status: r.code };
  // The caller's zeroed buffer with the bytes that fit copied in (the shell prints it whole).
  const buf = new Uint8Array(bufLen);
  buf.set(r.partial as Uint8Array);
  return { status: 'BufferTooSmall', size: r.size, value: hexOf(buf) };
}

