// Tock's kernel ErrorCode (kernel/src/errorcode.rs) and the ways an asynchronous Tock call can end.
import type { SubSliceMut } from './subSliceMut';

export const TockErrorCode = {
  FAIL: 1,
  BUSY: 2,
  ALREADY: 3,
  OFF: 4,
  RESERVE: 5,
  INVAL: 6,
  SIZE: 7,
  CANCEL: 8,
  NOMEM: 9,
  NOSUPPORT: 10,
  NODEVICE: 11,
  UNINSTALLED: 12,
  NOACK: 13,
} as const;
export type TockErrorCodeName = keyof typeof TockErrorCode;

/** `Result<(), ErrorCode>` as a callback carries it. */
export type TockResult = { readonly ok: true } | { readonly ok: false; readonly code: TockErrorCodeName };
export const OK: TockResult = { ok: true };
export const fail = (code: TockErrorCodeName): TockResult => ({ ok: false, code });

/**
 * How a call into the (asynchronous) stack ended, modelled synchronously: the call itself returned
 * an error and no callback follows; or it returned Ok and exactly one callback came with `result`;
 * or it returned Ok and no callback will ever come (the layer is left busy).
 */
export type Completion =
  | { readonly kind: 'immediate'; readonly code: TockErrorCodeName; readonly buffer?: SubSliceMut }
  | { readonly kind: 'callback'; readonly result: TockResult; readonly buffer?: SubSliceMut }
  | { readonly kind: 'pending' };

export const immediate = (code: TockErrorCodeName, buffer?: SubSliceMut): Completion => ({ kind: 'immediate', code, buffer });
export const callback = (result: TockResult, buffer?: SubSliceMut): Completion => ({ kind: 'callback', result, buffer });
export const PENDING: Completion = { kind: 'pending' };

/** Rust's Debug form of a callback result: `Ok(())` or `Err(NOSUPPORT)`. */
export const resultText = (r: TockResult): string => (r.ok ? 'Ok(())' : `Err(${r.code})`);
