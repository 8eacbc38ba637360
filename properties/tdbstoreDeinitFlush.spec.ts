// TDBStore::deinit flushes a refused write-cache unit twice: BufferedBlockDevice::deinit returns early when its
// sync fails, and `delete _buff_bd` runs ~BufferedBlockDevice, which calls deinit (and so flushes) again.
import assert from 'node:assert/strict';
import { makeGeometry } from '../engine/flash/geometry';
import { NorFlash, type FlashMode } from '../engine/flash/norFlash';
import type { TdbProfileName } from '../engine/tdbstore/profile';
import { TDBStore } from '../engine/tdbstore/tdbStore';
import { PowerCutDevice } from '../faults/powerCutDevice';
import { runScriptInProcess, type TdbVector } from './support/tdbVectors';

const G = makeGeometry(2048, 256, 8);
const KEY2_VALUE = new Uint8Array(Buffer.from('9dff961c0fe7df8078c98961b4241a2a643138de7b4347ef89a094c3433d', 'hex'));

/** Every program call deinit makes, with its result; `errorAt` makes that program (counted from deinit) fail with -4001. */
function deinitPrograms(profile: TdbProfileName, mode: FlashMode, before: (s: TDBStore) => void, errorAt?: number): string[] {
  const dev = new PowerCutDevice(new NorFlash(G, mode));
  const s = new TDBStore(dev, profile);
  before(s);
  if (errorAt !== undefined) dev.deviceErrorSteps = new Set([dev.steps + errorAt]);
  const calls: string[] = [];
  const program = dev.program.bind(dev);
  dev.program = (addr: number, data: Uint8Array) => {
    const r = program(addr, data);
    calls.push(`program 0x${addr.toString(16)} +${data.length} -> ${r}`);
    return r;
  };
  assert.equal(s.deinit(), 0, 'deinit ignores the flush result');
  return calls;
}

/** The brief's strict-flash script up to its second deinit: `set key2` leaves a refused unit in the cache. */
function refusedUnitInCache(s: TDBStore): void {
  assert.equal(s.init(), 0);
  assert.equal(s.setStart('k4', 39).status, 0);
  assert.equal(s.deinit(), 0); // flushes k4's key unit at 0x88: leftovers past the log end
  assert.equal(s.init(), 0);
  s.set('key2', KEY2_VALUE);
}

/** An incremental set left open, so deinit has a partial unit to flush. */
function openSet(s: TDBStore): void {
  assert.equal(s.init(), 0);
  assert.equal(s.setStart('k4', 39).status, 0);
}

describe('TDBStore deinit with a write-cache unit the flash refuses', () => {
  it('mbed: a unit strict flash refuses is programmed twice (deinit, then ~BufferedBlockDevice)', () => {
    assert.deepEqual(deinitPrograms('mbed', 'strict', refusedUnitInCache), ['program 0x88 +8 -> -3201', 'program 0x88 +8 -> -3201']);
  });

  it('mbed: after a device error the destructor\'s second flush programs the unit', () => {
    assert.deepEqual(deinitPrograms('mbed', 'nor', openSet, 0), ['program 0x88 +8 -> -4001', 'program 0x88 +8 -> 0']);
  });

  it('hardened: once, because a refused unit is dropped (dropRefusedCacheUnit); the script leaves none anyway', () => {
    assert.deepEqual(deinitPrograms('hardened', 'nor', openSet, 0), ['program 0x88 +8 -> -4001']);
    assert.deepEqual(deinitPrograms('hardened', 'strict', refusedUnitInCache), [], 'the blank check sent key2 to the other area');
    assert.deepEqual(deinitPrograms('hardened', 'nor', openSet), ['program 0x88 +8 -> 0'], 'a flush that works is one program on both');
  });

  it('mbed: the shell\'s power cut lands on the operation the real TDBStore cuts (the second refused flush counts)', () => {
    const v: TdbVector = { name: 'deinit_double_flush', size: 2048, erase_size: 256, program_size: 8, read_size: 1, mode: 'strict', runs: [], dont_care: [] };
    const script = [
      'init',
      'inc_start k4 39',
      'deinit',
      'init',
      'set key2 9dff961c0fe7df8078c98961b4241a2a643138de7b4347ef89a094c3433d',
      'powercut 3 tear',
      'deinit',
      'init',
      `set k4 ${'ab'.repeat(75)}`,
    ].join('\n');
    const r = runScriptInProcess(v, Buffer.from(script + '\n', 'latin1'), undefined, 'mbed');
    assert.equal(r.exitCode, 5);
    // Operations 0 and 1 are deinit's two refused programs of 0x88, 2 is set k4's first unit, 3 its 64-byte program.
    assert.deepEqual(r.stdout.toString('latin1').trimEnd().split('\n').slice(-4), [
      'powercut 3: armed',
      'deinit: rc=0 MBED_SUCCESS',
      'init: rc=0 MBED_SUCCESS',
      'set k4: POWERCUT during program(torn) addr=0x90 size=64',
    ]);
  });
});
