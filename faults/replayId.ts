// One printable id per case: engine, profile, geometry, flash mode, the ops (generator seed or the ops themselves),
// and the cut (step, torn model, torn seed), nested cut included. `flashproof replay ID` runs exactly that.
import zlib from 'node:zlib';
import type { Cut } from './crash/types';
import { InputError } from './driver/errors';
import { isTornModel } from './torn';

export type OpsSpec = { kind: 'generated'; seed: number; count: number } | { kind: 'listed'; lines: string[] };

/** A cut as an id carries it: a power cut's torn model, a device error or a bit flip, at a step (or bit). */
export type ReplayCut = Cut;

export interface ReplayCase {
  engine: string;
  profile: string;
  geometry: string;
  flash: string;
  ops: OpsSpec;
  cut: ReplayCut | null;
  nested: ReplayCut | null;
  /** Cuts of a chain after the nested one (depth 3 and more): more /CUT parts; absent in older ids. */
  deeper?: ReplayCut[];
}

export class ReplayIdError extends InputError {
  override readonly name = 'ReplayIdError';
}

const PREFIX = 'fp1';

function opsPart(ops: OpsSpec): string {
  if (ops.kind === 'generated') return `g${ops.seed >>> 0}x${ops.count}`;
  return `o${zlib.deflateRawSync(Buffer.from(ops.lines.join('\n'), 'latin1'), { level: 9 }).toString('base64url')}`;
}

const cutPart = (c: ReplayCut | null): string => (c ? `${c.step}.${c.fault === 'power-cut' ? c.torn : c.fault}.${c.tornSeed >>> 0}` : '-');

export function encodeReplayId(c: ReplayCase): string {
  const parts = [PREFIX, c.engine, c.profile, c.geometry, c.flash, opsPart(c.ops), cutPart(c.cut)];
  if (c.nested) parts.push(cutPart(c.nested));
  if (c.nested && c.deeper) parts.push(...c.deeper.map(cutPart));
  return parts.join('/');
}

function parseCut(text: string): ReplayCut | null {
  if (text === '-') return null;
  const m = /^([0-9]+)\.([a-z-]+)\.([0-9]+)$/.exec(text);
  if (!m) throw new ReplayIdError(`bad cut "${text}": expected STEP.TORN.SEED`);
  const [step, token, tornSeed] = [Number(m[1]), m[2], Number(m[3])];
  if (token === 'device-error' || token === 'bit-flip') return { fault: token, step, torn: null, tornSeed };
  if (isTornModel(token)) return { fault: 'power-cut', step, torn: token, tornSeed };
  throw new ReplayIdError(`bad cut "${text}": "${token}" is no torn model or fault`);
}

function parseOps(text: string): OpsSpec {
  const g = /^g([0-9]+)x([0-9]+)$/.exec(text);
  if (g) return { kind: 'generated', seed: Number(g[1]), count: Number(g[2]) };
  if (text.startsWith('o')) {
    try {
      const lines = zlib.inflateRawSync(Buffer.from(text.slice(1), 'base64url')).toString('latin1').split('\n');
      return { kind: 'listed', lines };
    } catch {
      throw new ReplayIdError('the op list in the id does not decode');
    }
  }
  throw new ReplayIdError(`bad op part "${text.slice(0, 20)}": expected gSEEDxCOUNT or o<encoded ops>`);
}

export function decodeReplayId(id: string): ReplayCase {
  const parts = id.trim().split('/');
  if (parts[0] !== PREFIX || parts.length < 7) {
    throw new ReplayIdError(`not a flashproof replay id: expected ${PREFIX}/ENGINE/PROFILE/GEOMETRY/FLASH/OPS/CUT[/NESTED...]`);
  }
  const [, engine, profile, geometry, flash, ops, cut, nested, ...deeper] = parts;
  const decoded: ReplayCase = { engine, profile, geometry, flash, ops: parseOps(ops), cut: parseCut(cut), nested: nested ? parseCut(nested) : null };
  if (deeper.length) {
    decoded.deeper = deeper.map((d) => {
      const cut = parseCut(d);
      if (!cut) throw new ReplayIdError('a deeper cut of a chain cannot be "-"');
      return cut;
    });
  }
  return decoded;
}
