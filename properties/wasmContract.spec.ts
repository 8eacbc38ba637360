// The generic contract model and its op language, and the example WebAssembly stores held to it without cuts.
import assert from 'node:assert/strict';
import path from 'node:path';
import fc from 'fast-check';
import type { Geometry } from '../engine/flash/blockDevice';
import { NorFlash, type FlashMode } from '../engine/flash/norFlash';
import { ContractModel } from '../models/contract/model';
import { contractOpText, parseContractOp, type ContractOp } from '../models/contract/ops';
import { hexOf } from '../models/outcome';
import { CONTRACT_KEYS, contractValueCap, generateContractOps } from '../faults/wasm/generate';
import { loadWasmStoreFile } from '../faults/wasm/loader';
import { WasmContractSubject } from '../faults/wasm/subject';
import { assertProperty, runSettings } from './support/fcEnv';

const BUILD = path.join(__dirname, '..', 'wasm', 'build');
const h = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const geometry = (size: number, erase: number, program: number, read = 1): Geometry => ({
  sizeBytes: size,
  eraseSizeBytes: erase,
  programSizeBytes: program,
  readSizeBytes: read,
  eraseValue: 0xff,
});

const arbKey = fc.uint8Array({ minLength: 1, maxLength: 64 });
const arbOp: fc.Arbitrary<ContractOp> = fc.oneof(
  fc.constant<ContractOp>({ op: 'mount' }),
  fc.constant<ContractOp>({ op: 'reboot' }),
  fc.tuple(arbKey, fc.uint8Array({ maxLength: 80 })).map(([key, value]): ContractOp => ({ op: 'set', key, value })),
  arbKey.map((key): ContractOp => ({ op: 'get', key })),
  arbKey.map((key): ContractOp => ({ op: 'remove', key })),
);

describe('wasm contract: the op language', () => {
  it('text and parse round-trip', () => {
    const name = 'wasm contract op text round-trip';
    assertProperty(
      name,
      fc.property(arbOp, (op) => {
        assert.deepEqual(parseContractOp(contractOpText(op)), op);
      }),
      runSettings(name, 300),
    );
  });

  it('reads comments and blank lines as nothing, and names what is wrong with a bad line', () => {
    assert.equal(parseContractOp('   # a comment'), undefined);
    assert.equal(parseContractOp(''), undefined);
    assert.deepEqual(parseContractOp('set 6B - # empty value'), { op: 'set', key: h('6b'), value: new Uint8Array(0) });
    assert.throws(() => parseContractOp('set 6b'), /^Error: set takes 2 arguments: "set 6b"$/);
    assert.throws(() => parseContractOp('get 6'), /key "6" is not hex bytes/);
    assert.throws(() => parseContractOp('get -'), /key "-" is not hex bytes/);
    assert.throws(() => parseContractOp(`get ${'00'.repeat(65)}`), /key of 65 bytes \(at most 64\)/);
    assert.throws(() => parseContractOp('erase 00'), /unknown op "erase" \(mount, set, get, remove, reboot\)/);
  });

  it('generates the same ops from the same seed: mount first, pool keys, values up to the geometry cap', () => {
    const g = geometry(2048, 512, 4);
    const a = generateContractOps(7, 200, g);
    assert.deepEqual(generateContractOps(7, 200, g), a);
    assert.notDeepEqual(generateContractOps(8, 200, g), a);
    assert.deepEqual(a[0], { op: 'mount' });
    assert.equal(a.length, 201);
    const cap = contractValueCap(g);
    assert.equal(cap, 35);
    const pool = new Set(CONTRACT_KEYS.map(hexOf));
    const kinds = new Set(a.map((o) => o.op));
    assert.deepEqual([...kinds].sort(), ['get', 'mount', 'reboot', 'remove', 'set']);
    for (const op of a) {
      if ('key' in op) assert.ok(pool.has(hexOf(op.key)));
      if (op.op === 'set') assert.ok(op.value.length <= cap);
      assert.deepEqual(parseContractOp(contractOpText(op)), op);
    }
    const lengths = new Set(a.flatMap((o) => (o.op === 'set' ? [o.value.length] : [])));
    assert.ok(lengths.has(0) && lengths.has(cap), 'empty and cap-sized values both occur');
  });
});

