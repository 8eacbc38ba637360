// Wear per erase unit as an inline SVG bar chart, with the engine's areas marked.
import { wearAreasOf } from '../campaign/storeOf';
import type { CampaignReport } from '../campaign/types';
import { escapeHtml as esc } from './escape';
import { fmtInt } from './format';

const W = 760;
const H = 230;
const PAD = { left: 56, right: 16, top: 26, bottom: 46 };

/** A tick step of 1, 2 or 5 x 10^k that gives about four gridlines. */
function tickStep(max: number): number {
  const raw = Math.max(1, max / 4);
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) as number;
}

/** Erase units where the engine's areas start, after the first: as the report recorded them, else from its driver. */
export function areaStarts(r: Pick<CampaignReport, 'config' | 'wear'>): number[] {
  return (r.wear.areas ?? wearAreasOf(r.config)).filter((u) => u > 0 && u < r.wear.units.length);
}

export function wearChartSvg(r: Pick<CampaignReport, 'config' | 'wear'>): string {
  const units = r.wear.units.map((n) => n ?? 0);
  if (!units.length) return '<p class="muted">No wear was recorded.</p>';
  const max = Math.max(...units);
  const step = tickStep(max);
  const top = Math.max(step, Math.ceil(max / step) * step);
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const slot = plotW / units.length;
  const barW = Math.max(1, slot * (units.length > 64 ? 1 : 0.72));
  const y = (v: number): number => PAD.top + plotH - (plotH * v) / top;
  const out: string[] = [
    `<svg class="wear" role="img" aria-label="erases per erase unit" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" font-size="11">`,
  ];
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${y(v)}" y2="${y(v)}" stroke="${v ? '#e6e9ec' : '#8c959f'}"/>`);
    out.push(`<text x="${PAD.left - 6}" y="${y(v) + 4}" text-anchor="end" class="axis">${fmtInt(v)}</text>`);
  }
  const labelEvery = Math.max(1, Math.ceil(units.length / 32));
  units.forEach((n, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    out.push(`<rect x="${x}" y="${y(n)}" width="${barW}" height="${y(0) - y(n)}" fill="#3b6ea8"><title>unit ${i} (0x${(i * r.wear.eraseSizeBytes).toString(16)}): ${fmtInt(n)} erases</title></rect>`);
    if (i % labelEvery === 0) out.push(`<text x="${PAD.left + (i + 0.5) * slot}" y="${PAD.top + plotH + 15}" text-anchor="middle" class="axis">${i}</text>`);
  });
  const starts = areaStarts(r);
  starts.forEach((start, k) => {
    const bx = PAD.left + start * slot;
    out.push(`<line x1="${bx}" x2="${bx}" y1="${PAD.top - 14}" y2="${PAD.top + plotH}" stroke="#b35900" stroke-dasharray="5 4" stroke-width="1.5"/>`);
    if (k === 0) out.push(`<text x="${bx - 6}" y="${PAD.top - 6}" text-anchor="end" class="area">area 0</text>`);
    out.push(`<text x="${bx + 6}" y="${PAD.top - 6}" class="area">area ${k + 1}</text>`);
  });
  out.push(`<text x="${PAD.left + plotW / 2}" y="${H - 8}" text-anchor="middle" class="axis">erase unit (${esc(fmtInt(r.wear.eraseSizeBytes))} bytes each)</text>`);
  out.push(`<text transform="translate(14 ${PAD.top + plotH / 2}) rotate(-90)" text-anchor="middle" class="axis">erases</text>`);
  out.push('</svg>');
  return out.join('');
}
