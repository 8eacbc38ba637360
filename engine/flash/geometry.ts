// Geometry parsing and presets: `SIZE:ERASE:PROGRAM[:READ]` or a preset name.
import type { Geometry } from './blockDevice';

export const ERASE_VALUE = 0xff;

/** Named geometries; `portenta-h7` is the STM32H747 internal flash TDBStore uses. */
export const GEOMETRY_PRESETS: Readonly<Record<string, string>> = {
  'portenta-h7': '1572864:131072:32',
  tiny: '2048:128:4',
  small: '16384:4096:8',
  'small-p1': '16384:4096:1',
  'small-p16': '8192:4096:16',
  'small-p32': '16384:2048:32',
  'small-p128': '8192:2048:128:64',
};

/**
 * The flash mode of a preset whose part is stricter than NOR: the STM32H747's internal flash (Portenta H7) keeps an
 * ECC per 32-byte flash word, so a word is programmed once between erases; a second program (even of the same bits
 * cleared further) fails. That is `strict`, not `nor`, which would let a re-program AND into the word.
 */
export const PRESET_FLASH_MODES: Readonly<Record<string, 'strict'>> = { 'portenta-h7': 'strict' };

/** The flash mode a geometry implies when none is given: its preset's, else NOR. */
export const defaultFlashMode = (geometry: string | undefined): 'nor' | 'strict' => (geometry !== undefined ? (PRESET_FLASH_MODES[geometry] ?? 'nor') : 'nor');

export class GeometryError extends Error {
  override readonly name = 'GeometryError';
}

export function makeGeometry(
  sizeBytes: number,
  eraseSizeBytes: number,
  programSizeBytes: number,
  readSizeBytes = 1,
): Geometry {
  const g: Geometry = { sizeBytes, eraseSizeBytes, programSizeBytes, readSizeBytes, eraseValue: ERASE_VALUE };
  const problem = geometryProblem(g);
  if (problem) throw new GeometryError(problem);
  return g;
}

/** Why a geometry is unusable, or undefined when it is fine. */
export function geometryProblem(g: Geometry): string | undefined {
  const fields: Array<[string, number]> = [
    ['SIZE', g.sizeBytes],
    ['ERASE', g.eraseSizeBytes],
    ['PROGRAM', g.programSizeBytes],
    ['READ', g.readSizeBytes],
  ];
  for (const [name, v] of fields) {
    if (!Number.isSafeInteger(v) || v <= 0) return `${name} must be a positive integer, got ${v}`;
  }
  if (g.sizeBytes > 0x80000000) return `SIZE ${g.sizeBytes} is over 2 GiB`;
  if (g.eraseSizeBytes % g.programSizeBytes !== 0)
    return `ERASE ${g.eraseSizeBytes} is not a multiple of PROGRAM ${g.programSizeBytes}`;
  if (g.programSizeBytes % g.readSizeBytes !== 0)
    return `PROGRAM ${g.programSizeBytes} is not a multiple of READ ${g.readSizeBytes}`;
  if (g.sizeBytes % g.eraseSizeBytes !== 0)
    return `SIZE ${g.sizeBytes} is not a multiple of ERASE ${g.eraseSizeBytes}`;
  if (g.sizeBytes / g.eraseSizeBytes < 2)
    return `SIZE ${g.sizeBytes} holds fewer than 2 erase units of ${g.eraseSizeBytes}`;
  return undefined;
}

/** Parses `SIZE:ERASE:PROGRAM[:READ]` (decimal or 0x hex) or a preset name; throws GeometryError. */
export function parseGeometry(text: string): Geometry {
  const spec = GEOMETRY_PRESETS[text] ?? text;
  const parts = spec.split(':');
  if (parts.length < 3 || parts.length > 4)
    throw new GeometryError(
      `bad geometry "${text}": expected SIZE:ERASE:PROGRAM[:READ] or one of ${Object.keys(GEOMETRY_PRESETS).join(', ')}`,
    );
  const nums = parts.map((p) => parseSize(p, text));
  return makeGeometry(nums[0], nums[1], nums[2], nums[3] ?? 1);
}

function parseSize(p: string, whole: string): number {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(p)) throw new GeometryError(`bad geometry "${whole}": "${p}" is not a number`);
  return Number(p);
}

export function formatGeometry(g: Geometry): string {
  return `${g.sizeBytes}:${g.eraseSizeBytes}:${g.programSizeBytes}:${g.readSizeBytes}`;
}
