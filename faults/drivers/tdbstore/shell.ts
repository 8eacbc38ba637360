// The TDBStore conformance shell (specs/tdbstore-script.md): one result line per command, byte for byte.
import { latin1, toHex } from '../../../engine/codec/bytes';
import { tdbCrc } from '../../../engine/codec/crc';
import type { Geometry } from '../../../engine/flash/blockDevice';
import { NorFlash, type FlashMode } from '../../../engine/flash/norFlash';
import { EngineHalt } from '../../../engine/halt';
import type { TdbProfileName } from '../../../engine/tdbstore/profile';
import { MbedStatus, mbedStatusName } from '../../../engine/tdbstore/status';
import { TDBStore, type SetHandle } from '../../../engine/tdbstore/tdbStore';
import { PowerCutDevice } from '../../powerCutDevice';
import { isPowerLoss } from '../../powerLoss';
import { parseHexValue, parseKey, parseNumber, ScriptSyntaxError, tokenize } from '../../../models/tdbstore/lexer';
import type { LineResult, ShellSession } from '../../driver/types';

export const EXIT_POWERCUT = 5;
export const EXIT_HALT = 6;
const NOT_CALLED = 'NOT_CALLED store not initialized (TDBStore would dereference a null pointer)';

export interface TdbShellOptions {
  geometry: Geometry;
  mode: FlashMode;
  profile: TdbProfileName;
  image: Uint8Array;
  /** Called whenever the spec says the image file is written. */
  saveImage: (image: Uint8Array) => void;
}


const rc = (code: number): string => `rc=${code} ${mbedStatusName(code)}`;

export class TdbShellSession implements ShellSession {
  readonly flash: NorFlash;
  readonly device: PowerCutDevice;
  readonly store: TDBStore;
  private handle: SetHandle | undefined;

  constructor(private readonly opts: TdbShellOptions) {
    this.flash = new NorFlash(opts.geometry, opts.mode, opts.image);
    this.device = new PowerCutDevice(this.flash);
    this.store = new TDBStore(this.device, opts.profile);
  }

  /** Runs one script line. */
  runLine(line: string): LineResult {
    const tokens = tokenize(line);
    if (tokens.length === 0) return { lines: [] };
    const [cmd, ...args] = tokens;
    const label = args.length ? `${cmd} ${args[0]}` : cmd;
    try {
      const text = this.dispatch(cmd, args, label);
      return { lines: text === undefined ? [] : [text] };
    } catch (e) {
      if (e instanceof ScriptSyntaxError) return { lines: [`${label}: SYNTAX ${e.message}`] };
      if (isPowerLoss(e)) return this.powerCut(label, e.cut.op, e.cut.torn !== 'before');
      if (e instanceof EngineHalt) {
        this.opts.saveImage(this.flash.image());
        return { lines: [`${label}: HALT ${e.message}`], exitCode: EXIT_HALT };
      }
      throw e;
    }
  }

  /** End of input: the destructor's implicit deinit, then the image is written. */
  finish(): LineResult {
    try {
      if (this.store.isInitialized) this.store.deinit();
    } catch (e) {
      if (isPowerLoss(e)) return this.powerCut('(end of input)', e.cut.op, e.cut.torn !== 'before');
      throw e;
    }
    this.opts.saveImage(this.flash.image());
    return { lines: [] };
  }

  private powerCut(label: string, op: { kind: string; addr: number; data?: Uint8Array; len?: number }, torn: boolean): LineResult {
    const size = op.kind === 'program' ? (op.data as Uint8Array).length : (op.len as number);
    this.opts.saveImage(this.flash.image());
    return {
      lines: [`${label}: POWERCUT during ${op.kind}${torn ? '(torn)' : ''} addr=0x${op.addr.toString(16)} size=${size}`],
      exitCode: EXIT_POWERCUT,
    };
  }

  private dispatch(cmd: string, args: string[], label: string): string | undefined {
    const s = this.store;
    const need = (min: number, max: number): void => {
      if (args.length < min || args.length > max) throw new ScriptSyntaxError(`${cmd} takes ${min === max ? min : `${min}-${max}`} arguments`);
    };
    const ready = s.isInitialized;
    switch (cmd) {
      case 'init':
        need(0, 0);
        return `${label}: ${rc(s.init())}`;
      case 'deinit': {
        need(0, 0);
        const ret = s.deinit();
        this.opts.saveImage(this.flash.image());
        return `${label}: ${rc(ret)}`;
      }
      case 'reset':
        need(0, 0);
        return `${label}: ${rc(s.reset())}`;
      case 'set': {
        need(2, 3);
        const key = parseKey(args[0]);
        const value = parseHexValue(args[1]);
        const flags = args[2] === undefined ? 0 : parseNumber(args[2], 'flags', 0xffffffff);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        return `${label}: ${rc(s.set(key, value, flags))}`;
      }
      case 'get':
        need(1, 3);
        return this.get(label, args);
      case 'info': {
        need(1, 1);
        const r = s.getInfo(parseKey(args[0]));
        return r.info ? `${label}: ${rc(r.status)} size=${r.info.size} flags=0x${r.info.flags.toString(16)}` : `${label}: ${rc(r.status)}`;
      }
      case 'remove': {
        need(1, 1);
        const key = parseKey(args[0]);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        return `${label}: ${rc(s.remove(key))}`;
      }
      case 'list':
        need(0, 1);
        return this.list(label, args[0]);
      default:
        return this.dispatchMore(cmd, args, label, need, ready);
    }
  }

