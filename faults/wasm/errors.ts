// How a WebAssembly store fails, as the crash harness classes it (faults/crash/failure.ts): fp_halt is an
// EngineHalt and a trap an Error (both `crash`), an exhausted fuel budget a BudgetExceeded (`hang`).
import { EngineHalt } from '../../engine/halt';
import { BudgetExceeded } from '../powerLoss';

/** The module cannot be used as a store (bad binary, a foreign import, a missing or mistyped export). */
export class WasmLoadError extends Error {
  override readonly name = 'WasmLoadError';
}

/** The store called fp_halt (an assertion or a fatal error) during `call`. */
export class WasmHalt extends EngineHalt {
  // name stays 'EngineHalt' (its type is that literal): reports say `halt: CALL: fp_halt: MESSAGE`.
  constructor(
    readonly call: string,
    readonly detail: string,
  ) {
    super(call, 0, detail);
    this.message = `${call}: fp_halt: ${detail}`;
  }
}

export type TrapReason = 'trap' | 'stack-overflow' | 'flash-misuse' | 'memory' | 'abi';

/** The store trapped (unreachable, out-of-bounds access, ...), misused the flash or broke the ABI during `call`. */
export class WasmTrap extends Error {
  override readonly name = 'WasmTrap';
  constructor(
    readonly call: string,
    readonly reason: TrapReason,
    readonly detail: string,
  ) {
    super(`${call}: ${reason}: ${detail}`);
  }
}

/** The store ran past its fuel budget in one call: it does not terminate (design §7.8). */
export class WasmHang extends BudgetExceeded {
  // name stays 'BudgetExceeded', which is what the harness classes as a `hang`.
  constructor(
    readonly call: string,
    readonly fuel: number,
  ) {
    super('steps', fuel);
    this.message = `${call}: fuel budget of ${fuel} exhausted: the store does not terminate`;
  }
}

export type WasmCrash = WasmHalt | WasmTrap;

export const isWasmCrash = (e: unknown): e is WasmCrash => e instanceof WasmHalt || e instanceof WasmTrap;
