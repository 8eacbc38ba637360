// The Tock driver: Tock's KV stack (KVStorePermissions over TicKVKVStore over TicKVSystem) with random identities.
import { TICKV_PROFILES } from '../../../engine/tickv/profile';
import { tockOpText, type TockOp } from '../../../models/tock/ops';
import { parseTockOp } from '../../../models/tock/parse';
import type { EngineDriver } from '../../driver/types';
import { TOCK_FINDINGS } from '../../findings/tock';
import { tickvDriver, tickvProfile, tickvShellOptions } from '../tickv/driver';
import { tockPhase } from './phases';
import { generateTockOps } from './generate';
import { TockShellSession } from './shell';
import { shrinkTockOp } from './shrink';
import { openTockStore, TOCK_WRITING } from './store';

const SHELL_HELP = `commands (specs/tickv-script.md §3; PERM is kernel, null, self:ID or tbf:SHORTID:WRITEID:R:M):
  get KEY PERM   set KEY HEX PERM   add KEY HEX PERM   update KEY HEX PERM
  delete KEY PERM   gc   dump   help | quit
`;

export const tockDriver: EngineDriver<TockOp> = {
  name: 'tock',
  title: "Tock's permissioned KV stack over TicKV (faithful: the capsules and crate as they are; hardened: flaws fixed)",
  profiles: TICKV_PROFILES,
  defaultProfile: 'faithful',
  cleanProfiles: ['hardened'],
  geometry: tickvDriver.geometry,
  ops: {
    text: tockOpText,
    parse: parseTockOp,
    kind: (op) => op.op,
    writes: (op) => TOCK_WRITING.has(op.op),
    settles: (op) => TOCK_WRITING.has(op.op),
    generate: generateTockOps,
    shrink: shrinkTockOp,
  },
  open: (profile, geometry, mode) => openTockStore(tickvProfile('tock', profile), geometry, mode),
  phaseOf: (s) => tockPhase(s.trace, s.step, s.geometry.eraseValue),
  budgets: tickvDriver.budgets,
  findings: TOCK_FINDINGS,
  shell: {
    summary: "the Tock language (specs/tickv-script.md §3): boots Tock's KV stack once and prints each request's callback",
    prompt: 'tock> ',
    help: SHELL_HELP,
    open(ctx) {
      const session = new TockShellSession(tickvShellOptions('tock', ctx));
      return { start: () => session.boot(), runLine: (line) => session.runLine(line) };
    },
  },
  dump: tickvDriver.dump,
};
