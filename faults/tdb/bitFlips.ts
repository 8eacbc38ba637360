// Bits that flip at rest (retention loss, read disturb): after a run, one bit of the live log changes and the store
// reboots. The record holding that bit may suffer (its key may vanish or show an earlier value); when the bit is in
// a header's magic or size fields, which say where the next record starts, the records after it may too.
import { alignUp, decodeHeader, RECORD_HEADER_SIZE, TDB_MAGIC } from '../../engine/codec/tdbRecord';
import { NorFlash } from '../../engine/flash/norFlash';
import { TdbSubject } from '../../models/subjects/tdbstoreSubject';
import type { TdbOp } from '../../models/tdbstore/ops';
import { recordReference } from '../crash/reference';
import { geometryText } from '../crash/runCase';
import type { CaseResult, Violation } from '../crash/types';
import { History, viewText } from '../crash/view';
import { encodeReplayId, type OpsSpec } from '../replayId';
import { mixSeed } from '../rng';
import type { TdbTarget } from './tdbTarget';

/** The image with bit `bit` (counted from byte 0, LSB first) inverted; the input is not changed. */
export function flipBit(image: Uint8Array, bit: number): Uint8Array {
  const out = image.slice();
  out[bit >> 3] ^= 1 << (bit & 7);
  return out;
}

interface LogRecordSpan {
  start: number;
  end: number;
  key: string;
}

/** Header bytes that locate the next record: magic (0-3), key size (12-13), data size (16-19). */
const LOCATING = new Set([0, 1, 2, 3, 12, 13, 16, 17, 18, 19]);

/** The records of the live log as laid out on flash (absolute byte ranges and keys as hex). */
function logSpans(image: Uint8Array, areaAddress: number, from: number, to: number, p: number): LogRecordSpan[] {
  const spans: LogRecordSpan[] = [];
  for (let off = from; off + RECORD_HEADER_SIZE <= to; ) {
    const h = decodeHeader(image, areaAddress + off);
    if (h.magic !== TDB_MAGIC) break;
    const end = off + alignUp(RECORD_HEADER_SIZE, p) + alignUp(h.keySize + h.dataSize, p);
    const keyAt = areaAddress + off + alignUp(RECORD_HEADER_SIZE, p);
    spans.push({ start: areaAddress + off, end: areaAddress + end, key: Buffer.from(image.subarray(keyAt, keyAt + h.keySize)).toString('hex') });
    off = end;
  }
  return spans;
}

export interface BitFlipOptions {
  opsSpec: OpsSpec;
  /** How many bits of the live log to flip, one at a time (ignored when `bits` is given). */
  flips: number;
  seed: number;
  bits?: number[];
}

export function runBitFlipCase(target: TdbTarget, ops: readonly TdbOp[], opts: BitFlipOptions): CaseResult {
  const ref = recordReference(target, ops);
  const result: CaseResult = { crashPoints: 0, nestedPoints: 0, duplicatePoints: 0, violations: [], heat: new Map(), wear: ref.wear, opsChecked: ref.checked, stoppedAt: ref.stoppedAt };
  const last = ref.models[ref.checked];
  if (ref.checked === 0 || last.poisoned()) return result;
  const expected = last.rebooted();
  if (expected.poisoned()) return result;
  const history = new History();
  for (const m of ref.models) history.add(m.view());
  const probe = target.mount(new NorFlash(target.geometry, target.mode, ref.finalImage)).subject as unknown as { subject: TdbSubject };
  const inner = probe.subject.internals();
  const base = inner.areaAddresses[inner.activeArea];
  const spans = logSpans(ref.finalImage, base, inner.masterRecordOffset + inner.masterRecordSize, inner.freeSpaceOffset, target.geometry.programSizeBytes);
  if (!spans.length) return result;
  const lo = spans[0].start * 8;
  const hi = spans[spans.length - 1].end * 8;
  const bits = opts.bits ?? Array.from({ length: opts.flips }, (_, i) => lo + (mixSeed(opts.seed, i) % (hi - lo)));
  const want = expected.view();
  for (const bit of bits) {
    result.crashPoints++;
    const byte = bit >> 3;
    const hit = spans.findIndex((s) => byte >= s.start && byte < s.end);
    const locating = hit >= 0 && LOCATING.has(byte - spans[hit].start);
    // A flip that hides where the next record starts may cost every record after it: those keys count as damaged.
    const damaged = new Set((hit < 0 ? [] : locating ? spans.slice(hit) : [spans[hit]]).map((s) => s.key));
    const mounted = target.mount(new NorFlash(target.geometry, target.mode, flipBit(ref.finalImage, bit)));
    const got = mounted.outcome.status === 'SUCCESS' ? mounted.subject.view() : undefined;
    const problems: string[] = [];
    if (!got) problems.push(`mount returned ${mounted.outcome.status}`);
    else {
      for (const k of new Set([...want.keys.keys(), ...got.keys.keys()])) {
        const [w, g] = [want.keys.get(k), got.keys.get(k)];
        if (w === g) continue;
        if (damaged.has(k) && (g === undefined || history.had(k, g))) continue;
        problems.push(`${k.slice(0, 16)}: ${g === undefined ? 'missing' : g.slice(0, 16)} (expected ${w === undefined ? 'absent' : w.slice(0, 16)})`);
      }
      if (got.extra !== want.extra) problems.push(`reserved data ${got.extra} (expected ${want.extra})`);
    }
    const key = `${target.opKind(ops[ref.checked - 1])}|log|bit-flip|${problems.length ? 'lost' : 'new'}`;
    result.heat.set(key, (result.heat.get(key) ?? 0) + 1);
    if (!problems.length) continue;
    const cut = { step: bit, torn: 'bit-flip' as const, tornSeed: 0 };
    const v: Violation = {
      kind: 'lost',
      id: encodeReplayId({ engine: target.engine, profile: target.profile, geometry: geometryText(target), flash: target.mode, ops: opts.opsSpec, cut, nested: null }),
      engine: target.engine,
      profile: target.profile,
      geometry: geometryText(target),
      flash: target.mode,
      ops: ops.map((o) => target.opText(o)),
      opIndex: ref.checked - 1,
      cut,
      nested: null,
      opKind: 'at rest',
      phase: 'log',
      stage: 'bit-flip',
      summary: `bit ${bit} (byte 0x${(bit >> 3).toString(16)}) flipped at rest, damaging ${damaged.size ? [...damaged].map((k) => k.slice(0, 16)).join(', ') : 'no record'}: ${problems.slice(0, 4).join('; ')}${got ? `; recovered ${viewText(got)}` : ''}`,
    };
    result.violations.push(v);
  }
  return result;
}
