// Unstable cells (torn models `weak-read`, `weak-boot`): a program or erase cut mid-way may leave its cells in "any
// stable or unstable data state" (Infineon KBA218817). The bits the step was changing read as written, as before, or
// as a seeded mix of both, and may read differently on the next read (per-read) or the next boot (per-boot), until a
// program completes them (a 0 programmed over a weak bit sticks) or an erase resets them.
// The image keeps the value before the step in those bits; a WeakState beside it says which bits are unstable.
import type { Geometry } from '../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../engine/flash/norFlash';
import { mixSeed, Rng } from './rng';

export const WEAK_MODELS = ['weak-read', 'weak-boot'] as const;
export type WeakModel = (typeof WEAK_MODELS)[number];

export const isWeakModel = (s: string): s is WeakModel => (WEAK_MODELS as readonly string[]).includes(s);

/** The cells one interrupted step left unstable. */
export interface WeakRegion {
  readonly addr: number;
  /** Per byte from addr: the bits in flight (0 where the step changed nothing). */
  readonly mask: Uint8Array;
  /** Per byte: those bits as they were before the step (the image holds this value). */
  readonly before: Uint8Array;
  readonly perRead: boolean;
  readonly seed: number;
}

/** Every unstable region of one flash, and where the power cycles and reads of the current boot are. */
export interface WeakState {
  regions: WeakRegion[];
  /** Power cycles since the cut (0: the first boot after it). */
  boot: number;
  /** Reads that touched an unstable region in this boot (per-read mode draws a new settling for each). */
  reads: number;
}

/** How the unstable bits of a region read this time: all as before the step, all as written, or a seeded mix. */
export type Settling = 'before' | 'after' | 'mix';
const SETTLINGS: readonly Settling[] = ['before', 'after', 'mix'];

/**
 * The region a weak cut of `op` leaves on `image` (which must still hold the value before the step), or null when
 * the step changes no bit (or strict flash refuses it). Pure: depends on (image, op, seed) only.
 */
export function weakRegion(model: WeakModel, image: Uint8Array, op: Mutation, ctx: { mode: FlashMode; geometry: Geometry; seed: number }): WeakRegion | null {
  const len = op.kind === 'program' ? op.data.length : op.len;
  const mask = new Uint8Array(len);
  const before = new Uint8Array(len);
  let any = false;
  for (let i = 0; i < len; i++) {
    const old = image[op.addr + i];
    let next: number;
    if (op.kind === 'erase') next = ctx.geometry.eraseValue;
    else if (ctx.mode === 'overwrite') next = op.data[i];
    else if (ctx.mode === 'strict' && old !== ctx.geometry.eraseValue && old !== op.data[i]) return null; // refused: nothing in flight
    else next = old & op.data[i];
    mask[i] = old ^ next;
    before[i] = old & mask[i];
    if (mask[i]) any = true;
  }
  return any ? { addr: op.addr, mask, before, perRead: model === 'weak-read', seed: ctx.seed >>> 0 } : null;
}

/** Which settling a region reads with: per boot, consecutive boots never settle alike; per read, a fresh draw. */
export function settlingOf(r: WeakRegion, boot: number, read: number): Settling {
  if (!r.perRead) return SETTLINGS[(r.seed + boot) % 3];
  return SETTLINGS[mixSeed(r.seed, boot, read) % 3];
}

/** Applies the unstable bits to `out`, bytes [addr, addr + out.length) as the flash holds them. */
export function settleRead(w: WeakState, addr: number, out: Uint8Array): void {
  const end = addr + out.length;
  let counted = false;
  for (const r of w.regions) {
    const rEnd = r.addr + r.mask.length;
    if (rEnd <= addr || r.addr >= end) continue;
    if (!counted) {
      w.reads++;
      counted = true;
    }
    const settling = settlingOf(r, w.boot, w.reads);
    // The mix is seeded per region, boot and (per-read) read, never per call site: replays read the same bits.
    const rng = new Rng(mixSeed(r.seed, w.boot, r.perRead ? w.reads : 0, 0x6d6978));
    for (let a = r.addr; a < rEnd; a++) {
      const m = r.mask[a - r.addr];
      const bits = settling === 'mix' ? rng.nextU32() & 0xff : 0;
      if (!m || a < addr || a >= end) continue;
      const shown = settling === 'before' ? r.before[a - r.addr] : settling === 'after' ? ~r.before[a - r.addr] : bits;
      out[a - addr] = (out[a - addr] & ~m) | (shown & m);
    }
  }
}

/** A completed program over weak bits: bits it programs to 0 (NOR) are now stable; overwrite settles every byte. */
export function weakProgram(w: WeakState, addr: number, data: Uint8Array, mode: FlashMode): void {
  for (const [i, r] of w.regions.entries()) {
    const from = Math.max(addr, r.addr);
    const to = Math.min(addr + data.length, r.addr + r.mask.length);
    if (from >= to) continue;
    const mask = r.mask.slice();
    for (let a = from; a < to; a++) mask[a - r.addr] &= mode === 'overwrite' ? 0 : data[a - addr];
    w.regions[i] = { ...r, mask, before: r.before.map((b, k) => b & mask[k]) };
  }
  w.regions = w.regions.filter((r) => r.mask.some((m) => m !== 0));
}

/** A completed erase resets every cell it covers. */
export function weakErase(w: WeakState, addr: number, len: number): void {
  for (const [i, r] of w.regions.entries()) {
    const from = Math.max(addr, r.addr);
    const to = Math.min(addr + len, r.addr + r.mask.length);
    if (from >= to) continue;
    const mask = r.mask.slice();
    mask.fill(0, from - r.addr, to - r.addr);
    w.regions[i] = { ...r, mask };
  }
  w.regions = w.regions.filter((r) => r.mask.some((m) => m !== 0));
}

/** A copy to hand to another device (regions are immutable; the counters are not). */
export const cloneWeak = (w: WeakState | null | undefined): WeakState | null => (w && w.regions.length ? { regions: [...w.regions], boot: w.boot, reads: w.reads } : null);

/** The state with one more region (a second weak cut on top of a first). */
export function addWeak(w: WeakState | null | undefined, r: WeakRegion | null): WeakState | null {
  if (!r) return cloneWeak(w);
  return { regions: [...(w?.regions ?? []), r], boot: w?.boot ?? 0, reads: w?.reads ?? 0 };
}

/** The image as one read of the whole flash would see it now (for reports and dumps; advances the read count). */
export function settledImage(image: Uint8Array, w: WeakState | null): Uint8Array {
  const out = image.slice();
  if (w) settleRead(w, 0, out);
  return out;
}

/** A short key of the unstable bits, to tell apart crash states whose images are equal. */
export function weakKey(w: WeakState | null): string {
  if (!w) return '';
  return w.regions.map((r) => `${r.addr}:${r.mask.length}:${r.seed}:${r.perRead ? 'r' : 'b'}`).join(',');
}
