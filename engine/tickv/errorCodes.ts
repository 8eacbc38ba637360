// TicKV's result vocabulary: ErrorCode and SuccessCode with the crate's isize values (error_codes.rs, success_codes.rs).

export const SuccessCode = {
  Complete: -1,
  Written: -2,
  Queued: -3,
} as const;
export type SuccessCodeName = keyof typeof SuccessCode;

export const ErrorCode = {
  UnsupportedVersion: -1,
  CorruptData: -2,
  InvalidCheckSum: -3,
  KeyNotFound: -4,
  KeyAlreadyExists: -5,
  RegionFull: -6,
  FlashFull: -7,
  ReadFail: -8,
  WriteFail: -9,
  EraseFail: -10,
  ObjectTooLarge: -11,
  BufferTooSmall: -12,
  ReadNotReady: -13,
  WriteNotReady: -14,
  EraseNotReady: -15,
} as const;
export type ErrorCodeName = keyof typeof ErrorCode;

/** The variants that carry a usize in Rust (`BufferTooSmall(value_len)`, `ReadNotReady(region)`, ...). */
const WITH_PAYLOAD: ReadonlySet<TicKVErrorName> = new Set(['BufferTooSmall', 'ReadNotReady', 'WriteNotReady', 'EraseNotReady']);

/**
 * Not a crate code: a JS value no Rust caller could pass (a key that is not a u64 bigint, a value or
 * buffer that is not a Uint8Array). The binding refuses it before any flash access.
 */
export const INVALID_ARGUMENT = 'InvalidArgument';
export type TicKVErrorName = ErrorCodeName | typeof INVALID_ARGUMENT;

/** One TicKV error; `payload` is the usize of the variants that carry one. */
export interface TicKVError {
  readonly code: TicKVErrorName;
  readonly payload?: number;
}

export type TicKVResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: TicKVError };

export const ok = <T>(value: T): TicKVResult<T> => ({ ok: true, value });
export const err = <T>(code: TicKVErrorName, payload?: number): TicKVResult<T> => ({
  ok: false,
  error: payload === undefined ? { code } : { code, payload },
});

/** Rust's Debug form: `KeyNotFound`, `BufferTooSmall(16)`. */
export function errorText(e: TicKVError): string {
  return WITH_PAYLOAD.has(e.code) ? `${e.code}(${e.payload ?? 0})` : e.code;
}
