// flashproof's command line: argv -> shell | dump | campaign | replay | report | bench, plus the drivers' own commands.
import { InputError } from '../faults/driver/errors';
import type { AnyDriver } from '../faults/driver/types';
import { DRIVERS } from '../faults/drivers';
import { DEFAULT_SEEDS } from '../faults/campaign/configure';
import { faultMenuLines } from '../faults/faultMenu';
import { GEOMETRY_PRESETS, GeometryError } from '../engine/flash/geometry';
import { UsageError } from './args';
import { FLASH_HELP } from './driverArgs';
import { benchCommand } from './commands/benchCommand';
import { campaignCommand } from './commands/campaignCommand';
import { dumpCommand } from './commands/dumpCommand';
import { replayCommand } from './commands/replayCommand';
import { reportCommand } from './commands/reportCommand';
import { shellCommand } from './commands/shellCommand';
import { soakCommand } from './commands/soakCommand';

type Command = (argv: string[]) => Promise<number> | number;

const geometryUsage = (d: AnyDriver): string => (d.geometry.dialect ? `${d.geometry.dialect.usage} | --geometry G` : '--geometry G');

/** The usage lines of each command: the generic ones, then each driver's shell, dump and commands as the registry has them. */
function commandSections(): Array<{ command: string; lines: string[] }> {
  const engines = DRIVERS.map((d) => d.name).join('|');
  const out: Array<{ command: string; lines: string[] }> = [];
  const add = (command: string, ...lines: string[]): void => void out.push({ command, lines });
  for (const d of DRIVERS) {
    if (d.shell) add('shell', `  shell    --engine ${d.name} ${geometryUsage(d)} --image FILE [--flash nor|strict|overwrite] [--profile P]`, `           ${d.shell.summary}; \`help\` lists its commands`);
  }
  for (const d of DRIVERS) {
    if (d.dump) add('dump', `  dump     IMAGE --engine ${d.name} ${geometryUsage(d)} [--json] [--profile P] [--diff OTHER]`, `           ${d.dump.summary}`);
  }
  add(
    'shell',
    '  shell    --wasm STORE.wasm --geometry G --image FILE [--flash F] [--promise atomic|key-in-flight]',
    '           a store compiled to WebAssembly (wasm/ABI.md): mount, set, get, remove, reboot, powercut N [TORN]',
  );
  add(
    'dump',
    '  dump     IMAGE --driver FILE | --wasm STORE.wasm --geometry G [--json] [--diff OTHER]',
    "           the driver's dump, or every erase unit and its programmed bytes in hex",
    '           --diff OTHER: what changed from IMAGE to OTHER, line by line of the dumps, then the differing bytes',
  );
  for (const d of DRIVERS) {
    for (const [name, c] of Object.entries(d.commands ?? {})) add(name, `  ${name.padEnd(8)} ${c.usage}`);
  }
  add(
    'campaign',
    `  campaign [--engine ${engines} | --driver FILE | --wasm STORE.wasm [--promise atomic|key-in-flight]] [--profile P] [--geometry G] [--flash F] [--seeds N | --seed S] [--ops N]`,
    '           [--schedule exhaustive|linear|log|random:K] [--torn LIST|all] [--faults LIST] [--depth N] [--nested K]',
    '           [--wear-limit N] [--start aged[:SEED] | --start-image FILE] [--continue N|all]',
    '           [--time-budget SECONDS] [--workers N] [--shard i/n] [--out DIR] | --resume DIR',
    '           --depth N: chains of N cuts (recovery, GC, first writes after it); --nested K: chains per crash point,',
    '           exhaustive where a level fits in K, sampled beyond; --start-image: a dump from a device, mounted as the start',
    '           cuts power at every crash point of many generated sequences; results.jsonl as cases finish, then',
    '           report.json, report.md and report.html (violations by root cause, shrunk cases, guarantee table);',
    `           exit 1 when anything is violated. Defaults: ${DRIVERS[0].name} ${DRIVERS[0].defaultProfile}, ${DRIVERS[0].geometry.default}, ${DEFAULT_SEEDS} seeds x 40 ops, every torn model, depth 2`,
  );
  add(
    'soak',
    `  soak     [--engine ${engines}[,...]] [--profiles all|clean] [--depth 1,2] [--ops N] [--seed-offset N]`,
    '           [--time-budget SECONDS] [--workers N] [--out DIR]',
    "           every engine x profile x soak geometry x flash mode x depth with fresh seeds; soak.md; exit 1 if a clean profile fails",
  );
  add('report', '  report   DIR... [--out DIR]', '           merges campaign directories (shards) into one set of reports');
  add(
    'replay',
    '  replay   ID [--out DIR] [--profile P] [--steps] [--driver FILE | --wasm STORE.wasm] [--start-image FILE]',
    '           re-runs one case from its id: its ops (values elided), the flash steps of the interrupted op up to the cut',
    '           (--steps: of every op), the verdict; --out writes before-cut.img, after-cut.img and recovered.img for dump',
  );
  add('bench', '  bench    [--quick] [--json] | --script FILE [--engine E] | --default-campaign', "           crash states per second (trace replay vs re-running the prefix) and the engines' own figures");
  return out;
}

