// Deterministic fast-check runs: a fixed seed per property unless FC_SEED/FC_PATH/FC_RUNS/FC_REPLAY_PATH say otherwise.
import fc from 'fast-check';

function envInt(name: string): number | undefined {
  const v = process.env[name];
  if (v === undefined || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got "${v}"`);
  return n;
}

/** A stable default seed from the property's name, so CI runs are reproducible without any variable set. */
export function defaultSeed(name: string): number {
  let h = 0x811c9dc5;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return h | 0;
}

const SHRINK_LIMIT_MS = 120_000;

export interface RunSettings {
  seed: number;
  path: string | undefined;
  numRuns: number;
  replayPath: string | undefined;
}

/** FC_RUNS overrides the run count (deepen a run); FC_SEED/FC_PATH (and FC_REPLAY_PATH for commands) replay one. */
export function runSettings(name: string, defaultRuns: number): RunSettings {
  return {
    seed: envInt('FC_SEED') ?? defaultSeed(name),
    path: process.env.FC_PATH || undefined,
    numRuns: envInt('FC_RUNS') ?? defaultRuns,
    replayPath: process.env.FC_REPLAY_PATH || undefined,
  };
}

/** fc.assert with the settings above; a failure message names the exact replay variables. */
export function assertProperty<T>(name: string, prop: fc.IProperty<T>, s: RunSettings): void {
  // A long shrink must not look like a hang: after the limit fast-check reports the smallest case found so far.
  // FC_NO_SHRINK=1 reports the first failing case as found (npm run mutants times detection, not shrinking).
  const endOnFailure = process.env.FC_NO_SHRINK === '1';
  const details = fc.check(prop, { seed: s.seed, path: s.path, numRuns: s.numRuns, endOnFailure, interruptAfterTimeLimit: SHRINK_LIMIT_MS });
  if (!details.failed) return;
  const replay = `FC_SEED=${details.seed} FC_PATH=${details.counterexamplePath ?? ''}`;
  const message = fc.defaultReportMessage(details) ?? 'property failed';
  const replayPath = /replayPath: ?"([^"]*)"/.exec(message)?.[1];
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(
    `${name} failed: ${cause}\nReplay: ${replay}${replayPath ? ` FC_REPLAY_PATH=${replayPath}` : ''} npx mocha -g "${name}"\n${message}`,
  );
}
