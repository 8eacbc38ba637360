// The common vocabulary every model and subject speaks: a status name plus the values a call returns.

export interface Outcome {
  /** The source's status name without prefix, e.g. SUCCESS, ITEM_NOT_FOUND (TDBStore) or KeyNotFound (TicKV). */
  status: string;
  /** Returned bytes as lowercase hex. */
  value?: string;
  size?: number;
  flags?: number;
  /** Keys an iteration returned, as hex, in order. */
  keys?: string[];
}

export function outcomeText(o: Outcome): string {
  const parts = [o.status];
  if (o.size !== undefined) parts.push(`size=${o.size}`);
  if (o.flags !== undefined) parts.push(`flags=0x${o.flags.toString(16)}`);
  if (o.value !== undefined) parts.push(`value=${o.value || '-'}`);
  if (o.keys !== undefined) parts.push(`keys=[${o.keys.join(' ')}]`);
  return parts.join(' ');
}

export function sameOutcome(a: Outcome, b: Outcome): boolean {
  if (a.status !== b.status || a.value !== b.value || a.size !== b.size || a.flags !== b.flags) return false;
  if (a.keys === undefined || b.keys === undefined) return a.keys === b.keys;
  return a.keys.length === b.keys.length && a.keys.every((k, i) => k === (b.keys as string[])[i]);
}

export const hexOf = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('hex');
export const bytesOfHex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
