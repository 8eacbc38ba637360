// flashproof's command line: argv -> shell | dump | campaign | replay | report | bench | tickv.
import { UsageError } from './args';
import { shellCommand } from './commands/shellCommand';
import { dumpCommand } from './commands/dumpCommand';
import { replayCommand } from './commands/replayCommand';
import { benchCommand } from './commands/benchCommand';
import { campaignCommand } from './commands/campaignCommand';
import { reportCommand } from './commands/reportCommand';
import { tickvVerbsCommand } from './commands/tickvVerbs';

type Command = (argv: string[]) => Promise<number> | number;

const USAGE = `usage: flashproof <command> [options]

  shell    --engine tdbstore --geometry SIZE:ERASE:PROGRAM[:READ] --image FILE [--flash nor|strict|overwrite] [--profile mbed|hardened]
           reads the conformance command language on stdin (prompt on a terminal)
  shell    --engine tickv|tock --region-size S --regions N --image FILE
           the TicKV crate / Tock KV stack command languages (specs/tickv-script.md)
  dump     IMAGE --engine tdbstore --geometry G [--json] [--profile mbed|hardened]
           every record of both areas, where each log ends, the live keys and reserved data
  dump     IMAGE --engine tickv --region-size S --regions N [--json]
           tockloader's "tickv dump" layout (--json: objects, walk ends, live keys as the crate reads them)
  tickv    append|get|invalidate|reset|cleanup|hash|dump [KEY [VALUE]] --region-size S --regions N --image FILE [--write-id W]
           tockloader's tickv verbs on an image file

  campaign [--engine tdbstore] [--profile P] [--geometry G] [--flash F] [--seeds N | --seed S] [--ops N]
           [--schedule exhaustive|linear|log|random:K] [--torn LIST|all] [--depth 1|2] [--continue N|all]
           [--time-budget SECONDS] [--workers N] [--shard i/n] [--out DIR] | --resume DIR
           cuts power at every crash point of many generated sequences; results.jsonl as cases finish, then
           report.json, report.md and report.html; exit 1 when anything is violated
  report   DIR... [--out DIR]
           merges campaign directories (shards) into one set of reports
  replay   ID [--out DIR] [--profile P]
           re-runs one case from its id: every op and flash step up to the cut, the torn model, the verdict;
           --out writes before-cut.img, after-cut.img and recovered.img for flashproof dump

  bench    [--quick] [--json]
           crash states per second (trace replay vs re-running the prefix) and the engines' own figures

geometry presets: portenta-h7 (1572864:131072:32), tiny, small, small-p1, small-p16, small-p32, small-p128
exit status: 0 ok, 1 violations found (or tockloader refused, tickv), 2 bad input, 5 power cut (shell), 6 engine halt (shell)
`;

/** Commands by name; later issues register campaign, replay, report, bench and tickv here. */
export const COMMANDS: Record<string, Command> = {
  shell: shellCommand,
  dump: dumpCommand,
  replay: replayCommand,
  bench: benchCommand,
  campaign: campaignCommand,
  report: reportCommand,
  tickv: tickvVerbsCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (try flashproof help)`);
    return await command(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`flashproof ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
