// Sequences that reach layout boundaries on purpose: a plan says where a record should end (on an erase-unit
// start, at the area end, filling what is left), and a reference model running alongside sizes it from the log end
// it predicts. Records ending on a unit start in an area used again were TDB-5 and TDB-21 (H1); the area end is TDB-13.
import type { Geometry } from '../../../engine/flash/blockDevice';
import type { TdbOp } from '../../../models/tdbstore/ops';
import { TdbModel } from '../../../models/tdbstore/tdbModel';

/**
 * Where a sized record ends: `unit` on the start of an erase unit (the `units`-th ahead, round the ones the area has
 * left), `area` exactly at the area end, `fill` one byte short of it (the largest record hardened stores there).
 */
export type RecordEnd = 'unit' | 'area' | 'fill';

export interface SizedRecord {
  key: Uint8Array;
  flags: number;
  end: RecordEnd;
  units: number;
  /** Size it from where a GC would put it (the live records compacted) instead of the current log end. */
  afterGc: boolean;
  /** First byte of the value (each byte counts up from it), so sized values of one run differ. */
  fill: number;
}

/** A plan step: an op as is, a set or incremental start sized to a boundary, or the rest an open incremental set needs. */
export type TdbPlanStep =
  | TdbOp
  | ({ op: 'sizedSet' } & SizedRecord)
  | ({ op: 'sizedIncStart' } & SizedRecord)
  /** The bytes the open incremental set still lacks (minus `short`), in `parts` adds. */
  | { op: 'incRest'; parts: 1 | 2; short: number; fill: number };

const HEADER = 24;

function counting(n: number, from: number): Uint8Array {
  const b = new Uint8Array(Math.max(0, n));
  for (let i = 0; i < b.length; i++) b[i] = (from + i) & 0xff;
  return b;
}

/** The data size that makes a record of `key` starting at `base` end where `r` says. */
function dataSize(model: TdbModel, r: SizedRecord, g: Geometry): number {
  const l = model.layout;
  const s = model.state;
  let base = s.initialized ? s.free : l.logStart;
  if (r.afterGc) {
    base = l.logStart;
    for (const e of s.table) if (!sameBytes(e.rec.key, r.key)) base += l.recordSize(e.rec.key.length, e.rec.value.length);
  }
  const dataStart = base + l.align(HEADER) + r.key.length;
  const e = g.eraseSizeBytes;
  let end: number;
  if (r.end === 'unit') {
    // The `units`-th unit start past the data start, counting round the ones left before the area end.
    const first = Math.floor(dataStart / e) + 1;
    const last = l.areaSize / e - 1;
    end = first > last ? l.areaSize : (first + ((Math.max(1, r.units) - 1) % (last - first + 1))) * e;
  } else end = r.end === 'area' ? l.areaSize : l.areaSize - 1;
  return Math.max(0, end - dataStart);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** The ops a plan means on this geometry: each sized step measured against the model's state at that point. */
export function resolvePlan(plan: readonly TdbPlanStep[], g: Geometry): TdbOp[] {
  const model = new TdbModel(g, 'hardened');
  const ops: TdbOp[] = [];
  const emit = (op: TdbOp): void => {
    ops.push(op);
    if (!model.state.poisoned) model.apply(op);
  };
  for (const step of plan) {
    switch (step.op) {
      case 'sizedSet':
        emit({ op: 'set', key: step.key, value: counting(dataSize(model, step, g), step.fill), flags: step.flags });
        break;
      case 'sizedIncStart':
        emit({ op: 'incStart', key: step.key, size: dataSize(model, step, g), flags: step.flags });
        break;
      case 'incRest': {
        const inc = model.state.inc;
        const rest = inc ? Math.max(0, inc.size - inc.received - step.short) : 0;
        const first = step.parts === 2 ? Math.floor(rest / 2) : rest;
        emit({ op: 'incAdd', data: counting(first, step.fill) });
        if (step.parts === 2) emit({ op: 'incAdd', data: counting(rest - first, step.fill + first) });
        break;
      }
      default:
        emit(step);
    }
  }
  return ops;
}
