// The TDBStore driver: Mbed OS 6.17's TDBStore (profile mbed, byte for byte) and its hardened twin, for every command.
import type { Geometry } from '../../../engine/flash/blockDevice';
import { isTdbProfile, TDB_PROFILES, type TdbProfileName } from '../../../engine/tdbstore/profile';
import { opText, parseOp, WRITING_OPS, type TdbOp } from '../../../models/tdbstore/ops';
import { InputError } from '../../driver/errors';
import type { EngineDriver } from '../../driver/types';
import { TDBSTORE_FINDINGS } from '../../findings/tdbstore';
import { TDB_AT_REST } from './atRest';
import { tdbBench } from './bench';
import { dumpTdbImage, renderTdbDump } from './dump';
import { generateTdbOps } from './generate';
import { tdbPhase } from './phases';
import { TdbShellSession } from './shell';
import { shrinkTdbOp } from './shrink';
import { openTdbStore } from './store';

const SHELL_HELP = `commands (specs/tdbstore-script.md):
  init | deinit | reset
  set KEY HEX [FLAGS]        get KEY [BUFSIZE [OFFSET]]   info KEY   remove KEY
  list [PREFIX]              inc_start KEY SIZE [FLAGS]   inc_add HEX   inc_finalize
  reserved_set HEX           reserved_get [BUFSIZE]       crc HEX [INIT]
  powercut N [tear]          help | quit
KEY is raw text or hex:HEX; HEX is hex digits or - for empty.
`;

function tdbProfile(p: string): TdbProfileName {
  if (!isTdbProfile(p)) throw new InputError(`tdbstore has no profile "${p}" (${TDB_PROFILES.join(', ')})`);
  return p;
}

export const tdbstoreDriver: EngineDriver<TdbOp> = {
  name: 'tdbstore',
  title: "Mbed OS 6.17 TDBStore (mbed: byte for byte, flaws included; hardened: the same format, flaws fixed)",
  profiles: TDB_PROFILES,
  defaultProfile: 'mbed',
  cleanProfiles: ['hardened'],
  // Program sizes 1 to 128, units smaller than a record, the geometries of the hardened flaws H1/H2.
  geometry: { default: 'small', soak: ['small', 'tiny', 'small-p1', 'small-p16', 'small-p32', '2048:256:8', '2560:256:128'] },
  ops: {
    text: opText,
    parse: parseOp,
    kind: (op) => op.op,
    writes: (op) => WRITING_OPS.has(op.op),
    // Reboot and init rebuild the RAM table from flash: the whole visible store is compared after them.
    settles: (op) => op.op === 'reboot' || op.op === 'init',
    generate: generateTdbOps,
    shrink: shrinkTdbOp,
  },
  open: (profile, geometry, mode) => openTdbStore(tdbProfile(profile), geometry, mode),
  phaseOf: tdbPhase,
  /** Mbed's calc_area_params: two areas of floor(units / 2) erase units each. */
  wearAreas: (g: Geometry) => {
    const units = g.sizeBytes / g.eraseSizeBytes;
    return units >= 2 ? [Math.floor(units / 2)] : [];
  },
  atRest: TDB_AT_REST,
  bench: tdbBench,
  findings: TDBSTORE_FINDINGS,
  shell: {
    summary: 'the conformance command language (specs/tdbstore-script.md); prints exactly what the real TDBStore prints',
    prompt: 'tdbstore> ',
    help: SHELL_HELP,
    open: (ctx) => new TdbShellSession({ geometry: ctx.geometry, mode: ctx.mode, profile: tdbProfile(ctx.profile), image: ctx.image, saveImage: ctx.save }),
  },
  dump: {
    summary: 'both areas with their master records, the reserved data, every record, where each log ends, the live keys',
    render: (image, ctx) => {
      const dump = dumpTdbImage(image, ctx.geometry, tdbProfile(ctx.profile));
      return ctx.json ? JSON.stringify(dump, null, 2) + '\n' : renderTdbDump(dump);
    },
  },
};
