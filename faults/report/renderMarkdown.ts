// report.md: the CI job summary, readable at a glance (verdict first, then root causes, at most ~20 of them).
import { causeLabels } from '../campaign/causes';
import { groupViolations } from '../campaign/signature';
import type { CampaignReport } from '../campaign/types';
import { causesOf, countsOf, countsText } from './counts';
import { clip, escapeMarkdown as md, markdownFence, replayCommand } from './escape';
import { ALLOWED_OUTCOMES, configPairs, fmtInt, fmtNum, kindsOf, pct, severityText, subjectLine, VERDICT_TEXT, verdictCounts, verdictLabel, verdictReason } from './format';
import { GLOSSARY } from './glossary';
import { guaranteesOf } from './htmlGuarantees';
import { minimalLines } from './htmlViolations';

export const MARKDOWN_GROUP_LIMIT = 20;

const MARK: Record<CampaignReport['verdict'], string> = { pass: '✅', fail: '❌', incomplete: '⚠️' };

function totals(r: CampaignReport): string[] {
  const t = r.totals;
  const c = countsOf(r);
  const kinds = kindsOf(r)
    .map((k) => [k, (t.byKind as Record<string, number>)[k] ?? 0] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${md(k)} ${fmtInt(n)}`);
  const outcomes = [...new Set([...ALLOWED_OUTCOMES, ...Object.keys(t.byOutcome)])].map(
    (o) => `${md(o)} ${fmtInt(t.byOutcome[o] ?? 0)} (${pct(t.byOutcome[o] ?? 0, t.crashPoints)})`,
  );
  const verdicts = verdictCounts(r).map(([v, n]) => `${VERDICT_TEXT[v]} ${fmtInt(n)}`);
  return [
    '| | |',
    '| --- | --- |',
    `| cases done / planned | ${fmtInt(t.cases)} / ${fmtInt(t.casesPlanned)} |`,
    `| crash points | ${fmtInt(c.crashPoints)} |`,
    `| nested cuts | ${fmtInt(c.nestedPoints)} |`,
    `| violations | ${fmtInt(c.violations)}${kinds.length ? `: ${kinds.join(', ')}` : ''}${c.referenceFailures ? ` (${fmtInt(c.referenceFailures)} without a cut)` : ''} |`,
    `| distinct violations | ${fmtInt(c.distinct)} |`,
    `| root causes | ${fmtInt(c.causes)} (${fmtInt(c.known)} known findings, ${fmtInt(c.fresh)} new) |`,
    ...(verdicts.length ? [`| by verdict | ${verdicts.join(', ')} |`] : []),
    `| recovered to | ${outcomes.join(', ')} |`,
    `| config | ${configPairs(r).map(([k, v]) => `${md(k)} ${md(v)}`).join('; ')} |`,
  ];
}

function causes(r: CampaignReport): string[] {
  const all = causesOf(r);
  if (!all.length) return ['No violations.'];
  const groups = new Map(groupViolations(r).map((g) => [g.key, g]));
  const labels = causeLabels(all);
  const out: string[] = [];
  all.slice(0, MARKDOWN_GROUP_LIMIT).forEach((cause, i) => {
    const first = groups.get(cause.groups[0]);
    const title = cause.finding ? cause.finding.title : (first?.signature ?? '');
    const replay = replayCommand(cause.minimal?.id ?? first?.example.id ?? '', r.config.driverFile, r.config.start?.kind === 'image' ? r.config.start.path : null);
    const fence = markdownFence(replay);
    out.push(
      `#### ${i + 1}. ${md(labels.get(cause.key) as string)}${cause.finding ? '' : ' (new)'} — ${md(title)}`,
      '',
      `${fmtInt(cause.count)} violations (${fmtInt(cause.distinct)} distinct) · ${md(cause.kind)} at stage ${md(cause.stage)} · ${fmtInt(cause.groups.length)} signature${cause.groups.length === 1 ? '' : 's'}`,
      '',
      cause.finding ? md(cause.finding.explanation) : `New: no recorded finding explains it. ${md(clip(first?.example.summary ?? '', 160))}`,
      '',
    );
    if (cause.minimal) {
      const lines = minimalLines(cause.minimal).map((l) => `${l.text}${l.note ? `    # ${l.note}` : ''}`);
      const body = lines.join('\n');
      const f = markdownFence(body);
      out.push(`minimal case (${cause.minimal.ops.length} ops${cause.minimal.from ? `, shrunk from ${cause.minimal.from}` : ''}):`, '', `${f}text`, body, f, '');
    }
    out.push(`${fence}sh`, replay, fence, '');
  });
  if (all.length > MARKDOWN_GROUP_LIMIT) out.push('', `${fmtInt(all.length - MARKDOWN_GROUP_LIMIT)} more root causes in report.html / report.json.`);
  return out;
}

function guaranteeTable(r: CampaignReport): string[] {
  const g = guaranteesOf(r);
  const cell = (c: { points: number; broken: number; by: string[] }): string =>
    !c.points ? '–' : c.broken ? `**broken ${fmtInt(c.broken)}** (${md(c.by.join(', ') || 'unnamed')})` : 'held';
  return [
    `| promise (${md(g.flash)} flash) | ${g.columns.map(md).join(' | ')} |`,
    `| --- |${g.columns.map(() => ' --- |').join('')}`,
    ...g.rows.map((row) => `| ${md(row.text)} | ${row.cells.map(cell).join(' | ')} |`),
  ];
}

function glossary(): string[] {
  return GLOSSARY.flatMap((b) => [`**${md(b.title)}**`, '', ...b.terms.map(([t, d]) => `- **${md(t)}**: ${md(d)}`), '']);
}

export function renderMarkdown(r: CampaignReport): string {
  const t = r.timing;
  const c = countsOf(r);
  const severity = severityText(r);
  const stopped = r.stopped.length ? r.stopped.map((s) => `- ${md(s.reason)} (${fmtInt(s.cases)} cases)`) : ['- none: every sequence was checked to its end'];
  return [
    `## ${MARK[r.verdict]} ${verdictLabel(r)} — ${md(subjectLine(r))}`,
    '',
    md(verdictReason(r, countsText(c))),
    ...(severity ? ['', md(severity)] : []),
    '',
    ...totals(r),
    '',
    `### Violations by root cause (${fmtInt(c.violations)} violations, ${fmtInt(c.distinct)} distinct, ${fmtInt(c.causes)} root causes)`,
    '',
    ...causes(r),
    '',
    '### Guarantees',
    '',
    ...guaranteeTable(r),
    '',
    '### Stopped early (the model cannot predict past these; documented behaviour)',
    '',
    ...stopped,
    '',
    '### Glossary',
    '',
    ...glossary(),
    '### Time',
    '',
    `wall ${fmtNum(t.wallSeconds)} s · in cases ${fmtNum(t.caseSeconds)} s · ${fmtInt(t.crashPointsPerSecond)} crash points/s · ${fmtInt(t.workers)} worker${t.workers === 1 ? '' : 's'}`,
    '',
  ].join('\n');
}
