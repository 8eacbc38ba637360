// `flashproof shell --engine E | --driver FILE ...`: the driver's command language on an image file.
import type { LineResult } from '../../faults/driver/types';
import { openImageForWrite, saveImage } from '../../faults/driver/imageFile';
import { parseArgs, requireString, UsageError } from '../args';
import { DRIVER_OPTIONS, driverOf, profileOptions, flashFrom, geometryFrom, geometryOptions, profileFrom } from '../driverArgs';
import { feedLines, writeLines } from './lineInput';

/** Lines typed on a terminal arrive decoded; the sessions take latin1 text carrying the UTF-8 bytes. */
const asLatin1 = (line: string): string => (process.stdin.isTTY ? Buffer.from(line, 'utf8').toString('latin1') : line);

export async function shellCommand(argv: string[]): Promise<number> {
  const { driver } = driverOf(argv);
  const shell = driver.shell;
  if (!shell) throw new UsageError(`${driver.name} has no shell (its driver defines none)`);
  const args = parseArgs(argv, { ...DRIVER_OPTIONS, ...geometryOptions(driver), image: 'string', flash: 'string', ...profileOptions(driver), ...(shell.options ?? {}) });
  const o = args.options;
  const geometry = geometryFrom(driver, o, true);
  const mode = flashFrom(driver, o.flash, o.geometry);
  const profile = profileFrom(driver, o);
  const file = requireString(o.image, 'image');
  const image = openImageForWrite(file, geometry.sizeBytes);
  const session = shell.open({ geometry, mode, profile, image, save: (img) => saveImage(file, img), options: o });
  const emit = (r: LineResult | undefined): number | undefined => {
    if (!r) return undefined;
    writeLines(r.lines);
    return r.exitCode;
  };
  const stopped = emit(session.start?.());
  if (stopped !== undefined) return stopped;
  // `help` is the shell's, not the store's language: every shell answers it, piped or typed.
  const line = (text: string): number | undefined => {
    if (text.trim() !== 'help') return emit(session.runLine(asLatin1(text)));
    process.stdout.write(shell.help);
    return undefined;
  };
  return feedLines({ line, end: () => emit(session.finish?.()) ?? 0, help: shell.help }, shell.prompt);
}
