// The TicKV conformance language (specs/tickv-script.md §2): one crate call per line on a fresh TicKV.
import { toHex } from '../../../engine/codec/bytes';
import { tickvKeyOf } from '../../../engine/codec/siphash';
import { hex16, MAIN_KEY_HASH } from '../../../engine/codec/tickvObject';
import { NorFlash, type FlashMode } from '../../../engine/flash/norFlash';
import type { TicKVProfileName } from '../../../engine/tickv/profile';
import { createTicKV, type TicKVStore } from '../../../engine/tickv/store';
import type { LineResult, ShellSession } from '../../driver/types';
import { ShellCutDevice } from '../../shellCutDevice';
import { errorText, type TicKVResult } from '../../../engine/tickv/errorCodes';
import { RegionController, tickvGeometry } from '../../../engine/tickv/regionController';
import { arity, BadCommand, failureLine, parseCount, parseHex, scriptLine, tokenBytes, tokens } from './lexer';
import { tickvScriptDump } from './scriptDump';

export const EXIT_HALT = 6;
/** Largest `get` buffer and `powercut` count the shell accepts. */
const MAX_COUNT = 1 << 24;

export interface TickvShellOptions {
  regionSizeBytes: number;
  regions: number;
  image: Uint8Array;
  /** Called after every command with the whole image. */
  saveImage: (image: Uint8Array) => void;
  /** Flash mode of the cells (default nor) and engine profile (default faithful, the crate). */
  mode?: FlashMode;
  profile?: TicKVProfileName;
}

/** KEY (§2.1): `0x` + 1..16 hex digits is a raw u64, anything else a string key hashed with SipHash-2-4. */
export function parseTickvKey(token: string): bigint {
  if (/^0x[0-9a-fA-F]{1,16}$/.test(token)) return BigInt(token);
  return tickvKeyOf(tokenBytes(token));
}

const status = <T>(r: TicKVResult<T>, okText: (v: T) => string): string => (r.ok ? `OK ${okText(r.value)}` : `ERR ${errorText(r.error)}`);

export class TickvShellSession implements ShellSession {
  readonly flash: NorFlash;
  readonly device: ShellCutDevice;

  constructor(private readonly opts: TickvShellOptions) {
    this.flash = new NorFlash(tickvGeometry(opts.regionSizeBytes, opts.regions), opts.mode ?? 'nor', opts.image);
    this.device = new ShellCutDevice(this.flash);
  }

  /** Runs one script line: echo, then the command's lines; the image is saved after every command. */
  runLine(line: string): LineResult {
    const text = scriptLine(line);
    if (text === undefined) return { lines: [] };
    const [cmd, ...args] = tokens(text);
    const lines = [`> ${text}`];
    let exitCode: number | undefined;
    try {
      const out = this.dispatch(cmd, args);
      lines.push(...this.device.events.splice(0), ...out);
    } catch (e) {
      lines.push(...this.device.events.splice(0));
      const failed = failureLine(e, EXIT_HALT);
      lines.push(failed.line);
      exitCode = failed.exitCode;
    }
    this.opts.saveImage(this.flash.image());
    return { lines, exitCode };
  }

  /** Every command runs on a new TicKV over the image as it is: a reboot before each line (§2). */
  private freshTicKV(): TicKVStore {
    const { regionSizeBytes, regions, profile } = this.opts;
    return createTicKV(new RegionController(this.device, regionSizeBytes), regionSizeBytes * regions, profile ?? 'faithful');
  }

  private dispatch(cmd: string, args: string[]): string[] {
    switch (cmd) {
      case 'init':
        arity(cmd, args, 0, 0);
        return [status(this.freshTicKV().initialise(MAIN_KEY_HASH), (c) => c)];
      case 'append': {
        arity(cmd, args, 1, 2);
        const key = parseTickvKey(args[0]);
        const value = args[1] === undefined ? new Uint8Array(0) : parseHex(args[1], true);
        return [status(this.freshTicKV().appendKey(key, value), (c) => c)];
      }
      case 'get':
        arity(cmd, args, 1, 2);
        return [this.get(parseTickvKey(args[0]), args[1])];
      case 'invalidate':
        arity(cmd, args, 1, 1);
        return [status(this.freshTicKV().invalidateKey(parseTickvKey(args[0])), (c) => c)];
      case 'zeroise':
      case 'zeroize':
        arity(cmd, args, 1, 1);
        return [status(this.freshTicKV().zeroiseKey(parseTickvKey(args[0])), (c) => c)];
      case 'gc':
        arity(cmd, args, 0, 0);
        return [status(this.freshTicKV().garbageCollect(), (freed) => `freed=${freed}`)];
      case 'dump':
        arity(cmd, args, 0, 1);
        if (args[0] !== undefined && args[0] !== 'valid') throw new BadCommand(`dump takes "valid" or nothing, got "${args[0]}"`);
        return tickvScriptDump(this.flash.image(), this.opts.regionSizeBytes, this.opts.regions, args[0] === 'valid');
      case 'hash':
        arity(cmd, args, 1, 1);
        return [this.hash(args[0])];
      case 'powercut': {
        arity(cmd, args, 1, 1);
        const n = parseCount(args[0], 'byte count', MAX_COUNT);
        this.device.armed = n;
        return [`OK powercut armed n=${n}`];
      }
      default:
        throw new BadCommand(`unknown command "${cmd}"`);
    }
  }

  private get(key: bigint, bufLenToken: string | undefined): string {
    const bufLen = bufLenToken === undefined ? this.opts.regionSizeBytes : parseCount(bufLenToken, 'buffer length', MAX_COUNT);
    const buf = new Uint8Array(bufLen);
    const r = this.freshTicKV().getKey(key, buf);
    if (r.ok) return `OK ${r.value.code} len=${r.value.valueLength} value=${toHex(buf.subarray(0, r.value.valueLength))}`;
    if (r.error.code === 'BufferTooSmall') return `ERR ${errorText(r.error)} partial=${toHex(buf)}`;
    return `ERR ${errorText(r.error)}`;
  }

  private hash(token: string): string {
    const key = parseTickvKey(token);
    const region = Number(key & 0xffffn) % this.opts.regions;
    return `key=${token} u64=0x${hex16(key)} flash_bytes=${hex16(key)} region=${region}`;
  }
}
