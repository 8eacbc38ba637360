// Conformance: every TDBStore vector from the real Mbed OS 6.17 code, byte for byte (tdbstore-script.md §10).
import assert from 'node:assert/strict';
import { loadTdbVectors, runVector, TDB_FIXTURES } from './support/tdbVectors';

const vectors = loadTdbVectors();
/** Vectors also run through the real `flashproof shell` process, so the CLI path itself is covered. */
const VIA_CLI = ['basic_set_get', 'powercut_update_torn_header', 'get_buffer_offset', 'mode_strict_plain', 'reserved_data'];

describe('TDBStore conformance vectors (profile mbed)', () => {
  it('has the whole visible suite', () => {
    assert.equal(vectors.length, 29);
  });
  for (const v of vectors) {
    it(`${v.name} (${v.runs.length} run${v.runs.length > 1 ? 's' : ''}, ${v.mode})`, () => {
      assert.deepEqual(runVector(TDB_FIXTURES, v, 'process'), []);
    });
  }
  describe('through the flashproof shell process', () => {
    for (const name of VIA_CLI) {
      it(name, function () {
        this.timeout(60000);
        const v = vectors.find((x) => x.name === name);
        assert.ok(v, `vector ${name} exists`);
        assert.deepEqual(runVector(TDB_FIXTURES, v, 'cli'), []);
      });
    }
  });
});
