// The guarantee table and the glossary, as page sections.
import { guarantees, type Guarantees } from '../campaign/guarantees';
import type { CampaignReport } from '../campaign/types';
import { causesOf } from './counts';
import { escapeHtml as esc } from './escape';
import { fmtInt } from './format';
import { GLOSSARY } from './glossary';

/** The report's table, or one computed from it (reports written before the table existed). */
export const guaranteesOf = (r: CampaignReport): Guarantees => r.guarantees ?? guarantees(r, causesOf(r));

export function guaranteesHtml(r: CampaignReport): string {
  const g = guaranteesOf(r);
  const head = g.columns.map((c) => `<th class="num">${esc(c)}</th>`).join('');
  const rows = g.rows
    .map((row) => {
      const cells = row.cells.map((c) => {
        if (!c.points) return '<td class="num zero">–</td>';
        if (!c.broken) return `<td class="num held" title="${esc(`${fmtInt(c.points)} crash points`)}">held</td>`;
        return `<td class="num broken" title="${esc(`${fmtInt(c.broken)} of ${fmtInt(c.points)}`)}">broken ${fmtInt(c.broken)}<br><span class="by">${esc(c.by.join(', ') || 'unnamed')}</span></td>`;
      });
      return `<tr><th>${esc(row.text)}</th>${cells.join('')}</tr>`;
    })
    .join('');
  const points = g.columns.map((c) => `<td class="num muted">${fmtInt(g.rows[0]?.cells[g.columns.indexOf(c)]?.points ?? 0)}</td>`).join('');
  return (
    `<section id="guarantees"><h2>Guarantees</h2><p class="muted">${esc(`${g.engine} · profile ${g.profile} · flash ${g.flash}: each promise under each torn model, held over every crash point or broken by how many (and by which findings). Run the campaign with another --flash for the other columns of the question.`)}</p>` +
    `<div class="scroll"><table class="guarantees"><thead><tr><th>promise \\ torn model</th>${head}</tr></thead><tbody>${rows}<tr><th class="muted">crash points</th>${points}</tr></tbody></table></div></section>`
  );
}

export function glossaryHtml(): string {
  const blocks = GLOSSARY.map(
    (b) => `<div class="gloss"><h3>${esc(b.title)}</h3><dl>${b.terms.map(([t, d]) => `<dt>${esc(t)}</dt><dd>${esc(d)}</dd>`).join('')}</dl></div>`,
  ).join('');
  return `<section id="glossary"><h2>Glossary</h2><div class="glossary">${blocks}</div></section>`;
}
