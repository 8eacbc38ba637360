// `flashproof shell --engine E ...`: picks the engine's command language.
import { oneOf, parseArgs, type OptionSpec, type ParsedArgs } from '../args';
import { runTdbShell } from './tdbShellCommand';
import { runTickvShell } from './tickvShellCommand';

interface EngineShell {
  options: OptionSpec;
  run: (args: ParsedArgs) => Promise<number>;
}

/** Shells by engine; each lists the options it accepts, so a stray option is a usage error. */
export const ENGINE_SHELLS: Record<string, EngineShell> = {
  tdbstore: {
    options: { engine: 'string', geometry: 'string', image: 'string', flash: 'string', profile: 'string' },
    run: runTdbShell,
  },
  tickv: { options: { engine: 'string', 'region-size': 'string', regions: 'string', image: 'string' }, run: (a) => runTickvShell('tickv', a) },
  tock: { options: { engine: 'string', 'region-size': 'string', regions: 'string', image: 'string' }, run: (a) => runTickvShell('tock', a) },
};

export function engineOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--engine') return argv[i + 1];
    if (argv[i].startsWith('--engine=')) return argv[i].slice('--engine='.length);
  }
  return undefined;
}

export async function shellCommand(argv: string[]): Promise<number> {
  const engine = oneOf(engineOf(argv) ?? 'tdbstore', Object.keys(ENGINE_SHELLS), 'engine');
  const shell = ENGINE_SHELLS[engine];
  return shell.run(parseArgs(argv, shell.options));
}
