// report.html: one self-contained page (inline CSS and SVG, no network) a team reads to judge its store.
import type { CampaignReport } from '../campaign/types';
import { escapeHtml as esc } from './escape';
import { subjectLine, verdictLabel } from './format';
import { heatLegendHtml, heatMapSvg } from './heatMap';
import { stoppedHtml, timingHtml, totalsHtml, verdictHtml } from './htmlSections';
import { HTML_SCRIPT, HTML_STYLE } from './htmlStyle';
import { glossaryHtml, guaranteesHtml } from './htmlGuarantees';
import { violationsHtml } from './htmlViolations';
import { areaStarts, wearChartSvg } from './wearChart';

function heatSection(r: CampaignReport): string {
  return (
    `<section id="heatmap"><h2>Where the cuts landed</h2><p class="muted">Crash points by operation and engine phase (rows) and torn-write model (columns); ` +
    `the number is the crash points in the cell; the colour's depth is the share that violated the oracle, its hue the worst verdict among them ` +
    `(orange: wrong answers only, red: data lost, purple: the store became unusable).</p>` +
    `<div class="scroll">${heatMapSvg(r)}</div>${heatLegendHtml()}</section>`
  );
}

function wearSection(r: CampaignReport): string {
  const starts = areaStarts(r);
  const ranges = [0, ...starts].map((s, k) => `${s}–${(starts[k] ?? r.wear.units.length) - 1}`);
  const note = starts.length ? ` Dashed lines mark where the engine's areas start (units ${ranges.join(', ')}).` : '';
  return (
    `<section id="wear"><h2>Wear per erase unit</h2><p class="muted">Erases per erase unit, summed over every case's recording run.${esc(note)}</p>` +
    `<div class="scroll">${wearChartSvg(r)}</div></section>`
  );
}

export function renderHtml(r: CampaignReport): string {
  const title = `${verdictLabel(r)} · flashproof · ${subjectLine(r)}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    `<title>${esc(title)}</title><style>${HTML_STYLE}</style></head>`,
    '<body><main>',
    verdictHtml(r),
    totalsHtml(r),
    heatSection(r),
    violationsHtml(r),
    guaranteesHtml(r),
    wearSection(r),
    glossaryHtml(),
    stoppedHtml(r),
    timingHtml(r),
    `<footer>${esc(`flashproof ${r.tool.version} · finished ${r.timing.finishedAt} · report.json beside this page has every violation and replay id`)}</footer>`,
    `</main><script>${HTML_SCRIPT}</script></body></html>`,
    '',
  ].join('\n');
}
