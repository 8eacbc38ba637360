// The engines the harness can drive: their crash targets, op generators and op parsers, by name.
import type { Geometry } from '../engine/flash/blockDevice';
import type { FlashMode } from '../engine/flash/norFlash';
import { isTdbProfile } from '../engine/tdbstore/profile';
import { isTicKVProfile, TICKV_PROFILES } from '../engine/tickv/profile';
import { opText, parseOp, type TdbOp } from '../models/tdbstore/ops';
import { tickvOpText, type TickvOp } from '../models/tickv/ops';
import { parseTickvOp } from '../models/tickv/parse';
import { tockOpText, type TockOp } from '../models/tock/ops';
import { parseTockOp } from '../models/tock/parse';
import type { CrashTarget } from './crash/target';
import { generateTdbOps } from './generate/tdbOps';
import { generateTickvOps } from './generate/tickvOps';
import { generateTockOps } from './generate/tockOps';
import type { OpsSpec } from './replayId';
import { TdbTarget } from './tdb/tdbTarget';
import { tickvGeometryProblem, TickvTarget } from './tickv/tickvTarget';
import { TockTarget } from './tock/tockTarget';

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
  tickv: {
    profiles: TICKV_PROFILES,
    defaultProfile: 'faithful',
    target: (profile, g, mode) => new TickvTarget(tickvProfile('tickv', profile), tickvGeometry(g), mode) as CrashTarget<unknown>,
    generate: generateTickvOps,
    parse: (lines) => parseLines(lines, parseTickvOp),
    text: (op) => tickvOpText(op as TickvOp),
  },
  tock: {
    profiles: TICKV_PROFILES,
    defaultProfile: 'faithful',
    target: (profile, g, mode) => new TockTarget(tickvProfile('tock', profile), tickvGeometry(g), mode) as CrashTarget<unknown>,
    generate: generateTockOps,
    parse: (lines) => parseLines(lines, parseTockOp),
    text: (op) => tockOpText(op as TockOp),
  },
};

function tickvProfile(engine: string, profile: string) {
  if (!isTicKVProfile(profile)) throw new EngineError(`${engine} has no profile "${profile}" (${TICKV_PROFILES.join(', ')})`);
  return profile;
}

/** TicKV regions are erase units: SIZE/ERASE regions of ERASE bytes, on byte-programmable flash. */
function tickvGeometry(g: Geometry): Geometry {
  const problem = tickvGeometryProblem(g);
  if (problem) throw new EngineError(problem);
  return g;
}

/** Op lines to ops; a malformed line is an EngineError naming it (comments and empty lines are skipped). */
function parseLines<Op>(lines: readonly string[], parse: (line: string) => Op | undefined): Op[] {
  const ops: Op[] = [];
  for (const l of lines) {
    let op: Op | undefined;
    try {
      op = parse(l);
    } catch (e) {
      throw new EngineError((e as Error).message);
    }
    if (op !== undefined) ops.push(op);
  }
  return ops;
}

export function engineKit(name: string): EngineKit {
  const kit = ENGINES[name];
  if (!kit) throw new EngineError(`unknown engine "${name}" (${Object.keys(ENGINES).join(', ')})`);
  return kit;
}

export function opsOf(kit: EngineKit, spec: OpsSpec, geometry: Geometry): unknown[] {
  return spec.kind === 'generated' ? kit.generate(spec.seed, spec.count, geometry) : kit.parse(spec.lines);
}
