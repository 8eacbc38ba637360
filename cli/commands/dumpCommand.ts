// `flashproof dump IMAGE --engine E | --driver FILE ...`: a readable (or --json) account of an image.
import { readImage } from '../../faults/driver/imageFile';
import { differingRuns, renderImageDiff } from '../../faults/imageDiff';
import { rawDump } from '../../faults/rawDump';
import { parseArgs, UsageError } from '../args';
import { DRIVER_OPTIONS, driverOf, profileOptions, geometryFrom, geometryOptions, profileFrom } from '../driverArgs';

export function dumpCommand(argv: string[]): number {
  const { driver } = driverOf(argv);
  const args = parseArgs(argv, { ...DRIVER_OPTIONS, ...geometryOptions(driver), ...profileOptions(driver), json: 'flag', diff: 'string', ...(driver.dump?.options ?? {}) }, 1);
  const file = args.positionals[0];
  if (!file) throw new UsageError('missing IMAGE argument');
  const geometry = geometryFrom(driver, args.options, true);
  const profile = profileFrom(driver, args.options);
  const image = readImage(file, geometry.sizeBytes);
  const other = typeof args.options.diff === 'string' ? readImage(args.options.diff, geometry.sizeBytes) : undefined;
  if (args.options.diff === true) throw new UsageError('option --diff needs a value');
  const json = args.options.json === true;
  // A driver without a dump of its own still gets the raw view: which erase units hold what.
  const render = (img: Uint8Array, asJson: boolean): string => (driver.dump ? driver.dump.render(img, { geometry, profile, json: asJson, options: args.options }) : rawDump(img, geometry, asJson));
  if (!other) {
    process.stdout.write(render(image, json));
    return 0;
  }
  const names: [string, string] = [file, args.options.diff as string];
  if (json) {
    const { runs, bytes } = differingRuns(image, other);
    process.stdout.write(JSON.stringify({ a: JSON.parse(render(image, true)), b: JSON.parse(render(other, true)), differingBytes: bytes, runs }, null, 2) + '\n');
    return 0;
  }
  process.stdout.write(renderImageDiff(names, [render(image, false), render(other, false)], [image, other], geometry.eraseSizeBytes));
  return 0;
}
