// flashproof's command line: argv -> shell | dump | campaign | replay | report | bench, plus the drivers' own commands.
import { InputError } from '../faults/driver/errors';
import type { AnyDriver } from '../faults/driver/types';
import { DRIVERS } from '../faults/drivers';
import { faultMenuLines } from '../faults/faultMenu';
import { GEOMETRY_PRESETS, GeometryError } from '../engine/flash/geometry';
import { UsageError } from './args';
import { benchCommand } from './commands/benchCommand';
import { campaignCommand } from './commands/campaignCommand';
import { dumpCommand } from './commands/dumpCommand';
import { replayCommand } from './commands/replayCommand';
import { reportCommand } from './commands/reportCommand';
import { shellCommand } from './commands/shellCommand';

type Command = (argv: string[]) => Promise<number> | number;

const geometryUsage = (d: AnyDriver): string => (d.geometry.dialect ? `${d.geometry.dialect.usage} | --geometry G` : '--geometry G');

/** The usage text: the generic commands, then each driver's shell, dump and commands as the registry has them. */
export function usage(): string {
  const engines = DRIVERS.map((d) => d.name).join('|');
  const lines = [
    'usage: flashproof <command> [options]',
    '',
    `engines (--engine NAME; default ${DRIVERS[0].name}), or --driver FILE for a store of your own (README "Check your own store"):`,
    ...DRIVERS.map((d) => `  ${d.name.padEnd(9)}${d.title}\n           profiles ${d.profiles.join('|')} (default ${d.defaultProfile}); geometry ${geometryUsage(d)} (default ${d.geometry.default})`),
    '',
  ];
  for (const d of DRIVERS) {
    if (d.shell) lines.push(`  shell    --engine ${d.name} ${geometryUsage(d)} --image FILE [--flash nor|strict|overwrite] [--profile P]`, `           ${d.shell.summary}`);
  }
  for (const d of DRIVERS) {
    if (d.dump) lines.push(`  dump     IMAGE --engine ${d.name} ${geometryUsage(d)} [--json] [--profile P]`, `           ${d.dump.summary}`);
  }
  lines.push(
    '  shell    --wasm STORE.wasm --geometry G --image FILE [--flash F] [--promise atomic|key-in-flight]',
    '           a store compiled to WebAssembly (wasm/ABI.md): mount, set, get, remove, reboot, powercut N [TORN]',
    '  dump     IMAGE --driver FILE | --wasm STORE.wasm --geometry G [--json]',
    "           the driver's dump, or every erase unit and its programmed bytes in hex",
  );
  for (const d of DRIVERS) {
    for (const [name, c] of Object.entries(d.commands ?? {})) lines.push(`  ${name.padEnd(8)} ${c.usage}`);
  }
  lines.push(
    '',
    `  campaign [--engine ${engines} | --driver FILE | --wasm STORE.wasm [--promise atomic|key-in-flight]] [--profile P] [--geometry G] [--flash F] [--seeds N | --seed S] [--ops N]`,
    '           [--schedule exhaustive|linear|log|random:K] [--torn LIST|all] [--faults LIST] [--depth N] [--nested K]',
    '           [--wear-limit N] [--start aged[:SEED] | --start-image FILE] [--continue N|all]',
    '           [--time-budget SECONDS] [--workers N] [--shard i/n] [--out DIR] | --resume DIR',
    '           cuts power at every crash point of many generated sequences; results.jsonl as cases finish, then',
    '           report.json, report.md and report.html; exit 1 when anything is violated',
    '           --depth N: chains of N cuts (recovery, GC, first writes after it); --nested K: chains per crash point,',
    '           exhaustive where a level fits in K, sampled beyond; --start-image: a dump from a device, mounted as the start',
    '  report   DIR... [--out DIR]',
    '           merges campaign directories (shards) into one set of reports',
    '  replay   ID [--out DIR] [--profile P] [--driver FILE | --wasm STORE.wasm] [--start-image FILE]',
    '           re-runs one case from its id: every op and flash step up to the cut, the torn model, the verdict;',
    '           --out writes before-cut.img, after-cut.img and recovered.img for flashproof dump',
    '',
    '  bench    [--quick] [--json]',
    "           crash states per second (trace replay vs re-running the prefix) and the engines' own figures",
    '',
    ...faultMenuLines(),
    '',
    `geometry presets: ${Object.entries(GEOMETRY_PRESETS).map(([n, g]) => (n === 'portenta-h7' ? `${n} (${g})` : n)).join(', ')}`,
    'exit status: 0 ok, 1 violations found (or a driver command refused), 2 bad input, 5 power cut (shell), 6 engine halt (shell)',
    '',
  );
  return lines.join('\n');
}

const BUILTIN: Record<string, Command> = {
  shell: shellCommand,
  dump: dumpCommand,
  replay: replayCommand,
  bench: benchCommand,
  campaign: campaignCommand,
  report: reportCommand,
};

/** Commands by name: the generic ones, then each driver's own (a driver may not shadow a generic one). */
export const COMMANDS: Record<string, Command> = {
  ...Object.fromEntries(DRIVERS.flatMap((d) => Object.entries(d.commands ?? {}).map(([n, c]) => [n, (argv: string[]) => c.run(argv)]))),
  ...BUILTIN,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write(usage());
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}" (try flashproof help)`);
    return await command(rest);
  } catch (e) {
    // A geometry comes from the user too (an option, a replay id, a campaign's config).
    if (e instanceof InputError || e instanceof GeometryError) {
      process.stderr.write(`flashproof ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
