export * from '../generated/prisma/client.ts';
export { connectDatabase, createPrismaClient, createSidePool, redactUrl } from './connect.ts';
export type { ConnectOptions, Database, DatabaseKind } from './connect.ts';
export { applyMigrations, migrationStatus, readMigrations } from './migrations.ts';
export type { MigrationStatus } from './migrations.ts';
