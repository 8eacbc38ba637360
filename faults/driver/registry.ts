// Finding a driver: a built-in by name, or a user's driver file (pinned by its SHA-256, so an id never replays on another).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DRIVERS } from '../drivers';
import { wasmDriver } from '../drivers/wasm/driver';
import { loadWasmStore } from '../wasm/loader';
import { driverProblem } from './define';
import { InputError } from './errors';
import type { AnyDriver } from './types';

/** Where a driver came from: shipped with flashproof, or loaded from a file whose hash the ids carry. */
export type DriverSource = { kind: 'builtin' } | { kind: 'runtime' } | { kind: 'file'; path: string; sha256: string };

export interface LoadedDriver {
  driver: AnyDriver;
  source: DriverSource;
  /** The engine field of replay ids: `NAME`, or `NAME@FILE#HASH` for a driver file. */
  ref: string;
}

export const HASH_CHARS = 12;

/** Drivers handed over as objects in this thread (the library's API); worker threads cannot see them. */
const runtime = new Map<string, AnyDriver>();

/** Makes a driver object known by name in this thread; campaigns over it run in this thread (no workers). */
export function registerDriver(driver: AnyDriver): LoadedDriver {
  const problem = driverProblem(driver);
  if (problem) throw new InputError(`driver: ${problem}`);
  if (DRIVERS.some((d) => d.name === driver.name)) throw new InputError(`driver name "${driver.name}" is a built-in engine's: choose another`);
  const known = runtime.get(driver.name);
  if (known && known !== driver) throw new InputError(`another driver named "${driver.name}" is already registered in this process`);
  runtime.set(driver.name, driver);
  return { driver, source: { kind: 'runtime' }, ref: driver.name };
}

/** Whether `name` is a driver registered as an object in this thread (not loadable by a worker). */
export const isRuntimeDriver = (name: string): boolean => runtime.has(name);

export function builtinDriver(name: string): LoadedDriver {
  const driver = DRIVERS.find((d) => d.name === name);
  if (driver) return { driver, source: { kind: 'builtin' }, ref: name };
  const registered = runtime.get(name);
  if (registered) return { driver: registered, source: { kind: 'runtime' }, ref: name };
  throw new InputError(`unknown engine "${name}" (${DRIVERS.map((d) => d.name).join(', ')}; or --driver FILE)`);
}

export const sha256Of = (bytes: Uint8Array): string => crypto.createHash('sha256').update(bytes).digest('hex');

const cache = new Map<string, LoadedDriver>();

/** TypeScript driver files load through ts-node when the project that holds them has it. */
function registerTypeScript(file: string): void {
  if (require.extensions['.ts']) return;
  let tsNode: string;
  try {
    tsNode = require.resolve('ts-node', { paths: [path.dirname(file), process.cwd()] });
  } catch {
    throw new InputError(`driver file ${file} is TypeScript and ts-node is not installed beside it: compile it to .js first (tsc), or npm install ts-node`);
  }
  (require(tsNode) as { register(o: object): void }).register({ transpileOnly: true, compilerOptions: { module: 'commonjs' } });
}

/** Whether `d` passes every check of a driver (the file's export, typed from here on). */
const isDriver = (d: unknown): d is AnyDriver => driverProblem(d) === undefined;

/** Loads a driver file (a store compiled to WebAssembly, `.wasm`, or CommonJS: `module.exports = defineDriver(...)`, or an `export default` / `export const driver`). */
export function loadDriverFile(file: string): LoadedDriver {
  const abs = path.resolve(file);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(abs);
  } catch (e) {
    throw new InputError(`driver file ${file} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const sha256 = sha256Of(bytes);
  const known = cache.get(abs);
  if (known && known.source.kind === 'file' && known.source.sha256 === sha256) return known;
  if (abs.endsWith('.wasm')) {
    let module;
    try {
      module = loadWasmStore(new Uint8Array(bytes), { name: path.basename(abs) });
    } catch (e) {
      // The loader's message already starts with the module's name.
      throw new InputError((e as Error).message.split('\n')[0]);
    }
    const driver = wasmDriver(module);
    const loaded: LoadedDriver = { driver, source: { kind: 'file', path: abs, sha256 }, ref: `${driver.name}@${path.basename(abs)}#${sha256.slice(0, HASH_CHARS)}` };
    cache.set(abs, loaded);
    return loaded;
  }
  if (/\.(c|m)?tsx?$/.test(abs)) registerTypeScript(abs);
  let mod: unknown;
  try {
    mod = require(abs);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`driver file ${file} does not load: ${(e as Error).message.split('\n')[0]}`);
  }
  const m = mod as Record<string, unknown> | undefined;
  const candidate = m && typeof m === 'object' && !('ops' in m) ? (m.default ?? m.driver) : mod;
  if (!isDriver(candidate)) throw new InputError(`driver file ${file}: ${driverProblem(candidate)}`);
  const driver = candidate;
  const loaded: LoadedDriver = { driver, source: { kind: 'file', path: abs, sha256 }, ref: `${driver.name}@${path.basename(abs)}#${sha256.slice(0, HASH_CHARS)}` };
  cache.set(abs, loaded);
  return loaded;
}

/** The parts of an id's engine field: a built-in name, or a driver file's name, file name and hash prefix. */
export function parseDriverRef(ref: string): { name: string; file?: string; hash?: string } {
  const m = /^([a-z][a-z0-9-]*)@(.+)#([0-9a-f]{6,64})$/.exec(ref);
  return m ? { name: m[1], file: m[2], hash: m[3] } : { name: ref };
}

/** The driver an id's engine field names; a driver file must be given, and must be the one the id was made with. */
export function driverForRef(ref: string, driverFile?: string): LoadedDriver {
  const want = parseDriverRef(ref);
  if (!want.file) {
    if (driverFile) throw new InputError(`the id names the built-in engine "${want.name}": drop --driver`);
    return builtinDriver(want.name);
  }
  if (!driverFile) throw new InputError(`the id was made with the driver file ${want.file} (sha256 ${want.hash}…): give --driver PATH/TO/${want.file}`);
  const loaded = loadDriverFile(driverFile);
  if (loaded.source.kind !== 'file' || !loaded.source.sha256.startsWith(want.hash ?? '')) {
    const have = loaded.source.kind === 'file' ? loaded.source.sha256.slice(0, HASH_CHARS) : '?';
    throw new InputError(`${driverFile} (sha256 ${have}…) is not the driver file the id was made with (${want.file}, sha256 ${want.hash}…)`);
  }
  if (loaded.driver.name !== want.name) throw new InputError(`${driverFile} defines driver "${loaded.driver.name}", the id names "${want.name}"`);
  return loaded;
}