describe('wasm contract: the model', () => {
  const set = (k: string, v: string): ContractOp => ({ op: 'set', key: h(k), value: h(v) });
  const get = (k: string): ContractOp => ({ op: 'get', key: h(k) });
  const remove = (k: string): ContractOp => ({ op: 'remove', key: h(k) });

  it('is a map: get returns the last committed value, remove of an absent key is not found', () => {
    const m = ContractModel.create('atomic');
    assert.deepEqual(m.apply({ op: 'mount' }), { status: 'OK' });
    assert.deepEqual(m.apply(get('01')), { status: 'NOT_FOUND' });
    assert.deepEqual(m.apply(set('01', 'aa')), { status: 'OK' });
    assert.deepEqual(m.apply(set('01', '')), { status: 'OK' });
    assert.deepEqual(m.apply(get('01')), { status: 'OK', value: '' });
    assert.deepEqual(m.apply(remove('01')), { status: 'OK' });
    assert.deepEqual(m.apply(remove('01')), { status: 'NOT_FOUND' });
    assert.deepEqual(m.view(), { keys: new Map(), extra: null });
  });

  it('allows no-space for a set, which loses nothing; every other departure is named', () => {
    const m = ContractModel.create('atomic');
    m.apply(set('01', 'aa'));
    assert.equal(m.accept(set('01', 'bbbb'), { status: 'NO_SPACE' }), null);
    assert.deepEqual(m.view().keys, new Map([['01', 'aa']]));
    assert.equal(m.accept(set('02', 'cc'), { status: 'OK' }), null);
    assert.equal(m.accept(get('02'), { status: 'OK', value: 'cd' }), 'store OK value=cd, contract OK value=cc');
    assert.equal(m.accept(remove('03'), { status: 'OK' }), 'store OK, contract NOT_FOUND');
    assert.equal(m.accept(remove('02'), { status: 'ERROR' }), 'store ERROR, contract OK');
    assert.deepEqual(m.view().keys, new Map([['01', 'aa'], ['02', 'cc']]), 'a refused answer changes nothing');
  });

  it('a store that answers no-space while it holds no more than the floor breaks the contract (it never stores)', () => {
    const m = ContractModel.create('atomic', { floor: 8 });
    assert.equal(m.accept(set('01', 'aabbcc'), { status: 'NO_SPACE' }), 'store NO_SPACE with 4 bytes of keys and values live, under the 8 any store must hold');
    assert.equal(m.accept(set('01', 'aabbcc'), { status: 'OK' }), null);
    assert.equal(m.accept(set('02', 'ddeeff'), { status: 'NO_SPACE' }), 'store NO_SPACE with 8 bytes of keys and values live, under the 8 any store must hold');
    assert.equal(m.accept(set('02', 'ddeeff00'), { status: 'NO_SPACE' }), null, '9 bytes: above the floor, the store may be full');
    assert.equal(m.accept(set('01', 'aa'), { status: 'NO_SPACE' }), 'store NO_SPACE with 2 bytes of keys and values live, under the 8 any store must hold', 'an overwrite counts the new value only');
    assert.deepEqual(m.view().keys, new Map([['01', 'aabbcc']]));
  });

  it('predicts no-space from a capacity rule, keeping the old state', () => {
    const m = ContractModel.create('atomic', { fits: (entries, k, v) => [...entries].filter(([key]) => key !== k).reduce((n, [a, b]) => n + a.length + b.length, 0) + k.length + v.length <= 11 });
    assert.deepEqual(m.apply(set('01', 'aabb')), { status: 'OK' });
    assert.deepEqual(m.apply(set('02', 'ccdd')), { status: 'NO_SPACE' });
    assert.deepEqual(m.apply(set('01', 'aabbccdd')), { status: 'OK' }, 'an overwrite frees the old value first');
    assert.deepEqual(m.view().keys, new Map([['01', 'aabbccdd']]));
  });

  it('atomic promises old or new; key-in-flight adds the key in flight absent, and only that', () => {
    const atomic = ContractModel.create('atomic');
    atomic.apply(set('01', 'aa'));
    atomic.apply(set('02', 'bb'));
    assert.deepEqual(atomic.midStates(set('01', 'cc')), []);
    const tick = ContractModel.create('key-in-flight');
    tick.apply(set('01', 'aa'));
    tick.apply(set('02', 'bb'));
    const mids = tick.midStates(set('01', 'cc'));
    assert.equal(mids.length, 1);
    assert.deepEqual(mids[0].view().keys, new Map([['02', 'bb']]), 'only the key in flight is absent');
    assert.deepEqual(tick.midStates(set('03', 'cc')), [], 'a new key absent is the old state');
    assert.deepEqual(tick.midStates(remove('01')), [], 'a removed key absent is the new state');
    assert.deepEqual(tick.midStates({ op: 'reboot' }), []);
    assert.deepEqual(tick.failedStates(set('01', 'cc'))[0].view(), tick.view(), 'a failed op leaves the old state');
  });

  it('a failed mount leaves the store unmounted: ops may answer that they cannot, change nothing, until a mount', () => {
    const m = ContractModel.create('atomic');
    m.apply({ op: 'mount' });
    m.apply(set('01', 'aa'));
    const [failed] = m.failedStates({ op: 'reboot' });
    assert.equal(failed.accept(set('02', 'bb'), { status: 'ERROR' }), null);
    assert.equal(failed.accept(get('01'), { status: 'INVALID_ARGUMENT' }), null);
    assert.equal(failed.accept(remove('01'), { status: 'ERROR' }), null);
    assert.deepEqual(failed.view().keys, new Map([['01', 'aa']]), 'nothing changed');
    // claims an unmounted store cannot make: a value, not-found, no-space, a success
    assert.equal(failed.accept(get('01'), { status: 'NOT_FOUND' }), 'store NOT_FOUND, contract ERROR');
    assert.equal(failed.accept(set('02', 'bb'), { status: 'NO_SPACE' }), 'store NO_SPACE, contract ERROR');
    assert.equal(failed.accept(get('01'), { status: 'OK', value: 'aa' }), 'store OK value=aa, contract ERROR');
    assert.equal(failed.accept({ op: 'mount' }, { status: 'OK' }), null);
    assert.equal(failed.accept(get('01'), { status: 'OK', value: 'aa' }), null, 'mounted again');
    assert.deepEqual(m.failedStates({ op: 'mount' })[0].rebooted().apply(get('01')), { status: 'OK', value: 'aa' }, 'a power cycle mounts');
    assert.deepEqual(m.failedStates(set('01', 'bb'))[0].apply(get('01')), { status: 'OK', value: 'aa' }, 'only a mount fails into unmounted');
  });

  it('keeps nothing in RAM: clones are independent, a reboot changes nothing, it never stops predicting', () => {
    const m = ContractModel.create('atomic');
    m.apply(set('01', 'aa'));
    const c = m.clone();
    c.apply(set('01', 'bb'));
    assert.deepEqual(m.view().keys, new Map([['01', 'aa']]));
    assert.deepEqual(m.rebooted().view(), m.view());
    assert.equal(m.poisoned(), null);
  });
});

