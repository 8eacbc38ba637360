// Naming violations: each is matched against the driver's recorded findings (their `match` patterns), the most
// specific pattern that holds wins; a violation no finding explains is new.
import type { Violation } from '../crash/types';
import type { Finding, FindingMatch } from '../driver/types';

/** What a pattern is tested against: a violation (its ops may be elided text; verbs and keys stay). */
export type MatchSubject = Pick<Violation, 'kind' | 'stage' | 'opKind' | 'flash' | 'cut' | 'summary' | 'ops'>;

const within = <T>(list: readonly T[] | undefined, value: T): boolean => !list || list.includes(value);

function holds(m: FindingMatch, v: MatchSubject): boolean {
  return (
    within(m.kind, v.kind) &&
    within(m.stage, v.stage) &&
    within(m.fault, v.cut ? (v.cut.fault ?? 'power-cut') : 'none') /* records before device errors had no fault field */ &&
    (!m.torn || (v.cut?.torn !== null && v.cut?.torn !== undefined && m.torn.includes(v.cut.torn))) &&
    within(m.opKind, v.opKind) &&
    within(m.flash, v.flash) &&
    (!m.summary || m.summary.test(v.summary)) &&
    (!m.ops || m.ops.test(v.ops.join('\n')))
  );
}

/** How much a pattern says: a regular expression counts double, so a narrower pattern beats a broader one. */
const specificity = (m: FindingMatch): number =>
  [m.kind, m.stage, m.fault, m.torn, m.opKind, m.flash].filter(Boolean).length + 2 * [m.summary, m.ops].filter(Boolean).length;

const patternsOf = (f: Finding): readonly FindingMatch[] => (f.match === undefined ? [] : Array.isArray(f.match) ? f.match : [f.match as FindingMatch]);

/** The recorded finding that explains `v`, or undefined (a new flaw); ties go to the finding listed first. */
export function findingOf(findings: readonly Finding[] | undefined, v: MatchSubject): Finding | undefined {
  let best: { f: Finding; score: number } | undefined;
  for (const f of findings ?? []) {
    for (const m of patternsOf(f)) {
      if (holds(m, v) && (!best || specificity(m) > best.score)) best = { f, score: specificity(m) };
    }
  }
  return best?.f;
}
