// End to end: the example WebAssembly stores under a power cut at every program/erase step, every torn model,
// in every flash mode; recovery judged by the contract (old or new, the rest of the run, a second reboot).
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Geometry } from '../engine/flash/blockDevice';
import type { FlashMode } from '../engine/flash/norFlash';
import { runCase } from '../faults/crash/runCase';
import { openCase } from '../faults/crash/storeCase';
import { wasmDriver } from '../faults/drivers/wasm/driver';
import { TORN_MODELS } from '../faults/torn';
import { generateContractOps } from '../faults/wasm/generate';
import { loadWasmStoreFile, type WasmStoreModule } from '../faults/wasm/loader';
import type { ContractPromise } from '../models/contract/model';
import { contractOpText, parseContractOp, type ContractOp } from '../models/contract/ops';
import type { Violation } from '../faults/crash/types';

const BUILD = path.join(__dirname, '..', 'wasm', 'build');
const load = (name: string): WasmStoreModule => loadWasmStoreFile(path.join(BUILD, `${name}.wasm`));
const geometry = (size: number, erase: number, program: number, read = 1): Geometry => ({
  sizeBytes: size,
  eraseSizeBytes: erase,
  programSizeBytes: program,
  readSizeBytes: read,
  eraseValue: 0xff,
});

/** Small areas so 30 ops garbage-collect several times; program sizes 1 to 16. */
const GEOMETRIES = [geometry(1024, 256, 4), geometry(2048, 256, 8), geometry(2048, 512, 1), geometry(4096, 512, 16, 4)];
const MODES: FlashMode[] = ['nor', 'strict', 'overwrite'];

interface Totals {
  cases: number;
  erases: number;
  crashPoints: number;
  recovered: { old: number; new: number; mid: number };
  violations: Violation[];
}

/** The crash runner of the other engines, through the module's driver (as `--wasm FILE` opens it). */
const target = (module: WasmStoreModule, g: Geometry, mode: FlashMode, promise: ContractPromise) =>
  openCase(wasmDriver(module), promise, g, mode, `wasm@${module.name}#${module.sha256.slice(0, 12)}`);

/** One cut at every program/erase step, every torn model, the rest of the run and a second reboot after each. */
function sweep(module: WasmStoreModule, ops: readonly ContractOp[], g: Geometry, mode: FlashMode, promise: ContractPromise, seed = 1): Totals {
  const r = runCase(target(module, g, mode, promise), ops, {
    schedule: { kind: 'exhaustive' },
    torn: TORN_MODELS,
    depth: 1,
    seed,
    continueOps: Number.POSITIVE_INFINITY,
    opsSpec: { kind: 'listed', lines: ops.map(contractOpText) },
  });
  const recovered = { old: 0, new: 0, mid: 0 };
  for (const [key, n] of r.heat) {
    const outcome = key.split('|')[3];
    if (outcome === 'old' || outcome === 'new' || outcome === 'mid') recovered[outcome] += n;
  }
  return { cases: 1, erases: r.wear.reduce((a, b) => a + b, 0), crashPoints: r.crashPoints, recovered, violations: r.violations };
}

function sweepAll(module: WasmStoreModule, promise: ContractPromise, seeds: readonly number[], count = 30, modes = MODES): Totals {
  const t: Totals = { cases: 0, erases: 0, crashPoints: 0, recovered: { old: 0, new: 0, mid: 0 }, violations: [] };
  for (const g of GEOMETRIES) {
    for (const mode of modes) {
      for (const seed of seeds) {
        const r = sweep(module, generateContractOps(seed, count, g), g, mode, promise, seed);
        t.cases++;
        t.erases += r.erases;
        t.crashPoints += r.crashPoints;
        for (const k of ['old', 'new', 'mid'] as const) t.recovered[k] += r.recovered[k];
        t.violations.push(...r.violations);
      }
    }
  }
  return t;
}

const summary = (t: Totals): string => `${t.cases} cases, ${t.crashPoints} crash points, ${t.erases} erase steps`;

