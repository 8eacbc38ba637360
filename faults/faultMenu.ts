// The fault menu a campaign offers (usage text, settings checks): torn models of power cuts, then the other faults.
import { WEAR_FAULTS } from './crash/types';
import { ALL_TORN_MODELS, TORN_MENU, TORN_MODELS } from './torn';

/** Fault families of `--faults`, with what each does. */
export const FAULT_MENU: ReadonlyArray<readonly [string, string]> = [
  ['power-cut', 'power dies at every crash point, the interrupted step torn by each model of --torn (default)'],
  ['device-error', 'each program and erase step fails once with a device error; the engine goes on, then a reboot'],
  ['bit-flip', 'bits flip at rest anywhere on the image after the run (master records, headers, free space); a reboot'],
  ['garbage', 'the first boot finds garbage: a typed status or a format, never a throw; cuts inside that format; the run on it'],
  ['wear-erase-error', 'erase units wear out after N erases (--wear-limit): their erases fail with a device error'],
  ['wear-prog-error', 'worn units: programs into them fail with a device error'],
  ['wear-erase-noop', 'worn units: erases silently do nothing (what a store cannot see unless it checks)'],
  ['wear-prog-noop', 'worn units: programs silently do nothing'],
];
export const FAULT_FAMILIES: readonly string[] = FAULT_MENU.map(([f]) => f);
/** Shorthands of --faults: `wear` the behaviours a store reports (errors), `wear-all` all four, `all` everything. */
export const FAULT_GROUPS: Readonly<Record<string, readonly string[]>> = {
  wear: ['wear-erase-error', 'wear-prog-error'],
  'wear-all': [...WEAR_FAULTS],
  all: FAULT_FAMILIES,
};

/** The families a --faults list names (groups expanded), or the first unknown name. */
export function expandFaults(list: readonly string[]): { faults: string[] } | { bad: string } {
  const out: string[] = [];
  for (const f of list) {
    const group = FAULT_GROUPS[f] ?? (FAULT_FAMILIES.includes(f) ? [f] : undefined);
    if (!group) return { bad: f };
    for (const g of group) if (!out.includes(g)) out.push(g);
  }
  return { faults: out };
}

/** The torn models a --torn list names: `all` is the seven classic models; the weak ones are named on their own. */
export function expandTorn(list: readonly string[]): { torn: string[] } | { bad: string } {
  const out: string[] = [];
  for (const t of list) {
    const group = t === 'all' ? [...TORN_MODELS] : (ALL_TORN_MODELS as readonly string[]).includes(t) ? [t] : undefined;
    if (!group) return { bad: t };
    for (const g of group) if (!out.includes(g)) out.push(g);
  }
  return { torn: out };
}

/** The menu as usage lines. */
export function faultMenuLines(): string[] {
  return [
    'fault menu (campaign --torn LIST, --faults LIST; every fault replays from its id):',
    ...TORN_MENU.map(([t, what]) => `  torn  ${t.padEnd(17)}${what}`),
    ...FAULT_MENU.map(([f, what]) => `  fault ${f.padEnd(17)}${what}`),
    '  (--torn all = the seven models above the weak ones; --faults wear = both error behaviours, wear-all = all four)',
  ];
}
