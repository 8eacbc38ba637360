// The torn-write menu (design.md §4): what a flash step leaves behind when power dies during it.
// Each model is a pure function of (image, op, seed): `applyTorn` edits the image it is given, nothing else.
import type { Geometry } from '../engine/flash/blockDevice';
import type { FlashMode, Mutation } from '../engine/flash/norFlash';
import { Rng } from './rng';
import { isWeakModel, WEAK_MODELS, type WeakModel } from './weak';

export const PROGRAM_TORN = ['before', 'after', 'prefix', 'bits'] as const;
export const ERASE_TORN = ['before', 'after', 'erase-partial', 'erase-bits', 'erase-zero'] as const;
export const TORN_MODELS = ['before', 'after', 'prefix', 'bits', 'erase-partial', 'erase-bits', 'erase-zero'] as const;
/** Unstable cells (faults/weak.ts) are opt-in: `all` stays the seven models above, so existing campaigns replay as they were. */
export { WEAK_MODELS };
/** Every torn model a campaign may name: the seven, then the unstable-cell models. */
export const ALL_TORN_MODELS = [...TORN_MODELS, ...WEAK_MODELS] as const;
/** `half` is the conformance shell's `tear`: half the program units, or half the erase range. */
export type TornModel = (typeof TORN_MODELS)[number] | WeakModel | 'half';

export function isTornModel(s: string): s is TornModel {
  return (TORN_MODELS as readonly string[]).includes(s) || isWeakModel(s) || s === 'half';
}

/** One line per torn model for the usage text (the fault menu of --help). */
export const TORN_MENU: ReadonlyArray<readonly [TornModel, string]> = [
  ['before', 'the step did not start'],
  ['after', 'the step completed, power died right after'],
  ['prefix', 'the first k program units landed'],
  ['bits', 'a random subset of the bits the program clears landed'],
  ['erase-partial', 'a prefix of the erase range was erased'],
  ['erase-bits', 'random bits of the erase range were set'],
  ['erase-zero', 'the range was pre-programmed to 0, not yet erased'],
  ['weak-read', 'the cells in flight read as written, as before or mixed, differently on every read (opt-in)'],
  ['weak-boot', 'the cells in flight settle one way per boot, another way at the next boot (opt-in)'],
];

export interface TornContext {
  mode: FlashMode;
  geometry: Geometry;
  seed: number;
}

/** Whether a model means something for this op (e.g. `prefix` needs a program of 2+ units). */
export function tornApplies(model: TornModel, op: Mutation, g: Geometry): boolean {
  switch (model) {
    case 'before':
    case 'after':
    case 'half':
    case 'weak-read':
    case 'weak-boot':
      return true;
    case 'prefix':
      return op.kind === 'program' && op.data.length / g.programSizeBytes >= 2;
    case 'bits':
      return op.kind === 'program';
    case 'erase-partial':
      return op.kind === 'erase' && op.len >= 2;
    case 'erase-bits':
    case 'erase-zero':
      return op.kind === 'erase';
  }
}

/** True when strict mode refuses this program as a whole (a byte neither erased nor already equal). */
export function strictRefuses(image: Uint8Array, op: Mutation, g: Geometry): boolean {
  if (op.kind !== 'program') return false;
  for (let i = 0; i < op.data.length; i++) {
    const old = image[op.addr + i];
    if (old !== g.eraseValue && old !== op.data[i]) return true;
  }
  return false;
}

/** The byte a completed program leaves in a cell. */
function programmed(old: number, next: number, mode: FlashMode): number {
  return mode === 'overwrite' ? next : old & next;
}

function programRange(image: Uint8Array, op: Mutation & { kind: 'program' }, count: number, mode: FlashMode): void {
  for (let i = 0; i < count; i++) image[op.addr + i] = programmed(image[op.addr + i], op.data[i], mode);
}

/**
 * Applies the torn model of an interrupted step to `image` in place. The weak models leave the image as it was
 * before the step: their unstable bits live beside it (faults/weak.ts weakRegion), read through a PowerCutDevice.
 */
export function applyTorn(model: TornModel, image: Uint8Array, op: Mutation, ctx: TornContext): void {
  const { mode, geometry: g } = ctx;
  if (isWeakModel(model)) return;
  const rng = new Rng(ctx.seed);
  if (op.kind === 'program') {
    if (mode === 'strict' && strictRefuses(image, op, g)) return; // the device writes nothing it refuses
    const units = op.data.length / g.programSizeBytes;
    switch (model) {
      case 'before':
        return;
      case 'after':
        return programRange(image, op, op.data.length, mode);
      case 'prefix':
        return programRange(image, op, rng.int(1, Math.max(1, units - 1)) * g.programSizeBytes, mode);
      case 'half':
        return programRange(image, op, Math.floor(op.data.length / 2 / g.programSizeBytes) * g.programSizeBytes, mode);
      case 'bits':
        for (let i = 0; i < op.data.length; i++) {
          const old = image[op.addr + i];
          const changed = old ^ programmed(old, op.data[i], mode);
          image[op.addr + i] = old ^ (changed & (rng.nextU32() & 0xff));
        }
        return;
      default:
        return; // erase models leave a program untouched
    }
  }
  const end = op.addr + op.len;
  switch (model) {
    case 'before':
      return;
    case 'after':
      image.fill(g.eraseValue, op.addr, end);
      return;
    case 'erase-partial':
      image.fill(g.eraseValue, op.addr, op.addr + rng.int(1, Math.max(1, op.len - 1)));
      return;
    case 'half': {
      const whole = Math.floor(op.len / 2 / g.eraseSizeBytes) * g.eraseSizeBytes;
      image.fill(g.eraseValue, op.addr, op.addr + (whole > 0 ? whole : op.len / 2));
      return;
    }
    case 'erase-bits':
      for (let i = op.addr; i < end; i++) image[i] |= rng.nextU32() & 0xff;
      return;
    case 'erase-zero':
      image.fill(0, op.addr, end);
      return;
    default:
      return; // program models leave an erase untouched
  }
}

/** Pure form: a new image with the torn step applied. */
export function tornImage(model: TornModel, before: Uint8Array, op: Mutation, ctx: TornContext): Uint8Array {
  const out = before.slice();
  applyTorn(model, out, op, ctx);
  return out;
}
