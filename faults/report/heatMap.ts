// The heat map: crash points by op kind x engine phase (rows) x torn model (columns), coloured by outcome mix.
import type { CampaignReport, HeatCell } from '../campaign/types';
import { escapeHtml as esc } from './escape';
import { fmtInt, isViolationOutcome, pct } from './format';

/** Engine phases in the order a write goes through them; unknown phases follow alphabetically. */
const PHASE_ORDER = ['header', 'data', 'commit', 'gc-copy', 'erase', 'master', 'reserved', 'none'];

interface Tally {
  total: number;
  bad: number;
  outcomes: Map<string, number>;
}

const tally = (): Tally => ({ total: 0, bad: 0, outcomes: new Map() });

function add(t: Tally, c: HeatCell): void {
  t.total += c.count;
  if (isViolationOutcome(c.outcome)) t.bad += c.count;
  t.outcomes.set(c.outcome, (t.outcomes.get(c.outcome) ?? 0) + c.count);
}

const phaseRank = (p: string): number => (PHASE_ORDER.includes(p) ? PHASE_ORDER.indexOf(p) : PHASE_ORDER.length);
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rows (op kind, phase), columns (torn models: the config's order, then any other seen) and the tallies. */
export function heatGrid(r: Pick<CampaignReport, 'heat' | 'config'>) {
  const rows = new Map<string, { opKind: string; phase: string }>();
  const cols = [...r.config.torn];
  const cells = new Map<string, Tally>();
  const rowTotals = new Map<string, Tally>();
  for (const c of r.heat) {
    const row = JSON.stringify([c.opKind, c.phase]);
    rows.set(row, { opKind: c.opKind, phase: c.phase });
    if (!cols.includes(c.torn)) cols.push(c.torn);
    const key = JSON.stringify([c.opKind, c.phase, c.torn]);
    if (!cells.has(key)) cells.set(key, tally());
    if (!rowTotals.has(row)) rowTotals.set(row, tally());
    add(cells.get(key) as Tally, c);
    add(rowTotals.get(row) as Tally, c);
  }
  const sortedRows = [...rows.values()].sort((a, b) => byText(a.opKind, b.opKind) || phaseRank(a.phase) - phaseRank(b.phase) || byText(a.phase, b.phase));
  return {
    rows: sortedRows,
    cols,
    cell: (opKind: string, phase: string, torn: string): Tally | undefined => cells.get(JSON.stringify([opKind, phase, torn])),
    rowTotal: (opKind: string, phase: string): Tally => rowTotals.get(JSON.stringify([opKind, phase])) ?? tally(),
  };
}

/** Green when every point recovered; from light to deep red as the share of violations grows. */
export function cellColour(t: Tally | undefined): { fill: string; text: string } {
  if (!t || t.total === 0) return { fill: '#f1f3f5', text: '#98a2ad' };
  if (t.bad === 0) return { fill: '#cfeedd', text: '#0f5132' };
  const share = t.bad / t.total;
  const mix = (from: number, to: number): number => Math.round(from + (to - from) * share);
  const fill = `rgb(${mix(252, 176)},${mix(214, 32)},${mix(208, 38)})`;
  return { fill, text: share > 0.45 ? '#ffffff' : '#5c0f0f' };
}

function tooltip(label: string, t: Tally | undefined): string {
  if (!t || t.total === 0) return `${label}: no crash points`;
  const parts = [...t.outcomes].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${fmtInt(n)}`);
  return `${label}: ${fmtInt(t.total)} crash points, ${pct(t.bad, t.total)} violations\n${parts.join(', ')}`;
}

const CELL_W = 80;
const CELL_H = 26;
const LABEL_W = 190;
const HEAD_H = 34;

/** SVG text does not wrap: long labels are cut, the full text stays in a tooltip. */
const fit = (s: string, max: number): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function cellSvg(x: number, y: number, t: Tally | undefined, label: string, strong = false): string {
  const { fill, text } = cellColour(t);
  const shown = t && t.total ? fmtInt(t.total) : '·';
  return (
    `<g class="cell"><title>${esc(tooltip(label, t))}</title>` +
    `<rect x="${x + 1}" y="${y + 1}" width="${CELL_W - 2}" height="${CELL_H - 2}" rx="3" fill="${fill}"${strong ? ' stroke="#5b6670" stroke-width="1"' : ''}/>` +
    `<text x="${x + CELL_W / 2}" y="${y + CELL_H / 2 + 4}" text-anchor="middle" fill="${text}"${strong ? ' font-weight="600"' : ''}>${shown}</text></g>`
  );
}

/** Inline SVG; every cell carries a <title> tooltip with its outcome counts. */
export function heatMapSvg(r: Pick<CampaignReport, 'heat' | 'config'>): string {
  const g = heatGrid(r);
  if (!g.rows.length) return '<p class="muted">No crash points were recorded.</p>';
  const cols = [...g.cols, 'all'];
  const width = LABEL_W + cols.length * CELL_W + 4;
  const height = HEAD_H + g.rows.length * CELL_H + 4;
  const out: string[] = [
    `<svg class="heatmap" role="img" aria-label="crash points by operation, phase and torn model" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg" font-size="12">`,
    `<text x="8" y="${HEAD_H - 10}" class="axis">op kind / phase</text>`,
  ];
  cols.forEach((c, i) => {
    const x = LABEL_W + i * CELL_W + CELL_W / 2;
    out.push(`<text x="${x}" y="${HEAD_H - 10}" text-anchor="middle" class="axis${c === 'all' ? ' strong' : ''}"><title>${esc(c)}</title>${esc(fit(c, 13))}</text>`);
  });
  let prevKind = '';
  g.rows.forEach((row, i) => {
    const y = HEAD_H + i * CELL_H;
    if (row.opKind !== prevKind && i > 0) out.push(`<line x1="4" x2="${width - 4}" y1="${y}" y2="${y}" stroke="#c9d1d9" stroke-width="1"/>`);
    const kindText = row.opKind !== prevKind ? `<tspan font-weight="600">${esc(fit(row.opKind, 14))}</tspan> ` : '';
    const full = `<title>${esc(`${row.opKind} / ${row.phase}`)}</title>`;
    out.push(`<text x="8" y="${y + CELL_H / 2 + 4}" class="rowlabel">${full}${kindText}<tspan fill="#57606a">${esc(fit(row.phase, 12))}</tspan></text>`);
    prevKind = row.opKind;
    g.cols.forEach((torn, j) => {
      out.push(cellSvg(LABEL_W + j * CELL_W, y, g.cell(row.opKind, row.phase, torn), `${row.opKind} / ${row.phase} / ${torn}`));
    });
    out.push(cellSvg(LABEL_W + g.cols.length * CELL_W, y, g.rowTotal(row.opKind, row.phase), `${row.opKind} / ${row.phase} / all torn models`, true));
  });
  out.push('</svg>');
  return out.join('');
}

/** The colour key under the map. */
export function heatLegendHtml(): string {
  const swatch = (t: Tally | undefined, label: string): string => `<span class="swatch"><i style="background:${cellColour(t).fill}"></i>${esc(label)}</span>`;
  const share = (bad: number): Tally => ({ total: 100, bad, outcomes: new Map() });
  return (
    '<div class="legend">' +
    swatch(share(0), 'all recovered (old / new / mid)') +
    swatch(share(10), '10% violations') +
    swatch(share(50), '50%') +
    swatch(share(100), '100%') +
    swatch(undefined, 'no crash points') +
    '<span class="muted">hover a cell for its outcome counts</span></div>'
  );
}
