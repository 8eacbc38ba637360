// Mbed's result codes (platform/include/platform/mbed_error.h): 0x80FF0000 | code, as int32.

const mbedError = (code: number): number => (0x80ff0000 | code) | 0;

export const MbedStatus = {
  SUCCESS: 0,
  INVALID_ARGUMENT: mbedError(257),
  INVALID_DATA_DETECTED: mbedError(258),
  INVALID_SIZE: mbedError(261),
  ITEM_NOT_FOUND: mbedError(263),
  MEDIA_FULL: mbedError(267),
  NOT_READY: mbedError(270),
  WRITE_PROTECTED: mbedError(274),
  READ_FAILED: mbedError(283),
  WRITE_FAILED: mbedError(284),
  OUT_OF_RESOURCES: mbedError(288),
  BD_ERROR_NOT_ERASED: -3201,
  BD_ERROR_DEVICE_ERROR: -4001,
} as const;
export type MbedStatusCode = (typeof MbedStatus)[keyof typeof MbedStatus];

const NAMES = new Map<number, string>([
  [MbedStatus.SUCCESS, 'MBED_SUCCESS'],
  [MbedStatus.INVALID_ARGUMENT, 'MBED_ERROR_INVALID_ARGUMENT'],
  [MbedStatus.INVALID_DATA_DETECTED, 'MBED_ERROR_INVALID_DATA_DETECTED'],
  [MbedStatus.INVALID_SIZE, 'MBED_ERROR_INVALID_SIZE'],
  [MbedStatus.ITEM_NOT_FOUND, 'MBED_ERROR_ITEM_NOT_FOUND'],
  [MbedStatus.MEDIA_FULL, 'MBED_ERROR_MEDIA_FULL'],
  [MbedStatus.NOT_READY, 'MBED_ERROR_NOT_READY'],
  [MbedStatus.WRITE_PROTECTED, 'MBED_ERROR_WRITE_PROTECTED'],
  [MbedStatus.READ_FAILED, 'MBED_ERROR_READ_FAILED'],
  [MbedStatus.WRITE_FAILED, 'MBED_ERROR_WRITE_FAILED'],
  [MbedStatus.OUT_OF_RESOURCES, 'MBED_ERROR_OUT_OF_RESOURCES'],
  [MbedStatus.BD_ERROR_NOT_ERASED, 'BD_ERROR_NOT_ERASED'],
  [MbedStatus.BD_ERROR_DEVICE_ERROR, 'BD_ERROR_DEVICE_ERROR'],
]);

/** The name the conformance shell prints for a code (`UNKNOWN` for anything else). */
export function mbedStatusName(code: number): string {
  return NAMES.get(code) ?? 'UNKNOWN';
}

/** KVStore flags (KVStore.h 32-37) and TDBStore's one internal flag. */
export const KvFlags = {
  WRITE_ONCE: 1,
  REQUIRE_CONFIDENTIALITY: 2,
  RESERVED: 4,
  REQUIRE_REPLAY_PROTECTION: 8,
  DELETE: 0x80000000,
} as const;
