// `flashproof dump IMAGE --engine E ...`: a readable (or --json) account of an image.
import { TDB_PROFILES } from '../../engine/tdbstore/profile';
import { oneOf, parseArgs, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import { dumpTdbImage, renderTdbDump } from '../dump/tdbDump';
import { renderTockloaderDump, tickvDumpJson } from '../dump/tickvDump';
import { tickvStoreOptions } from './tickvShellCommand';
import { geometryOption } from '../geometryOption';
import { readImage } from '../imageFile';
import { engineOf } from './shellCommand';

interface EngineDump {
  options: OptionSpec;
  run: (file: string, args: ParsedArgs) => string;
}

function tdbDump(file: string, args: ParsedArgs): string {
  const geometry = geometryOption(args.options.geometry);
  const profile = oneOf(args.options.profile, TDB_PROFILES, 'profile', 'mbed');
  const dump = dumpTdbImage(readImage(file, geometry.sizeBytes), geometry, profile);
  return args.options.json ? JSON.stringify(dump, null, 2) + '\n' : renderTdbDump(dump);
}

function tickvDump(file: string, args: ParsedArgs): string {
  const { regionSizeBytes, regions } = tickvStoreOptions(args);
  const image = readImage(file, regionSizeBytes * regions);
  return args.options.json ? JSON.stringify(tickvDumpJson(image, regionSizeBytes, regions), null, 2) + '\n' : renderTockloaderDump(image, regionSizeBytes, regions);
}

/** Dumpers by engine; each lists the options it accepts. */
export const ENGINE_DUMPS: Record<string, EngineDump> = {
  tdbstore: { options: { engine: 'string', geometry: 'string', profile: 'string', json: 'flag' }, run: tdbDump },
  tickv: { options: { engine: 'string', 'region-size': 'string', regions: 'string', json: 'flag' }, run: tickvDump },
};

export function dumpCommand(argv: string[]): number {
  const engine = oneOf(engineOf(argv) ?? 'tdbstore', Object.keys(ENGINE_DUMPS), 'engine');
  const d = ENGINE_DUMPS[engine];
  const args = parseArgs(argv, d.options, 1);
  const file = args.positionals[0];
  if (!file) throw new UsageError('missing IMAGE argument');
  process.stdout.write(d.run(file, args));
  return 0;
}
