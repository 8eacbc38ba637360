// `flashproof dump` shows the evidence of a cut: bytes past the log end that are not erased (TDB-1), and
// `--diff` shows what changed between two images, record by record and byte by byte.
import assert from 'node:assert/strict';
import { parseGeometry } from '../engine/flash/geometry';
import { dumpTdbImage, renderTdbDump } from '../faults/drivers/tdbstore/dump';
import { TDBSTORE_FINDINGS } from '../faults/findings/tdbstore';
import { diffLines, differingRuns, renderImageDiff } from '../faults/imageDiff';
import { replay, replayImages } from '../faults/replay';

describe('dump: the evidence of a cut', () => {
  const tdb1 = TDBSTORE_FINDINGS.find((f) => f.id === 'TDB-1')?.replay as string;

  it('TDB-1: the after-cut image shows non-erased bytes past the log end, with offsets; the dumps differ', () => {
    const run = replay(tdb1);
    const images = replayImages(run);
    assert.ok(images);
    const g = parseGeometry(run.replay.geometry);
    const [before, after] = [dumpTdbImage(images.before, g, 'mbed'), dumpTdbImage(images.cut, g, 'mbed')];
    const leftover = (d: typeof before): number => d.areas.flatMap((a) => a.pastLogEnd).reduce((n, r) => n + r.length, 0);
    assert.ok(leftover(after) > leftover(before), 'the cut left more bytes past the log end');
    const text = renderTdbDump(after);
    assert.match(text, /NOT ERASED past the log end: \d+ bytes? in \d+ runs? /);
    assert.match(text, /\n {4}\+0x[0-9a-f]+ +0x[0-9a-f]+ +\d+ bytes {2}[0-9a-f]+/);
    assert.notEqual(renderTdbDump(before), text);
    const diff = renderImageDiff(['before', 'after'], [renderTdbDump(before), text], [images.before, images.cut], g.eraseSizeBytes);
    assert.match(diff, new RegExp(`bytes that differ: ${images.changedBytes} in 1 run`));
    assert.match(diff, /^\+ .*NOT ERASED past the log end/m);
  });

  it('a clean image says its log end is followed by erased flash', () => {
    const run = replay(tdb1);
    const g = parseGeometry(run.replay.geometry);
    assert.match(renderTdbDump(dumpTdbImage(run.reference.initial, g, 'mbed')), /past the log end: erased/);
  });

  it('line diff and byte runs', () => {
    assert.deepEqual(diffLines(['a', 'b', 'c'], ['a', 'x', 'c']), [
      { mark: '-', line: 'b' },
      { mark: '+', line: 'x' },
    ]);
    const a = new Uint8Array(64).fill(0xff);
    const b = a.slice();
    b[3] = 0;
    b[5] = 1;
    b[40] = 2;
    assert.deepEqual(
      differingRuns(a, b).runs.map((r) => [r.address, r.length]),
      [
        [3, 3],
        [40, 1],
      ],
    );
  });
});
