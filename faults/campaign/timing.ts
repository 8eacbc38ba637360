// Wall-clock sessions of a campaign directory (a resumed campaign has several); the report adds them up.
import fs from 'node:fs';
import path from 'node:path';
import type { ReportTiming } from './buildReport';

export interface Session {
  startedAtMs: number;
  finishedAtMs: number;
  workers: number;
}

const sessionsPath = (dir: string): string => path.join(dir, 'sessions.json');

export function readSessions(dir: string): Session[] {
  try {
    return JSON.parse(fs.readFileSync(sessionsPath(dir), 'utf8')) as Session[];
  } catch {
    return [];
  }
}

export function addSession(dir: string, s: Session): Session[] {
  const all = [...readSessions(dir), s];
  fs.writeFileSync(sessionsPath(dir), JSON.stringify(all, null, 1) + '\n');
  return all;
}

/** Start of the first session, end of the last, wall time = the sum of session lengths (shards merge by max). */
export function sessionTiming(sessions: readonly Session[]): ReportTiming {
  if (!sessions.length) return { startedAt: new Date(0).toISOString(), finishedAt: new Date(0).toISOString(), wallSeconds: 0, workers: 0 };
  const start = Math.min(...sessions.map((s) => s.startedAtMs));
  const end = Math.max(...sessions.map((s) => s.finishedAtMs));
  const wall = sessions.reduce((n, s) => n + (s.finishedAtMs - s.startedAtMs), 0) / 1000;
  return { startedAt: new Date(start).toISOString(), finishedAt: new Date(end).toISOString(), wallSeconds: wall, workers: Math.max(...sessions.map((s) => s.workers)) };
}
