// The engines the harness can drive: their crash targets, op generators and op parsers, by name.
import type { Geometry } from '../engine/flash/blockDevice';
import type { FlashMode } from '../engine/flash/norFlash';
import { isTdbProfile } from '../engine/tdbstore/profile';
import { opText, parseOp, type TdbOp } from '../models/tdbstore/ops';
import type { CrashTarget } from './crash/target';
import { generateTdbOps } from './generate/tdbOps';
import type { OpsSpec } from './replayId';
import { TdbTarget } from './tdb/tdbTarget';

export interface EngineKit {
  profiles: readonly string[];
  defaultProfile: string;
  target(profile: string, geometry: Geometry, mode: FlashMode): CrashTarget<unknown>;
  generate(seed: number, count: number, geometry: Geometry): unknown[];
  parse(lines: readonly string[]): unknown[];
  text(op: unknown): string;
}

export class EngineError extends Error {
  override readonly name = 'EngineError';
}

export const ENGINES: Record<string, EngineKit> = {
  tdbstore: {
    profiles: ['mbed', 'hardened'],
    defaultProfile: 'mbed',
    target: (profile, g, mode) => {
      if (!isTdbProfile(profile)) throw new EngineError(`tdbstore has no profile "${profile}" (mbed, hardened)`);
      return new TdbTarget(profile, g, mode) as CrashTarget<unknown>;
    },
    generate: generateTdbOps,
    parse: (lines) => lines.map((l) => parseOp(l)).filter((o): o is TdbOp => o !== undefined),
    text: (op) => opText(op as TdbOp),
  },
};

export function engineKit(name: string): EngineKit {
  const kit = ENGINES[name];
  if (!kit) throw new EngineError(`unknown engine "${name}" (${Object.keys(ENGINES).join(', ')})`);
  return kit;
}

export function opsOf(kit: EngineKit, spec: OpsSpec, geometry: Geometry): unknown[] {
  return spec.kind === 'generated' ? kit.generate(spec.seed, spec.count, geometry) : kit.parse(spec.lines);
}
