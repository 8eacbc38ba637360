// `flashproof bench`: crash states per second (trace replay vs re-running the prefix) and the engines' own figures.
import fs from 'node:fs';
import path from 'node:path';
import type { Geometry } from '../../engine/flash/blockDevice';
import { parseGeometry } from '../../engine/flash/geometry';
import { runCase } from '../../faults/crash/runCase';
import { caseProblem, openCase } from '../../faults/crash/storeCase';
import { builtinDriver, loadDriverFile } from '../../faults/driver/registry';
import type { AnyDriver, BenchTable } from '../../faults/driver/types';
import { DRIVERS } from '../../faults/drivers';
import { TORN_MODELS } from '../../faults/torn';

import { parseArgs } from '../args';
import { geometryFrom, geometryOptions, rawOption } from '../driverArgs';
import { campaignOptionsTable, defaultCampaignTable, scalingTable, scriptTable } from './benchCampaign';

const seconds = (): number => Number(process.hrtime.bigint()) / 1e9;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface EnumRow {
  engine: string;
  geometry: string;
  ops: number;
  points: number;
  snapshotRate: number;
  naiveRate: number;
  fullRate: number;
}

/** The same crash points judged twice: images from the recorded trace, then from re-running the prefix. */
function enumerationRow(d: AnyDriver, name: string, g: Geometry, opsCount: number, points: number): EnumRow {
  const c = openCase(d, benchProfile(d), g, 'nor');
  const ops = d.ops.generate(7, opsCount, g);
  const schedule = points > 0 ? { kind: 'random' as const, count: points } : { kind: 'exhaustive' as const };
  const base = { schedule, torn: [...TORN_MODELS], depth: 1 as const, seed: 11, opsSpec: { kind: 'generated' as const, seed: 7, count: opsCount } };
  const measure = (extra: object): { rate: number; n: number } => {
    const t0 = seconds();
    const r = runCase(c, ops, { ...base, continueOps: 0, ...extra });
    return { rate: r.crashPoints / (seconds() - t0), n: r.crashPoints };
  };
  const snap = measure({});
  const naive = measure({ reexecutePrefix: true });
  const full = measure({ continueOps: Number.POSITIVE_INFINITY });
  return { engine: `${d.name}/${c.profile}`, geometry: name, ops: opsCount, points: snap.n, snapshotRate: snap.rate, naiveRate: naive.rate, fullRate: full.rate };
}

/** A driver's profile held clean (the harness's steady state), else its default. */
const benchProfile = (d: AnyDriver): string => d.cleanProfiles[0] ?? d.defaultProfile;

/** Each driver on its default geometry and on portenta-h7 when it runs there (small images: every crash point). */
function geometriesOf(d: AnyDriver): Array<[string, Geometry]> {
  const out: Array<[string, Geometry]> = [[`${d.geometry.default}`, parseGeometry(d.geometry.default)]];
  const portenta = parseGeometry('portenta-h7');
  if (!caseProblem(d, benchProfile(d), portenta, 'nor')) out.push(['portenta-h7', portenta]);
  return out;
}

/** The example store compiled to WebAssembly (wasm/build/logstore.wasm), from the sources or from dist/; absent in a package. */
function wasmLogstore(): AnyDriver | undefined {
  const file = [path.join(__dirname, '..', '..', 'wasm', 'build', 'logstore.wasm'), path.join(__dirname, '..', '..', '..', 'wasm', 'build', 'logstore.wasm')].find((f) => fs.existsSync(f));
  return file ? loadDriverFile(file).driver : undefined;
}

/** The WebAssembly logstore next to the TS engines: the same rows on small and portenta-h7 (its own code under the cuts). */
function wasmRows(quick: boolean): EnumRow[] {
  const d = wasmLogstore();
  if (!d) return [];
  const rows: EnumRow[] = [];
  for (const name of ['small', 'portenta-h7']) {
    for (const n of [20, 50, 200]) {
      const row = enumerationRow(d, name, parseGeometry(name), n, name === 'portenta-h7' ? (quick ? 40 : 200) : quick && n === 200 ? 300 : 0);
      rows.push({ ...row, engine: `wasm logstore.wasm/${row.engine.split('/')[1]}` });
    }
  }
  return rows;
}

const table = (t: BenchTable): string[] => [t.title, '', `| ${t.columns.join(' | ')} |`, `|${t.columns.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`, ...t.rows.map((r) => `| ${r.join(' | ')} |`)];

export function benchCommand(argv: string[]): number | Promise<number> {
  const engine = builtinDriver(rawOption(argv, 'engine') ?? DRIVERS[0].name).driver;
  const args = parseArgs(argv, { quick: 'flag', json: 'flag', script: 'string', engine: 'string', 'default-campaign': 'flag', ...geometryOptions(engine) });
  const quick = args.options.quick === true;
  if (typeof args.options.script === 'string') {
    // `--script FILE`: only the shell's time on that script (a generated script from ../shared/bench/).
    const t = scriptTable(engine, args.options.script, geometryFrom(engine, args.options, false));
    process.stdout.write(args.options.json ? JSON.stringify(t, null, 1) + '\n' : table(t).join('\n') + '\n');
    return 0;
  }
  if (args.options['default-campaign'] === true) {
    // `--default-campaign`: `npm run campaign` itself on 2 workers (about a minute), wall time and rate.
    return defaultCampaignTable(2).then((t) => {
      process.stdout.write(args.options.json ? JSON.stringify(t, null, 1) + '\n' : table(t).join('\n') + '\n');
      return 0;
    });
  }
  for (let i = 0; i < 3; i++) enumerationRow(DRIVERS[0], 'warm-up', parseGeometry(DRIVERS[0].geometry.default), 30, 0); // let the JIT settle first
  const enumRows: EnumRow[] = [];
  for (const d of DRIVERS) {
    for (const [name, g] of geometriesOf(d)) {
      // Portenta's 1.5 MB images: a random sample of the crash points.
      for (const n of [20, 50, 200]) enumRows.push(enumerationRow(d, name, g, n, name === 'portenta-h7' ? (quick ? 40 : 200) : quick && n === 200 ? 300 : 0));
    }
  }
  enumRows.push(...wasmRows(quick));
  const engineTables = [campaignOptionsTable(DRIVERS, quick), scalingTable(DRIVERS[0], quick), ...DRIVERS.flatMap((d) => d.bench?.(quick) ?? [])];
  if (args.options.json) {
    process.stdout.write(JSON.stringify({ enumeration: enumRows, engine: engineTables }, null, 1) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push('Crash states per second, one core (each engine\'s clean profile, NOR, all torn models; small images: every crash point,');
  out.push('portenta: a random sample; oracle = mount + old-or-new + second reboot; "full oracle" also runs every remaining op)');
  out.push('');
  out.push('| engine | geometry | ops | crash points | trace replay /s | re-run prefix /s | ratio | full oracle /s |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of enumRows) {
    out.push(`| ${r.engine} | ${r.geometry} | ${r.ops} | ${r.points} | ${fmt(r.snapshotRate)} | ${fmt(r.naiveRate)} | ${fmt(r.snapshotRate / r.naiveRate, 1)}x | ${fmt(r.fullRate)} |`);
  }
  for (const t of engineTables) out.push('', ...table(t));
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
