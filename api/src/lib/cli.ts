// The one option parser for our command-line tools lives in @sentinel/db (prisma/src/cli.ts), the
// workspace every server-side package already depends on, so the migration scripts share it too.
export { type CliOptions, type CliValues, cliUsageError, cliValueReaders, parseCliArgs, parseCliOptions } from '@sentinel/db';
