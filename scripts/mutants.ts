// `npm run mutants`: the harness tests itself. Each planted bug of scripts/mutantCatalog.ts is applied to a temporary
// copy of the repository (never to this one, never as a flag), its detecting specs run there with --bail, and the
// kill score and the time each took to detect are printed. A survivor means the harness has a blind spot: strengthen
// the generator, the torn models' contracts or the oracle, not the planted bug.
//
//   npm run mutants                      every mutant, its targeted specs
//   npm run mutants -- --only ID,ID      some of them
//   npm run mutants -- --full            also the whole suite (npm test's specs) for each mutant
//   npm run mutants -- --list            the catalog, nothing run
//   npm run mutants -- --keep            keep the temporary copy (its path is printed)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MUTANTS, type Mutant } from './mutantCatalog';

const ROOT = path.join(__dirname, '..');
const MOCHA = path.join(ROOT, 'node_modules', 'mocha', 'bin', 'mocha.js');
/** A hang in a spec is detection too (npm test would time out); this bounds one run. */
const RUN_LIMIT_MS = 20 * 60 * 1000;

interface Args {
  only: Set<string> | null;
  full: boolean;
  list: boolean;
  keep: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: null, full: false, list: false, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--only') args.only = new Set((argv[++i] ?? '').split(',').filter(Boolean));
    else if (a === '--full') args.full = true;
    else if (a === '--list') args.list = true;
    else if (a === '--keep') args.keep = true;
    else throw new Error(`mutants: unknown argument "${a}" (--only ID,ID | --full | --list | --keep)`);
  }
  return args;
}

/** The repository's files as git sees them (tracked and untracked, ignored ones left out). */
function repoFiles(): string[] {
  const r = spawnSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`mutants: git ls-files failed: ${r.stderr}`);
  return r.stdout.split('\0').filter((f) => f && !f.startsWith('node_modules') && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
}

function copyRepo(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flashproof-mutants-'));
  for (const f of repoFiles()) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, f), path.join(dir, f));
  }
  fs.symlinkSync(fs.realpathSync(path.join(ROOT, 'node_modules')), path.join(dir, 'node_modules'));
  return dir;
}

function occurrences(text: string, search: string): number {
  let n = 0;
  for (let i = text.indexOf(search); i >= 0; i = text.indexOf(search, i + 1)) n++;
  return n;
}

/** Every edit must match exactly once: a mutant whose code moved is stale, and says so instead of testing nothing. */
function staleEdits(m: Mutant): string[] {
  return m.edits.flatMap((e) => {
    const file = path.join(ROOT, e.file);
    if (!fs.existsSync(file)) return [`${m.id}: ${e.file} does not exist`];
    const n = occurrences(fs.readFileSync(file, 'utf8'), e.search);
    return n === 1 ? [] : [`${m.id}: ${e.file}: the search text occurs ${n} times`];
  });
}

/** Applies the mutant to the copy; returns what restores it. */
function apply(dir: string, m: Mutant): () => void {
  const saved = new Map<string, string>();
  for (const e of m.edits) {
    const file = path.join(dir, e.file);
    const text = saved.get(file) ?? fs.readFileSync(file, 'utf8');
    if (!saved.has(file)) saved.set(file, text);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(e.search, () => e.replace));
  }
  return () => {
    for (const [file, text] of saved) fs.writeFileSync(file, text);
  };
}

interface RunResult {
  killed: boolean;
  by: string;
  seconds: number;
}

/** The title of the first failing test in mocha's spec output. */
function firstFailure(out: string): string {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => /^\s+1\) /.test(l) && lines.slice(0, lines.indexOf(l)).some((x) => /\d+ failing/.test(x)));
  if (at < 0) return '(no test title: the run failed before any test)';
  const parts = [lines[at].replace(/^\s+1\) /, '').trim()];
  for (let i = at + 1; i < lines.length && lines[i].trim() && !/Error|^\s*at /.test(lines[i]); i++) parts.push(lines[i].trim().replace(/:$/, ''));
  return parts.join(' > ');
}