const footer = (): string[] => [
  ...faultMenuLines(),
  '',
  `geometry presets: ${Object.entries(GEOMETRY_PRESETS).map(([n, g]) => (n === 'portenta-h7' ? `${n} (${g}, implies --flash strict)` : n)).join(', ')}`,
  ...FLASH_HELP,
  'exit status: 0 ok, 1 violations found (or a driver command refused), 2 bad input, 5 power cut (shell), 6 engine halt (shell)',
  '',
];

/** The whole usage text (`flashproof help`). */
export function usage(): string {
  const lines = [
    'usage: flashproof <command> [options]        (flashproof <command> --help: one command; --version)',
    '',
    `engines (--engine NAME; default ${DRIVERS[0].name}), or --driver FILE for a store of your own (README "Check your own store"):`,
    ...DRIVERS.map((d) => `  ${d.name.padEnd(9)}${d.title}\n           profiles ${d.profiles.join('|')} (default ${d.defaultProfile}); geometry ${geometryUsage(d)} (default ${d.geometry.default})`),
    '',
    ...commandSections().flatMap((c) => c.lines),
    '',
    ...footer(),
  ];
  return lines.join('\n');
}

/** One command's usage (`flashproof NAME --help`). */
export function commandUsage(name: string): string {
  const own = commandSections().filter((c) => c.command === name);
  const flashMatters = ['shell', 'campaign'].includes(name);
  return [`usage: flashproof ${name} [options]`, '', ...own.flatMap((c) => c.lines), '', ...(flashMatters ? footer() : footer().slice(-2))].join('\n');
}

/** The package's version, from its package.json (one level above cli/ and dist/cli/). */
export function version(): string {
  for (const rel of ['..', '../..']) {
    try {
      return (require(`${rel}/package.json`) as { version: string }).version;
    } catch {
      // the other layout
    }
  }
  return 'unknown';
}

const BUILTIN: Record<string, Command> = {
  shell: shellCommand,
  dump: dumpCommand,
  replay: replayCommand,
  bench: benchCommand,
  campaign: campaignCommand,
  report: reportCommand,
  soak: soakCommand,
};

/** Commands by name: the generic ones, then each driver's own (a driver may not shadow a generic one). */
export const COMMANDS: Record<string, Command> = {
  ...Object.fromEntries(DRIVERS.flatMap((d) => Object.entries(d.commands ?? {}).map(([n, c]) => [n, (argv: string[]) => c.run(argv)]))),
  ...BUILTIN,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    process.stderr.write('flashproof: no command given (flashproof help lists the commands)\n');
    return 2;
  }
  if (name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(rest[0] && rest[0] in COMMANDS ? commandUsage(rest[0]) : usage());
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    process.stdout.write(`flashproof ${version()}\n`);
    return 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command && (rest.includes('--help') || rest.includes('-h'))) {
    process.stdout.write(commandUsage(name));
    return 0;
  }
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
