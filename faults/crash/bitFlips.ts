// Bits that flip at rest (retention loss, read disturb): after a run, one bit the driver names changes and the store
// reboots. Only the keys the driver says that bit may damage may be missing or show an earlier value.
import { NorFlash } from '../../engine/flash/norFlash';
import { recordReference } from './reference';
import { buildViolation, countPoint, emptyResult } from './caseResult';
import type { StoreCase } from './storeCase';
import type { CaseResult } from './types';
import { History, viewText } from './view';
import type { OpsSpec } from '../replayId';
import { mixSeed } from '../rng';

/** The image with bit `bit` (counted from byte 0, LSB first) inverted; the input is not changed. */
export function flipBit(image: Uint8Array, bit: number): Uint8Array {
  const out = image.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

export interface BitFlipOptions {
  opsSpec: OpsSpec;
  /** How many bits to flip, one at a time (ignored when `bits` is given). */
  flips: number;
  /** Flip bits anywhere on the image, not only in the driver's live data. */
  anywhere?: boolean;
  seed: number;
  bits?: number[];
}

/** Whether the driver says where bits may flip at rest (the fault needs it). */
export const hasAtRest = (c: StoreCase<unknown>): boolean => c.driver.atRest !== undefined;

export function runBitFlipCase<Op>(c: StoreCase<Op>, ops: readonly Op[], opts: BitFlipOptions): CaseResult {
  const atRest = c.driver.atRest;
  const ref = recordReference(c, ops);
  const result = emptyResult(ref);
  const last = ref.models[ref.checked];
  if (!atRest || ref.checked === 0 || last.poisoned()) return result;
  const expected = last.rebooted();
  if (expected.poisoned()) return result;
  const history = new History();
  for (const m of ref.models) history.add(m.view());
  const flash = (image: Uint8Array): NorFlash => new NorFlash(c.geometry, c.mode, image);
  const probe = c.store.mount(flash(ref.finalImage));
  const range = opts.anywhere ? { fromBit: 0, toBit: ref.finalImage.length * 8 } : atRest.bits(ref.finalImage, probe.subject);
  if (!range) return result;
  const { fromBit: lo, toBit: hi } = range;
  const bits = opts.bits ?? Array.from({ length: opts.flips }, (_, i) => lo + (mixSeed(opts.seed, i) % (hi - lo)));
  const want = expected.view();
  const lastKind = c.driver.ops.kind(ops[ref.checked - 1]);
  for (const bit of bits) {
    const cut = { fault: 'bit-flip' as const, step: bit, torn: null, tornSeed: 0 };
    const damaged = atRest.damaged(ref.finalImage, probe.subject, bit);
    const mounted = c.store.mount(flash(flipBit(ref.finalImage, bit)));
    const got = mounted.ok ? mounted.subject.view() : undefined;
    const problems: string[] = [];
    if (!got) problems.push(`mount failed (${mounted.outcome.status})`);
    else {
      for (const k of new Set([...want.keys.keys(), ...got.keys.keys()])) {
        const [w, g] = [want.keys.get(k), got.keys.get(k)];
        if (w === g) continue;
        if ((damaged.keys === 'all' || damaged.keys.has(k)) && (g === undefined || history.had(k, g))) continue;
        problems.push(`${k.slice(0, 16)}: ${g === undefined ? 'missing' : g.slice(0, 16)} (expected ${w === undefined ? 'absent' : w.slice(0, 16)})`);
      }
      if (got.extra !== want.extra && !damaged.extra) problems.push(`extra data ${got.extra} (expected ${want.extra})`);
    }
    result.crashPoints++;
    countPoint(result, lastKind, 'at-rest', cut, problems.length ? 'lost' : 'new');
    if (!problems.length) continue;
    const cost = damaged.keys === 'all' ? 'any key' : damaged.keys.size ? [...damaged.keys].map((k) => k.slice(0, 16)).join(', ') : 'no record';
    const where = `bit ${bit} (byte 0x${(bit >> 3).toString(16)}) flipped at rest, damaging ${cost}${damaged.extra ? ' and the extra data' : ''}`;
    const summary = `${where}: ${problems.slice(0, 4).join('; ')}${got ? `; recovered ${viewText(got)}` : ''}`;
    result.violations.push(buildViolation(c, ops, opts.opsSpec, { kind: 'lost', stage: 'bit-flip', summary }, { opIndex: ref.checked - 1, cut, phase: 'at-rest', opKind: 'at rest' }));
  }
  return result;
}