describe('wasm contract: example stores without cuts', () => {
  const STORES = ['logstore', 'pagestore'];
  const GEOMETRIES = [geometry(1024, 256, 4), geometry(2048, 512, 1), geometry(2048, 256, 8, 2), geometry(4096, 1024, 16, 4)];
  const MODES: FlashMode[] = ['nor', 'strict', 'overwrite'];

  it('answer as the contract on random sequences, and show its state after every reboot', () => {
    const name = 'wasm stores follow the contract';
    const modules = STORES.map((s) => loadWasmStoreFile(path.join(BUILD, `${s}.wasm`)));
    assertProperty(
      name,
      fc.property(fc.nat(modules.length - 1), fc.constantFrom(...GEOMETRIES), fc.constantFrom(...MODES), fc.nat(), (which, g, mode, seed) => {
        const ops = generateContractOps(seed, 60, g);
        const subject = new WasmContractSubject(modules[which], new NorFlash(g, mode));
        const model = ContractModel.create('atomic');
        for (const [i, op] of ops.entries()) {
          const complaint = model.accept(op, subject.apply(op));
          assert.equal(complaint, null, `${STORES[which]} op ${i} ${contractOpText(op)}: ${complaint}`);
          if (op.op === 'reboot') assert.deepEqual(subject.view(), model.view(), `${STORES[which]} after op ${i}`);
        }
      }),
      runSettings(name, 40),
    );
  });

  it('fill up with no-space and lose nothing', () => {
    for (const s of STORES) {
      const subject = new WasmContractSubject(loadWasmStoreFile(path.join(BUILD, `${s}.wasm`)), new NorFlash(geometry(1024, 256, 4)));
      const model = ContractModel.create('atomic');
      subject.apply({ op: 'mount' });
      let refused = 0;
      for (let i = 0; i < 40; i++) {
        const op: ContractOp = { op: 'set', key: new Uint8Array([i]), value: new Uint8Array(30).fill(i) };
        const got = subject.apply(op);
        if (got.status === 'NO_SPACE') refused++;
        assert.equal(model.accept(op, got), null, `${s} set ${i}`);
      }
      assert.ok(refused > 0, `${s} ran out of space`);
      subject.apply({ op: 'reboot' });
      assert.deepEqual(subject.view(), model.view(), s);
    }
  });
});
