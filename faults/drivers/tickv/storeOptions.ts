// TicKV's geometry on the command line, as tockloader names it: --region-size S --regions N (byte-programmable NOR).
import type { Geometry } from '../../../engine/flash/blockDevice';
import { tickvGeometry } from '../../../engine/tickv/regionController';
import { positiveInt, UsageError, type ParsedArgs } from '../../driver/options';
import type { GeometryDialect } from '../../driver/types';

/** Smallest region that holds the 15-byte main-key object under TicKV's room rule. */
export const MIN_REGION_SIZE = 16;
const MAX_STORE_BYTES = 1 << 30;

export const TICKV_STORE_OPTIONS = { 'region-size': 'string', regions: 'string' } as const;

/** `--region-size S --regions N`, checked: one usage line when they cannot describe a TicKV store. */
export function tickvStoreOptions(args: ParsedArgs): { regionSizeBytes: number; regions: number } {
  const regionSizeBytes = positiveInt(args.options['region-size'], 'region-size');
  const regions = positiveInt(args.options.regions, 'regions');
  if (regionSizeBytes < MIN_REGION_SIZE) throw new UsageError(`--region-size must be at least ${MIN_REGION_SIZE}, got ${regionSizeBytes}`);
  if (regionSizeBytes * regions > MAX_STORE_BYTES) throw new UsageError(`a store of ${regions} x ${regionSizeBytes} bytes is over 1 GiB`);
  return { regionSizeBytes, regions };
}

/** Regions are erase units: S × N bytes, erase unit S, program and read size 1. */
export const TICKV_DIALECT: GeometryDialect = {
  options: TICKV_STORE_OPTIONS,
  usage: '--region-size S --regions N',
  parse(options) {
    if (options['region-size'] === undefined && options.regions === undefined) return undefined;
    const { regionSizeBytes, regions } = tickvStoreOptions({ options, positionals: [] });
    return tickvGeometry(regionSizeBytes, regions);
  },
  format: (g: Geometry) => `--region-size ${g.eraseSizeBytes} --regions ${g.sizeBytes / g.eraseSizeBytes}`,
};
