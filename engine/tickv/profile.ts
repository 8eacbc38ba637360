// TicKV profiles: `faithful` reproduces the tickv 2.0.0 crate, flaws included; `hardened` keeps its on-flash
// format and fixes what the crash harness finds (engine/tickv/hardenedTicKV.ts).

export type TicKVProfileName = 'faithful' | 'hardened';
export const TICKV_PROFILES: readonly TicKVProfileName[] = ['faithful', 'hardened'];

export function isTicKVProfile(v: unknown): v is TicKVProfileName {
  return v === 'faithful' || v === 'hardened';
}
