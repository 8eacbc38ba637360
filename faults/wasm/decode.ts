// Instruction decoding: enough of every opcode (MVP, sign-ext, bulk memory, reference types, SIMD, threads,
// exceptions, tail calls) to step over its immediates, so the instrumenter finds each `loop` and each body's end.
import { readValType, Reader, WasmFormatError } from './bytes';

export const OP = {
  unreachable: 0x00,
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  try: 0x06,
  end: 0x0b,
  brTable: 0x0e,
  delegate: 0x18,
  /** Prefixed opcodes are reported as prefix * 0x10000 + sub-opcode. */
  prefixMisc: 0xfc,
  prefixSimd: 0xfd,
  prefixAtomic: 0xfe,
} as const;

/** Called after each instruction: its opcode, where it starts and where its immediates end. */
export type OnInstr = (op: number, start: number, after: number) => void;

/** Block type: empty, one value type, or a type index (s33). */
function blockType(r: Reader): void {
  const b = r.peek();
  if (b === 0x40) {
    r.pos++;
    return;
  }
  if (b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c || b === 0x7b || b === 0x70 || b === 0x6f || b === 0x63 || b === 0x64) {
    readValType(r);
    return;
  }
  if (r.s33() < 0) throw new WasmFormatError(`bad block type at byte ${r.pos}`);
}

function memarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) r.u32(); // multi-memory: a memory index follows
  r.skipLeb(64); // offset (u64 under memory64)
}

const MEMORY_OPS_FIRST = 0x28;
const MEMORY_OPS_LAST = 0x3e;

/**
 * Walks the instructions of one expression (a function body after its locals, or a constant expression) up to
 * and including the `end` that closes it.
 */
export function walkExpr(r: Reader, onInstr: OnInstr): void {
  let depth = 0;
  for (;;) {
    const start = r.pos;
    const op = r.u8();
    let code: number = op;
    switch (op) {
      case 0x02: // block
      case 0x03: // loop
      case 0x04: // if
      case 0x06: // try
        blockType(r);
        depth++;
        break;
      case 0x0b: // end
        depth--;
        break;
      case 0x18: // delegate ends a try
        r.u32();
        depth--;
        break;
      case 0x07: // catch tag
      case 0x08: // throw tag
      case 0x09: // rethrow depth
      case 0x0c: // br
      case 0x0d: // br_if
      case 0x10: // call
      case 0x12: // return_call
      case 0x14: // call_ref
      case 0x15: // return_call_ref
      case 0xd4: // br_on_null
      case 0xd6: // br_on_non_null
      case 0x20: // local.get
      case 0x21:
      case 0x22:
      case 0x23: // global.get
      case 0x24:
      case 0x25: // table.get
      case 0x26:
      case 0xd2: // ref.func
      case 0x3f: // memory.size memidx
      case 0x40: // memory.grow memidx
        r.u32();
        break;
      case 0x0e: // br_table
        for (let n = r.u32(); n >= 0; n--) r.u32(); // n targets, then the default
        break;
      case 0x11: // call_indirect type table
      case 0x13: // return_call_indirect
        r.u32();
        r.u32();
        break;
      case 0x1c: // select t*
        for (let n = r.u32(); n > 0; n--) readValType(r);
        break;
      case 0x41:
        r.skipLeb(32);
        break;
      case 0x42:
        r.skipLeb(64);
        break;
      case 0x43:
        r.bytesOf(4);
        break;
      case 0x44:
        r.bytesOf(8);
        break;
      case 0xd0: // ref.null heap type
        r.s33();
        break;
      case 0xfc:
        code = 0xfc0000 + miscImmediates(r);
        break;
      case 0xfd:
        code = 0xfd0000 + simdImmediates(r);
        break;
      case 0xfe:
        code = 0xfe0000 + atomicImmediates(r);
        break;
      default:
        if (op >= MEMORY_OPS_FIRST && op <= MEMORY_OPS_LAST) memarg(r);
        else if (!noImmediates(op)) throw new WasmFormatError(`unsupported opcode 0x${op.toString(16)} at byte ${start}`);
    }
    onInstr(code, start, r.pos);
    if (depth < 0) return;
  }
}

/** Plain opcodes without immediates: control without labels, parametric, numeric (MVP + sign-ext), ref tests. */
function noImmediates(op: number): boolean {
  return (
    op === 0x00 || op === 0x01 || op === 0x05 || op === 0x0a || op === 0x0f || op === 0x19 || op === 0x1a || op === 0x1b ||
    (op >= 0x45 && op <= 0xc4) || op === 0xd1 || op === 0xd3 || op === 0xd5
  );
}

function miscImmediates(r: Reader): number {
  const sub = r.u32();
  if (sub <= 7) return sub; // saturating truncations
  switch (sub) {
    case 8: // memory.init data mem
    case 10: // memory.copy mem mem
    case 12: // table.init elem table
    case 14: // table.copy table table
      r.u32();
      r.u32();
      return sub;
    case 9: // data.drop
    case 11: // memory.fill mem
    case 13: // elem.drop
    case 15: // table.grow
    case 16: // table.size
    case 17: // table.fill
      r.u32();
      return sub;
    default:
      throw new WasmFormatError(`unsupported 0xfc opcode ${sub} at byte ${r.pos}`);
  }
}

function simdImmediates(r: Reader): number {
  const sub = r.u32();
  if (sub <= 11 || sub === 92 || sub === 93) memarg(r); // loads, store, load_zero
  else if (sub === 12 || sub === 13) r.bytesOf(16); // v128.const, i8x16.shuffle
  else if (sub >= 21 && sub <= 34) r.u8(); // extract/replace lane
  else if (sub >= 84 && sub <= 91) {
    memarg(r); // load/store lane
    r.u8();
  } else if (sub > 0x113) throw new WasmFormatError(`unsupported 0xfd opcode ${sub} at byte ${r.pos}`);
  return sub;
}

function atomicImmediates(r: Reader): number {
  const sub = r.u32();
  if (sub === 3) r.u8(); // atomic.fence 0x00
  else if ((sub <= 2) || (sub >= 0x10 && sub <= 0x4e)) memarg(r);
  else throw new WasmFormatError(`unsupported 0xfe opcode ${sub} at byte ${r.pos}`);
  return sub;
}
