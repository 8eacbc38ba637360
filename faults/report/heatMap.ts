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
  /** Violating crash points by verdict (from the violations' damage probes). */
  verdicts?: Map<string, number>;
}

const tally = (): Tally => ({ total: 0, bad: 0, outcomes: new Map() });

type HeatInput = Pick<CampaignReport, 'heat' | 'config'> & Partial<Pick<CampaignReport, 'violations'>>;

/**
 * Verdict counts per row (op kind, phase), from the violations that carry a damage probe. Per row, not per torn
 * model: an entry folds the crash points of its op whose images were alike, whatever their torn models.
 */
function verdictTallies(r: HeatInput): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const v of r.violations ?? []) {
    if (!v.damage || !v.cut) continue;
    const key = JSON.stringify([v.opKind, v.phase]);
    if (!out.has(key)) out.set(key, new Map());
    const m = out.get(key) as Map<string, number>;
    m.set(v.damage.verdict, (m.get(v.damage.verdict) ?? 0) + (v.count ?? 1));
  }
  return out;
}

function add(t: Tally, c: HeatCell): void {
  t.total += c.count;
  if (isViolationOutcome(c.outcome)) t.bad += c.count;
  t.outcomes.set(c.outcome, (t.outcomes.get(c.outcome) ?? 0) + c.count);
}

const phaseRank = (p: string): number => (PHASE_ORDER.includes(p) ? PHASE_ORDER.indexOf(p) : PHASE_ORDER.length);
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Rows (op kind, phase), columns (torn models: the config's order, then any other seen) and the tallies. */
export function heatGrid(r: HeatInput) {
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
  const verdicts = verdictTallies(r);
  for (const [key, t] of cells) t.verdicts = verdicts.get(JSON.stringify(JSON.parse(key).slice(0, 2)));
  for (const [key, t] of rowTotals) t.verdicts = verdicts.get(key);
  const sortedRows = [...rows.values()].sort((a, b) => byText(a.opKind, b.opKind) || phaseRank(a.phase) - phaseRank(b.phase) || byText(a.phase, b.phase));
  return {
    rows: sortedRows,
    cols,
    cell: (opKind: string, phase: string, torn: string): Tally | undefined => cells.get(JSON.stringify([opKind, phase, torn])),
    rowTotal: (opKind: string, phase: string): Tally => rowTotals.get(JSON.stringify([opKind, phase])) ?? tally(),
  };
}

/** Light and deep colour of each verdict's scale (red when a cell's violations carry no verdict). */
const SCALES: Record<string, [number[], number[]]> = {
  unusable: [[230, 218, 250], [90, 40, 160]],
  'data-lost': [[252, 214, 208], [176, 32, 38]],
  'wrong-answer': [[253, 229, 200], [188, 92, 20]],
};

/** The worst verdict among a cell's violations. */
const worst = (t: Tally): string => ['unusable', 'data-lost', 'wrong-answer'].find((v) => t.verdicts?.get(v)) ?? 'data-lost';

/** Green when every point recovered; deeper as the share of violations grows, in the hue of the worst verdict. */
export function cellColour(t: Tally | undefined): { fill: string; text: string } {
  if (!t || t.total === 0) return { fill: '#f1f3f5', text: '#98a2ad' };
  if (t.bad === 0) return { fill: '#cfeedd', text: '#0f5132' };
  const share = t.bad / t.total;
  const [from, to] = SCALES[worst(t)];
  const mix = (i: number): number => Math.round(from[i] + (to[i] - from[i]) * share);
  return { fill: `rgb(${mix(0)},${mix(1)},${mix(2)})`, text: share > 0.45 ? '#ffffff' : '#3b0a0a' };
}

function tooltip(label: string, t: Tally | undefined): string {
  if (!t || t.total === 0) return `${label}: no crash points`;
  const parts = [...t.outcomes].sort((a, b) => b[1] - a[1]).map(([o, n]) => `${o} ${fmtInt(n)}`);
  const verdicts = [...(t.verdicts ?? [])].map(([v, n]) => `${v.replace('-', ' ')} ${fmtInt(n)}`);
  return `${label}: ${fmtInt(t.total)} crash points, ${pct(t.bad, t.total)} violations\n${parts.join(', ')}${verdicts.length ? `\nverdicts in this row: ${verdicts.join(', ')}` : ''}`;
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
export function heatMapSvg(r: HeatInput): string {
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
  const share = (bad: number, verdict = 'data-lost'): Tally => ({ total: 100, bad, outcomes: new Map(), verdicts: new Map([[verdict, 1]]) });
  return (
    '<div class="legend">' +
    swatch(share(0), 'all recovered (old / new / mid)') +
    swatch(share(60, 'wrong-answer'), 'wrong answers') +
    swatch(share(60, 'data-lost'), 'data lost') +
    swatch(share(60, 'unusable'), 'unusable') +
    swatch(share(10), '10% violations') +
    swatch(share(100), '100%') +
    swatch(undefined, 'no crash points') +
    '<span class="muted">hover a cell for its outcome counts</span></div>'
  );
}
