// The report page's violation groups: one entry per signature with its minimal ops and replay command.
import type { CampaignReport } from '../campaign/types';
import { clip, escapeHtml as esc, replayCommand } from './escape';
import { fmtInt } from './format';
import { groupViolations, type ViolationGroup } from '../campaign/signature';

export type MinimalSequences = Map<string, { id: string; ops: string[] }>;

/** Groups shown on the page; the rest are counted (report.json has them all). */
export const HTML_GROUP_LIMIT = 50;

function opsHtml(g: ViolationGroup, minimal: { id: string; ops: string[] } | undefined): string {
  const ops = minimal ? minimal.ops : g.example.ops;
  const cutAt = minimal ? -1 : g.example.opIndex;
  const items = ops.map((op, i) => `<li${i === cutAt ? ' class="cut" title="the cut lands in this op"' : ''}>${esc(op)}${i === cutAt ? ' <b>← cut</b>' : ''}</li>`).join('');
  const label = minimal ? `minimal op sequence (${ops.length} ops)` : `op sequence (${ops.length} ops, not minimised)`;
  return `<details><summary>${esc(label)}</summary><ol class="ops mono" start="0">${items}</ol></details>`;
}

function groupHtml(g: ViolationGroup, minimal: { id: string; ops: string[] } | undefined): string {
  const ex = g.example;
  const where = [`cut in ${g.opKind} (${g.phase} phase)`, `failed at stage ${g.stage}`, `torn ${g.torn.join(', ') || '–'}`];
  if (g.nested) where.push(`${fmtInt(g.nested)} from nested cuts`);
  const replay = replayCommand(minimal ? minimal.id : ex.id);
  return (
    `<article class="group" data-key="${esc(g.key)}"><div class="head"><span class="count">${fmtInt(g.count)}×</span>` +
    `<span class="kind ${esc(g.kind)}">${esc(g.kind)}</span><span class="sig">${esc(g.signature)}</span></div>` +
    `<div class="where">${esc(where.join(' · '))}</div>` +
    `<div class="example"><span class="muted">e.g.</span> <span class="mono">${esc(clip(ex.summary))}</span></div>${opsHtml(g, minimal)}` +
    `<pre class="replay"><code>${esc(replay)}</code></pre></article>`
  );
}

export function violationsHtml(r: CampaignReport, minimal?: MinimalSequences): string {
  const groups = groupViolations(r);
  if (!groups.length) return `<section id="violations"><h2>Violations</h2><p class="none">No violations: every crash point recovered to an allowed state.</p></section>`;
  const shown = groups.slice(0, HTML_GROUP_LIMIT);
  const more = groups.length - shown.length;
  const intro = `${fmtInt(r.violations.length)} violations in ${fmtInt(groups.length)} group${groups.length === 1 ? '' : 's'} (same class, stage, op, phase and summary once keys and values are set aside), largest first.`;
  return (
    `<section id="violations"><h2>Violations</h2><p class="muted">${esc(intro)}</p>${shown.map((g) => groupHtml(g, minimal?.get(g.key))).join('')}` +
    (more > 0 ? `<p class="more">${fmtInt(more)} more group${more === 1 ? '' : 's'} not shown; report.json lists every violation.</p>` : '') +
    `</section>`
  );
}
