// The library's campaign: a driver (object, built-in name or file) and settings in, the reports and verdict out.
import os from 'node:os';
import path from 'node:path';
import { campaignConfig, type CampaignSettings } from '../faults/campaign/configure';
import { finishCampaign, type FinishedCampaign } from '../faults/campaign/finish';
import { runCampaign as runCases, type Progress } from '../faults/campaign/runner';
import { InputError } from '../faults/driver/errors';
import { builtinDriver, loadDriverFile, registerDriver, type LoadedDriver } from '../faults/driver/registry';
import type { AnyDriver } from '../faults/driver/types';
import { DRIVERS } from '../faults/drivers';

export interface CampaignRequest extends CampaignSettings {
  /**
   * The store: a built-in engine's name, a driver file's path (campaign workers load it too), or a driver object
   * (it lives in this thread only, so its cases run here, one at a time).
   */
  driver: AnyDriver | string;
  /** Directory for config.json, results.jsonl and the reports. */
  out: string;
  /** Worker threads (default: one per core). */
  workers?: number;
  /** Continue the campaign already in `out` with its own settings. */
  resume?: boolean;
  onProgress?: (p: Progress) => void;
}

export interface CampaignOutcome extends FinishedCampaign {
  dir: string;
  verdict: FinishedCampaign['report']['verdict'];
}

/** A built-in name, a path to a driver file, or a driver object, as a loaded driver. */
export function resolveDriver(driver: AnyDriver | string): LoadedDriver {
  if (typeof driver !== 'string') return registerDriver(driver);
  if (DRIVERS.some((d) => d.name === driver)) return builtinDriver(driver);
  if (/[\\/]/.test(driver) || /\.(c|m)?[jt]s$/.test(driver)) return loadDriverFile(driver);
  return builtinDriver(driver);
}

/** Runs a fault campaign and writes report.json, report.md and report.html into `out`. Bad settings: InputError. */
export async function runCampaign(req: CampaignRequest): Promise<CampaignOutcome> {
  const { driver, out, workers, resume, onProgress, ...settings } = req;
  if (typeof out !== 'string' || !out) throw new InputError('out: a directory for the campaign is required');
  const loaded = resolveDriver(driver);
  const config = campaignConfig(loaded, settings);
  const n = workers ?? os.cpus().length;
  if (!Number.isSafeInteger(n) || n < 1) throw new InputError(`workers must be a positive whole number, got ${workers}`);
  const run = await runCases({ dir: out, config, workers: n, resume: resume === true, clock: Date.now, onProgress });
  const done = finishCampaign(out, run, n);
  return { ...done, dir: path.resolve(out), verdict: done.report.verdict };
}
