// The entry point: writes report.json, report.md and report.html for one campaign report into a directory.
import fs from 'node:fs';
import path from 'node:path';
import type { CampaignReport } from '../campaign/types';
import type { MinimalSequences } from './htmlViolations';
import { renderHtml } from './renderHtml';
import { renderMarkdown } from './renderMarkdown';

export { groupViolations, type ViolationGroup } from '../campaign/signature';

export interface ReportExtras {
  /** Group key (groupViolations' `key`) -> the shrunk case, for a report that does not carry its own `minimal`. */
  minimal?: MinimalSequences;
}

export function writeReports(dir: string, report: CampaignReport, extras: ReportExtras = {}): { json: string; md: string; html: string } {
  fs.mkdirSync(dir, { recursive: true });
  const paths = { json: path.join(dir, 'report.json'), md: path.join(dir, 'report.md'), html: path.join(dir, 'report.html') };
  const shown = !report.minimal && extras.minimal ? { ...report, minimal: Object.fromEntries(extras.minimal) } : report;
  fs.writeFileSync(paths.json, `${JSON.stringify(report, null, 1)}\n`);
  fs.writeFileSync(paths.md, renderMarkdown(shown));
  fs.writeFileSync(paths.html, renderHtml(shown));
  return paths;
}
