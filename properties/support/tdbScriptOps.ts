// Turns conformance-script lines into model ops, and model outcomes back into the shell's output lines.
import { MbedStatus, mbedStatusName } from '../../engine/tdbstore/status';
import type { Outcome } from '../../models/outcome';
import type { TdbOp } from '../../models/tdbstore/ops';
import { parseHexValue, parseKey, parseNumber, tokenize } from '../../models/tdbstore/lexer';

export interface ScriptStep {
  label: string;
  op?: TdbOp;
  /** A line the model does not execute (crc, powercut): its expected output is not compared. */
  skip?: boolean;
  notCalledWhenDown?: boolean;
}

export function scriptStep(line: string, deviceSize: number): ScriptStep | undefined {
  const t = tokenize(line);
  if (!t.length) return undefined;
  const [cmd, ...a] = t;
  const label = a.length ? `${cmd} ${a[0]}` : cmd;
  const num = (i: number, d: number): number => (a[i] === undefined ? d : parseNumber(a[i], 'n', 2 ** 40));
  switch (cmd) {
    case 'init':
    case 'deinit':
    case 'reset':
      return { label, op: { op: cmd } };
    case 'set':
      return { label, op: { op: 'set', key: parseKey(a[0]), value: parseHexValue(a[1]), flags: num(2, 0) }, notCalledWhenDown: true };
    case 'get':
      return { label, op: { op: 'get', key: parseKey(a[0]), bufferSize: num(1, deviceSize), offset: num(2, 0) } };
    case 'info':
      return { label, op: { op: 'info', key: parseKey(a[0]) } };
    case 'remove':
      return { label, op: { op: 'remove', key: parseKey(a[0]) }, notCalledWhenDown: true };
    case 'list':
      return { label, op: { op: 'list', prefix: a[0] === undefined ? undefined : parseKey(a[0]) } };
    case 'inc_start':
      return { label, op: { op: 'incStart', key: parseKey(a[0]), size: num(1, 0), flags: num(2, 0) }, notCalledWhenDown: true };
    case 'inc_add':
      return { label, op: { op: 'incAdd', data: parseHexValue(a[0]) }, notCalledWhenDown: true };
    case 'inc_finalize':
      return { label, op: { op: 'incFinalize' }, notCalledWhenDown: true };
    case 'reserved_set':
      return { label, op: { op: 'reservedSet', data: parseHexValue(a[0]) }, notCalledWhenDown: true };
    case 'reserved_get':
      return { label, op: { op: 'reservedGet', bufferSize: num(0, 64) }, notCalledWhenDown: true };
    default:
      return { label, skip: true };
  }
}

const CODES: Record<string, number> = Object.fromEntries(Object.entries(MbedStatus).map(([k, v]) => [k === 'SUCCESS' ? 'SUCCESS' : k, v]));

/** The shell's line for a model outcome (NOT_CALLED and the wildcard size are handled by the caller). */
export function shellLine(label: string, op: TdbOp, o: Outcome): string {
  const code = CODES[o.status];
  const rc = `rc=${code} ${mbedStatusName(code)}`;
  const hex = (h: string | undefined): string => (h ? h : '-');
  if (op.op === 'list') {
    if (o.keys === undefined) return `${label}: ${rc} (iterator_open)`;
    const keys = o.keys.map((k) => ` ${Buffer.from(k, 'hex').toString('latin1')}`).join('');
    return `${label}: ${rc} count=${o.keys.length} close_rc=0 keys=${keys}`;
  }
  if (o.status === 'SUCCESS' && (op.op === 'get' || op.op === 'reservedGet')) return `${label}: ${rc} size=${o.size} value=${hex(o.value)}`;
  if (o.status === 'SUCCESS' && op.op === 'info') return `${label}: ${rc} size=${o.size} flags=0x${(o.flags ?? 0).toString(16)}`;
  if (o.status === 'INVALID_SIZE' && op.op === 'get') return `${label}: ${rc} size=0`;
  return `${label}: ${rc}`;
}
