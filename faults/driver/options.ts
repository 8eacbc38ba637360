// A small strict argv parser for commands and drivers' own options: unknown options and missing values are InputErrors.
import { InputError } from './errors';

/** Bad command-line input: the CLI prints its message as one line and exits 2. */
export class UsageError extends InputError {
  override readonly name = 'UsageError';
}

export type OptionKind = 'string' | 'flag';
export type OptionSpec = Record<string, OptionKind>;

export interface ParsedArgs {
  options: Record<string, string | true | undefined>;
  positionals: string[];
}

/** Parses `--name value`, `--name=value` and `--flag`; throws UsageError on anything it does not know. */
export function parseArgs(argv: string[], spec: OptionSpec, maxPositionals = 0): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--') || a === '--') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UsageError(`unknown option --${name}`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`option --${name} needs a value`);
    options[name] = value;
  }
  if (positionals.length > maxPositionals) throw new UsageError(`unexpected argument "${positionals[maxPositionals]}"`);
  return { options, positionals };
}

export function oneOf<T extends string>(value: string | true | undefined, allowed: readonly T[], name: string, fallback?: T): T {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${allowed.join('|')}${value === undefined ? '' : `, got "${value === true ? '' : value}"`}`);
  }
  return value as T;
}

export function requireString(value: string | true | undefined, name: string): string {
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function positiveInt(value: string | true | undefined, name: string, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  if (typeof value !== 'string' || !/^[0-9]+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a positive integer${typeof value === 'string' ? `, got "${value}"` : ''}`);
  }
  return Number(value);
}
