// `flashproof dump IMAGE --engine E | --driver FILE ...`: a readable (or --json) account of an image.
import { readImage } from '../../faults/driver/imageFile';
import { rawDump } from '../../faults/rawDump';
import { parseArgs, UsageError } from '../args';
import { DRIVER_OPTIONS, driverOf, profileOptions, geometryFrom, geometryOptions, profileFrom } from '../driverArgs';

export function dumpCommand(argv: string[]): number {
  const { driver } = driverOf(argv);
  const args = parseArgs(argv, { ...DRIVER_OPTIONS, ...geometryOptions(driver), ...profileOptions(driver), json: 'flag', ...(driver.dump?.options ?? {}) }, 1);
  const file = args.positionals[0];
  if (!file) throw new UsageError('missing IMAGE argument');
  const geometry = geometryFrom(driver, args.options, true);
  const profile = profileFrom(driver, args.options);
  const image = readImage(file, geometry.sizeBytes);
  const json = args.options.json === true;
  // A driver without a dump of its own still gets the raw view: which erase units hold what.
  const text = driver.dump ? driver.dump.render(image, { geometry, profile, json, options: args.options }) : rawDump(image, geometry, json);
  process.stdout.write(text);
  return 0;
}
