export * from '../generated/prisma/client.ts';
export { EMBEDDED_PASSWORD_FILE, connectDatabase, createPrismaClient, createSidePool, redactUrl } from './connect.ts';
export type { ConnectOptions, Database, DatabaseKind } from './connect.ts';
export { applyMigrations, migrationStatus, readMigrations } from './migrations.ts';
export type { MigrationStatus } from './migrations.ts';
export { tightenPermissions } from './embedded.ts';
export { type CliOptions, type CliValues, cliUsageError, cliValueReaders, parseCliArgs, parseCliOptions } from './cli.ts';
export { type BackoffOptions, backoffDelay, EQUAL_JITTER, parseRetryAfter, retry, type RetryOptions, sleepFor } from './retry.ts';
export { withPgTransaction } from './transaction.ts';
