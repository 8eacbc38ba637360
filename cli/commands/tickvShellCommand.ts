// `flashproof shell --engine tickv|tock --region-size S --regions N --image FILE`: the TicKV script languages.
import { positiveInt, requireString, UsageError, type ParsedArgs } from '../args';
import { openImageForWrite, saveImage } from '../imageFile';
import { TickvShellSession, type LineResult } from '../shell/tickvShell';
import { TockShellSession } from '../shell/tockShell';
import { feedLines, writeLines } from './lineInput';

/** Smallest region that holds the 15-byte main-key object under TicKV's room rule. */
export const MIN_REGION_SIZE = 16;
const MAX_STORE_BYTES = 1 << 30;

export const TICKV_STORE_OPTIONS = { 'region-size': 'string', regions: 'string' } as const;

/** `--region-size S --regions N`, checked: one usage line when they cannot describe a TicKV store. */
export function tickvStoreOptions(args: ParsedArgs): { regionSizeBytes: number; regions: number } {
  const regionSizeBytes = positiveInt(args.options['region-size'], 'region-size');
  const regions = positiveInt(args.options.regions, 'regions');
  if (regionSizeBytes < MIN_REGION_SIZE) throw new UsageError(`--region-size must be at least ${MIN_REGION_SIZE}, got ${regionSizeBytes}`);
  if (regionSizeBytes * regions > MAX_STORE_BYTES) throw new UsageError(`a store of ${regions} x ${regionSizeBytes} bytes is over 1 GiB`);
  return { regionSizeBytes, regions };
}

const HELP = {
  tickv: `commands (specs/tickv-script.md §2; KEY is a string or 0x + up to 16 hex digits, HEX may be - for empty):
  init   append KEY [HEX]   get KEY [BUFLEN]   invalidate KEY   zeroise KEY   gc
  dump [valid]   hash KEY   powercut N   help | quit
`,
  tock: `commands (specs/tickv-script.md §3; PERM is kernel, null, self:ID or tbf:SHORTID:WRITEID:R:M):
  get KEY PERM   set KEY HEX PERM   add KEY HEX PERM   update KEY HEX PERM
  delete KEY PERM   gc   dump   help | quit
`,
};

/** Lines typed on a terminal arrive decoded; the sessions take latin1 text carrying the UTF-8 bytes. */
const asLatin1 = (line: string): string => (process.stdin.isTTY ? Buffer.from(line, 'utf8').toString('latin1') : line);

export async function runTickvShell(engine: 'tickv' | 'tock', args: ParsedArgs): Promise<number> {
  const { regionSizeBytes, regions } = tickvStoreOptions(args);
  const file = requireString(args.options.image, 'image');
  const image = openImageForWrite(file, regionSizeBytes * regions);
  const opts = { regionSizeBytes, regions, image, saveImage: (img: Uint8Array) => saveImage(file, img) };
  const emit = (r: LineResult): number | undefined => {
    writeLines(r.lines);
    return r.exitCode;
  };
  let session: TickvShellSession | TockShellSession;
  if (engine === 'tock') {
    const tock = new TockShellSession(opts);
    const halted = emit(tock.boot());
    if (halted !== undefined) return halted;
    session = tock;
  } else {
    session = new TickvShellSession(opts);
  }
  return feedLines({ line: (text) => emit(session.runLine(asLatin1(text))), end: () => 0, help: HELP[engine] }, `${engine}> `);
}
