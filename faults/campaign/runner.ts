// Runs a campaign's cases on worker threads (or in-process), appending each finished case to results.jsonl.
import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isRuntimeDriver } from '../driver/registry';
import { runCampaignCase } from './caseRun';
import { appendRecord, CampaignDirError, ensureOutDir, readConfig, readRecords, repairResults, resultsPath, writeConfig } from './results';
import type { CampaignConfig, CaseRecord } from './types';

export interface Progress {
  casesDone: number;
  casesPlanned: number;
  crashPoints: number;
  /** As the report counts them (faults/report/counts.ts): violating crash points plus runs that diverged without a cut. */
  violations: number;
  /** Violations folded per case and signature (the report's distinct count). */
  distinct: number;
  elapsedMs: number;
}

export interface RunOptions {
  dir: string;
  config: CampaignConfig;
  workers: number;
  /** Continue the campaign already in `dir` (its own config) instead of starting one. */
  resume: boolean;
  /** Wall-clock milliseconds; the CLI passes Date.now (faults/ itself reads no clock). */
  clock: () => number;
  onProgress?: (p: Progress) => void;
  /** Set to true (e.g. on SIGINT) to stop dispatching; finished cases stay in results.jsonl. */
  stop?: { requested: boolean };
}

export interface RunResult {
  config: CampaignConfig;
  records: CaseRecord[];
  planned: number[];
  startedAtMs: number;
  finishedAtMs: number;
  stoppedEarly: boolean;
}

/** Case indexes of this shard, in order. */
export function plannedCases(config: CampaignConfig): number[] {
  const all = config.seeds.map((_, i) => i);
  const s = config.shard;
  return s ? all.filter((i) => i % s.count === s.index - 1) : all;
}

export async function runCampaign(opts: RunOptions): Promise<RunResult> {
  const { dir } = opts;
  let config = opts.config;
  let records: CaseRecord[] = [];
  if (opts.resume) {
    config = readConfig(dir);
    records = readRecords(dir);
    repairResults(dir);
  } else {
    ensureOutDir(dir);
    if (fs.existsSync(resultsPath(dir)) && fs.statSync(resultsPath(dir)).size > 0) {
      throw new CampaignDirError(`${path.resolve(dir)} already holds a campaign: use --resume ${dir}, or another --out`);
    }
    writeConfig(dir, config);
    fs.writeFileSync(resultsPath(dir), '');
  }
  const planned = plannedCases(config);
  const done = new Set(records.map((r) => r.index));
  const todo = planned.filter((i) => !done.has(i));
  const startedAtMs = opts.clock();
  const budgetMs = config.timeBudgetSeconds === null ? Number.POSITIVE_INFINITY : config.timeBudgetSeconds * 1000;
  const violationsOf = (r: CaseRecord): number => r.violations.reduce((n, v) => n + (v.count ?? 1), 0);
  const state = {
    records,
    crashPoints: records.reduce((n, r) => n + r.crashPoints, 0),
    violations: records.reduce((n, r) => n + violationsOf(r), 0),
    distinct: records.reduce((n, r) => n + r.violations.length, 0),
  };
  const progress = (): void =>
    opts.onProgress?.({
      casesDone: state.records.length,
      casesPlanned: planned.length,
      crashPoints: state.crashPoints,
      violations: state.violations,
      distinct: state.distinct,
      elapsedMs: opts.clock() - startedAtMs,
    });
  const accept = (r: CaseRecord): void => {
    appendRecord(dir, r);
    state.records.push(r);
    state.crashPoints += r.crashPoints;
    state.violations += violationsOf(r);
    state.distinct += r.violations.length;
    progress();
  };
  const mayStart = (): boolean => !opts.stop?.requested && opts.clock() - startedAtMs < budgetMs;
  progress();
  // A driver handed over as an object lives in this thread only: its cases run here.
  const workers = isRuntimeDriver(config.engine) ? 1 : Math.max(1, Math.min(opts.workers, todo.length));
  const stoppedEarly = workers <= 1 ? runInProcess(config, todo, accept, mayStart) : await runOnWorkers(config, todo, workers, accept, mayStart);
  return { config, records: state.records, planned, startedAtMs, finishedAtMs: opts.clock(), stoppedEarly };
}

function runInProcess(config: CampaignConfig, todo: number[], accept: (r: CaseRecord) => void, mayStart: () => boolean): boolean {
  for (const index of todo) {
    if (!mayStart()) return true;
    accept(runCampaignCase(config, index));
  }
  return false;
}

/** The plain-JS worker entry lives in the source tree; from dist/ it is three levels up. */
function workerEntry(): string {
  const beside = path.join(__dirname, 'workerEntry.js');
  return fs.existsSync(beside) ? beside : path.join(__dirname, '..', '..', '..', 'faults', 'campaign', 'workerEntry.js');
}

/** A queue of case indexes handed out one at a time, so fast workers take more cases. */
function runOnWorkers(config: CampaignConfig, todo: number[], count: number, accept: (r: CaseRecord) => void, mayStart: () => boolean): Promise<boolean> {
  const queue = [...todo];
  let stoppedEarly = false;
  let live = count;
  return new Promise((resolve, reject) => {
    const finish = (w: Worker): void => {
      w.postMessage(null);
      if (--live === 0) resolve(stoppedEarly);
    };
    const next = (w: Worker): void => {
      if (queue.length && !mayStart()) stoppedEarly = true;
      const index = queue.length && !stoppedEarly ? queue.shift() : undefined;
      if (index === undefined) finish(w);
      else w.postMessage(index);
    };
    for (let i = 0; i < count; i++) {
      const w = new Worker(workerEntry(), { workerData: { config } });
      w.on('message', (m: { ready?: boolean; record?: CaseRecord; error?: string }) => {
        if (m.error) return reject(new Error(m.error));
        if (m.record) accept(m.record);
        next(w);
      });
      w.on('error', reject);
    }
  });
}
