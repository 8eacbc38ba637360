// Which crash points a case visits: every step × torn model, one model per step, log-spaced steps, or K random.
import type { Geometry } from '../engine/flash/blockDevice';
import type { Mutation } from '../engine/flash/norFlash';
import { mixSeed, Rng } from './rng';
import { tornApplies, type TornModel } from './torn';

export type Schedule = { kind: 'exhaustive' } | { kind: 'linear' } | { kind: 'log' } | { kind: 'random'; count: number };

export function parseSchedule(text: string): Schedule | undefined {
  if (text === 'exhaustive' || text === 'linear' || text === 'log') return { kind: text };
  const m = /^random:([1-9][0-9]*)$/.exec(text);
  return m ? { kind: 'random', count: Number(m[1]) } : undefined;
}

export function scheduleText(s: Schedule): string {
  return s.kind === 'random' ? `random:${s.count}` : s.kind;
}

export interface CrashPoint {
  step: number;
  torn: TornModel;
  tornSeed: number;
}

/**
 * The crash points of one recorded run, ascending by step.
 * @param opStarts first step of each op (to space `log` points within each op)
 */
export function crashPoints(
  schedule: Schedule,
  trace: readonly Mutation[],
  opStarts: readonly number[],
  menu: readonly TornModel[],
  geometry: Geometry,
  seed: number,
): CrashPoint[] {
  const applicable = (s: number): TornModel[] => menu.filter((t) => tornApplies(t, trace[s], geometry));
  const point = (step: number, torn: TornModel): CrashPoint => ({ step, torn, tornSeed: mixSeed(seed, step, menu.indexOf(torn)) });
  const out: CrashPoint[] = [];
  switch (schedule.kind) {
    case 'exhaustive':
      for (let s = 0; s < trace.length; s++) for (const t of applicable(s)) out.push(point(s, t));
      return out;
    case 'linear':
      for (let s = 0; s < trace.length; s++) {
        const a = applicable(s);
        if (a.length) out.push(point(s, a[mixSeed(seed, s) % a.length]));
      }
      return out;
    case 'log': {
      const steps = new Set<number>();
      const bounds = [...opStarts, trace.length];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const [from, to] = [bounds[i], bounds[i + 1]];
        if (to <= from) continue;
        for (let d = 1; from + d - 1 < to; d *= 2) steps.add(from + d - 1);
        steps.add(to - 1);
      }
      for (const s of [...steps].sort((a, b) => a - b)) for (const t of applicable(s)) out.push(point(s, t));
      return out;
    }
    case 'random': {
      if (!trace.length) return out;
      const rng = new Rng(mixSeed(seed, 0x5eed));
      for (let i = 0; i < schedule.count; i++) {
        const s = rng.int(0, trace.length - 1);
        const a = applicable(s);
        if (a.length) out.push({ step: s, torn: a[rng.int(0, a.length - 1)], tornSeed: rng.nextU32() });
      }
      return out.sort((x, y) => x.step - y.step);
    }
  }
}
