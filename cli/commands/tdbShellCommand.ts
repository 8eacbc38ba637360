// `flashproof shell --engine tdbstore`: the conformance command language on an image file.
import { FLASH_MODES, type FlashMode } from '../../engine/flash/norFlash';
import { TDB_PROFILES } from '../../engine/tdbstore/profile';
import { oneOf, requireString, type ParsedArgs } from '../args';
import { openImageForWrite, saveImage } from '../imageFile';
import { geometryOption } from '../geometryOption';
import { TdbShellSession } from '../shell/tdbstoreShell';
import { feedLines, writeLines } from './lineInput';

const HELP = `commands (specs/tdbstore-script.md):
  init | deinit | reset
  set KEY HEX [FLAGS]        get KEY [BUFSIZE [OFFSET]]   info KEY   remove KEY
  list [PREFIX]              inc_start KEY SIZE [FLAGS]   inc_add HEX   inc_finalize
  reserved_set HEX           reserved_get [BUFSIZE]       crc HEX [INIT]
  powercut N [tear]          help | quit
KEY is raw text or hex:HEX; HEX is hex digits or - for empty.
`;

export function flashModeOption(value: string | true | undefined): FlashMode {
  return oneOf(value === 'and' ? 'nor' : value, FLASH_MODES, 'flash', 'nor');
}

export async function runTdbShell(args: ParsedArgs): Promise<number> {
  const o = args.options;
  const geometry = geometryOption(o.geometry);
  const mode = flashModeOption(o.flash);
  const profile = oneOf(o.profile, TDB_PROFILES, 'profile', 'mbed');
  const file = requireString(o.image, 'image');
  const image = openImageForWrite(file, geometry.sizeBytes);
  const session = new TdbShellSession({ geometry, mode, profile, image, saveImage: (img) => saveImage(file, img) });
  return feedLines(
    {
      line: (text) => {
        const r = session.runLine(text);
        writeLines(r.lines);
        return r.exitCode;
      },
      end: () => {
        const r = session.finish();
        writeLines(r.lines);
        return r.exitCode ?? 0;
      },
      help: HELP,
    },
    'tdbstore> ',
  );
}
