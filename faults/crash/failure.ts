// What an exception out of an engine means: a halt or assertion is a `crash`, an exhausted budget a `hang`.
import { EngineHalt } from '../../engine/halt';
import { BudgetExceeded, isPowerLoss } from '../powerLoss';
import type { ViolationKind } from './types';

export function failureOf(e: unknown): { kind: ViolationKind; summary: string } {
  if (isPowerLoss(e)) throw e; // only the harness may handle a power loss, and only where it armed one
  if (e instanceof BudgetExceeded) return { kind: 'hang', summary: e.message };
  if (e instanceof EngineHalt) return { kind: 'crash', summary: `halt: ${e.message}` };
  const err = e as Error;
  return { kind: 'crash', summary: `${err?.name ?? 'Error'}: ${err?.message ?? String(e)}` };
}
