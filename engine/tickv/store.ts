// The TicKV API both profiles offer, and the factory that builds the profile's implementation (policy.ts picks it).
import type { SuccessCodeName, TicKVResult } from './errorCodes';
import { HardenedTicKV } from './hardenedTicKV';
import { ticKVFor } from './policy';
import type { TicKVProfileName } from './profile';
import type { FlashController } from './regionController';
import { TicKV, type GetKeyValue } from './tickv';

export interface TicKVStore {
  readonly profile: TicKVProfileName;
  readonly regionSizeBytes: number;
  readonly numRegions: number;
  initialise(hashedMainKey: bigint): TicKVResult<SuccessCodeName>;
  appendKey(hash: bigint, value: Uint8Array): TicKVResult<SuccessCodeName>;
  getKey(hash: bigint, buf: Uint8Array): TicKVResult<GetKeyValue>;
  invalidateKey(hash: bigint): TicKVResult<SuccessCodeName>;
  zeroiseKey(hash: bigint): TicKVResult<SuccessCodeName>;
  garbageCollect(): TicKVResult<number>;
}

export function createTicKV(controller: FlashController, flashSizeBytes: number, profile: TicKVProfileName = 'faithful'): TicKVStore {
  return ticKVFor(profile, controller, flashSizeBytes);
}

export { HardenedTicKV, TicKV };
