// Model-based testing: random API sequences on the TDBStore engine and on the reference model must agree exactly.
import fc from 'fast-check';
import { formatGeometry } from '../engine/flash/geometry';
import { NorFlash } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { TdbSubject } from '../models/subjects/tdbstoreSubject';
import { TdbModel } from '../models/tdbstore/tdbModel';
import { opArb, runConfigArb } from './arbitraries/tdbArbitraries';
import { badInputArb } from './commands/tdbBadInput';
import { newEvents, TdbOpCommand, type RunEvents, type TdbModelBox } from './commands/tdbCommands';
import { assertProperty, runSettings } from './support/fcEnv';

const RUNS = 300;
const MAX_COMMANDS = 80;

function modelProperty(profile: TdbProfileName, runs: RunEvents[], replayPath: string | undefined) {
  return fc.property(
    runConfigArb,
    fc.commands([fc.oneof({ weight: 30, arbitrary: opArb.map((o) => new TdbOpCommand(o)) }, { weight: 1, arbitrary: badInputArb })], { maxCommands: MAX_COMMANDS, size: 'max', replayPath }),
    (cfg, cmds) => {
      const subject = new TdbSubject(new NorFlash(cfg.geometry, cfg.mode), profile);
      const box: TdbModelBox = { model: new TdbModel(cfg.geometry, profile), events: newEvents() };
      const init = new TdbOpCommand({ op: 'init' });
      init.run(box, subject);
      try {
        fc.modelRun(() => ({ model: box, real: subject }), cmds);
      } catch (e) {
        (e as Error).message = `geometry ${formatGeometry(cfg.geometry)} flash ${cfg.mode} profile ${profile}: ${(e as Error).message}`;
        throw e;
      }
      runs.push(box.events);
    },
  );
}

function share(runs: RunEvents[], pick: (e: RunEvents) => boolean): string {
  return `${((100 * runs.filter(pick).length) / Math.max(1, runs.length)).toFixed(0)}%`;
}

for (const profile of ['mbed', 'hardened'] as const) {
  describe(`TDBStore engine vs reference model (profile ${profile})`, () => {
    it(`agrees on every result of random API sequences (${profile})`, function () {
      this.timeout(240000);
      const settings = runSettings(`tdbstore model ${profile}`, RUNS);
      const runs: RunEvents[] = [];
      assertProperty(`tdbstore model ${profile}`, modelProperty(profile, runs, settings.replayPath), settings);
      const n = runs.length;
      const commands = runs.reduce((a, e) => a + e.commands, 0);
      console.log(
        `      ${n} runs, ${commands} commands; runs with GC ${share(runs, (e) => e.gc)}, MEDIA_FULL ${share(runs, (e) => e.mediaFull)}, ` +
          `WRITE_ONCE refusal ${share(runs, (e) => e.writeProtected)}, abandoned incremental set ${share(runs, (e) => e.abandonedIncSet)}, ` +
          `reboot ${share(runs, (e) => e.reboot)}, read-back failure ${share(runs, (e) => e.invalidData)}, ` +
          `stopped at a known mbed flaw ${share(runs, (e) => e.poisoned !== null)}`,
      );
      const reasons = new Map<string, number>();
      for (const e of runs) if (e.poisoned) reasons.set(e.poisoned, (reasons.get(e.poisoned) ?? 0) + 1);
      for (const [reason, count] of reasons) console.log(`        ${count} runs stopped at: ${reason}`);
    });
  });
}
