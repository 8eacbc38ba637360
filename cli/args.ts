// The command line's argv parser lives with the drivers (they declare options too); the CLI re-exports it.
export { oneOf, parseArgs, positiveInt, requireString, UsageError, type OptionKind, type OptionSpec, type ParsedArgs } from '../faults/driver/options';
