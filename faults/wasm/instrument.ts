// Fuel metering by rewriting the module: a store that never returns becomes a deterministic `hang`.
//
// A mutable i32 global is appended (after every imported and defined global, so no index moves) and exported
// as FUEL_EXPORT. At each function entry and each `loop` header the rewritten code decrements it and executes
// `unreachable` once it is negative; the host sets the budget before every call and, on a trap, reads the
// global to tell an exhausted budget from a store's own trap. Any unbounded execution passes a loop header or a
// function entry, so the same calls on the same flash always stop at the same instruction.
import { parseModule, SECTION, sectionRank, type ModuleInfo } from './binary';
import { encode, Reader, readValType, WasmFormatError, Writer } from './bytes';
import { OP, walkExpr } from './decode';

export const FUEL_EXPORT = '__fp_fuel';

/**
 * The fuel global's initial value: what a start function (run by instantiation, before the host can set a budget)
 * may use. With 0 any start function would trap at its entry check. Same as the loader's default budget per call.
 */
export const START_FUEL = 100_000_000;

export interface Instrumented {
  bytes: Uint8Array;
  info: ModuleInfo;
  /** Index of the fuel global. */
  fuelGlobal: number;
  /** Checks inserted at function entries and at loop headers. */
  functions: number;
  loops: number;
}

/** The inserted check: fuel -= 1; if (fuel < 0) unreachable. */
export function fuelCheck(global: number): Uint8Array {
  return encode((w) => {
    w.byte(0x23).u32(global).byte(0x41).byte(0x01).byte(0x6b).byte(0x24).u32(global); // global.get; i32.const 1; i32.sub; global.set
    w.byte(0x23).u32(global).byte(0x41).byte(0x00).byte(0x48); // global.get; i32.const 0; i32.lt_s
    w.byte(0x04).byte(0x40).byte(0x00).byte(0x0b); // if; unreachable; end
  });
}

/** Rewrites one function body (locals, then instructions) with a check at entry and after every `loop`. */
export function instrumentBody(bytes: Uint8Array, start: number, end: number, check: Uint8Array): { body: Uint8Array; loops: number } {
  const r = new Reader(bytes, start, end);
  for (let n = r.u32(); n > 0; n--) {
    r.u32();
    readValType(r);
  }
  const w = new Writer();
  w.bytes(bytes.subarray(start, r.pos)).bytes(check);
  let copied = r.pos;
  let loops = 0;
  walkExpr(r, (op, _from, after) => {
    if (op !== OP.loop) return;
    w.bytes(bytes.subarray(copied, after)).bytes(check);
    copied = after;
    loops++;
  });
  if (r.pos !== end) throw new WasmFormatError(`function body ends at byte ${r.pos}, not ${end}`);
  w.bytes(bytes.subarray(copied, end));
  return { body: w.finish(), loops };
}

const section = (id: number, content: Uint8Array): Uint8Array => encode((w) => w.byte(id).u32(content.length).bytes(content));

/** Appends items to a vector section's content (or makes one). */
function appendToVector(content: Uint8Array | undefined, items: Uint8Array[]): Uint8Array {
  if (!content) return encode((w) => w.vec(items));
  const r = new Reader(content);
  const count = r.u32();
  return encode((w) => {
    w.u32(count + items.length).bytes(content.subarray(r.pos));
    for (const i of items) w.bytes(i);
  });
}

export function instrument(bytes: Uint8Array): Instrumented {
  const info = parseModule(bytes);
  if (info.exports.some((e) => e.name === FUEL_EXPORT)) throw new WasmFormatError(`the module already exports ${FUEL_EXPORT}`);
  const fuelGlobal = info.importedGlobals + info.definedGlobals;
  const check = fuelCheck(fuelGlobal);
  let loops = 0;
  const bodies = info.bodies.map((b) => {
    const out = instrumentBody(bytes, b.start, b.end, check);
    loops += out.loops;
    return encode((w) => w.u32(out.body.length).bytes(out.body));
  });
  const newGlobal = encode((w) => w.byte(0x7f).byte(0x01).byte(0x41).s32(START_FUEL).byte(0x0b)); // (mut i32) (i32.const START_FUEL)
  const newExport = encode((w) => w.name(FUEL_EXPORT).byte(0x03).u32(fuelGlobal));
  const out = new Writer();
  out.bytes(bytes.subarray(0, 8));
  const present = new Set(info.sections.map((s) => s.id));
  const pending = new Map<number, Uint8Array>();
  if (!present.has(SECTION.global)) pending.set(SECTION.global, appendToVector(undefined, [newGlobal]));
  if (!present.has(SECTION.export)) pending.set(SECTION.export, appendToVector(undefined, [newExport]));
  const flushBefore = (rank: number): void => {
    for (const [id, content] of [...pending]) {
      if (sectionRank(id) < rank) {
        out.bytes(section(id, content));
        pending.delete(id);
      }
    }
  };
  for (const s of info.sections) {
    const content = bytes.subarray(s.start, s.end);
    if (s.id === SECTION.custom) {
      if (s.name?.startsWith('.debug')) continue; // DWARF names code offsets that move
      out.bytes(section(s.id, content));
      continue;
    }
    flushBefore(sectionRank(s.id));
    if (s.id === SECTION.global) out.bytes(section(s.id, appendToVector(content, [newGlobal])));
    else if (s.id === SECTION.export) out.bytes(section(s.id, appendToVector(content, [newExport])));
    else if (s.id === SECTION.code) out.bytes(section(s.id, encode((w) => w.vec(bodies))));
    else out.bytes(section(s.id, content));
  }
  flushBefore(Number.POSITIVE_INFINITY);
  return { bytes: out.finish(), info, fuelGlobal, functions: bodies.length, loops };
}
