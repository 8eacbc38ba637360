// The `dump` commands of the two TicKV script languages (specs/tickv-script.md §2.4, §3.4): parses of the image.
import { toHex } from '../../../engine/codec/bytes';
import {
  CHECK_SUM_LEN,
  computedCrc,
  crcAsWrittenValid,
  ERASED,
  hex16,
  HEADER_LENGTH,
  objectLength,
  readHashedKey,
  storedCrc,
  VERSION,
} from '../../../engine/codec/tickvObject';

const hex8 = (v: number): string => v.toString(16).padStart(8, '0');

/** One region of the TicKV language's dump; returns its lines. */
function tickvRegionDump(image: Uint8Array, base: number, S: number, r: number, validOnly: boolean): string[] {
  const out: string[] = [];
  let off = 0;
  let reason = 'erased';
  for (;;) {
    if (off + HEADER_LENGTH >= S) {
      reason = off >= S ? 'region-end' : 'tail<12';
      break;
    }
    const at = base + off;
    const version = image[at];
    if (version === ERASED) break;
    if (version !== VERSION) {
      out.push(`region=${r} off=${off} version=0x${version.toString(16).padStart(2, '0')} (scan stops)`);
      reason = 'unsupported-version';
      break;
    }
    const L = objectLength(image, at);
    const b1 = image[at + 1];
    const head = `region=${r} off=${off} hash=0x${hex16(readHashedKey(image, at))} len=${L} valid=${b1 >> 7} flags=0x${(b1 >> 4).toString(16)}`;
    if (L === 0) {
      out.push(`region=${r} off=${off} len=0 (scan stops)`);
      reason = 'zero-length';
      break;
    }
    if (L < HEADER_LENGTH + CHECK_SUM_LEN || off + L > S) {
      out.push(`${head} TRUNCATED/BAD-LENGTH (scan stops)`);
      reason = 'bad-length';
      break;
    }
    const stored = storedCrc(image, at, L);
    const check = stored === computedCrc(image, at, L) ? 'ok' : stored === crcAsWrittenValid(image, at, L) ? 'ok-as-written-valid' : 'BAD';
    if (!validOnly || b1 >> 7) {
      const value = toHex(image.subarray(at + HEADER_LENGTH, at + L - CHECK_SUM_LEN));
      out.push(`${head} value=${value} crc=0x${hex8(stored)} crc_check=${check}`);
    }
    off += L;
  }
  if (!validOnly && (off > 0 || reason !== 'erased')) out.push(`region=${r} end off=${off} (${reason})`);
  return out;
}

/** `dump [valid]` of the TicKV language (§2.4). */
export function tickvScriptDump(image: Uint8Array, S: number, N: number, validOnly: boolean): string[] {
  const out: string[] = [];
  for (let r = 0; r < N; r++) out.push(...tickvRegionDump(image, r * S, S, r, validOnly));
  return out;
}

/** `dump` of the Tock language (§3.4): objects with the CRC checked as written valid. */
export function tockScriptDump(image: Uint8Array, S: number, N: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < N; r++) {
    const base = r * S;
    for (let off = 0; off + HEADER_LENGTH < S && image[base + off] === VERSION; ) {
      const at = base + off;
      const L = objectLength(image, at);
      if (L < HEADER_LENGTH + CHECK_SUM_LEN || off + L > S) {
        out.push(`region=${r} off=${off} bad length ${L}`);
        break;
      }
      const crc = storedCrc(image, at, L) === crcAsWrittenValid(image, at, L) ? 'ok' : 'BAD';
      const value = toHex(image.subarray(at + HEADER_LENGTH, at + L - CHECK_SUM_LEN));
      out.push(`region=${r} off=${off} hash=0x${hex16(readHashedKey(image, at))} len=${L} valid=${image[at + 1] >> 7} value=${value} crc=${crc}`);
      off += L;
    }
  }
  return out;
}
