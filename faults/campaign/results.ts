// A campaign's directory: config.json plus results.jsonl, one finished case per line, appended as cases finish.
import { InputError } from '../driver/errors';
import fs from 'node:fs';
import path from 'node:path';
import type { CampaignConfig, CaseRecord } from './types';

export class CampaignDirError extends InputError {
  override readonly name = 'CampaignDirError';
}

export const configPath = (dir: string): string => path.join(dir, 'config.json');
export const resultsPath = (dir: string): string => path.join(dir, 'results.jsonl');

export function writeConfig(dir: string, config: CampaignConfig): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(configPath(dir), JSON.stringify(config, null, 1) + '\n');
}

const isInt = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The first field of a parsed config.json that is missing or of the wrong type, or undefined. */
export function configFieldProblem(c: Record<string, unknown>): string | undefined {
  for (const f of ['engine', 'profile', 'geometry', 'flash', 'schedule'] as const) if (typeof c[f] !== 'string') return f;
  if (c.driverFile !== undefined && c.driverFile !== null && typeof c.driverFile !== 'string') return 'driverFile';
  if (!Array.isArray(c.seeds) || !c.seeds.length || !c.seeds.every(isInt)) return 'seeds';
  if (!isInt(c.ops) || c.ops === 0) return 'ops';
  if (!Array.isArray(c.torn) || !c.torn.every((t) => typeof t === 'string')) return 'torn';
  if (c.faults !== undefined && (!Array.isArray(c.faults) || !c.faults.every((t) => typeof t === 'string'))) return 'faults';
  if (c.depth !== 1 && c.depth !== 2) return 'depth';
  if (c.continueOps !== null && !isInt(c.continueOps)) return 'continueOps';
  const shard = c.shard as Record<string, unknown> | null;
  if (shard !== null && (typeof shard !== 'object' || !isInt(shard.index) || !isInt(shard.count))) return 'shard';
  if (c.timeBudgetSeconds !== null && typeof c.timeBudgetSeconds !== 'number') return 'timeBudgetSeconds';
  return undefined;
}

export function readConfig(dir: string): CampaignConfig {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(configPath(dir), 'utf8'));
  } catch (e) {
    throw new CampaignDirError(`${dir} is not a campaign directory (no readable config.json): ${(e as Error).message}`);
  }
  const bad = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? configFieldProblem(parsed as Record<string, unknown>) : 'the whole file';
  if (bad) throw new CampaignDirError(`${configPath(dir)} is not a campaign configuration (${bad} is missing or wrong); nothing was changed`);
  return parsed as CampaignConfig;
}

/** Finished cases; a last line cut short by a killed process is dropped (its case runs again). */
export function readRecords(dir: string): CaseRecord[] {
  const file = resultsPath(dir);
  if (!fs.existsSync(file)) return [];
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const records: CaseRecord[] = [];
  for (const [i, line] of lines.entries()) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as CaseRecord;
      for (const v of r.violations) if (!v.ops.length) v.ops = r.ops; // stored once per case
      records.push(r);
    } catch {
      if (i < lines.length - 2) throw new CampaignDirError(`${file} line ${i + 1} is not JSON`);
    }
  }
  return records;
}

/** Rewrites the file without a torn last line, so appends start on a fresh line. */
export function repairResults(dir: string, records: readonly CaseRecord[]): void {
  fs.writeFileSync(resultsPath(dir), records.map((r) => JSON.stringify(r) + '\n').join(''));
}

export function appendRecord(dir: string, record: CaseRecord): void {
  fs.appendFileSync(resultsPath(dir), JSON.stringify(record) + '\n');
}
