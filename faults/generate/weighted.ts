// The generators' common loop: a first op, then `count` ops drawn by weight, each built by its picker.
import { Rng } from '../rng';

export type Weighted<Op, Ctx> = ReadonlyArray<readonly [number, (rng: Rng, ctx: Ctx) => Op]>;

export function weightedSequence<Op, Ctx>(seed: number, first: Op, count: number, table: Weighted<Op, Ctx>, ctx: Ctx): Op[] {
  const rng = new Rng(seed);
  const total = table.reduce((n, [w]) => n + w, 0);
  const ops: Op[] = [first];
  for (let i = 0; i < count; i++) {
    let r = rng.int(0, total - 1);
    for (const [w, pick] of table) {
      if (r < w) {
        ops.push(pick(rng, ctx));
        break;
      }
      r -= w;
    }
  }
  return ops;
}
