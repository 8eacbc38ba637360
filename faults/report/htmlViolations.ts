// The report page's violations, by root cause: the finding's name and explanation (or "new"), what the cuts cost,
// where they landed, the shrunk case and its replay command.
import { elideValues } from '../campaign/buildReport';
import { causeLabels, type RootCause } from '../campaign/causes';
import type { MinimalCase } from '../campaign/minimal';
import { groupViolations, type ViolationGroup } from '../campaign/signature';
import { cutLabel } from '../crash/types';
import type { CampaignReport } from '../campaign/types';
import { causesOf, countsOf, countsText } from './counts';
import { clip, escapeHtml as esc, replayCommand } from './escape';
import { fmtInt, VERDICT_TEXT } from './format';
import { VERDICTS } from '../campaign/damage';

export type MinimalSequences = Map<string, MinimalCase>;

/** Root causes shown on the page; the rest are counted (report.json has them all). */
export const HTML_GROUP_LIMIT = 50;
/** Where-the-cuts-landed rows per root cause. */
const PLACE_LIMIT = 8;

/** The op a summary says failed ("op 3 set …"), or -1. */
export const failingOp = (summary: string | undefined): number => {
  const m = /^op (\d+) /.exec(summary ?? '');
  return m ? Number(m[1]) : -1;
};

/** The cut in words: where in the op, and what the torn model left. */
function cutNote(cut: NonNullable<MinimalCase['cut']>, phase: string): string {
  if (cut.fault === 'device-error') return `device error at its ${phase} step`;
  if (cut.fault === 'bit-flip') return 'a bit flips at rest after the run';
  if (cut.torn === 'before') return `power cut just before its ${phase} step`;
  if (cut.torn === 'after') return `power cut right after its ${phase} step`;
  return `power cut during its ${phase} step (torn: ${cutLabel(cut)})`;
}

/** Each op of a shrunk case, values elided, the cut and the failing op marked. */
export function minimalLines(m: MinimalCase): Array<{ text: string; note: string }> {
  const failing = failingOp(m.summary);
  return m.ops.map((op, i) => {
    const notes: string[] = [];
    if (i === m.opIndex && m.cut) notes.push(`← ${cutNote(m.cut, m.phase ?? 'flash')}`);
    else if (i === m.opIndex && m.stage === 'reference') notes.push('← diverges here, no cut needed');
    if (i === failing) notes.push('← fails here');
    return { text: elideValues(op), note: notes.join(' ') };
  });
}

function minimalHtml(m: MinimalCase): string {
  const items = minimalLines(m)
    .map((l) => `<li${l.note ? ' class="cut"' : ''}>${esc(l.text)}${l.note ? ` <b>${esc(l.note)}</b>` : ''}</li>`)
    .join('');
  const from = m.from !== undefined && m.from !== m.ops.length ? `, shrunk from ${fmtInt(m.from)}` : '';
  return (
    `<div class="minimal"><div class="muted">minimal case: ${fmtInt(m.ops.length)} op${m.ops.length === 1 ? '' : 's'}${esc(from)}</div>` +
    `<ol class="ops mono" start="0">${items}</ol>${m.summary ? `<div class="example mono">${esc(clip(m.summary, 240))}</div>` : ''}</div>`
  );
}

/** Verdict counts of a cause's violations (each folded entry's probe, weighted by its crash points). */
function damageOf(keys: ReadonlySet<string>, groups: Map<string, ViolationGroup>): { verdicts: Map<string, number>; keysMax: number } {
  const verdicts = new Map<string, number>();
  let keysMax = 0;
  for (const k of keys) {
    for (const v of groups.get(k)?.members ?? []) {
      if (!v.damage) continue;
      verdicts.set(v.damage.verdict, (verdicts.get(v.damage.verdict) ?? 0) + (v.count ?? 1));
      keysMax = Math.max(keysMax, v.damage.keys);
    }
  }
  return { verdicts, keysMax };
}

