// The report page's inline stylesheet and script: no fonts, images or scripts are fetched at view time.

export const HTML_STYLE = `
:root { --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --panel: #f6f8fa;
  --pass: #1a7f37; --fail: #cf222e; --incomplete: #9a6700; --code: #0d1117; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: var(--bg); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 20px; margin: 0; font-weight: 600; }
h2 { font-size: 16px; margin: 0 0 10px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
section { margin-top: 26px; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12.5px; }
.muted { color: var(--muted); }
.verdict { display: flex; gap: 20px; align-items: center; padding: 18px 20px; border-radius: 8px; border: 1px solid; }
.verdict.pass { background: #dafbe1; border-color: #4ac26b; }
.verdict.fail { background: #ffebe9; border-color: #ff8182; }
.verdict.incomplete { background: #fff8c5; border-color: #d4a72c; }
.verdict .word { font-size: 44px; font-weight: 800; letter-spacing: 1px; line-height: 1; padding: 10px 18px; border-radius: 6px; color: #fff; }
.verdict.pass .word { background: var(--pass); } .verdict.fail .word { background: var(--fail); } .verdict.incomplete .word { background: var(--incomplete); }
.verdict .why { font-size: 15px; margin: 4px 0 8px; }
.config { display: flex; flex-wrap: wrap; gap: 4px 18px; margin: 0; font-size: 12.5px; }
.config div { display: flex; gap: 6px; } .config dt { color: var(--muted); } .config dd { margin: 0; font-weight: 500; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin-bottom: 14px; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; }
.card .n { font-size: 22px; font-weight: 700; } .card .l { color: var(--muted); font-size: 12px; }
.card.bad .n { color: var(--fail); } .card.good .n { color: var(--pass); }
.pair { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 4px 12px 4px 0; border-bottom: 1px solid #eaeef2; vertical-align: top; }
th { color: var(--muted); font-weight: 600; font-size: 12px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.zero, .swatch.zero { color: #8c959f; } td.bad { color: var(--fail); font-weight: 700; }
table.kinds th, table.kinds td { padding-right: 10px; } table.kinds td.num { text-align: center; font-size: 15px; }
.outcomes { flex: 1 1 360px; min-width: 300px; } .outcomes .label { color: var(--muted); font-weight: 600; font-size: 12px; margin-bottom: 4px; }
.outcomes .stack { display: flex; height: 14px; border-radius: 3px; overflow: hidden; background: #eaeef2; }
.outcomes .legend { margin-top: 6px; }
.scroll { overflow-x: auto; }
svg { font-family: inherit; display: block; max-width: 100%; height: auto; }
svg .axis { fill: var(--muted); } svg .strong { font-weight: 700; fill: var(--fg); } svg .area { fill: #b35900; font-weight: 600; }
svg .rowlabel { fill: var(--fg); } svg .cell:hover rect { stroke: #1f2328; stroke-width: 1.5; }
.legend { display: flex; flex-wrap: wrap; gap: 14px; margin-top: 8px; font-size: 12px; align-items: center; }
.swatch { display: inline-flex; gap: 5px; align-items: center; } .swatch i { width: 14px; height: 14px; border-radius: 3px; display: inline-block; border: 1px solid #d0d7de; }
.group { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px; margin-bottom: 10px; }
.group .head { display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
.group .count { font-size: 18px; font-weight: 700; min-width: 3ch; }
.group .sig { font-weight: 600; word-break: break-word; }
.group .where { color: var(--muted); font-size: 12.5px; margin: 2px 0 6px; }
.group .example { word-break: break-all; margin: 4px 0; }
.kind { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: #6e7781; }
.kind.lost, .kind.corrupted { background: #a40e26; } .kind.phantom, .kind.resurrected { background: #bc4c00; }
.kind.status { background: #8250df; } .kind.crash { background: #1f2328; } .kind.hang { background: #9a6700; }
details > summary { cursor: pointer; color: #0969da; font-size: 12.5px; }
ol.ops { margin: 4px 0 4px; padding-left: 3.2em; max-height: 260px; overflow: auto; word-break: break-all; }
ol.ops li.cut { background: #fff8c5; }
pre.replay { position: relative; margin: 6px 0 0; padding: 8px 10px; background: var(--code); color: #e6edf3; border-radius: 6px; white-space: pre-wrap; word-break: break-all; user-select: all; }
pre.replay button { position: absolute; top: 4px; right: 4px; font: 12px system-ui, sans-serif; border: 1px solid #3d444d; background: #21262d; color: #e6edf3; border-radius: 4px; padding: 2px 8px; cursor: pointer; user-select: none; }
.none { padding: 10px 14px; border-radius: 6px; background: #dafbe1; color: #0f5132; }
.verdict .severity { margin: 0 0 6px; font-weight: 600; }
.verdict .named { margin: 0 0 8px; display: flex; flex-wrap: wrap; gap: 6px; }
.finding { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 700; background: #0969da; color: #fff; text-decoration: none; font-size: 12.5px; }
.finding.new { background: #bf3989; }
.explanation { margin: 6px 0; max-width: 95ch; }
.chips { display: flex; flex-wrap: wrap; gap: 6px; margin: 4px 0; font-size: 12px; align-items: center; }
.verdict-chip { padding: 1px 8px; border-radius: 10px; color: #fff; font-weight: 600; }
.verdict-chip.unusable, .v-unusable { background: #6639ba; } .verdict-chip.data-lost, .v-data-lost { background: #cf222e; } .verdict-chip.wrong-answer, .v-wrong-answer { background: #d4742c; }
.minimal { margin: 6px 0; }
table.places td { font-size: 12.5px; }
table.guarantees td.held { color: var(--pass); font-weight: 600; } table.guarantees td.broken { color: var(--fail); font-weight: 700; }
table.guarantees .by { font-weight: 400; font-size: 11.5px; color: var(--muted); }
.glossary { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 8px 24px; }
.gloss h3 { font-size: 13px; margin: 6px 0 4px; } .gloss dl { margin: 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; font-size: 12.5px; }
.gloss dt { font-weight: 600; } .gloss dd { margin: 0; color: var(--muted); }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@media print { .verdict { break-inside: avoid; } .group { break-inside: avoid; } }
`;

/** Adds a copy button to each replay command; without scripts the command is still select-all on click. */
export const HTML_SCRIPT = `
document.querySelectorAll('pre.replay').forEach(function (pre) {
  var b = document.createElement('button'); b.type = 'button'; b.textContent = 'copy';
  b.addEventListener('click', function () {
    var text = pre.querySelector('code').textContent;
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(function () { b.textContent = 'copied'; }, function () { b.textContent = 'select + copy'; });
  });
  pre.appendChild(b);
});
`;
