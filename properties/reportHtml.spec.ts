// The three report files a team reads to decide whether its store is safe: structure, escaping, and (where
// Debian's Chromium exists) how the page really renders, with screenshots in out/reports-test/.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext } from 'playwright-core';
import type { CampaignReport } from '../faults/campaign/types';
import { replayCommand } from '../faults/report/escape';
import { rootCauses } from '../faults/campaign/causes';
import { groupViolations, normaliseSummary } from '../faults/campaign/signature';
import { tdbstoreDriver } from '../faults/drivers';
import { causesOf, countsOf, countsText } from '../faults/report/counts';
import { heatGrid } from '../faults/report/heatMap';
import { HTML_GROUP_LIMIT } from '../faults/report/htmlViolations';
import { MARKDOWN_GROUP_LIMIT } from '../faults/report/renderMarkdown';
import { writeReports } from '../faults/report/writeReports';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(ROOT, 'out', 'reports-test');
/** Debian's Chromium; CI may point elsewhere (Ubuntu's chromium-browser is a snap wrapper). */
const CHROMIUM = process.env.FLASHPROOF_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const load = (name: string): CampaignReport => JSON.parse(fs.readFileSync(path.join(ROOT, 'properties', 'fixtures', 'reports', name), 'utf8')) as CampaignReport;
const read = (p: string): string => fs.readFileSync(p, 'utf8');
const count = (text: string, re: RegExp): number => [...text.matchAll(re)].length;
/** The part of the page between an element's opening tag and the next section. */
const sectionOf = (html: string, id: string): string => {
  const start = html.indexOf(`id="${id}"`);
  assert.ok(start >= 0, `section #${id} missing`);
  const end = html.indexOf('<section', start + 1);
  return html.slice(start, end < 0 ? undefined : end);
};

const HOSTILE = '<script>alert(1)</script>';

/** The mbed sample with attacker-shaped strings in every field the page shows. */
function hostileReport(): CampaignReport {
  const r = load('sample-mbed.json');
  r.config.engine = '<svg onload=alert(2)>';
  r.config.torn = [...r.config.torn, '</title><script>alert(3)</script>'];
  r.heat[0] = { ...r.heat[0], opKind: HOSTILE, torn: '</title><script>alert(3)</script>' };
  const v = r.violations[0];
  r.violations[0] = { ...v, id: `fp1/${HOSTILE}'$(touch pwned)\``, summary: `op 3 set ${HOSTILE} [x](javascript:alert(5)) "q" & 'a'\u0000: engine WRITE_FAILED, model SUCCESS`, ops: [...v.ops.slice(0, 2), '<img src=x onerror=alert(4)>'] };
  r.stopped = [{ reason: '<b>bold</b> & </td> | `tick`', cases: 1 }];
  return r;
}

