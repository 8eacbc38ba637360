// Keys TDBStore sequences draw from: a small pool (updates and CRC collisions are frequent) plus edge keys.

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

/** Key pairs with equal TDBStore hashes (CRC-32 collisions found by search), so aliasing can happen. */
export const COLLIDING_KEYS: ReadonlyArray<readonly [string, string]> = [
  ['csam4q15y', 'cc24amdohw'],
  ['chckgr4', 'c9q6zkd'],
  ['ci40tgs', 'ctt8o4ff8m'],
];

export const KEY_POOL: readonly Uint8Array[] = [
  ...['a', 'b', 'c', 'key1', 'cfg.net.ip', 'cfg.net.mask', 'counter'].map(bytes),
  ...COLLIDING_KEYS.flat().map(bytes),
  bytes('k'.repeat(127)),
  new Uint8Array([0xc3, 0xa9, 0x74, 0xe9]), // bytes >= 0x80 are allowed
];

/** Keys at and past the rules of spec §5.10; "TDBS" only for reads (a user write corrupts mbed's master). */
export const EDGE_KEYS: readonly Uint8Array[] = [
  bytes('l'.repeat(128)),
  bytes('m'.repeat(129)),
  bytes(''),
  bytes('bad key'),
  bytes('a*b'),
  bytes('x/y'),
  bytes('TDBS'),
];

export const PREFIXES: readonly Uint8Array[] = ['', 'c', 'cfg.', 'cfg.net.m', 'k', 'zz'].map(bytes);

export const isMasterKeyBytes = (k: Uint8Array): boolean => Buffer.from(k).toString('latin1') === 'TDBS';
