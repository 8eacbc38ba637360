// The TicKV driver: the tickv 2.0.0 crate (profile faithful, flaws included) and its hardened twin, raw crate calls.
import { isTicKVProfile, TICKV_PROFILES, type TicKVProfileName } from '../../../engine/tickv/profile';
import { TICKV_WRITING_OPS, tickvOpText, type TickvOp } from '../../../models/tickv/ops';
import { parseTickvOp } from '../../../models/tickv/parse';
import { InputError } from '../../driver/errors';
import type { EngineDriver, ShellContext } from '../../driver/types';
import { TICKV_FINDINGS } from '../../findings/tickv';
import { renderTockloaderDump, tickvDumpJson } from './dump';
import { generateTickvOps } from './generate';
import { tickvPhase } from './phases';
import { TickvShellSession } from './shell';
import { shrinkTickvOp } from './shrink';
import { openTickvStore, tickvGeometryOf, tickvGeometryProblem } from './store';
import { TICKV_DIALECT } from './storeOptions';
import { TICKV_VERB_NAMES, tickvVerbsCommand } from './verbs';

const SHELL_HELP = `commands (specs/tickv-script.md §2; KEY is a string or 0x + up to 16 hex digits, HEX may be - for empty):
  init   append KEY [HEX]   get KEY [BUFLEN]   invalidate KEY   zeroise KEY   gc
  dump [valid]   hash KEY   powercut N   help | quit
`;

export function tickvProfile(engine: string, p: string): TicKVProfileName {
  if (!isTicKVProfile(p)) throw new InputError(`${engine} has no profile "${p}" (${TICKV_PROFILES.join(', ')})`);
  return p;
}

/** The shells' options from the command line: regions from the geometry, the image, mode and profile. */
export function tickvShellOptions(engine: string, ctx: ShellContext) {
  const { regionSizeBytes, regions } = tickvGeometryOf(ctx.geometry);
  return { regionSizeBytes, regions, image: ctx.image, saveImage: ctx.save, mode: ctx.mode, profile: tickvProfile(engine, ctx.profile) };
}

export const tickvDriver: EngineDriver<TickvOp> = {
  name: 'tickv',
  title: "Tock's TicKV, raw crate calls (faithful: the tickv 2.0.0 crate, flaws included; hardened: the same format, flaws fixed)",
  profiles: TICKV_PROFILES,
  defaultProfile: 'faithful',
  cleanProfiles: ['hardened'],
  // Regions are erase units: SIZE/ERASE regions of ERASE bytes, on byte-programmable NOR.
  geometry: { default: '2048:512:1', problem: tickvGeometryProblem, dialect: TICKV_DIALECT, soak: ['2048:512:1', '1024:256:1', '4096:1024:1', '8192:512:1'] },
  ops: {
    text: tickvOpText,
    parse: parseTickvOp,
    kind: (op) => op.op,
    writes: (op) => TICKV_WRITING_OPS.has(op.op),
    // Every op but get may change flash, and TicKV keeps nothing in RAM: compare the whole store after each.
    settles: (op) => op.op !== 'get',
    generate: generateTickvOps,
    shrink: shrinkTickvOp,
  },
  open: (profile, geometry, mode) => openTickvStore(tickvProfile('tickv', profile), geometry, mode),
  phaseOf: (s) => tickvPhase(s.trace[s.step]),
  // A TicKV op is a few reads and at most a handful of programs: a small budget turns a livelock into a quick `hang`.
  budgets: { steps: 5_000, reads: 400_000 },
  findings: TICKV_FINDINGS,
  shell: {
    summary: 'the TicKV language (specs/tickv-script.md §2): one crate call per line, each on a fresh instance',
    prompt: 'tickv> ',
    help: SHELL_HELP,
    open: (ctx) => new TickvShellSession(tickvShellOptions('tickv', ctx)),
  },
  dump: {
    summary: 'tockloader\'s "tickv dump" layout (--json: objects, walk ends, live keys as the crate reads them)',
    render(image, ctx) {
      const { regionSizeBytes, regions } = tickvGeometryOf(ctx.geometry);
      return ctx.json ? JSON.stringify(tickvDumpJson(image, regionSizeBytes, regions), null, 2) + '\n' : renderTockloaderDump(image, regionSizeBytes, regions);
    },
  },
  commands: {
    tickv: {
      usage: `${TICKV_VERB_NAMES.join('|')} [KEY [VALUE]] --region-size S --regions N --image FILE [--write-id W]: tockloader's tickv verbs on an image file`,
      run: tickvVerbsCommand,
    },
  },
};
