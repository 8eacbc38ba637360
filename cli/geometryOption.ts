// --geometry: a preset name or SIZE:ERASE:PROGRAM[:READ], turned into a usage error when bad.
import type { Geometry } from '../engine/flash/blockDevice';
import { GeometryError, parseGeometry } from '../engine/flash/geometry';
import { UsageError, requireString } from './args';

export function geometryOption(value: string | true | undefined): Geometry {
  const text = requireString(value, 'geometry');
  try {
    return parseGeometry(text);
  } catch (e) {
    if (e instanceof GeometryError) throw new UsageError(e.message);
    throw e;
  }
}
