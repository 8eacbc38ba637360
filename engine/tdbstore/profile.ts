// The two TDBStore profiles: `mbed` reproduces Mbed OS 6.17 flaws included; `hardened` fixes what the harness finds.

export type TdbProfileName = 'mbed' | 'hardened';
export const TDB_PROFILES: readonly TdbProfileName[] = ['mbed', 'hardened'];

export function isTdbProfile(v: unknown): v is TdbProfileName {
  return v === 'mbed' || v === 'hardened';
}
