// Shrinks a campaign violation to a minimal op sequence that still shows the same kind of failure.
import { runCase } from '../crash/runCase';
import type { StoreCase } from '../crash/storeCase';
import type { Violation } from '../crash/types';
import { opsOf } from '../replay';
import { TORN_MODELS } from '../torn';

export interface ShrinkResult {
  violation: Violation;
  ops: string[];
  attempts: number;
}

/** The same failure for shrinking purposes: class, oracle stage, the kind of op and the phase the cut landed in. */
export const sameFailure = (a: Violation, b: Violation): boolean =>
  a.kind === b.kind && a.stage === b.stage && a.opKind === b.opKind && a.phase === b.phase;

/**
 * Greedy shrinking: drop op chunks (halving the chunk size), then shorten values, keeping each change that still
 * reproduces the failure anywhere in the sequence. `deadline` is a step count of case runs, not a clock.
 */
export function shrinkViolation(c: StoreCase<unknown>, v: Violation, maxAttempts = 300): ShrinkResult {
  let lines = [...v.ops];
  let best = v;
  let attempts = 0;
  const check = (candidate: string[]): Violation | undefined => {
    attempts++;
    let ops: unknown[];
    try {
      ops = opsOf(c.driver, { kind: 'listed', lines: candidate }, c.geometry);
    } catch {
      return undefined;
    }
    const r = runCase(c, ops, {
      schedule: { kind: 'exhaustive' },
      torn: TORN_MODELS,
      depth: v.nested ? 2 : 1,
      seed: v.cut?.tornSeed ?? 0,
      continueOps: Number.POSITIVE_INFINITY,
      opsSpec: { kind: 'listed', lines: candidate },
      stopAtFirst: false,
    });
    return r.violations.find((x) => sameFailure(x, v));
  };
  for (let chunk = Math.max(1, lines.length >> 1); chunk >= 1 && attempts < maxAttempts; chunk >>= 1) {
    for (let i = lines.length - chunk; i >= 1 && attempts < maxAttempts; i -= chunk) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + chunk)];
      const found = check(candidate);
      if (found) [lines, best] = [candidate, found];
    }
  }
  for (let i = 1; i < lines.length && attempts < maxAttempts; i++) {
    for (;;) {
      const shorter = shortenValue(lines[i]);
      if (!shorter || attempts >= maxAttempts) break;
      const candidate = [...lines.slice(0, i), shorter, ...lines.slice(i + 1)];
      const found = check(candidate);
      if (!found) break;
      [lines, best] = [candidate, found];
    }
  }
  return { violation: best, ops: lines, attempts };
}

/** Halves the longest hex token of an op line (values, data), or undefined when nothing is left to shorten. */
function shortenValue(line: string): string | undefined {
  const tokens = line.split(' ');
  let at = -1;
  const first = tokens[0] === 'inc_add' || tokens[0] === 'reserved_set' ? 1 : 2; // never shorten a key
  for (let i = first; i < tokens.length; i++) {
    if (/^[0-9a-f]{4,}$/.test(tokens[i]) && tokens[i].length % 2 === 0 && (at < 0 || tokens[i].length > tokens[at].length)) at = i;
  }
  if (at < 0) return undefined;
  const half = tokens[at].slice(0, Math.floor(tokens[at].length / 4) * 2);
  tokens[at] = half.length ? half : '-';
  return tokens.join(' ');
}
