// Drives the TicKV engine and reports its results in the models' vocabulary; reboot = a new TicKV, same flash.
import { isAllValue } from '../../engine/codec/bytes';
import { HEADER_LENGTH, isValidObject, objectLength, readHashedKey, storedCrc, VERSION } from '../../engine/codec/tickvObject';
import type { BlockDevice } from '../../engine/flash/blockDevice';
import { EngineHalt } from '../../engine/halt';
import { errorText, type TicKVResult } from '../../engine/tickv/errorCodes';
import type { TicKVProfileName } from '../../engine/tickv/profile';
import { RegionController } from '../../engine/tickv/regionController';
import { createTicKV, type TicKVStore } from '../../engine/tickv/store';
import { objectLine, tailLine } from '../tickv/listing';
import { MAIN_KEY_HASH, type TickvOp } from '../tickv/ops';
import { hexOf, type Outcome } from '../outcome';

/** One object as the image holds it, parsed independently of TicKV's walks. */
export interface ImageObject {
  region: number;
  offset: number;
  hash: bigint;
  length: number;
  valid: boolean;
  value: Uint8Array;
  crc: number;
}

/** Every well-formed object in flash order, each region's end, and lines for what is not well formed. */
export function imageObjects(image: Uint8Array, regionSizeBytes: number, regions: number): { objects: ImageObject[]; lines: string[] } {
  const objects: ImageObject[] = [];
  const lines: string[] = [];
  for (let r = 0; r < regions; r++) {
    const data = image.subarray(r * regionSizeBytes, (r + 1) * regionSizeBytes);
    let offset = 0;
    while (offset + HEADER_LENGTH < regionSizeBytes && data[offset] === VERSION) {
      const L = objectLength(data, offset);
      if (L < 15 || offset + L > regionSizeBytes) {
        lines.push(`r${r}@${offset} BAD length ${L}`);
        break;
      }
      const value = data.slice(offset + HEADER_LENGTH, offset + L - 4);
      const o = { region: r, offset, hash: readHashedKey(data, offset), length: L, valid: isValidObject(data, offset), value, crc: storedCrc(data, offset, L) };
      objects.push(o);
      lines.push(objectLine(r, offset, o.hash, L, o.valid, hexOf(value), o.crc));
      offset += L;
    }
    const erased = isAllValue(data, 0xff, offset, regionSizeBytes);
    if (offset > 0 || !erased) lines.push(tailLine(r, offset, erased));
  }
  return { objects, lines };
}

/** Every object of the image in flash order (model listing format), and each region's tail. */
export const imageListing = (image: Uint8Array, regionSizeBytes: number, regions: number): string[] => imageObjects(image, regionSizeBytes, regions).lines;

/** The crate's Result as an Outcome: success code name, or the error's Debug name. */
function resultOutcome(r: TicKVResult<unknown>): Outcome {
  if (r.ok) return { status: String(r.value) };
  return { status: r.error.code === 'BufferTooSmall' ? 'BufferTooSmall' : errorText(r.error) };
}

/** The largest value length a 12-bit object length allows: a get buffer this long never gets BufferTooSmall. */
export const PEEK_BUFFER_BYTES = 0xfff;

export class TickvSubject {
  tickv: TicKVStore;

  constructor(
    readonly device: BlockDevice,
    readonly regionSizeBytes: number,
    readonly regions: number,
    readonly profile: TicKVProfileName = 'faithful',
  ) {
    this.tickv = this.fresh();
  }

  /** The engine over byte-programmable NOR whose erase unit is the region, as the shells build it. */
  private fresh(): TicKVStore {
    return createTicKV(new RegionController(this.device, this.regionSizeBytes), this.regionSizeBytes * this.regions, this.profile);
  }

  /**
   * What `get` answers for `hash` on a fresh instance (a view neither depends on nor changes RAM state):
   * undefined for KeyNotFound, the value as hex, or `!` and the error (a halt included).
   */
  peek(hash: bigint): string | undefined {
    const buf = new Uint8Array(PEEK_BUFFER_BYTES);
    let r;
    try {
      r = this.fresh().getKey(hash, buf);
    } catch (e) {
      if (!(e instanceof EngineHalt)) throw e;
      return `!HALT ${e.where}`;
    }
    if (r.ok) return hexOf(buf.subarray(0, r.value.valueLength));
    return r.error.code === 'KeyNotFound' ? undefined : `!${errorText(r.error)}`;
  }

  /** Runs one op; a faithful halt (a Rust panic) is an outcome, after which the device has reset. */
  apply(o: TickvOp): Outcome {
    try {
      return this.run(o);
    } catch (e) {
      if (!(e instanceof EngineHalt)) throw e;
      this.tickv = this.fresh();
      return { status: `HALT ${e.where}` };
    }
  }

  private run(o: TickvOp): Outcome {
    const t = this.tickv;
    switch (o.op) {
      case 'init':
        return resultOutcome(t.initialise(MAIN_KEY_HASH));
      case 'append':
        return resultOutcome(t.appendKey(o.key.hash, o.value));
      case 'get':
        return this.get(o.key.hash, o.bufLen);
      case 'invalidate':
        return resultOutcome(t.invalidateKey(o.key.hash));
      case 'zeroise':
        return resultOutcome(t.zeroiseKey(o.key.hash));
      case 'gc': {
        const r = t.garbageCollect();
        return r.ok ? { status: 'Ok', size: r.value } : resultOutcome(r);
      }
      case 'reboot':
        this.tickv = this.fresh();
        return { status: 'Ok' };
    }
  }

  private get(hash: bigint, bufLen: number): Outcome {
    const buf = new Uint8Array(bufLen);
    const r = this.tickv.getKey(hash, buf);
    if (r.ok) return { status: r.value.code, size: r.value.valueLength, value: hexOf(buf.subarray(0, r.value.valueLength)) };
    if (r.error.code === 'BufferTooSmall') return { status: 'BufferTooSmall', size: r.error.payload, value: hexOf(buf) };
    return resultOutcome(r);
  }

  listing(): string[] {
    return imageListing(this.device.read(0, this.regionSizeBytes * this.regions), this.regionSizeBytes, this.regions);
  }
}
