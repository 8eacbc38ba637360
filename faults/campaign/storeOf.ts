// The store a campaign's config names: a built-in engine, or the driver file (pinned by hash) it was started with.
import { parseGeometry } from '../../engine/flash/geometry';
import { FLASH_MODES, type FlashMode } from '../../engine/flash/norFlash';
import { IMAGE_HASH_CHARS, withStart } from '../crash/start';
import { openCase, type StoreCase } from '../crash/storeCase';
import { InputError } from '../driver/errors';
import { driverForRef } from '../driver/registry';
import type { CampaignConfig } from './types';

/** Opens the config's case; a changed driver file, unknown engine or bad geometry is an InputError. */
export function campaignCase(config: Pick<CampaignConfig, 'engine' | 'profile' | 'geometry' | 'flash' | 'driverFile' | 'start'>): StoreCase<unknown> {
  const loaded = driverForRef(config.engine, config.driverFile ?? undefined);
  if (!(FLASH_MODES as readonly string[]).includes(config.flash)) throw new InputError(`unknown flash mode "${config.flash}" (${FLASH_MODES.join(', ')})`);
  const c = openCase(loaded.driver, config.profile, parseGeometry(config.geometry), config.flash as FlashMode, loaded.ref);
  const start = config.start;
  if (!start) return c;
  // The image must still be the one the campaign was started with (its hash is in every id).
  if (start.kind === 'image') return withStart(c, { kind: 'image', sha256: start.sha256.slice(0, IMAGE_HASH_CHARS) }, start.path);
  return withStart(c, start);
}

/** Erase units where the engine's areas start (for the wear chart); none when the driver cannot be loaded now. */
export function wearAreasOf(config: Pick<CampaignConfig, 'engine' | 'profile' | 'geometry' | 'flash' | 'driverFile'>): number[] {
  try {
    const c = campaignCase(config);
    return c.driver.wearAreas?.(c.geometry) ?? [];
  } catch {
    return [];
  }
}
