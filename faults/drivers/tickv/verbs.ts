// `flashproof tickv append|get|invalidate|reset|cleanup|hash|dump`: tockloader's `tickv` verbs on an image file.
import fs from 'node:fs';
import { utf8 } from '../../../engine/codec/bytes';
import { tickvKeyOf } from '../../../engine/codec/siphash';
import { parseArgs, requireString, UsageError, type OptionSpec, type ParsedArgs } from '../../driver/options';
import { renderTockloaderDump, tickvDumpJson } from './dump';
import { openImageForWrite, readImage, saveImage } from '../../driver/imageFile';
import { parseTockObject, tlObjectText, TockloaderError, TockloaderTicKV } from './tockloader';
import { TICKV_STORE_OPTIONS, tickvStoreOptions } from './storeOptions';

const STORE: OptionSpec = { ...TICKV_STORE_OPTIONS, image: 'string' };

interface Verb {
  /** Positional arguments: required, optional. */
  args: [number, number];
  options: OptionSpec;
  run: (a: ParsedArgs, pos: string[]) => number;
}

/** tockloader keys are Python str: their UTF-8 bytes are hashed. */
const keyHash = (key: string): bigint => tickvKeyOf(utf8.encode(key));

/** `int(x, 0)` for `--write-id`, limited to what `struct.pack("<I")` accepts. */
function writeIdOption(value: string | true | undefined): number {
  if (value === undefined) return 0;
  const text = typeof value === 'string' ? value.replace(/_/g, '') : '';
  const m = /^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[1-9][0-9]*|0+)$/.test(text);
  const n = m ? Number(/^0[oObB]/.test(text) ? parseInt(text.slice(2), /^0[oO]/.test(text) ? 8 : 2) : text) : NaN;
  if (!Number.isSafeInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--write-id must be an integer 0..0xffffffff, got "${value === true ? '' : value}"`);
  return n;
}

function openDb(a: ParsedArgs, create: boolean): { db: TockloaderTicKV; file: string } {
  const { regionSizeBytes, regions } = tickvStoreOptions(a);
  const file = requireString(a.options.image, 'image');
  const image = create ? openImageForWrite(file, regionSizeBytes * regions) : readImage(file, regionSizeBytes * regions);
  return { db: new TockloaderTicKV(image, regionSizeBytes), file };
}

/** Reads, edits in memory and writes the whole store back, as tockloader does; a failed edit leaves the file alone. */
function mutate(a: ParsedArgs, create: boolean, edit: (db: TockloaderTicKV) => void): number {
  const { db, file } = openDb(a, create);
  edit(db);
  saveImage(file, db.storage);
  return 0;
}

function appendValue(a: ParsedArgs, pos: string[]): Uint8Array {
  const file = a.options['value-file'];
  if (typeof file === 'string' && pos[1] !== undefined) throw new UsageError('Cannot append both a string value and value from file');
  if (typeof file === 'string') {
    if (!fs.existsSync(file)) throw new UsageError(`value file ${file} does not exist`);
    return new Uint8Array(fs.readFileSync(file));
  }
  if (pos[1] === undefined) throw new UsageError('append needs VALUE or --value-file FILE');
  return utf8.encode(pos[1]);
}

const VERBS: Record<string, Verb> = {
  hash: {
    args: [1, 1],
    options: {},
    run: (_a, pos) => {
      process.stdout.write(`Original key: ${pos[0]}\nHashed key:   0x${keyHash(pos[0]).toString(16)}\n`);
      return 0;
    },
  },
  get: {
    args: [1, 1],
    options: STORE,
    run: (a, pos) => {
      const found = openDb(a, false).db.get(keyHash(pos[0]));
      // TockTicKV.get answers None when the value does not parse as a Tock object.
      process.stdout.write(found && parseTockObject(found.value) ? `${tlObjectText(found)}\n` : 'None\n');
      return 0;
    },
  },
  dump: {
    args: [0, 0],
    options: { ...STORE, json: 'flag' },
    run: (a) => {
      const { regionSizeBytes, regions } = tickvStoreOptions(a);
      const image = readImage(requireString(a.options.image, 'image'), regionSizeBytes * regions);
      const json = a.options.json;
      process.stdout.write(json ? JSON.stringify(tickvDumpJson(image, regionSizeBytes, regions), null, 2) + '\n' : renderTockloaderDump(image, regionSizeBytes, regions));
      return 0;
    },
  },
  invalidate: { args: [1, 1], options: STORE, run: (a, pos) => mutate(a, false, (db) => db.invalidate(keyHash(pos[0]))) },
  append: {
    args: [1, 2],
    options: { ...STORE, 'write-id': 'string', 'value-file': 'string' },
    run: (a, pos) => {
      const value = appendValue(a, pos);
      const writeId = writeIdOption(a.options['write-id']);
      return mutate(a, true, (db) => db.appendTock(keyHash(pos[0]), value, writeId));
    },
  },
  reset: { args: [0, 0], options: STORE, run: (a) => mutate(a, true, (db) => db.reset()) },
  cleanup: { args: [0, 0], options: STORE, run: (a) => mutate(a, false, (db) => db.cleanup()) },
};

export const TICKV_VERB_NAMES = Object.keys(VERBS);

export function tickvVerbsCommand(argv: string[]): number {
  const [name, ...rest] = argv;
  const verb = name === undefined ? undefined : VERBS[name];
  if (!verb) throw new UsageError(`expected a verb: ${TICKV_VERB_NAMES.join('|')}${name === undefined ? '' : `, got "${name}"`}`);
  const a = parseArgs(rest, verb.options, verb.args[1]);
  if (a.positionals.length < verb.args[0]) throw new UsageError(`${name} needs ${verb.args[0] === 1 ? 'KEY' : `${verb.args[0]} arguments`}`);
  try {
    return verb.run(a, a.positionals);
  } catch (e) {
    if (!(e instanceof TockloaderError)) throw e;
    process.stderr.write(`flashproof tickv ${name}: ${e.message}\n`);
    return 1;
  }
}
