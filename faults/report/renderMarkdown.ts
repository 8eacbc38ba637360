// report.md: the CI job summary, readable at a glance (verdict first, at most ~20 violation groups).
import type { CampaignReport } from '../campaign/types';
import { clip, escapeMarkdown as md, markdownFence, replayCommand } from './escape';
import { ALLOWED_OUTCOMES, configPairs, fmtInt, fmtNum, kindsOf, pct, subjectLine, verdictLabel, verdictReason } from './format';
import { groupViolations } from '../campaign/signature';
import type { MinimalSequences } from './htmlViolations';

export const MARKDOWN_GROUP_LIMIT = 20;

const MARK: Record<CampaignReport['verdict'], string> = { pass: '✅', fail: '❌', incomplete: '⚠️' };

function totals(r: CampaignReport): string[] {
  const t = r.totals;
  const kinds = kindsOf(r)
    .map((k) => [k, (t.byKind as Record<string, number>)[k] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${md(k)} ${fmtInt(n)}`);
  const outcomes = [...new Set([...ALLOWED_OUTCOMES, ...Object.keys(t.byOutcome)])].map(
    (o) => `${md(o)} ${fmtInt(t.byOutcome[o] ?? 0)} (${pct(t.byOutcome[o] ?? 0, t.crashPoints)})`,
  );
  return [
    '| | |',
    '| --- | --- |',
    `| cases done / planned | ${fmtInt(t.cases)} / ${fmtInt(t.casesPlanned)} |`,
    `| crash points | ${fmtInt(t.crashPoints)} |`,
    `| nested cuts | ${fmtInt(t.nestedPoints)} |`,
    `| violations | ${fmtInt(t.violations)}${kinds.length ? `: ${kinds.join(', ')}` : ''} |`,
    `| recovered to | ${outcomes.join(', ')} |`,
    `| config | ${configPairs(r).map(([k, v]) => `${md(k)} ${md(v)}`).join('; ')} |`,
  ];
}

function groups(r: CampaignReport, minimal?: MinimalSequences): string[] {
  const all = groupViolations(r);
  if (!all.length) return ['No violations.'];
  const out: string[] = [];
  all.slice(0, MARKDOWN_GROUP_LIMIT).forEach((g, i) => {
    const min = minimal?.get(g.key);
    const replay = replayCommand(min ? min.id : g.example.id);
    const fence = markdownFence(replay);
    out.push(
      `#### ${i + 1}. ${fmtInt(g.count)}× ${md(g.kind)} · stage ${md(g.stage)} · ${md(g.opKind)} / ${md(g.phase)} · torn ${md(g.torn.join(', ') || '–')}`,
      '',
      `${md(clip(g.example.summary, 160))}${min ? ` (minimal sequence: ${min.ops.length} ops)` : ''}`,
      '',
      `${fence}sh`,
      replay,
      fence,
      '',
    );
  });
  if (all.length > MARKDOWN_GROUP_LIMIT) out.push('', `${fmtInt(all.length - MARKDOWN_GROUP_LIMIT)} more groups in report.html / report.json.`);
  return out;
}

export function renderMarkdown(r: CampaignReport, minimal?: MinimalSequences): string {
  const t = r.timing;
  const stopped = r.stopped.length ? r.stopped.map((s) => `- ${md(s.reason)} (${fmtInt(s.cases)} cases)`) : ['- none: every sequence was checked to its end'];
  return [
    `## ${MARK[r.verdict]} ${verdictLabel(r)} — ${md(subjectLine(r))}`,
    '',
    md(verdictReason(r, groupViolations(r).length)),
    '',
    ...totals(r),
    '',
    `### Violations (${fmtInt(r.totals.violations)} in ${fmtInt(groupViolations(r).length)} groups)`,
    '',
    ...groups(r, minimal),
    '',
    '### Stopped early (the model cannot predict past these; documented behaviour)',
    '',
    ...stopped,
    '',
    '### Time',
    '',
    `wall ${fmtNum(t.wallSeconds)} s · in cases ${fmtNum(t.caseSeconds)} s · ${fmtInt(t.crashPointsPerSecond)} crash points/s · ${fmtInt(t.workers)} worker${t.workers === 1 ? '' : 's'}`,
    '',
  ].join('\n');
}
