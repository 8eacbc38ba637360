// `flashproof bench`: crash states per second (trace replay vs re-running the prefix) and the engines' own figures.
import type { Geometry } from '../../engine/flash/blockDevice';
import { parseGeometry } from '../../engine/flash/geometry';
import { NorFlash } from '../../engine/flash/norFlash';
import type { TdbProfileName } from '../../engine/tdbstore/profile';
import { TDBStore } from '../../engine/tdbstore/tdbStore';
import { runCase } from '../../faults/crash/runCase';
import { generateTdbOps } from '../../faults/generate/tdbOps';
import { Rng } from '../../faults/rng';
import { TdbTarget } from '../../faults/tdb/tdbTarget';
import { TORN_MODELS } from '../../faults/torn';
import { parseArgs } from '../args';

const seconds = (): number => Number(process.hrtime.bigint()) / 1e9;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

interface EnumRow {
  geometry: string;
  ops: number;
  points: number;
  snapshotRate: number;
  naiveRate: number;
  fullRate: number;
}

/** The same crash points judged twice: images from the recorded trace, then from re-running the prefix. */
function enumerationRow(name: string, g: Geometry, opsCount: number, points: number): EnumRow {
  const target = new TdbTarget('hardened', g, 'nor');
  const ops = generateTdbOps(7, opsCount, g);
  const schedule = points > 0 ? { kind: 'random' as const, count: points } : { kind: 'exhaustive' as const };
  const base = { schedule, torn: [...TORN_MODELS], depth: 1 as const, seed: 11, opsSpec: { kind: 'generated' as const, seed: 7, count: opsCount } };
  const measure = (extra: object): { rate: number; n: number } => {
    const t0 = seconds();
    const r = runCase(target, ops, { ...base, continueOps: 0, ...extra });
    return { rate: r.crashPoints / (seconds() - t0), n: r.crashPoints };
  };
  const snap = measure({});
  const naive = measure({ reexecutePrefix: true });
  const full = measure({ continueOps: Number.POSITIVE_INFINITY });
  return { geometry: name, ops: opsCount, points: snap.n, snapshotRate: snap.rate, naiveRate: naive.rate, fullRate: full.rate };
}

interface EngineRow {
  geometry: string;
  profile: TdbProfileName;
  setsPerSecond: number;
  getsPerSecond: number;
  removesPerSecond: number;
  writeAmplification: number;
  erasesPer1000Updates: number;
}

/** 64 keys, 32-byte values: updates (GC included), reads, and remove + re-set pairs, timed per operation kind. */
function engineRow(name: string, g: Geometry, profile: TdbProfileName, updates: number): EngineRow {
  const flash = new NorFlash(g, 'nor');
  const store = new TDBStore(flash, profile);
  store.init();
  const rng = new Rng(5);
  const keys = Array.from({ length: 64 }, (_, i) => `sensor.${i}`);
  const value = new Uint8Array(32);
  let stored = 0;
  let t0 = seconds();
  for (let i = 0; i < updates; i++) {
    value[0] = i & 0xff;
    const k = keys[rng.int(0, keys.length - 1)];
    if (store.set(k, value) === 0) stored += Buffer.byteLength(k) + value.length;
  }
  const setTime = seconds() - t0;
  const programBytes = flash.counters.programBytes;
  const erases = flash.counters.erases;
  t0 = seconds();
  for (let i = 0; i < updates; i++) store.get(keys[i % keys.length]);
  const getTime = seconds() - t0;
  let removeTime = 0;
  const pairs = Math.max(1, Math.floor(updates / 4));
  for (let i = 0; i < pairs; i++) {
    const k = keys[i % keys.length];
    const r0 = seconds();
    store.remove(k);
    removeTime += seconds() - r0;
    store.set(k, value);
  }
  return {
    geometry: name,
    profile,
    setsPerSecond: updates / setTime,
    getsPerSecond: updates / getTime,
    removesPerSecond: pairs / removeTime,
    writeAmplification: programBytes / stored,
    erasesPer1000Updates: (erases * 1000) / updates,
  };
}

export function benchCommand(argv: string[]): number {
  const args = parseArgs(argv, { quick: 'flag', json: 'flag' });
  const quick = args.options.quick === true;
  const geometries: Array<[string, Geometry]> = [
    ['small (16384:4096:8)', parseGeometry('small')],
    ['portenta-h7', parseGeometry('portenta-h7')],
  ];
  for (let i = 0; i < 3; i++) enumerationRow('warm-up', parseGeometry('small'), 30, 0); // let the JIT settle first
  const enumRows: EnumRow[] = [];
  for (const [name, g] of geometries) {
    // Small images: every crash point of the sequence; Portenta's 1.5 MB images: a random sample of them.
    for (const n of [20, 50, 200]) enumRows.push(enumerationRow(name, g, n, name.startsWith('portenta') ? (quick ? 40 : 200) : quick && n === 200 ? 300 : 0));
  }
  for (const profile of ['mbed', 'hardened'] as const) engineRow('warm-up', parseGeometry('small'), profile, 5000);
  const engineRows: EngineRow[] = [];
  for (const [name, g] of geometries) {
    for (const profile of ['mbed', 'hardened'] as const) engineRows.push(engineRow(name, g, profile, quick ? 2000 : 20000));
  }
  if (args.options.json) {
    process.stdout.write(JSON.stringify({ enumeration: enumRows, engine: engineRows }, null, 1) + '\n');
    return 0;
  }
  const out: string[] = [];
  out.push('Crash states per second, one core (TDBStore hardened, NOR, all torn models; small: every crash point, portenta: a random sample;');
  out.push('oracle = mount + old-or-new + second reboot; "full oracle" also runs every remaining op on the recovered store)');
  out.push('');
  out.push('| geometry | ops | crash points | trace replay /s | re-run prefix /s | ratio | full oracle /s |');
  out.push('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of enumRows) {
    out.push(`| ${r.geometry} | ${r.ops} | ${r.points} | ${fmt(r.snapshotRate)} | ${fmt(r.naiveRate)} | ${fmt(r.snapshotRate / r.naiveRate, 1)}x | ${fmt(r.fullRate)} |`);
  }
  out.push('');
  out.push('TDBStore engine (64 keys, 32-byte values, NOR flash)');
  out.push('');
  out.push('| geometry | profile | set/s | get/s | remove/s | bytes programmed per byte stored | erases per 1,000 updates |');
  out.push('|---|---|---:|---:|---:|---:|---:|');
  for (const r of engineRows) {
    out.push(`| ${r.geometry} | ${r.profile} | ${fmt(r.setsPerSecond)} | ${fmt(r.getsPerSecond)} | ${fmt(r.removesPerSecond)} | ${fmt(r.writeAmplification, 2)} | ${fmt(r.erasesPer1000Updates, 2)} |`);
  }
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}
