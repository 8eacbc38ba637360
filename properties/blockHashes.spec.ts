// Crash-image keys rehash only the blocks a step touched: they must equal a fresh hash of the whole image.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BlockHashes } from '../faults/crash/blockHashes';
import { assertProperty, runSettings } from './support/fcEnv';

const writesArb = fc.array(fc.record({ addr: fc.nat(20000), data: fc.uint8Array({ minLength: 1, maxLength: 600 }) }), { maxLength: 8 });

describe('block hashes: keys of images that change a little', () => {
  it('updating the touched blocks gives the key of the whole image hashed afresh; one changed byte changes the key', () => {
    assertProperty('block hashes', fc.property(fc.integer({ min: 1, max: 20000 }), writesArb, fc.nat(), (size, writes, at) => {
      const image = new Uint8Array(size).fill(0xff);
      const hashes = BlockHashes.of(image);
      for (const w of writes) {
        const addr = w.addr % size;
        const data = w.data.subarray(0, size - addr);
        image.set(data, addr);
        hashes.touch(addr, data.length);
      }
      assert.equal(hashes.refresh(image).key(), BlockHashes.of(image).key());
      const other = image.slice();
      other[at % size] ^= 1 << (at % 8);
      assert.notEqual(BlockHashes.of(other).key(), hashes.key());
      assert.equal(hashes.clone().touch(at % size, 1).refresh(other).key(), BlockHashes.of(other).key());
    }), runSettings('block hashes', 200));
  });
});
