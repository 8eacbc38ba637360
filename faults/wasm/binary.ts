// The WebAssembly module structure the loader needs: sections, types, imports, exports, globals, code bodies.
import { walkExpr } from './decode';
import { readValType, Reader, WasmFormatError } from './bytes';

export const SECTION = {
  custom: 0,
  type: 1,
  import: 2,
  function: 3,
  table: 4,
  memory: 5,
  global: 6,
  export: 7,
  start: 8,
  element: 9,
  code: 10,
  data: 11,
  dataCount: 12,
  tag: 13,
} as const;

/** Where each known section must appear (the spec's order; tag sits between memory and global). */
const SECTION_RANK: Record<number, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 13: 6, 6: 7, 7: 8, 8: 9, 9: 10, 12: 11, 10: 12, 11: 13 };

export function sectionRank(id: number): number {
  const r = SECTION_RANK[id];
  if (r === undefined) throw new WasmFormatError(`unknown section id ${id}`);
  return r;
}

export interface RawSection {
  id: number;
  /** Custom sections' name. */
  name?: string;
  /** Offsets of the section's content (after id and size) in the module. */
  start: number;
  end: number;
}

export interface FuncType {
  params: string[];
  results: string[];
}

export type ExternKind = 'function' | 'table' | 'memory' | 'global' | 'tag';
const EXTERN_KINDS: ExternKind[] = ['function', 'table', 'memory', 'global', 'tag'];

export interface ImportEntry {
  module: string;
  name: string;
  kind: ExternKind;
  /** Type index of an imported function or tag. */
  typeIndex?: number;
}

export interface ExportEntry {
  name: string;
  kind: ExternKind;
  index: number;
}

export interface ModuleInfo {
  bytes: Uint8Array;
  sections: RawSection[];
  types: FuncType[];
  imports: ImportEntry[];
  exports: ExportEntry[];
  /** Type index of each function the module defines (after the imported ones). */
  functionTypes: number[];
  importedFunctions: number;
  importedGlobals: number;
  definedGlobals: number;
  /** Each function body's byte range [start, end) in the module, in order. */
  bodies: Array<{ start: number; end: number }>;
}

const MAGIC = [0x00, 0x61, 0x73, 0x6d];

function readLimits(r: Reader): void {
  const flags = r.u8();
  if (flags > 7) throw new WasmFormatError(`unknown limits flags 0x${flags.toString(16)}`);
  const bits = flags & 4 ? 64 : 32;
  r.skipLeb(bits);
  if (flags & 1) r.skipLeb(bits);
}

export function parseModule(bytes: Uint8Array): ModuleInfo {
  const r = new Reader(bytes);
  for (const m of MAGIC) if (r.u8() !== m) throw new WasmFormatError('not a WebAssembly module (bad magic)');
  if (r.u8() !== 1 || r.u8() !== 0 || r.u8() !== 0 || r.u8() !== 0) throw new WasmFormatError('unsupported WebAssembly version');
  const info: ModuleInfo = {
    bytes,
    sections: [],
    types: [],
    imports: [],
    exports: [],
    functionTypes: [],
    importedFunctions: 0,
    importedGlobals: 0,
    definedGlobals: 0,
    bodies: [],
  };
  let lastRank = 0;
  while (!r.done) {
    const id = r.u8();
    const size = r.u32();
    const start = r.pos;
    const end = start + size;
    if (end > bytes.length) throw new WasmFormatError(`section ${id} runs past the end of the module`);
    const s = new Reader(bytes, start, end);
    const section: RawSection = { id, start, end };
    if (id === SECTION.custom) {
      section.name = s.name();
    } else {
      const rank = sectionRank(id);
      if (rank <= lastRank) throw new WasmFormatError(`section ${id} out of order`);
      lastRank = rank;
      parseSection(id, s, info);
      if (s.pos !== end) throw new WasmFormatError(`section ${id} has ${end - s.pos} trailing bytes`);
    }
    info.sections.push(section);
    r.pos = end;
  }
  if (info.bodies.length !== info.functionTypes.length) throw new WasmFormatError('function and code sections disagree');
  return info;
}

function parseSection(id: number, s: Reader, info: ModuleInfo): void {
  switch (id) {
    case SECTION.type:
      for (let n = s.u32(); n > 0; n--) {
        const form = s.u8();
        if (form !== 0x60) throw new WasmFormatError(`unsupported type form 0x${form.toString(16)} (GC types)`);
        const params = Array.from({ length: s.u32() }, () => readValType(s));
        const results = Array.from({ length: s.u32() }, () => readValType(s));
        info.types.push({ params, results });
      }
      return;
    case SECTION.import:
      for (let n = s.u32(); n > 0; n--) {
        const module = s.name();
        const name = s.name();
        const k = s.u8();
        const kind = EXTERN_KINDS[k];
        if (!kind) throw new WasmFormatError(`unknown import kind ${k}`);
        const entry: ImportEntry = { module, name, kind };
        if (kind === 'function') {
          entry.typeIndex = s.u32();
          info.importedFunctions++;
        } else if (kind === 'table') {
          readValType(s);
          readLimits(s);
        } else if (kind === 'memory') {
          readLimits(s);
        } else if (kind === 'global') {
          readValType(s);
          s.u8();
          info.importedGlobals++;
        } else {
          s.u8();
          entry.typeIndex = s.u32();
        }
        info.imports.push(entry);
      }
      return;
    case SECTION.function:
      for (let n = s.u32(); n > 0; n--) info.functionTypes.push(s.u32());
      return;
    case SECTION.global:
      for (let n = s.u32(); n > 0; n--) {
        readValType(s);
        s.u8();
        skipConstExpr(s);
        info.definedGlobals++;
      }
      return;
    case SECTION.export:
      for (let n = s.u32(); n > 0; n--) {
        const name = s.name();
        const k = s.u8();
        const kind = EXTERN_KINDS[k];
        if (!kind) throw new WasmFormatError(`unknown export kind ${k}`);
        info.exports.push({ name, kind, index: s.u32() });
      }
      return;
    case SECTION.code:
      for (let n = s.u32(); n > 0; n--) {
        const size = s.u32();
        info.bodies.push({ start: s.pos, end: s.pos + size });
        s.pos += size;
        if (s.pos > s.end) throw new WasmFormatError('a function body runs past its section');
      }
      return;
    default:
      s.pos = s.end; // tables, memories, start, elements, data: copied as they are
  }
}

/** A constant expression: instructions up to the `end` that closes it. */
function skipConstExpr(s: Reader): void {
  walkExpr(s, () => undefined);
}

/** The function type of function `index` (imports first). */
export function functionType(info: ModuleInfo, index: number): FuncType | undefined {
  if (index < info.importedFunctions) {
    const imp = info.imports.filter((i) => i.kind === 'function')[index];
    return imp?.typeIndex !== undefined ? info.types[imp.typeIndex] : undefined;
  }
  const t = info.functionTypes[index - info.importedFunctions];
  return t === undefined ? undefined : info.types[t];
}

export const typeText = (t: FuncType): string => `(${t.params.join(', ')}) -> (${t.results.join(', ')})`;
