// Comparing what a store shows after a cut with the old and new states, and naming what went wrong.
import type { StoreView, ViolationKind } from './types';

export const EXTRA_KEY = '(reserved)';

export function viewEqual(a: StoreView, b: StoreView): boolean {
  if (a.extra !== b.extra || a.keys.size !== b.keys.size) return false;
  for (const [k, v] of a.keys) if (b.keys.get(k) !== v) return false;
  return true;
}

export function viewText(v: StoreView, max = 12): string {
  const items = [...v.keys].slice(0, max).map(([k, val]) => `${short(k)}=${short(val)}`);
  if (v.keys.size > max) items.push(`…(${v.keys.size} keys)`);
  return `{${items.join(' ')}}${v.extra !== null ? ` ${EXTRA_KEY}=${short(v.extra)}` : ''}`;
}

const short = (s: string): string => (s.length > 24 ? `${s.slice(0, 20)}…` : s);

const entriesOf = (v: StoreView): Map<string, string> => {
  const m = new Map(v.keys);
  if (v.extra !== null) m.set(EXTRA_KEY, v.extra);
  return m;
};

/** Every value each key showed in any committed state of the run (absent keys show nothing). */
export class History {
  private readonly values = new Map<string, Set<string>>();

  add(v: StoreView): void {
    for (const [k, val] of entriesOf(v)) {
      if (!this.values.has(k)) this.values.set(k, new Set());
      this.values.get(k)?.add(val);
    }
  }

  knows(key: string): boolean {
    return this.values.has(key);
  }

  had(key: string, value: string): boolean {
    return this.values.get(key)?.has(value) ?? false;
  }
}

const SEVERITY: ViolationKind[] = ['corrupted', 'phantom', 'resurrected', 'lost'];

/**
 * Old-or-new, key by key: a committed value missing is `lost`, a key never written `phantom`, an earlier value
 * or a removed key `resurrected`, a value nothing ever held `corrupted`; a mix of old and new keys is `lost` (not atomic).
 */
export function classify(recovered: StoreView, old: StoreView, next: StoreView, history: History): { kind: ViolationKind; summary: string } {
  const r = entriesOf(recovered);
  const o = entriesOf(old);
  const n = entriesOf(next);
  const found = new Map<ViolationKind, string[]>();
  const note = (kind: ViolationKind, text: string): void => {
    if (!found.has(kind)) found.set(kind, []);
    found.get(kind)?.push(text);
  };
  for (const k of new Set([...r.keys(), ...o.keys(), ...n.keys()])) {
    const got = r.get(k);
    if (got === o.get(k) || got === n.get(k)) continue;
    const want = `expected ${show(o.get(k))}${o.get(k) !== n.get(k) ? ` or ${show(n.get(k))}` : ''}`;
    if (got === undefined) note('lost', `${short(k)} missing (${want})`);
    else if (!history.knows(k)) note('phantom', `${short(k)}=${short(got)} never written`);
    else if (history.had(k, got)) note('resurrected', `${short(k)}=${short(got)} is an earlier value (${want})`);
    else note('corrupted', `${short(k)}=${short(got)} was never written (${want})`);
  }
  if (!found.size) return { kind: 'lost', summary: `neither old nor new: a mix of both (not atomic): ${viewText(recovered)}` };
  const kind = SEVERITY.find((s) => found.has(s)) as ViolationKind;
  const parts = SEVERITY.filter((s) => found.has(s)).map((s) => `${s}: ${(found.get(s) as string[]).slice(0, 3).join('; ')}`);
  return { kind, summary: parts.join(' | ') };
}

const show = (v: string | undefined): string => (v === undefined ? 'absent' : short(v));
