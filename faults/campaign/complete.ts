// A built report made whole: every group's shrunk case, groups folded into root causes named by the driver's
// findings, and the guarantee table. The campaign and `flashproof report` finish the same way.
import { rootCauses } from './causes';
import { guarantees } from './guarantees';
import { minimalSequences, type Minimal } from './minimal';
import { campaignCase } from './storeOf';
import type { CampaignReport } from './types';

/** The driver's findings, or none when the driver cannot be loaded now (a report merged where its file is absent). */
function findingsOf(r: CampaignReport) {
  try {
    return campaignCase(r.config).driver.findings;
  } catch {
    return undefined;
  }
}

/** `shrink` false keeps the shrunk cases already known (a soak's many campaigns skip shrinking). */
export function completeReport(built: CampaignReport, known: Minimal, shrink = true): { report: CampaignReport; minimal: Minimal } {
  const minimal = shrink ? minimalSequences(built, known) : known;
  const causes = rootCauses(built, findingsOf(built), minimal);
  const report: CampaignReport = { ...built, minimal: Object.fromEntries(minimal), causes, guarantees: guarantees(built, causes) };
  return { report, minimal };
}
