// One printable id per case: engine, profile, geometry, flash mode, the ops (generator seed or the ops themselves),
// and the cut (step, torn model, torn seed), nested cut included. `flashproof replay ID` runs exactly that.
import zlib from 'node:zlib';
import { NAMED_FAULTS, type Cut } from './crash/types';
import { InputError } from './driver/errors';
import { isTornModel } from './torn';

/** Where a case's flash starts when not blank: a generated aged store, or an image file named by its SHA-256 prefix. */
export type StartSpec = { kind: 'aged'; seed: number } | { kind: 'image'; sha256: string };

/** The ops (generated or listed) and, in ids of cases that do not start on blank flash, their start (`+aged.S`, `+img.HASH`). */
export type OpsSpec = ({ kind: 'generated'; seed: number; count: number } | { kind: 'listed'; lines: string[] }) & { start?: StartSpec };

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

export const startText = (s: StartSpec): string => (s.kind === 'aged' ? `aged.${s.seed >>> 0}` : `img.${s.sha256}`);

function opsPart(ops: OpsSpec): string {
  const start = ops.start ? `+${startText(ops.start)}` : '';
  if (ops.kind === 'generated') return `g${ops.seed >>> 0}x${ops.count}${start}`;
  return `o${zlib.deflateRawSync(Buffer.from(ops.lines.join('\n'), 'latin1'), { level: 9 }).toString('base64url')}${start}`;
}

function parseStart(text: string): StartSpec {
  const aged = /^aged\.([0-9]+)$/.exec(text);
  if (aged) return { kind: 'aged', seed: Number(aged[1]) };
  const img = /^img\.([0-9a-f]{12,64})$/.exec(text);
  if (img) return { kind: 'image', sha256: img[1] };
  throw new ReplayIdError(`bad start "${text}": expected aged.SEED or img.SHA256`);
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
  const named = NAMED_FAULTS.find((f) => f === token);
  if (named) return { fault: named, step, torn: null, tornSeed };
  if (isTornModel(token)) return { fault: 'power-cut', step, torn: token, tornSeed };
  throw new ReplayIdError(`bad cut "${text}": "${token}" is no torn model or fault`);
}

function parseOps(whole: string): OpsSpec {
  const [text, start, ...more] = whole.split('+');
  if (more.length) throw new ReplayIdError('an op part has one start at most');
  const ops = parseOpsOnly(text);
  return start === undefined ? ops : { ...ops, start: parseStart(start) };
}

function parseOpsOnly(text: string): OpsSpec {
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
