// TicKV's profiles: `faithful` is the tickv 2.0.0 crate (tickv.ts); `hardened` is a separate implementation of the
// same format and API (hardenedTicKV.ts over regionScan.ts). TICKV_HARDENING names each way it departs from the
// crate, the functions that do it, and the findings that fixes: TK-n (faults/findings/tickv.ts), and TO-n
// (faults/findings/tock.ts) where the Tock stack above shows the flaw.
import { HardenedTicKV } from './hardenedTicKV';
import type { TicKVProfileName } from './profile';
import type { FlashController } from './regionController';
import type { TicKVStore } from './store';
import { TicKV } from './tickv';

export interface TicKVDeviation {
  /** Why, in one line. */
  readonly why: string;
  /** Where: HardenedTicKV methods or regionScan.ts exports. */
  readonly in: readonly string[];
  readonly fixes: readonly string[];
}

export const TICKV_HARDENING = {
  verifyObjectCrc: {
    why: 'a valid flag proves nothing after a torn write: an object is live only when its CRC matches',
    in: ['objectState', 'scanRegion'],
    fixes: ['TK-1', 'TK-5', 'TO-4'],
  },
  sealTornTail: {
    why: 'bytes that are no well-formed object end the region\'s data and seal it, instead of stopping probes and GC',
    in: ['scanRegion', 'writeNew'],
    fixes: ['TK-1', 'TK-2', 'TK-3', 'TK-4', 'TO-4'],
  },
  probeEveryRegion: {
    why: 'an empty, nearly full or torn region never ends a probe: get, invalidate, zeroise and append see every copy',
    in: ['survey', 'appendKey', 'invalidateKey'],
    fixes: ['TK-2', 'TK-6', 'TK-7', 'TO-1', 'TO-2'],
  },
  collectRegionsWithNothingLive: {
    why: 'GC erases every region that holds something and nothing live, so it finishes an interrupted GC',
    in: ['garbageCollect'],
    fixes: ['TK-2', 'TK-4'],
  },
  roomForWholeObject: {
    why: 'a region has room only when header, value and CRC all fit',
    in: ['writeNew'],
    fixes: ['TK-8', 'TO-3'],
  },
  keepReadBuffer: {
    why: 'no error return leaves TicKV without its read buffer (the next call would panic)',
    in: ['appendKey', 'getKey', 'zeroiseKey', 'garbageCollect'],
    fixes: ['TK-8', 'TK-9', 'TO-3'],
  },
  clearValidBitFirst: {
    why: 'zeroise clears the valid bit with a one-byte program before zeroing, so a cut leaves the key or no key',
    in: ['zeroiseKey', 'clearValid'],
    fixes: ['TK-5'],
  },
  zeroiseValueAndCrcOnly: {
    why: 'zeroise zeroes bytes 11..L of the object, not 11 bytes past it',
    in: ['zeroiseKey'],
    fixes: ['TK-9'],
  },
  newCopyBeforeInvalidating: {
    why: 'replaceKey writes the new copy after the live one before invalidating it, so a cut leaves old or new',
    in: ['replaceKey', 'getKey'],
    fixes: ['TO-6', 'TO-8', 'TO-9'],
  },
  settleUnstableCells: {
    why: 'cells that read differently between reads are programmed to 0 at initialise: the cut program finished, the cut erase undone',
    in: ['initialise', 'settleUnstableCells'],
    fixes: ['TK-10'],
  },
} as const satisfies Record<string, TicKVDeviation>;

export type TicKVHookName = keyof typeof TICKV_HARDENING;

const IMPLEMENTATIONS: Record<TicKVProfileName, new (controller: FlashController, flashSizeBytes: number) => TicKVStore> = {
  faithful: TicKV,
  hardened: HardenedTicKV,
};

/** The one place a profile name picks the TicKV implementation. */
export function ticKVFor(profile: TicKVProfileName, controller: FlashController, flashSizeBytes: number): TicKVStore {
  return new IMPLEMENTATIONS[profile](controller, flashSizeBytes);
}
