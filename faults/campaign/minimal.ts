// Minimal cases for the report: the example of every violation group, shrunk, with its own replay id.
import fs from 'node:fs';
import path from 'node:path';
import type { Cut } from '../crash/types';
import { groupViolations } from './signature';
import { shrinkViolation } from './shrink';
import { campaignCase } from './storeOf';
import type { CampaignReport } from './types';

/** A group's example after shrinking: what its replay id shows, in as few ops as the shrinker got to. */
export interface MinimalCase {
  id: string;
  ops: string[];
  /** Ops of the campaign case it came from. */
  from?: number;
  /** The op the cut interrupted (or that diverged), an index into `ops`. */
  opIndex?: number;
  kind?: string;
  stage?: string;
  opKind?: string;
  phase?: string;
  cut?: Cut | null;
  summary?: string;
}

export type Minimal = Map<string, MinimalCase>;

export interface MinimalLimits {
  /** Groups shrunk, largest first (the rest keep their campaign case). */
  groups: number;
  /** Case runs per group. */
  runs: number;
}

export const MINIMAL_LIMITS: MinimalLimits = { groups: 200, runs: 400 };

const minimalPath = (dir: string): string => path.join(dir, 'minimal.json');

export function readMinimal(dir: string): Minimal {
  try {
    return new Map(Object.entries(JSON.parse(fs.readFileSync(minimalPath(dir), 'utf8'))));
  } catch {
    return new Map();
  }
}

export function writeMinimal(dir: string, m: Minimal): void {
  fs.writeFileSync(minimalPath(dir), JSON.stringify(Object.fromEntries(m), null, 1) + '\n');
}

/** Shrinks the example of each group (known ones are reused: a resumed or re-merged campaign does not redo them). */
export function minimalSequences(report: CampaignReport, known: Minimal, limits: MinimalLimits = MINIMAL_LIMITS): Minimal {
  const out: Minimal = new Map();
  const groups = groupViolations(report).slice(0, limits.groups);
  if (!groups.length) return out;
  const c = campaignCase(report.config);
  for (const g of groups) {
    const have = known.get(g.key);
    if (have?.opIndex !== undefined) {
      out.set(g.key, have);
      continue;
    }
    const s = shrinkViolation(c, g.example, limits.runs);
    const v = s.violation;
    out.set(g.key, { id: v.id, ops: s.ops, from: s.from, opIndex: v.opIndex, kind: v.kind, stage: v.stage, opKind: v.opKind, phase: v.phase, cut: v.cut, summary: v.summary });
  }
  return out;
}