  /** Incremental sets, reserved data, power cuts and the CRC helper. */
  private dispatchMore(cmd: string, args: string[], label: string, need: (min: number, max: number) => void, ready: boolean): string {
    const s = this.store;
    switch (cmd) {
      case 'inc_start': {
        need(2, 3);
        const key = parseKey(args[0]);
        const size = parseNumber(args[1], 'size', 0xffffffff);
        const flags = args[2] === undefined ? 0 : parseNumber(args[2], 'flags', 0xffffffff);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        const r = s.setStart(key, size, flags);
        if (r.handle) this.handle = r.handle;
        return `${label}: ${rc(r.status)}`;
      }
      case 'inc_add': {
        need(1, 1);
        const data = parseHexValue(args[0]);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        return `${label}: ${rc(s.setAddData(this.handle as SetHandle, data))}`;
      }
      case 'inc_finalize':
        need(0, 0);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        return `${label}: ${rc(s.setFinalize(this.handle as SetHandle))}`;
      case 'reserved_set': {
        need(1, 1);
        const data = parseHexValue(args[0]);
        if (!ready) return `${label}: ${NOT_CALLED}`;
        return `${label}: ${rc(s.reservedDataSet(data))}`;
      }
      case 'reserved_get': {
        need(0, 1);
        const size = args[0] === undefined ? 64 : parseNumber(args[0], 'buffer size');
        if (!ready) return `${label}: ${NOT_CALLED}`;
        const r = s.reservedDataGet(size);
        return r.data ? `${label}: ${rc(r.status)} size=${r.data.length} value=${hexOrDash(r.data)}` : `${label}: ${rc(r.status)}`;
      }
      case 'powercut': {
        need(1, 2);
        const n = parseNumber(args[0], 'operation count');
        if (args[1] !== undefined && args[1] !== 'tear') throw new ScriptSyntaxError(`expected "tear", got "${args[1]}"`);
        this.device.arm({ step: this.device.steps + n, torn: args[1] ? 'half' : 'before', tornSeed: 0, deferRefusedTear: true });
        return `${label}: armed`;
      }
      case 'crc': {
        need(1, 2);
        const data = parseHexValue(args[0]);
        const init = args[1] === undefined ? 0xffffffff : parseNumber(args[1], 'initial value', 0xffffffff);
        return `crc: 0x${tdbCrc(init, data).toString(16).padStart(8, '0')}`;
      }
      default:
        throw new ScriptSyntaxError(`unknown command "${cmd}"`);
    }
  }

  private get(label: string, args: string[]): string {
    const key = parseKey(args[0]);
    const bufferSize = args[1] === undefined ? this.opts.geometry.sizeBytes : parseNumber(args[1], 'buffer size');
    const offset = args[2] === undefined ? 0 : parseNumber(args[2], 'offset');
    const r = this.store.get(key, { bufferSize, offset });
    if (r.status === MbedStatus.SUCCESS) return `${label}: ${rc(r.status)} size=${r.data.length} value=${hexOrDash(r.data)}`;
    // The real code reports an uninitialised size here (a wildcard in the vectors): 0 is as good as any.
    if (r.status === MbedStatus.INVALID_SIZE) return `${label}: ${rc(r.status)} size=${r.actualSize ?? 0}`;
    return `${label}: ${rc(r.status)}`;
  }

  private list(label: string, prefixToken: string | undefined): string {
    const prefix = prefixToken === undefined ? undefined : parseKey(prefixToken);
    const opened = this.store.iteratorOpen(prefix);
    if (opened.status || !opened.iterator) return `${label}: ${rc(opened.status)} (iterator_open)`;
    const keys: string[] = [];
    let status: number;
    for (;;) {
      const r = this.store.iteratorNext(opened.iterator, 128);
      status = r.status;
      if (status || !r.key) break;
      keys.push(latin1(r.key));
    }
    const closeRc = this.store.iteratorClose(opened.iterator);
    return `${label}: ${rc(status)} count=${keys.length} close_rc=${closeRc} keys=${keys.map((k) => ` ${k}`).join('')}`;
  }
}

function hexOrDash(b: Uint8Array): string {
  return b.length ? toHex(b) : '-';
}
