// `flashproof soak`: the geometry × flash mode × depth matrix of every engine and profile, within a time budget.
import os from 'node:os';
import { runSoak, type SoakPlan } from '../../faults/campaign/soak';
import { DRIVERS } from '../../faults/drivers';
import { oneOf, parseArgs, positiveInt, UsageError } from '../args';

export async function soakCommand(argv: string[]): Promise<number> {
  const o = parseArgs(argv, { engine: 'string', profiles: 'string', depth: 'string', ops: 'string', 'seed-offset': 'string', 'time-budget': 'string', workers: 'string', out: 'string' }).options;
  const names = typeof o.engine === 'string' ? o.engine.split(',') : DRIVERS.map((d) => d.name);
  const drivers = names.map((n) => {
    const d = DRIVERS.find((x) => x.name === n);
    if (!d) throw new UsageError(`unknown engine "${n}" (${DRIVERS.map((x) => x.name).join(', ')})`);
    return d;
  });
  const depthText = typeof o.depth === 'string' ? o.depth : '1,2';
  if (!/^[12](,[12])?$/.test(depthText)) throw new UsageError(`--depth takes 1, 2 or 1,2, got "${depthText}"`);
  const seedOffset = o['seed-offset'] === undefined ? Date.now() % 1_000_000_000 : Number(o['seed-offset']);
  if (!Number.isSafeInteger(seedOffset) || seedOffset < 0) throw new UsageError(`--seed-offset must be a whole number, got "${o['seed-offset']}"`);
  const plan: SoakPlan = {
    drivers,
    profiles: oneOf(o.profiles, ['clean', 'all'] as const, 'profiles', 'all'),
    depths: [...new Set(depthText.split(',').map((d) => (d === '1' ? 1 : 2) as 1 | 2))],
    ops: positiveInt(o.ops, 'ops', 30),
    seedOffset,
    timeBudgetSeconds: positiveInt(o['time-budget'], 'time-budget', 600),
    workers: positiveInt(o.workers, 'workers', os.cpus().length),
    out: typeof o.out === 'string' ? o.out : 'out/soak',
  };
  const rows = await runSoak(plan, Date.now, (r, i, n) =>
    process.stderr.write(`[${i + 1}/${n}] ${r.dir}: ${r.crashPoints + r.nestedPoints} crash points, ${r.violations} violations, ${Math.round(r.pointsPerSecond)}/s\n`),
  );
  const dirty = rows.filter((r) => r.clean && r.violations > 0);
  process.stdout.write(`soak: ${rows.length} campaigns, seed offset ${seedOffset}; summary ${plan.out}/soak.md\n`);
  for (const r of dirty) process.stdout.write(`VIOLATED (held clean): ${r.dir}: ${r.violations}, e.g. ${r.firstId}\n`);
  return dirty.length ? 1 : 0;
}