function runMocha(dir: string, extra: string[]): RunResult {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MOCHA, '--bail', '--reporter', 'spec', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    timeout: RUN_LIMIT_MS,
    maxBuffer: 256 * 1024 * 1024,
    env: { ...process.env, FORCE_COLOR: '0', TS_NODE_TRANSPILE_ONLY: 'true', FC_NO_SHRINK: '1' },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ETIMEDOUT') return { killed: true, by: `timeout after ${RUN_LIMIT_MS / 1000} s`, seconds };
  return { killed: r.status !== 0, by: r.status !== 0 ? firstFailure(`${r.stdout}\n${r.stderr}`) : '', seconds };
}

const targeted = (dir: string, m: Mutant): RunResult =>
  runMocha(dir, ['--no-config', '-r', 'ts-node/register', '--timeout', '120000', ...(m.grep ? ['--grep', m.grep] : []), ...m.specs]);

/** npm test's specs with its own .mocharc.json (the build and coverage steps add nothing a mutant could change). */
const fullSuite = (dir: string): RunResult => runMocha(dir, []);

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  const chosen = MUTANTS.filter((m) => !args.only || args.only.has(m.id));
  if (args.only) for (const id of args.only) if (!MUTANTS.some((m) => m.id === id)) throw new Error(`mutants: no mutant "${id}"`);
  if (args.list) {
    for (const m of chosen) console.log(`${m.id.padEnd(24)} ${m.area.padEnd(10)} ${m.what}\n${' '.repeat(36)}specs: ${m.specs.join(' ')}`);
    return;
  }
  const stale = chosen.flatMap(staleEdits);
  if (stale.length) {
    console.error(`mutants: stale mutants (fix the catalog):\n  ${stale.join('\n  ')}`);
    process.exit(2);
  }
  const dir = copyRepo();
  console.log(`mutants: ${chosen.length} planted bugs, each on a copy of the repository in ${dir}`);
  const rows: Array<{ m: Mutant; t: RunResult; f?: RunResult }> = [];
  for (const m of chosen) {
    const restore = apply(dir, m);
    try {
      const t = targeted(dir, m);
      const f = args.full ? fullSuite(dir) : undefined;
      rows.push({ m, t, f });
      const verdict = t.killed ? `killed in ${t.seconds.toFixed(1)} s by ${t.by}` : `SURVIVED its specs (${t.seconds.toFixed(1)} s)`;
      console.log(`  ${m.id}: ${verdict}${f ? `; full suite: ${f.killed ? `killed in ${f.seconds.toFixed(1)} s by ${f.by}` : 'SURVIVED'}` : ''}`);
    } finally {
      restore();
    }
  }
  if (!args.keep) fs.rmSync(dir, { recursive: true, force: true });
  const killed = rows.filter((r) => r.t.killed && (!r.f || r.f.killed)).length;
  console.log('\n| mutant | where | planted bug | killed by | time to detect |\n| --- | --- | --- | --- | --- |');
  for (const { m, t, f } of rows) {
    const by = t.killed ? t.by : 'SURVIVED';
    const time = t.killed ? `${t.seconds.toFixed(1)} s` : '-';
    const full = f ? ` (full suite: ${f.killed ? `${f.seconds.toFixed(1)} s` : 'SURVIVED'})` : '';
    console.log(`| ${m.id} | ${m.edits.map((e) => e.file).filter((x, i, a) => a.indexOf(x) === i).join(', ')} | ${m.what} | ${by.replace(/\|/g, '/')} | ${time}${full} |`);
  }
  console.log(`\nkill score: ${killed}/${rows.length}${args.keep ? `\ncopy kept in ${dir}` : ''}`);
  if (killed < rows.length) process.exit(1);
}

main();
