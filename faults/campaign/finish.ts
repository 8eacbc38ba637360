// After a campaign's cases: the merged report, shrunk examples of its largest groups, and the three report files.
import { parseGeometry } from '../../engine/flash/geometry';
import { writeReports } from '../report/writeReports';
import { buildReport } from './buildReport';
import { completeReport } from './complete';
import { readMinimal, writeMinimal } from './minimal';
import type { RunResult } from './runner';
import { addSession, sessionTiming } from './timing';
import type { CampaignReport } from './types';

export interface FinishedCampaign {
  report: CampaignReport;
  paths: { json: string; md: string; html: string };
}

/** `shrink` false skips shrinking the largest groups' examples (a soak's many campaigns). */
export function finishCampaign(dir: string, run: RunResult, workers: number, shrink = true): FinishedCampaign {
  const sessions = addSession(dir, { startedAtMs: run.startedAtMs, finishedAtMs: run.finishedAtMs, workers });
  const built = buildReport(run.config, run.records, sessionTiming(sessions), parseGeometry(run.config.geometry).eraseSizeBytes);
  const { report, minimal } = completeReport(built, readMinimal(dir), shrink);
  writeMinimal(dir, minimal);
  return { report, paths: writeReports(dir, report, { minimal }) };
}
