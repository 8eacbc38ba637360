// The generic key-value op language of stores checked against the contract (WebAssembly stores): one op a line.
//   mount | set <keyhex> <valhex|-> | get <keyhex> | remove <keyhex> | reboot       (# starts a comment)
import { bytesOfHex, hexOf } from '../outcome';

export type ContractOp =
  | { op: 'mount' }
  | { op: 'set'; key: Uint8Array; value: Uint8Array }
  | { op: 'get'; key: Uint8Array }
  | { op: 'remove'; key: Uint8Array }
  | { op: 'reboot' };

/** Keys of the language: 1 to 64 bytes (the ABI lets a store accept more). */
export const KEY_MAX_BYTES = 64;

/** The contract's result vocabulary: one status per ABI status class. */
export const CONTRACT_STATUS = {
  ok: 'OK',
  'not-found': 'NOT_FOUND',
  'no-space': 'NO_SPACE',
  invalid: 'INVALID_ARGUMENT',
  error: 'ERROR',
} as const;
export type ContractStatus = (typeof CONTRACT_STATUS)[keyof typeof CONTRACT_STATUS];

export function contractOpText(o: ContractOp): string {
  switch (o.op) {
    case 'mount':
    case 'reboot':
      return o.op;
    case 'set':
      return `set ${hexOf(o.key)} ${o.value.length ? hexOf(o.value) : '-'}`;
    case 'get':
    case 'remove':
      return `${o.op} ${hexOf(o.key)}`;
  }
}

function hexArg(text: string | undefined, what: string, line: string, allowEmpty: boolean): Uint8Array {
  if (text === undefined) throw new Error(`missing ${what} in "${line}"`);
  if (allowEmpty && text === '-') return new Uint8Array(0);
  if (!/^([0-9a-fA-F]{2})+$/.test(text)) throw new Error(`${what} "${text}" is not hex bytes in "${line}"`);
  return bytesOfHex(text.toLowerCase());
}

function keyArg(text: string | undefined, line: string): Uint8Array {
  const key = hexArg(text, 'key', line, false);
  if (key.length > KEY_MAX_BYTES) throw new Error(`key of ${key.length} bytes (at most ${KEY_MAX_BYTES}) in "${line}"`);
  return key;
}

/** One op from its line; undefined for a blank or comment line; throws on a malformed one. */
export function parseContractOp(line: string): ContractOp | undefined {
  const text = line.replace(/#.*$/, '').trim();
  if (!text) return undefined;
  const [verb, ...args] = text.split(/\s+/);
  const arity = (n: number): void => {
    if (args.length !== n) throw new Error(`${verb} takes ${n} argument${n === 1 ? '' : 's'}: "${line}"`);
  };
  switch (verb) {
    case 'mount':
    case 'reboot':
      arity(0);
      return { op: verb };
    case 'set':
      arity(2);
      return { op: 'set', key: keyArg(args[0], line), value: hexArg(args[1], 'value', line, true) };
    case 'get':
    case 'remove':
      arity(1);
      return { op: verb, key: keyArg(args[0], line) };
    default:
      throw new Error(`unknown op "${verb}" (mount, set, get, remove, reboot): "${line}"`);
  }
}

export const contractOpKind = (o: ContractOp): string => o.op;

/** Ops that may program or erase: mount and reboot may format or recover. */
export const contractWrites = (o: ContractOp): boolean => o.op !== 'get';

/** Ops after which the store is rebuilt from flash, so the whole visible store is compared. */
export const contractSettles = (o: ContractOp): boolean => o.op === 'mount' || o.op === 'reboot';
