// The one exception of the system: power died during a flash step. Engines never catch it.
import type { Mutation } from '../engine/flash/norFlash';

export interface CutInfo {
  /** Index of the interrupted step among all program/erase steps the device saw. */
  step: number;
  op: Mutation;
  torn: string;
}

export class PowerLoss extends Error {
  override readonly name = 'PowerLoss';
  constructor(readonly cut: CutInfo) {
    super(`power lost at step ${cut.step} (${cut.op.kind} @0x${cut.op.addr.toString(16)}, torn ${cut.torn})`);
  }
}

export function isPowerLoss(e: unknown): e is PowerLoss {
  return e instanceof PowerLoss;
}

/** A step or read budget ran out: the engine livelocks (design §7.8). Engines never catch it either. */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
  constructor(readonly what: 'steps' | 'reads', readonly limit: number) {
    super(`${what} budget of ${limit} exhausted: the engine does not terminate`);
  }
}
