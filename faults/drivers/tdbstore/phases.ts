// Phase names of TDBStore flash steps for the heat map, told from the step and the area layout around its op.
import type { StepInfo } from '../../driver/types';
import type { TdbContext } from './store';

/**
 * erase; reserved (area bytes 0..72); master (the master record); gc-copy (programs into the area a GC fills);
 * commit (a record's header, written last at its base); data (key and value units).
 */
export function tdbPhase(s: StepInfo): string {
  const { trace, step, opStart, opEnd } = s;
  const m = trace[step];
  if (m.kind === 'erase') return 'erase';
  const c = (s.after ?? s.before) as TdbContext | null;
  const b = s.before as TdbContext | null;
  if (!c || !c.areaSize) return 'data';
  const area = Math.floor(m.addr / c.areaSize);
  const off = m.addr - area * c.areaSize;
  if (off < 72) return 'reserved';
  if (off >= c.masterOffset && off < c.masterOffset + c.masterSize) return 'master';
  // The header is written last, below the key/data just written: the last backward jump in the op starts it.
  let headerAt = -1;
  for (let i = opStart + 1; i < opEnd; i++) {
    const prev = trace[i - 1];
    const cur = trace[i];
    if (cur.kind === 'program' && prev.kind === 'program' && cur.addr < prev.addr) headerAt = i;
  }
  const gcTarget = b && area !== b.area;
  if (headerAt >= 0 && step >= headerAt && step <= headerAt + 1 && m.addr - trace[headerAt].addr < 32) return 'commit';
  return gcTarget ? 'gc-copy' : 'data';
}
