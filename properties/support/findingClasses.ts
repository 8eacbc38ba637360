// The violation classes (kind@stage) a faithful profile's crash test must find: those of the engine's findings that a
// power-cut sweep can show (device errors and at-rest flips have their own specs), each with the findings it stands for.
import assert from 'node:assert/strict';
import type { Finding } from '../../faults/findings/tdbstore';

const POWER_CUT_STAGES = new Set(['reference', 'mount', 'old-or-new', 'continue', 'reboot', 'nested']);

export function crashFindingClasses(findings: readonly Finding[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of findings) {
    if (!f.expect || !POWER_CUT_STAGES.has(f.expect.stage)) continue;
    const key = `${f.expect.kind}@${f.expect.stage}`;
    out.set(key, [...(out.get(key) ?? []), f.id]);
  }
  return out;
}

/**
 * Fails when the sweep found fewer classes than the findings need, naming the findings it no longer reaches.
 * `exempt` names findings a random sweep reaches too rarely (with why); their replay ids stay in the regression corpus.
 */
export function assertFindsClasses(what: string, found: ReadonlyMap<string, number>, findings: readonly Finding[], exempt: Readonly<Record<string, string>> = {}): void {
  const missing = [...crashFindingClasses(findings)]
    .filter(([k, ids]) => !found.get(k) && !ids.every((id) => id in exempt))
    .map(([k, ids]) => `${k} (${ids.join(', ')})`);
  assert.deepEqual(missing, [], `${what} no longer finds these classes of its findings: ${missing.join('; ')}`);
}
