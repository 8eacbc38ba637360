// Phase names of the Tock stack's whole-page programs for the heat map, told from the trace before the step.
import type { Mutation } from '../../../engine/flash/norFlash';

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
