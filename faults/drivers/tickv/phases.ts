// Phase names of TicKV flash steps for the heat map, told from the step itself (TicKV keeps no RAM state).
import type { Mutation } from '../../../engine/flash/norFlash';

/**
 * erase: init's wipe and GC's erases. commit: an append's single program of a whole object (data, CRC and
 * the valid flag land together, so it is data and commit at once). header: the one-byte program of an
 * invalidate (header byte 1 without its valid bit). zero: zeroise's program of the value and CRC.
 */
export function tickvPhase(m: Mutation): string {
  if (m.kind === 'erase') return 'erase';
  if (m.data.length === 1) return 'header';
  return m.data[0] === 0x01 && (m.data[1] & 0x80) !== 0 ? 'commit' : 'zero';
}
