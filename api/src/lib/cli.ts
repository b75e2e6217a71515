// The one way a command-line tool of ours reads its options: `--help` prints the help and exits 0;
// an unknown option or a missing value is one line on stderr and exit 2, never a stack trace.
import { parseArgs } from 'node:util';

export type CliOptions = Record<string, { type: 'string' | 'boolean' }>;

/** Parses `args` (default: the process's) against `options`; exits as above on --help or bad usage. */
export function parseCliOptions(name: string, options: CliOptions, help: string, args: string[] = process.argv.slice(2)): Record<string, string | boolean | undefined> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, strict: true, allowPositionals: false, options: { ...options, help: { type: 'boolean', short: 'h' } } }));
  } catch (err) {
    const e = err as Error & { code?: string };
    const opt = /'([^']+)'/.exec(e.message)?.[1];
    console.error(`${name}: ${e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? `unknown option ${opt ?? e.message}` : e.message.split('\n')[0]} (--help lists the options)`);
    process.exit(2);
  }
  if (values.help) {
    console.log(help);
    process.exit(0);
  }
  return values;
}
