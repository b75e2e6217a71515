// The one way a command-line tool of ours reads its options: `--help` prints the help and exits 0;
// an unknown option or a missing value is one line on stderr and exit 2, never a stack trace.
// It lives here, in @sentinel/db, because every server-side workspace already depends on this one
// (api re-exports it from src/lib/cli.ts; the migration scripts import it directly). The exchange
// depends on no workspace and keeps its own loop with the same behaviour (exchange/src/cli.ts).
import { parseArgs } from 'node:util';

export type CliOptions = Record<string, { type: 'string' | 'boolean' }>;
export type CliValues = Record<string, string | boolean | undefined>;

/** Bad usage: one line on stderr naming the tool, exit 2. */
export function cliUsageError(name: string, message: string): never {
  console.error(`${name}: ${message} (--help lists the options)`);
  process.exit(2);
}

/** Like parseCliOptions, for tools that also take positional arguments (at most `maxPositionals`). */
export function parseCliArgs(
  name: string,
  options: CliOptions,
  help: string,
  { args = process.argv.slice(2), maxPositionals = 0 }: { args?: string[]; maxPositionals?: number } = {},
): { values: CliValues; positionals: string[] } {
  let parsed: { values: CliValues; positionals: string[] };
  try {
    parsed = parseArgs({ args, strict: true, allowPositionals: maxPositionals > 0, options: { ...options, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    const e = err as Error & { code?: string };
    const opt = /'([^']+)'/.exec(e.message)?.[1];
    cliUsageError(name, e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option ${opt ?? e.message}` : (e.message.split('\n')[0] ?? e.message));
  }
  if (parsed.values.help) {
    console.log(help);
    process.exit(0);
  }
  if (parsed.positionals.length > maxPositionals) cliUsageError(name, `unexpected argument ${parsed.positionals[maxPositionals]}`);
  return parsed;
}

/** Parses `args` (default: the process's) against `options`; exits as above on --help or bad usage. */
export function parseCliOptions(name: string, options: CliOptions, help: string, args: string[] = process.argv.slice(2)): CliValues {
  return parseCliArgs(name, options, help, { args }).values;
}

/** Readers of option values for one tool: a bad value is one line and exit 2, as a bad option is. */
export function cliValueReaders(name: string, values: CliValues) {
  /** A finite number `ok` accepts (`what` says which, e.g. "an integer ≥ 1"); `def` when absent. */
  const number = (opt: string, def: number, ok: (n: number) => boolean, what: string): number => {
    const raw = values[opt];
    if (raw === undefined) return def;
    const n = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || !ok(n)) cliUsageError(name, `--${opt} must be ${what}, got ${String(raw)}`);
    return n;
  };
  return {
    number,
    int: (opt: string, def: number, min: number) => number(opt, def, (n) => Number.isInteger(n) && n >= min, `an integer ≥ ${min}`),
    /** A comma-separated list, or null when absent. */
    list(opt: string): string[] | null {
      const raw = values[opt];
      if (raw === undefined) return null;
      const items = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
      return items.length ? items : cliUsageError(name, `--${opt} needs a comma-separated list`);
    },
    /** A date or time (ISO 8601) in epoch milliseconds, or null when absent. */
    date(opt: string): number | null {
      const raw = values[opt];
      if (raw === undefined) return null;
      const t = Date.parse(String(raw));
      return Number.isFinite(t) ? t : cliUsageError(name, `--${opt} must be a date (e.g. 2026-10-01), got ${String(raw)}`);
    },
  };
}
