// A tiny module assembler for hand-built stores: misbehaving stores (loops, halts, traps, foreign imports) are a
// few instructions each, and tests must run where no compiler is installed.
import { ABI_VERSION } from './abi';
import { encode, type Writer } from './bytes';

export interface AsmImport {
  module: string;
  name: string;
  kind?: 'function' | 'global';
  /** Function imports: i32 parameters and results. */
  params?: number;
  results?: number;
}

export interface AsmFunction {
  /** Exported under this name when given. */
  name?: string;
  params: number;
  results: number;
  /** i32 locals beyond the parameters. */
  locals?: number;
  /** Instructions, without the body's final `end`. */
  body: readonly number[];
}

export interface AsmModule {
  imports?: readonly AsmImport[];
  functions: readonly AsmFunction[];
  /** Pages of memory (exported as "memory"); none when 0. */
  memoryPages?: number;
  data?: ReadonlyArray<{ offset: number; bytes: ArrayLike<number> }>;
  /** Mutable i32 globals with these initial values. */
  globals?: readonly number[];
  /** Extra (params, results) i32 signatures, e.g. for a block type given by index; they come first in the type section. */
  extraTypes?: ReadonlyArray<readonly [number, number]>;
  /** Index (imports first) of a function instantiation runs: the start section. */
  start?: number;
}

/** Unsigned LEB128 bytes of `n`, for hand-written instruction immediates. */
export function uleb(n: number): number[] {
  return [...encode((w) => w.u32(n))];
}

/** Signed LEB128 bytes of `n` (i32.const immediates). */
export function sleb(n: number): number[] {
  return [...encode((w) => w.s32(n))];
}

const section = (w: Writer, id: number, content: Uint8Array): void => {
  w.byte(id).u32(content.length).bytes(content);
};

export function assemble(m: AsmModule): Uint8Array {
  const sigs: string[] = (m.extraTypes ?? []).map(([p, r]) => `${p}:${r}`);
  const typeOf = (p: number, r: number): number => {
    const k = `${p}:${r}`;
    if (!sigs.includes(k)) sigs.push(k);
    return sigs.indexOf(k);
  };
  const imports = m.imports ?? [];
  const importTypes = imports.map((i) => (i.kind === 'global' ? -1 : typeOf(i.params ?? 0, i.results ?? 0)));
  const funcTypes = m.functions.map((f) => typeOf(f.params, f.results));
  const importedFuncs = imports.filter((i) => i.kind !== 'global').length;
  return encode((w) => {
    w.bytes([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);
    const i32s = (n: number): number[] => Array(n).fill(0x7f);
    section(w, 1, encode((s) => s.vec(sigs.map((k) => {
      const [p, r] = k.split(':').map(Number);
      return encode((t) => t.byte(0x60).u32(p).bytes(i32s(p)).u32(r).bytes(i32s(r)));
    }))));
    if (imports.length) {
      section(w, 2, encode((s) => s.vec(imports.map((i, n) => encode((t) => {
        t.name(i.module).name(i.name);
        if (i.kind === 'global') t.byte(0x03).byte(0x7f).byte(0x00);
        else t.byte(0x00).u32(importTypes[n]);
      })))));
    }
    section(w, 3, encode((s) => s.vec(funcTypes.map((t) => encode((x) => x.u32(t))))));
    if (m.memoryPages) section(w, 5, encode((s) => s.u32(1).byte(0x00).u32(m.memoryPages as number)));
    if (m.globals?.length) {
      section(w, 6, encode((s) => s.vec(m.globals!.map((v) => encode((x) => x.byte(0x7f).byte(0x01).byte(0x41).s32(v).byte(0x0b))))));
    }
    const exports: Uint8Array[] = [];
    if (m.memoryPages) exports.push(encode((x) => x.name('memory').byte(0x02).u32(0)));
    m.functions.forEach((f, n) => {
      if (f.name) exports.push(encode((x) => x.name(f.name as string).byte(0x00).u32(importedFuncs + n)));
    });
    section(w, 7, encode((s) => s.vec(exports)));
    if (m.start !== undefined) section(w, 8, encode((s) => s.u32(m.start as number)));
    section(w, 10, encode((s) => s.vec(m.functions.map((f) => {
      const body = encode((b) => {
        if (f.locals) b.u32(1).u32(f.locals).byte(0x7f);
        else b.u32(0);
        b.bytes(f.body).byte(0x0b);
      });
      return encode((x) => x.u32(body.length).bytes(body));
    }))));
    if (m.data?.length) {
      section(w, 11, encode((s) => s.vec(m.data!.map((d) => encode((x) => x.u32(0).byte(0x41).s32(d.offset).byte(0x0b).u32(d.bytes.length).bytes(d.bytes))))));
    }
  });
}

/** Function indexes of the imports `abiStore` declares. */
export const ABI_STORE_IMPORT = { fp_read: 0, fp_program: 1, fp_erase: 2, fp_halt: 3 } as const;

const ABI_STORE_EXPORTS: ReadonlyArray<readonly [string, number, number]> = [
  ['fp_mount', 4, 1],
  ['fp_set', 4, 1],
  ['fp_get', 5, 1],
  ['fp_remove', 2, 1],
  ['fp_alloc', 1, 1],
  ['fp_free', 1, 0],
  ['fp_abi_version', 0, 1], // last, so the other functions keep their indexes
];

export interface AbiStoreOptions {
  data?: AsmModule['data'];
  locals?: number;
  /** More functions after the ABI's (exported when named, e.g. `_initialize`). */
  extra?: readonly AsmFunction[];
  /** Which of `extra` (by index) is the start function. */
  start?: number;
}

/**
 * A module with the whole ABI, whose exports answer 0 (fp_alloc: 1024, fp_abi_version: ABI_VERSION) unless
 * `bodies` gives theirs: the smallest store a test can make misbehave in one function. One page of memory;
 * `data` is placed in it.
 */
export function abiStore(bodies: Readonly<Record<string, readonly number[]>>, opts: AbiStoreOptions = {}): Uint8Array {
  const imports: AsmImport[] = [
    { module: 'flashproof', name: 'fp_read', params: 3, results: 1 },
    { module: 'flashproof', name: 'fp_program', params: 3, results: 1 },
    { module: 'flashproof', name: 'fp_erase', params: 2, results: 1 },
    { module: 'flashproof', name: 'fp_halt', params: 2, results: 0 },
  ];
  const functions = ABI_STORE_EXPORTS.map(([name, params, results]) => ({
    name,
    params,
    results,
    locals: opts.locals,
    body: bodies[name] ?? (results ? [0x41, ...sleb(name === 'fp_alloc' ? 1024 : name === 'fp_abi_version' ? ABI_VERSION : 0)] : []),
  }));
  const start = opts.start === undefined ? undefined : imports.length + functions.length + opts.start;
  return assemble({ imports, functions: [...functions, ...(opts.extra ?? [])], memoryPages: 1, data: opts.data, start });
}