/** Markdown outside code fences, where GitHub would render HTML. */
function markdownProse(md: string): string {
  return md.replace(/^(`{3,})(?:sh)?\n[\s\S]*?\n\1$/gm, '');
}

describe('reports: report.json, report.md and report.html', function () {
  const samples = { mbed: load('sample-mbed.json'), hardened: load('sample-hardened.json') };
  const written: Record<string, { json: string; md: string; html: string }> = {};

  before(() => {
    fs.rmSync(OUT, { recursive: true, force: true });
    for (const [name, report] of Object.entries(samples)) written[name] = writeReports(path.join(OUT, name), report);
    written.hostile = writeReports(path.join(OUT, 'hostile'), hostileReport());
  });

  it('report.json is the CampaignReport as is', () => {
    for (const [name, report] of Object.entries(samples)) assert.deepEqual(JSON.parse(read(written[name].json)), report);
  });

  it('report.md leads with the verdict and lists each group with its replay command', () => {
    const md = read(written.mbed.md);
    assert.match(md.split('\n')[0], /^## ❌ FAIL — tdbstore · profile mbed · geometry 4096:512:8:1 · flash strict$/);
    assert.match(read(written.hardened.md).split('\n')[0], /^## ✅ PASS — tdbstore · profile hardened/);
    for (const heading of ['### Violations by root cause', '### Guarantees', '### Stopped early', '### Glossary', '### Time']) assert.ok(md.includes(heading), heading);
    assert.match(md, /\| cases done \/ planned \| 4 \/ 4 \|/);
    const causes = causesOf(samples.mbed);
    const groups = new Map(groupViolations(samples.mbed).map((g) => [g.key, g]));
    assert.equal(count(md, /^#### \d+\. /gm), Math.min(causes.length, MARKDOWN_GROUP_LIMIT));
    for (const c of causes.slice(0, MARKDOWN_GROUP_LIMIT)) assert.ok(md.includes(`\n${replayCommand(groups.get(c.groups[0])?.example.id ?? '')}\n`), c.key);
  });

  it('report.html has every section a reader needs, verdict first', () => {
    for (const [name, report] of Object.entries(samples)) {
      const html = read(written[name].html);
      const order = ['verdict', 'totals', 'heatmap', 'violations', 'guarantees', 'wear', 'glossary', 'stopped', 'timing'].map((id) => html.indexOf(`id="${id}"`));
      assert.ok(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1])), `${name}: sections in order ${order}`);
      assert.ok(sectionOf(html, 'verdict').includes(`class="word">${report.verdict.toUpperCase()}<`));
      for (const k of ['seeds', 'torn models', 'cut depth', 'schedule']) assert.ok(sectionOf(html, 'verdict').includes(`<dt>${k}</dt>`), k);
    }
  });

  it('heat map: one SVG cell per (op kind, phase) x (torn model + all), each with a tooltip', () => {
    for (const [name, report] of Object.entries(samples)) {
      const svg = sectionOf(read(written[name].html), 'heatmap');
      const grid = heatGrid(report);
      assert.equal(count(svg, /<svg class="heatmap"/g), 1);
      assert.equal(count(svg, /<g class="cell"><title>/g), grid.rows.length * (grid.cols.length + 1), name);
      const total = grid.rows.reduce((s, row) => s + grid.rowTotal(row.opKind, row.phase).total, 0);
      assert.equal(total, report.totals.crashPoints, `${name}: cells add up to the crash points`);
    }
    assert.match(sectionOf(read(written.mbed.html), 'heatmap'), /status \d+/, 'tooltips name violation outcomes');
  });

  it('wear chart: one bar per erase unit, axis labels and the TDBStore area boundary', () => {
    const svg = sectionOf(read(written.mbed.html), 'wear');
    assert.equal(count(svg, /<rect [^>]*fill="#3b6ea8"><title>unit \d+/g), samples.mbed.wear.units.length);
    for (const label of ['area 0', 'area 1', 'erases', 'erase unit (512 bytes each)']) assert.ok(svg.includes(label), label);
  });

  it('violations by root cause: largest first, each with class, where the cuts landed and replay command', () => {
    const html = read(written.mbed.html);
    const groups = groupViolations(samples.mbed);
    const causes = causesOf(samples.mbed);
    assert.equal(groups.reduce((s, g) => s + g.count, 0), samples.mbed.totals.violations);
    assert.equal(causes.reduce((s, c) => s + c.count, 0), samples.mbed.totals.violations);
    assert.ok(causes.every((c, i) => i === 0 || causes[i - 1].count >= c.count));
    assert.equal(count(html, /<article class="group"/g), causes.length);
    const byKey = new Map(groups.map((g) => [g.key, g]));
    for (const c of causes) assert.ok(html.includes(`<code>${replayCommand(byKey.get(c.groups[0])?.example.id ?? '').replace(/'/g, '&#39;')}</code>`), c.key);
    assert.ok(sectionOf(read(written.hardened.html), 'violations').includes('No violations'));
    assert.deepEqual(groupViolations(load('sample-mbed.json')).map((g) => g.key), groups.map((g) => g.key), 'keys are stable');
  });

  it('names the finding a root cause is, with its explanation, and marks the others new', () => {
    const r = load('sample-mbed.json');
    r.causes = rootCauses(r, tdbstoreDriver.findings);
    const paths = writeReports(path.join(OUT, 'named'), r);
    const tdb2 = tdbstoreDriver.findings?.find((f) => f.id === 'TDB-2');
    assert.ok(tdb2 && r.causes.some((c) => c.finding?.id === 'TDB-2'), 'the strict-flash sample is TDB-2');
    for (const text of [read(paths.html), read(paths.md)]) {
      assert.ok(text.includes('TDB-2'));
      assert.ok(text.includes(tdb2.title.replace(/'/g, '&#39;')) || text.includes(tdb2.title), 'title');
    }
    assert.ok(read(paths.html).includes(tdb2.explanation.slice(0, 60)));
    const plain = load('sample-mbed.json');
    assert.ok(causesOf(plain).every((c) => !c.finding), 'without findings every cause is new');
    assert.ok(read(written.mbed.html).includes('class="finding new"'));
  });

  it('one count everywhere: the same violations, distinct violations and root causes in HTML, Markdown and JSON', () => {
    for (const name of ['mbed', 'hardened'] as const) {
      const r = JSON.parse(read(written[name].json)) as CampaignReport;
      const c = countsOf(r);
      assert.equal(c.violations, r.totals.violations);
      assert.equal(c.violatingPoints + c.referenceFailures, c.violations);
      assert.equal(c.distinct, r.violations.length);
      const sentence = countsText(c);
      if (r.verdict === 'fail') {
        assert.ok(read(written[name].md).includes(sentence.replace(/[\\`*_[\]|~]/g, (ch) => `\\${ch}`)), `${name}: md`);
        assert.ok(sectionOf(read(written[name].html), 'verdict').includes(sentence), `${name}: html verdict`);
        assert.ok(sectionOf(read(written[name].html), 'violations').includes(sentence), `${name}: html violations`);
      }
    }
  });

  it('every report has a glossary of classes, stages and verdicts, and a guarantee table', () => {
    for (const name of ['mbed', 'hardened'] as const) {
      const html = read(written[name].html);
      const md = read(written[name].md);
      for (const term of ['resurrected', 'old-or-new', 'continue', 'unusable', 'data lost', 'erase-zero']) {
        assert.ok(sectionOf(html, 'glossary').includes(`<dt>${term}</dt>`), `${name}: ${term}`);
        assert.ok(md.includes(`**${term.replace(/_/g, '\\_')}**`), `${name} md: ${term}`);
      }
      const table = sectionOf(html, 'guarantees');
      for (const promise of ['committed data survives', 'all or nothing', 'other keys untouched', 'stays usable']) assert.ok(table.includes(promise), promise);
    }
    assert.ok(sectionOf(read(written.mbed.html), 'guarantees').includes('class="num broken"'));
    assert.ok(!sectionOf(read(written.hardened.html), 'guarantees').includes('class="num broken"'));
  });

  it('signatures set aside keys, values and numbers but keep the diverging op and the results', () => {
    const same = (a: string, b: string, stage = ''): void => assert.equal(normaliseSummary(a, stage), normaliseSummary(b, stage), `${a} ~ ${b}`);
    same('op 3 set key1 6c38e9: engine WRITE_FAILED, model SUCCESS', 'op 7 set hex:c3a9 00 0x8: engine WRITE_FAILED, model SUCCESS');
    same('lost: k1 missing (expected 00/0 or absent)', 'lost: cfg.ip missing (expected 9a/1)');
    same('set k 00: engine INVALID_DATA_DETECTED, model SUCCESS', 'set other 1234 0x1: engine INVALID_DATA_DETECTED, model SUCCESS', 'reference');
    same('a cut in the first write after recovery (set a 00): mount returned READ_FAILED', 'a cut in the first write after recovery (set b 11 0x1): mount returned READ_FAILED');
    assert.notEqual(normaliseSummary('op 3 set a 00: engine WRITE_FAILED, model SUCCESS'), normaliseSummary('op 3 remove a: engine WRITE_FAILED, model SUCCESS'));
    assert.notEqual(normaliseSummary('op 3 set a 00: engine WRITE_FAILED, model SUCCESS'), normaliseSummary('op 3 set a 00: engine READ_FAILED, model SUCCESS'));
  });

  it('shows the minimal sequence and its replay id when the runner supplies one', () => {
    const [first] = groupViolations(samples.mbed);
    const cut = { fault: 'power-cut' as const, step: 5, torn: 'after' as const, tornSeed: 7 };
    const shrunk = { id: 'fp1/tdbstore/mbed/4096:512:8:1/strict/g1x3/5.after.7', ops: ['init', 'set a 00', 'set b 01'], from: 15, opIndex: 1, phase: 'data', cut, summary: 'op 2 set b 01: engine WRITE_FAILED, model SUCCESS' };
    const minimal = new Map([[first.key, shrunk]]);
    const paths = writeReports(path.join(OUT, 'minimal'), samples.mbed, { minimal });
    const html = read(paths.html);
    assert.ok(html.includes('minimal case: 3 ops, shrunk from 15'));
    assert.ok(html.includes('set a 00 <b>← power cut right after its data step</b>'));
    assert.ok(html.includes('set b 01 <b>← fails here</b>'));
    assert.ok(html.includes('npx flashproof replay &#39;fp1/tdbstore/mbed/4096:512:8:1/strict/g1x3/5.after.7&#39;'));
    assert.ok(read(paths.md).includes("npx flashproof replay 'fp1/tdbstore/mbed/4096:512:8:1/strict/g1x3/5.after.7'"));
    assert.ok(read(paths.md).includes('set a 00    # ← power cut right after its data step'));
  });

  it('caps the root causes (50 on the page, 20 in markdown) and says how many more exist', () => {
    const r = load('sample-mbed.json');
    r.violations = Array.from({ length: 60 }, (_, i) => ({ ...r.violations[0], stage: `stage-${i}` }));
    const paths = writeReports(path.join(OUT, 'many'), r);
    const html = read(paths.html);
    assert.equal(count(html, /<article class="group"/g), HTML_GROUP_LIMIT);
    assert.ok(html.includes('10 more root causes not shown'));
    assert.equal(count(read(paths.md), /^#### \d+\. /gm), MARKDOWN_GROUP_LIMIT);
    assert.ok(read(paths.md).includes('40 more root causes'));
  });

  it('escapes hostile keys, summaries, ids and reasons in HTML, markdown and the replay line', () => {
    const html = read(written.hostile.html);
    assert.equal(count(html, /<script/gi), 1, 'only the page\'s own script');
    for (const bad of ['<img', '<svg onload', '<b>bold', '</td> |', '\u0000']) assert.ok(!html.includes(bad), bad);
    assert.ok(html.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const prose = markdownProse(read(written.hostile.md));
    assert.ok(!/<(script|img|svg|b>)/i.test(prose), 'no raw HTML in markdown prose');
    assert.ok(prose.includes('javascript:') && !/(?<!\\)\]\(javascript:/.test(prose), 'no live link');
    const id = hostileReport().violations[0].id;
    assert.equal(execFileSync('sh', ['-c', `printf %s ${replayCommand(id).replace(/^npx flashproof replay /, '')}`], { encoding: 'utf8' }), id, 'the replay line passes the id as one argument');
  });

  it('is self-contained: nothing to fetch at view time', () => {
    for (const p of Object.values(written)) {
      const html = read(p.html);
      assert.ok(!/<[a-z][^>]*\s(?:src|href)\s*=/i.test(html), 'no src/href attributes');
      assert.ok(!/(?:https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}\//i.test(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')), 'no URLs');
      assert.ok(!/@import|url\(/i.test(html), 'no CSS fetches');
    }
  });

  describe('in headless Chromium', function () {
    let context: BrowserContext | undefined;
    let profileDir = '';

    before(async function () {
      if (!fs.existsSync(CHROMIUM)) {
        console.log(`      skipped: ${CHROMIUM} not found (apt-get install -y chromium to run the browser checks)`);
        this.skip();
      }
      const { chromium } = await import('playwright-core');
      // A fresh profile under out/, not /tmp: a snap-packaged browser cannot see the host's /tmp.
      profileDir = fs.mkdtempSync(path.join(ROOT, 'out', '.chromium-profile-'));
      context = await chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1366, height: 900 } });
    });

    after(async () => {
      await context?.close();
      if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
    });

    /** Opens a report, fails on any console error, dialog or non-file request, and returns the page. */
    async function open(file: string) {
      const problems: string[] = [];
      const page = await (context as BrowserContext).newPage();
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      page.on('request', (req) => !req.url().startsWith('file:') && problems.push(`request: ${req.url()}`));
      await page.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      return { page, problems };
    }

    for (const name of ['mbed', 'hardened'] as const) {
      it(`${name}: renders with no console error or request, verdict and heat map visible, screenshot saved`, async () => {
        const { page, problems } = await open(written[name].html);
        const verdict = page.locator('#verdict .word');
        assert.equal((await verdict.textContent())?.trim(), name === 'mbed' ? 'FAIL' : 'PASS');
        assert.ok(await verdict.isVisible());
        assert.ok(await page.locator('svg.heatmap').isVisible());
        const box = await page.locator('svg.heatmap').boundingBox();
        assert.ok(box && box.width > 300 && box.y < 900, `heat map in the first screen: ${JSON.stringify(box)}`);
        assert.ok(await page.locator('svg.wear').isVisible());
        assert.equal(await page.locator('pre.replay button').count(), await page.locator('pre.replay').count(), 'the copy script ran');
        await page.screenshot({ path: path.join(OUT, `report-${name}.png`), fullPage: true });
        await page.close();
        assert.deepEqual(problems, []);
      });
    }

    it('hostile strings stay text: no script runs, no dialog, no request', async () => {
      const { page, problems } = await open(written.hostile.html);
      assert.ok((await page.locator('#violations').textContent())?.includes(HOSTILE));
      await page.close();
      assert.deepEqual(problems, []);
    });
  });
});
