// Minimal op sequences for the report: the example of each violation group, shrunk, with its own replay id.
import fs from 'node:fs';
import path from 'node:path';
import { groupViolations } from './signature';
import { shrinkViolation } from './shrink';
import { campaignCase } from './storeOf';
import type { CampaignReport } from './types';

export type Minimal = Map<string, { id: string; ops: string[] }>;

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

/** Shrinks the example of the largest groups (at most `groups` of them, `attempts` case runs each). */
export function minimalSequences(report: CampaignReport, known: Minimal, groups = 8, attempts = 120): Minimal {
  const out: Minimal = new Map();
  const c = campaignCase(report.config);
  for (const g of groupViolations(report).slice(0, groups)) {
    const have = known.get(g.key);
    if (have) {
      out.set(g.key, have);
      continue;
    }
    const shrunk = shrinkViolation(c, g.example, attempts);
    out.set(g.key, { id: shrunk.violation.id, ops: shrunk.ops });
  }
  return out;
}
