// TicKV profiles: `faithful` reproduces the tickv 2.0.0 crate, flaws included (a `hardened` one may join later).

export type TicKVProfileName = 'faithful';
export const TICKV_PROFILES: readonly TicKVProfileName[] = ['faithful'];
