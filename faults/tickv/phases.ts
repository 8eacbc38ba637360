// Phase names of TicKV flash steps for the heat map, told from the step itself (TicKV keeps no RAM state).
import type { Mutation } from '../../engine/flash/norFlash';

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

/**
 * Tock programs whole pages (TickFSFlashCtrl: the page as last read plus the change), so a page program is
 * named by what it changes against the page as the trace left it: page-header when it clears one valid bit,
 * page-commit when it adds an object, page when it changes nothing.
 */
export function tockPhase(trace: readonly Mutation[], step: number, eraseValue: number): string {
  const m = trace[step];
  if (m.kind === 'erase') return 'erase';
  let before: Uint8Array | undefined;
  for (let s = step - 1; s >= 0 && !before; s--) {
    const p = trace[s];
    if (p.kind === 'program' && p.addr === m.addr && p.data.length === m.data.length) before = p.data;
    else if (p.kind === 'erase' && p.addr <= m.addr && m.addr < p.addr + p.len) break;
  }
  let changed = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== (before ? before[i] : eraseValue)) changed++;
  return changed === 0 ? 'page' : changed === 1 ? 'page-header' : 'page-commit';
}
