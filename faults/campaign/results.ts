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

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** The first field of a parsed results line that is missing or of the wrong type, or undefined. */
export function recordFieldProblem(r: Record<string, unknown>): string | undefined {
  for (const f of ['index', 'seed', 'crashPoints', 'nestedPoints', 'opsChecked'] as const) if (!isCount(r[f])) return f;
  if (r.duplicatePoints !== undefined && !isCount(r.duplicatePoints)) return 'duplicatePoints';
  if (typeof r.ms !== 'number' || !Number.isFinite(r.ms)) return 'ms';
  if (r.stoppedAt !== null && typeof r.stoppedAt !== 'string') return 'stoppedAt';
  if (!Array.isArray(r.ops) || !r.ops.every((o) => typeof o === 'string')) return 'ops';
  if (!Array.isArray(r.wear) || !r.wear.every((n) => isCount(n) || n === null)) return 'wear';
  if (typeof r.heat !== 'object' || r.heat === null || !Object.values(r.heat).every(isCount)) return 'heat';
  if (!Array.isArray(r.violations)) return 'violations';
  for (const v of r.violations as Array<Record<string, unknown>>) {
    if (typeof v !== 'object' || v === null || typeof v.id !== 'string' || typeof v.kind !== 'string' || typeof v.summary !== 'string' || !Array.isArray(v.ops)) return 'violations';
    if (v.count !== undefined && !isCount(v.count)) return 'violations (count)';
  }
  return undefined;
}

/** The records of results.jsonl, and where its last whole line ends (a torn tail after it is a killed run's). */
function scanRecords(dir: string): { records: CaseRecord[]; validBytes: number; totalBytes: number } {
  const file = resultsPath(dir);
  if (!fs.existsSync(file)) return { records: [], validBytes: 0, totalBytes: 0 };
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const records: CaseRecord[] = [];
  let offset = 0;
  let validBytes = 0;
  for (const [i, line] of lines.entries()) {
    const last = i === lines.length - 1;
    const end = offset + Buffer.byteLength(line) + (last ? 0 : 1);
    if (line.trim()) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        // Only the last line may be torn (a process killed while appending): that case runs again.
        if (last || (i === lines.length - 2 && !lines[i + 1])) break;
        throw new CampaignDirError(`${file} line ${i + 1} is not JSON; nothing was changed`);
      }
      const bad = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? recordFieldProblem(parsed as Record<string, unknown>) : 'the whole line';
      if (bad) throw new CampaignDirError(`${file} line ${i + 1}: ${bad} is missing or wrong; nothing was changed`);
      records.push(parsed as CaseRecord);
      if (!last) validBytes = end;
    } else if (!last) {
      validBytes = end;
    }
    offset = end;
  }
  return { records, validBytes, totalBytes: Buffer.byteLength(text) };
}

/** Finished cases (their violations get the case's ops back, in memory only); a torn last line is dropped. */
export function readRecords(dir: string): CaseRecord[] {
  const { records } = scanRecords(dir);
  return records.map((r) => ({ ...r, violations: r.violations.map((v) => (v.ops.length ? v : { ...v, ops: r.ops })) }));
}

/** Cuts a torn last line off (a killed run's), so appends start on a fresh line; whole lines are never rewritten. */
export function repairResults(dir: string): void {
  const { validBytes, totalBytes } = scanRecords(dir);
  if (validBytes < totalBytes) fs.truncateSync(resultsPath(dir), validBytes);
}

/** Checks that `dir` is (or can become) a directory; a file there, or a file on its path, is bad input. */
export function ensureOutDir(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' ? 'it is a file' : code === 'ENOTDIR' ? 'a part of its path is a file' : code === 'EACCES' ? 'it is not writable' : (code ?? (e as Error).message);
    throw new CampaignDirError(`--out ${dir}: ${why} (it must be a directory that can be written)`);
  }
}

export function appendRecord(dir: string, record: CaseRecord): void {
  fs.appendFileSync(resultsPath(dir), JSON.stringify(record) + '\n');
}
