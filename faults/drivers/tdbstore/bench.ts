// TDBStore's own figures for `flashproof bench`: operations per second, write amplification and erases per update.
import type { Geometry } from '../../../engine/flash/blockDevice';
import { parseGeometry } from '../../../engine/flash/geometry';
import { NorFlash } from '../../../engine/flash/norFlash';
import type { TdbProfileName } from '../../../engine/tdbstore/profile';
import { TDBStore } from '../../../engine/tdbstore/tdbStore';
import type { BenchTable } from '../../driver/types';
import { Rng } from '../../rng';

const seconds = (): number => Number(process.hrtime.bigint()) / 1e9;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

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

/** Both profiles on small and portenta-h7, after a warm-up so the JIT has settled. */
export function tdbBench(quick: boolean): BenchTable[] {
  const geometries: Array<[string, Geometry]> = [
    ['small (16384:4096:8)', parseGeometry('small')],
    ['portenta-h7', parseGeometry('portenta-h7')],
  ];
  for (const profile of ['mbed', 'hardened'] as const) engineRow('warm-up', parseGeometry('small'), profile, 5000);
  const rows: Array<Array<string | number>> = [];
  for (const [name, g] of geometries) {
    for (const profile of ['mbed', 'hardened'] as const) {
      const r = engineRow(name, g, profile, quick ? 2000 : 20000);
      rows.push([r.geometry, r.profile, fmt(r.setsPerSecond), fmt(r.getsPerSecond), fmt(r.removesPerSecond), fmt(r.writeAmplification, 2), fmt(r.erasesPer1000Updates, 2)]);
    }
  }
  return [
    {
      title: 'TDBStore engine (64 keys, 32-byte values, NOR flash)',
      columns: ['geometry', 'profile', 'set/s', 'get/s', 'remove/s', 'bytes programmed per byte stored', 'erases per 1,000 updates'],
      rows,
    },
  ];
}
