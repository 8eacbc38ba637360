// A campaign's directory: config.json plus results.jsonl, one finished case per line, appended as cases finish.
import fs from 'node:fs';
import path from 'node:path';
import type { CampaignConfig, CaseRecord } from './types';

export class CampaignDirError extends Error {
  override readonly name = 'CampaignDirError';
}

export const configPath = (dir: string): string => path.join(dir, 'config.json');
export const resultsPath = (dir: string): string => path.join(dir, 'results.jsonl');

export function writeConfig(dir: string, config: CampaignConfig): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(configPath(dir), JSON.stringify(config, null, 1) + '\n');
}

export function readConfig(dir: string): CampaignConfig {
  try {
    return JSON.parse(fs.readFileSync(configPath(dir), 'utf8')) as CampaignConfig;
  } catch (e) {
    throw new CampaignDirError(`${dir} is not a campaign directory (no readable config.json): ${(e as Error).message}`);
  }
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
