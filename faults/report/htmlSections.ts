// The report page's summary sections: verdict, totals, stopped sequences and time spent.
import type { CampaignReport } from '../campaign/types';
import { escapeHtml as esc } from './escape';
import { causeLabels } from '../campaign/causes';
import { causesOf, countsOf, countsText } from './counts';
import { ALLOWED_OUTCOMES, configPairs, fmtInt, fmtNum, kindsOf, pct, severityText, subjectLine, VERDICT_TEXT, verdictCounts, verdictLabel, verdictReason } from './format';

export function verdictHtml(r: CampaignReport): string {
  const config = configPairs(r)
    .map(([k, v]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`)
    .join('');
  const causes = causesOf(r);
  const labels = causeLabels(causes);
  const named = causes.slice(0, 8).map((c) => `<span class="finding${c.finding ? '' : ' new'}">${esc(labels.get(c.key) as string)} ${fmtInt(c.count)}×</span>`);
  const severity = severityText(r);
  return (
    `<header class="verdict ${esc(r.verdict)}" id="verdict"><div class="word">${esc(verdictLabel(r))}</div>` +
    `<div><h1>${esc(subjectLine(r))}</h1><p class="why">${esc(verdictReason(r, countsText(countsOf(r))))}</p>` +
    (severity ? `<p class="severity">${esc(severity)}</p>` : '') +
    (named.length ? `<p class="named">${named.join(' ')}${causes.length > named.length ? ` <span class="muted">+${fmtInt(causes.length - named.length)} more</span>` : ''}</p>` : '') +
    `<dl class="config">${config}</dl></div></header>`
  );
}

const card = (n: string, label: string, cls = ''): string => `<div class="card ${cls}"><div class="n">${esc(n)}</div><div class="l">${esc(label)}</div></div>`;

/** Colours of the recovery outcomes in the stacked bar: allowed ones in blues, violations in red. */
const OUTCOME_COLOUR: Record<string, string> = { old: '#3b6ea8', new: '#5fa8d3', mid: '#8e7cc3' };

function outcomeBar(r: CampaignReport): string {
  const t = r.totals;
  const outcomes = [...new Set([...ALLOWED_OUTCOMES, ...Object.keys(t.byOutcome)])];
  const total = Object.values(t.byOutcome).reduce((a, b) => a + b, 0);
  const colour = (o: string): string => OUTCOME_COLOUR[o] ?? '#cf222e';
  const segments = outcomes
    .filter((o) => (t.byOutcome[o] ?? 0) > 0)
    .map((o) => `<span style="flex:${t.byOutcome[o]};background:${colour(o)}" title="${esc(`${o}: ${fmtInt(t.byOutcome[o])}`)}"></span>`)
    .join('');
  const keys = outcomes
    .map((o) => {
      const n = t.byOutcome[o] ?? 0;
      const bad = !(ALLOWED_OUTCOMES as readonly string[]).includes(o);
      return `<span class="swatch${n ? '' : ' zero'}"><i style="background:${colour(o)}"></i>${esc(o)}${bad ? ' (violation)' : ''} <b>${fmtInt(n)}</b> <span class="muted">${pct(n, total)}</span></span>`;
    })
    .join('');
  return `<div class="outcomes"><div class="label">crash points recovered to</div><div class="stack">${segments}</div><div class="legend">${keys}</div></div>`;
}

function kindsTable(r: CampaignReport): string {
  const counts = kindsOf(r).map((k) => [k, (r.totals.byKind as Record<string, number>)[k] ?? 0] as const);
  const head = counts.map(([k]) => `<th><span class="kind ${esc(k)}">${esc(k)}</span></th>`).join('');
  const row = counts.map(([, n]) => `<td class="num${n ? ' bad' : ' zero'}">${fmtInt(n)}</td>`).join('');
  return `<table class="kinds"><thead><tr><th>violations by class</th>${head}</tr></thead><tbody><tr><td></td>${row}</tr></tbody></table>`;
}

/** Violations by verdict as a stacked bar: what the cuts cost the device, worst first. */
function verdictBar(r: CampaignReport): string {
  const counts = verdictCounts(r);
  const total = counts.reduce((s, [, n]) => s + n, 0);
  if (!total) return '';
  const segments = counts.filter(([, n]) => n).map(([v, n]) => `<span class="v-${v}" style="flex:${n}" title="${esc(`${VERDICT_TEXT[v]}: ${fmtInt(n)}`)}"></span>`).join('');
  const keys = counts.map(([v, n]) => `<span class="swatch${n ? '' : ' zero'}"><i class="v-${v}"></i>${esc(VERDICT_TEXT[v])} <b>${fmtInt(n)}</b> <span class="muted">${pct(n, total)}</span></span>`).join('');
  return `<div class="outcomes"><div class="label">violations by verdict (what the cut cost the device)</div><div class="stack">${segments}</div><div class="legend">${keys}</div></div>`;
}

export function totalsHtml(r: CampaignReport): string {
  const t = r.totals;
  const c = countsOf(r);
  const recovered = ALLOWED_OUTCOMES.reduce((s, o) => s + (t.byOutcome[o] ?? 0), 0);
  const cards = [
    card(`${fmtInt(t.cases)} / ${fmtInt(t.casesPlanned)}`, 'cases done / planned', t.cases < t.casesPlanned ? 'bad' : ''),
    card(fmtInt(c.crashPoints), 'crash points'),
    card(fmtInt(c.nestedPoints), 'nested cuts (during recovery)'),
    card(fmtInt(c.violations), c.referenceFailures ? `violations (${fmtInt(c.referenceFailures)} without a cut)` : 'violations', c.violations ? 'bad' : 'good'),
    card(fmtInt(c.distinct), 'distinct violations', c.distinct ? 'bad' : 'good'),
    card(`${fmtInt(c.causes)}`, `root causes (${fmtInt(c.known)} known, ${fmtInt(c.fresh)} new)`, c.causes ? 'bad' : 'good'),
    card(pct(recovered, t.crashPoints), 'crash points recovered (old / new / mid)', recovered === t.crashPoints ? 'good' : 'bad'),
  ].join('');
  return `<section id="totals"><h2>Totals</h2><div class="cards">${cards}</div><div class="pair">${kindsTable(r)}${outcomeBar(r)}${verdictBar(r)}</div></section>`;
}

export function stoppedHtml(r: CampaignReport): string {
  const body = r.stopped.length
    ? `<table><thead><tr><th>reason</th><th class="num">cases</th></tr></thead><tbody>${r.stopped
        .map((s) => `<tr><td>${esc(s.reason)}</td><td class="num">${fmtInt(s.cases)}</td></tr>`)
        .join('')}</tbody></table>`
    : '<p class="muted">Every sequence was checked to its end.</p>';
  return (
    `<section id="stopped"><h2>Stopped early</h2><p class="muted">Sequences are checked up to the first op the model cannot predict ` +
    `(a documented behaviour of the engine); the rest of such a sequence is not judged.</p>${body}</section>`
  );
}

export function timingHtml(r: CampaignReport): string {
  const t = r.timing;
  const rows: Array<[string, string]> = [
    ['wall time', `${fmtNum(t.wallSeconds)} s`],
    ['time in cases (all workers)', `${fmtNum(t.caseSeconds)} s`],
    ['crash points per second', fmtInt(t.crashPointsPerSecond)],
    ['workers', fmtInt(t.workers)],
    ['started', t.startedAt],
    ['finished', t.finishedAt],
  ];
  return `<section id="timing"><h2>Time spent</h2><table><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td class="mono">${esc(v)}</td></tr>`).join('')}</tbody></table></section>`;
}