function verdictChips(d: { verdicts: Map<string, number>; keysMax: number }): string {
  const chips = VERDICTS.filter((v) => d.verdicts.get(v)).map((v) => `<span class="verdict-chip ${v}">${esc(VERDICT_TEXT[v])} ${fmtInt(d.verdicts.get(v) ?? 0)}</span>`);
  if (d.keysMax) chips.push(`<span class="muted">up to ${fmtInt(d.keysMax)} committed key${d.keysMax === 1 ? '' : 's'} lost or changed per cut</span>`);
  return chips.length ? `<div class="chips">${chips.join(' ')}</div>` : '';
}

function placesHtml(cause: RootCause, groups: Map<string, ViolationGroup>): string {
  const rows = cause.groups.slice(0, PLACE_LIMIT).map((k) => {
    const g = groups.get(k) as ViolationGroup;
    return `<tr><td class="num">${fmtInt(g.count)}</td><td>${esc(`${g.opKind} / ${g.phase}`)}</td><td>${esc(g.stage)}</td><td>${esc(g.torn.join(', ') || '–')}</td><td class="mono">${esc(clip(g.signature, 120))}</td></tr>`;
  });
  const more = cause.groups.length - PLACE_LIMIT;
  return (
    `<details><summary>where the cuts landed (${fmtInt(cause.groups.length)} signature${cause.groups.length === 1 ? '' : 's'})</summary>` +
    `<table class="places"><thead><tr><th class="num">violations</th><th>cut in op / phase</th><th>stage</th><th>torn</th><th>signature</th></tr></thead><tbody>${rows.join('')}</tbody></table>` +
    (more > 0 ? `<p class="muted">${fmtInt(more)} more in report.json</p>` : '') +
    `</details>`
  );
}

function causeHtml(r: CampaignReport, cause: RootCause, label: string, groups: Map<string, ViolationGroup>): string {
  const first = groups.get(cause.groups[0]) as ViolationGroup;
  const title = cause.finding ? cause.finding.title : first.signature;
  const name = cause.finding ? `<span class="finding">${esc(label)}</span>` : `<span class="finding new">${esc(label)}</span>`;
  const about = cause.finding
    ? `<p class="explanation">${esc(cause.finding.explanation)}</p><p class="muted"><b>hardened:</b> ${esc(cause.finding.hardened)}</p>`
    : `<p class="explanation muted">New: no recorded finding of ${esc(r.config.engine)} explains it. Its shrunk case below is the place to start.</p>`;
  const id = cause.minimal?.id ?? first.example.id;
  return (
    `<article class="group" data-key="${esc(cause.key)}"><div class="head"><span class="count">${fmtInt(cause.count)}×</span>${name}` +
    `<span class="kind ${esc(cause.kind)}">${esc(cause.kind)}</span><span class="sig">${esc(title)}</span></div>` +
    `<div class="where">${esc(`stage ${cause.stage} · ${fmtInt(cause.distinct)} distinct`)}</div>${verdictChips(damageOf(new Set(cause.groups), groups))}${about}` +
    `${cause.minimal ? minimalHtml(cause.minimal) : `<div class="example"><span class="muted">e.g.</span> <span class="mono">${esc(clip(first.example.summary))}</span></div>`}` +
    `${placesHtml(cause, groups)}<pre class="replay"><code>${esc(replayCommand(id, r.config.driverFile, r.config.start?.kind === 'image' ? r.config.start.path : null))}</code></pre></article>`
  );
}

export function violationsHtml(r: CampaignReport): string {
  const causes = causesOf(r);
  if (!causes.length) return `<section id="violations"><h2>Violations</h2><p class="none">No violations: every crash point recovered to an allowed state.</p></section>`;
  const groups = new Map(groupViolations(r).map((g) => [g.key, g]));
  const labels = causeLabels(causes);
  const shown = causes.slice(0, HTML_GROUP_LIMIT);
  const more = causes.length - shown.length;
  const intro = `${countsText(countsOf(r))}. A root cause is a recorded finding (its name and explanation), or a new failure: violations whose shrunk cases fail the same way, wherever the cut landed. Largest first.`;
  return (
    `<section id="violations"><h2>Violations by root cause</h2><p class="muted">${esc(intro)}</p>${shown.map((c) => causeHtml(r, c, labels.get(c.key) as string, groups)).join('')}` +
    (more > 0 ? `<p class="more">${fmtInt(more)} more root cause${more === 1 ? '' : 's'} not shown; report.json lists every violation.</p>` : '') +
    `</section>`
  );
}