describe('wasm sweep: every power cut of short sequences, judged by the contract', () => {
  it('logstore.c survives every cut in every flash mode', function () {
    const t = sweepAll(load('logstore'), 'atomic', [1, 2]);
    this.test!.title += ` [${summary(t)}]`;
    assert.deepEqual(t.violations.slice(0, 3), []);
    assert.ok(t.crashPoints > 2000, `${t.crashPoints}`);
    assert.ok(t.recovered.old > 0 && t.recovered.new > 0);
  });

  it('logstore.c survives cuts inside its garbage collections (erase, copy, area header)', function () {
    const g = geometry(1024, 128, 4);
    const pool = ['01', '0202', '03030303', '04', '05'];
    const lines = ['mount'];
    for (let i = 0; i < 60; i++) lines.push(`set ${pool[i % 5]} ${i.toString(16).padStart(2, '0').repeat(1 + (i % 9))}`, ...(i % 7 === 6 ? ['remove 04', 'reboot'] : []));
    lines.push('get 01', 'get 04', 'reboot', 'get 05');
    const ops = lines.map((l) => parseContractOp(l) as ContractOp);
    for (const mode of MODES) {
      const r = sweep(load('logstore'), ops, g, mode, 'atomic');
      assert.deepEqual(r.violations.slice(0, 3), [], mode);
      const collections = (r.erases - 4) / 4; // the format erases area 0's four units; each GC the other area's
      assert.ok(collections >= 3, `${mode}: ${collections} garbage collections`);
      if (mode === 'nor') this.test!.title += ` [${r.crashPoints} crash points, ${collections} GCs]`;
    }
  });

  it('logstore_buggy.c is caught: a committed record whose bytes never landed shows as a phantom or corrupted key', function () {
    const m = load('logstore_buggy');
    const t = sweepAll(m, 'atomic', [1, 2], 30, ['nor']);
    this.test!.title += ` [${t.violations.length} violations in ${summary(t)}]`;
    assert.ok(t.violations.length > 10);
    for (const v of t.violations) {
      assert.equal(v.stage, 'old-or-new', v.summary);
      assert.ok(v.kind === 'phantom' || v.kind === 'corrupted', v.kind);
      assert.match(v.ops[v.opIndex], /^set /);
      assert.ok(v.cut?.torn === 'prefix' || v.cut?.torn === 'bits', `${v.cut?.torn}`);
    }
    // Exactly the same violations again: the store, its instances and the torn images are all deterministic.
    const again = sweepAll(m, 'atomic', [1, 2], 30, ['nor']);
    assert.deepEqual(again.violations, t.violations);
  });

  it('pagestore.cpp (C++ through extern "C") survives every cut in every flash mode', function () {
    const t = sweepAll(load('pagestore'), 'atomic', [1, 2]);
    this.test!.title += ` [${summary(t)}]`;
    assert.deepEqual(t.violations.slice(0, 3), []);
    assert.ok(t.crashPoints > 2000);
  });

  it('promise levels: a store that removes before it writes breaks atomic, keeps key-in-flight', () => {
    const m = load('logstore_keyinflight');
    const ops = ['mount', 'set 01 aaaa', 'set 02 bbbb', 'set 01 cccc', 'get 01', 'reboot', 'get 02'].map((l) => parseContractOp(l) as ContractOp);
    const g = geometry(2048, 512, 4);
    const atomic = sweep(m, ops, g, 'nor', 'atomic');
    assert.ok(atomic.violations.length > 0);
    assert.ok(atomic.violations.every((v) => v.kind === 'lost' && v.ops[v.opIndex] === 'set 01 cccc' && /01 missing \(expected aaaa or cccc\)/.test(v.summary)), atomic.violations[0]?.summary);
    const inFlight = sweep(m, ops, g, 'nor', 'key-in-flight');
    assert.deepEqual(inFlight.violations, []);
    assert.ok(inFlight.recovered.mid > 0, 'the key in flight was found absent, and that was accepted');
    const wide = sweepAll(m, 'key-in-flight', [3], 30, ['nor']);
    assert.deepEqual(wide.violations.slice(0, 3), []);
  });
});

describe('wasm sweep through the crash runner (nested cuts, replay ids)', () => {
  const run = (name: string, seed: number, g: Geometry) =>
    runCase(target(load(name), g, 'nor', 'atomic'), generateContractOps(seed, 30, g), {
      schedule: { kind: 'exhaustive' },
      torn: TORN_MODELS,
      depth: 2,
      seed,
      continueOps: Number.POSITIVE_INFINITY,
      opsSpec: { kind: 'generated', seed, count: 30 },
    });

  it('logstore and pagestore: no violation, nested cuts included', () => {
    for (const name of ['logstore', 'pagestore']) {
      const r = run(name, 5, geometry(2048, 256, 8));
      assert.deepEqual(r.violations.map((v) => v.summary), [], name);
      assert.ok(r.nestedPoints > 50, `${name}: ${r.nestedPoints} nested cuts`);
    }
  });

  it('logstore_buggy: violations with replay ids', () => {
    const r = run('logstore_buggy', 5, geometry(2048, 256, 8));
    assert.ok(r.violations.length > 0);
    assert.match(r.violations[0].id, /^fp1\/wasm@logstore_buggy\.wasm#[0-9a-f]{12}\/atomic\/2048:256:8:1\/nor\/g5x30\/\d+\.(prefix|bits)\.\d+$/);
  });
});
