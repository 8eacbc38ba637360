// The Tock KV language (specs/tickv-script.md §3): one booted KVStorePermissions stack for the whole script.
import { toHex } from '../../../engine/codec/bytes';
import type { BlockDevice } from '../../../engine/flash/blockDevice';
import { NorFlash } from '../../../engine/flash/norFlash';
import { tickvGeometry } from '../../../engine/tickv/regionController';
import { resultText, type Completion } from '../../../engine/tock/errorCode';
import { TOCK_HEADER_LENGTH } from '../../../engine/tock/header';
import { KVStorePermissions } from '../../../engine/tock/kvPermissions';
import { TicKVKVStore } from '../../../engine/tock/kvStore';
import {
  kernelPermissions,
  nullPermissions,
  selfOnlyPermissions,
  tbfHeaderPermissions,
  type StoragePermissions,
} from '../../../engine/tock/permissions';
import { SubSliceMut } from '../../../engine/tock/subSliceMut';
import { TicKVSystem } from '../../../engine/tock/tickvSystem';
import { arity, BadCommand, failureLine, parseHex, scriptLine, tokenBytes, tokens } from '../tickv/lexer';
import { tockScriptDump } from '../tickv/scriptDump';
import type { LineResult, ShellSession } from '../../driver/types';
import { EXIT_HALT, type TickvShellOptions } from '../tickv/shell';

/** The syscall driver's limits the language adopts: 64-byte keys, 4096-byte user values (§3.2). */
const MAX_KEY_BYTES = 64;
const MAX_VALUE_BYTES = 4096;
/** `get` reads into a buffer for the largest value plus its header. */
const GET_BUFFER_BYTES = MAX_VALUE_BYTES + TOCK_HEADER_LENGTH;
const U32 = /^(0|[1-9][0-9]{0,9})$/;

function u32(token: string, what: string, min = 0): number {
  if (!U32.test(token) || Number(token) > 0xffffffff || Number(token) < min) throw new BadCommand(`bad ${what} "${token}"`);
  return Number(token);
}

const idList = (text: string, what: string): number[] => (text === '' ? [] : text.split(',').map((t) => u32(t, what)));

/** PERM (§3.2): kernel | null | self:ID | tbf:SHORTID:TBFWRITEID:R:M. */
export function parsePermissions(token: string): StoragePermissions {
  if (token === 'kernel') return kernelPermissions();
  if (token === 'null') return nullPermissions();
  const parts = token.split(':');
  if (parts[0] === 'self' && parts.length === 2) return selfOnlyPermissions(u32(parts[1], 'ShortId', 1));
  if (parts[0] === 'tbf' && parts.length === 5) {
    const shortId = u32(parts[1], 'ShortId', 1);
    const tlv = { writeId: u32(parts[2], 'TBF write_id'), readIds: idList(parts[3], 'read id'), modifyIds: idList(parts[4], 'modify id') };
    return tbfHeaderPermissions(shortId, tlv);
  }
  throw new BadCommand(`bad permissions "${token}" (kernel, null, self:ID or tbf:SHORTID:WRITEID:R:M)`);
}

function parseKey(token: string): Uint8Array {
  const key = tokenBytes(token);
  if (key.length > MAX_KEY_BYTES) throw new BadCommand(`key of ${key.length} bytes is over ${MAX_KEY_BYTES}`);
  return key;
}

/** The user value behind room for the 9-byte header the permission layer writes. */
function valueBuffer(token: string): Uint8Array {
  const user = parseHex(token, false, MAX_VALUE_BYTES);
  const value = new Uint8Array(TOCK_HEADER_LENGTH + user.length);
  value.set(user, TOCK_HEADER_LENGTH);
  return value;
}

/** The client callback line, `immediate Err(..)`, or nothing when no callback comes. */
function completionLines(name: string, c: Completion): string[] {
  if (c.kind === 'pending') return [];
  if (c.kind === 'immediate') return [`immediate Err(${c.code})`];
  if (name !== 'get_complete') return [`${name} ${resultText(c.result)}`];
  const buf = (c.buffer as SubSliceMut).asSlice();
  if (c.result.ok) return [`get_complete Ok value=${toHex(buf)} (len ${buf.length})`];
  return [`get_complete ${resultText(c.result)} buf_prefix=${toHex(buf.subarray(0, 16))}`];
}

export class TockShellSession implements ShellSession {
  readonly flash: NorFlash;
  readonly system: TicKVSystem;
  readonly store: TicKVKVStore;
  readonly kv: KVStorePermissions;

  /** `device` lets a caller put a fault wrapper between the stack and the cells. */
  constructor(
    private readonly opts: TickvShellOptions,
    device?: (flash: NorFlash) => BlockDevice,
  ) {
    this.flash = new NorFlash(tickvGeometry(opts.regionSizeBytes, opts.regions), opts.mode ?? 'nor', opts.image);
    this.system = new TicKVSystem(device ? device(this.flash) : this.flash, opts.regionSizeBytes, opts.regions, opts.profile ?? 'faithful');
    this.store = new TicKVKVStore(this.system);
    this.kv = new KVStorePermissions(this.store);
  }

  /** Boots the stack as a board does (§3.1), before any input. */
  boot(): LineResult {
    return this.guarded('(boot) TicKVSystem::initialise()', () => {
      this.system.initialise();
      return ['boot done'];
    });
  }

  runLine(line: string): LineResult {
    const text = scriptLine(line);
    if (text === undefined) return { lines: [] };
    const [cmd, ...args] = tokens(text);
    return this.guarded(text, () => this.dispatch(cmd, args));
  }

  private guarded(echo: string, run: () => string[]): LineResult {
    const lines = [`> ${echo}`];
    let exitCode: number | undefined;
    try {
      lines.push(...run());
    } catch (e) {
      const failed = failureLine(e, EXIT_HALT);
      lines.push(failed.line);
      exitCode = failed.exitCode;
    }
    this.opts.saveImage(this.flash.image());
    return { lines, exitCode };
  }

  private dispatch(cmd: string, args: string[]): string[] {
    const kv = this.kv;
    switch (cmd) {
      case 'get': {
        arity(cmd, args, 2, 2);
        const key = parseKey(args[0]);
        const perms = parsePermissions(args[1]);
        return completionLines('get_complete', kv.get(key, new SubSliceMut(new Uint8Array(GET_BUFFER_BYTES)), perms));
      }
      case 'set':
      case 'add':
      case 'update': {
        arity(cmd, args, 3, 3);
        const key = parseKey(args[0]);
        const value = valueBuffer(args[1]);
        const perms = parsePermissions(args[2]);
        const c = cmd === 'set' ? kv.set(key, value, perms) : cmd === 'add' ? kv.add(key, value, perms) : kv.update(key, value, perms);
        return completionLines(`${cmd}_complete`, c);
      }
      case 'delete': {
        arity(cmd, args, 2, 2);
        const key = parseKey(args[0]);
        return completionLines('delete_complete', kv.delete(key, parsePermissions(args[1])));
      }
      case 'gc':
        arity(cmd, args, 0, 0);
        return completionLines('garbage_collection_complete', kv.garbageCollect());
      case 'dump':
        arity(cmd, args, 0, 0);
        return tockScriptDump(this.flash.image(), this.opts.regionSizeBytes, this.opts.regions);
      default:
        throw new BadCommand(`unknown command "${cmd}"`);
    }
  }
}
