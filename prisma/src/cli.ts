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
