import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, applyMigrations, migrationStatus, readMigrations } from './migrations.ts';
import { openSchemaEngine } from './schema-engine.ts';
import { createEmptyDatabase } from './testing.ts';

/** Everything about a schema that matters to the app, read from PostgreSQL's catalogs. */
async function describeSchema(client: pg.ClientBase) {
  const columns = await client.query(`
    SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
           character_maximum_length, numeric_precision, numeric_scale, datetime_precision
    FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
    ORDER BY table_name, column_name`);
  const indexes = await client.query(`
    SELECT tablename, indexname, indexdef FROM pg_indexes
    WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'
    ORDER BY tablename, indexname`);
  const constraints = await client.query(`
    SELECT conrelid::regclass::text AS table, conname, pg_get_constraintdef(oid) AS def
    FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
    ORDER BY 1, 2`);
  const enums = await client.query(`
    SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
    FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`);
  return { columns: columns.rows, indexes: indexes.rows, constraints: constraints.rows, enums: enums.rows };
}

/** The SQL Prisma's engine writes for `schema` from an empty database. */
async function sqlFromNothing(schema: string): Promise<string> {
  // The engine needs a reachable database of its own even to diff two datamodels.
  const scratch = await createEmptyDatabase();
  const engine = await openSchemaEngine(scratch.url);
  try {
    return await engine.diff({ tag: 'empty' }, { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] });
  } finally {
    await engine.close();
    await scratch.drop();
  }
}

describe('migrations', () => {
  let migrated: Awaited<ReturnType<typeof createEmptyDatabase>>;
  let client: pg.Client;

  beforeAll(async () => {
    migrated = await createEmptyDatabase();
    client = new pg.Client({ connectionString: migrated.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.end();
    await migrated?.drop();
  });

  it('apply in order, record Prisma-compatible rows, and are idempotent', async () => {
    const files = await readMigrations();
    expect(files.length).toBeGreaterThan(0);
    expect(await applyMigrations(client)).toEqual(files.map((f) => f.name));
    expect(await applyMigrations(client)).toEqual([]);
    const { rows } = await client.query(
      'SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => [r.migration_name, r.checksum, r.applied_steps_count])).toEqual(
      files.map((f) => [f.name, f.checksum, 1]),
    );
    const status = await migrationStatus(client);
    expect(status.every((s) => s.applied && s.checksumMatches)).toBe(true);
  });

  it('the last migration snapshot is schema.prisma (no schema change without a migration)', async () => {
    const files = await readMigrations();
    const snapshot = await readFile(join(MIGRATIONS_DIR, files.at(-1)!.name, 'schema.prisma'), 'utf8');
    const current = await readFile(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    expect(snapshot).toBe(current);
  });

  it('the migrated database matches what Prisma derives from schema.prisma', async () => {
    // Prisma's engine writes the SQL for schema.prisma from nothing; applied to a second empty
    // database, its catalogs must equal those of the database our migrations built.
    const schema = await readFile(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const sql = await sqlFromNothing(schema);
    const reference = await createEmptyDatabase();
    try {
      const referenceClient = new pg.Client({ connectionString: reference.url });
      await referenceClient.connect();
      await referenceClient.query(sql);
      const expected = await describeSchema(referenceClient);
      await referenceClient.end();
      expect(expected.columns.length).toBeGreaterThan(100);
      expect(await describeSchema(client)).toEqual(expected);
    } finally {
      await reference.drop();
    }
  });

  it('detects drift: a column added by hand makes the catalogs differ', async () => {
    const before = await describeSchema(client);
    await client.query('ALTER TABLE alerts ADD COLUMN drift_probe integer');
    try {
      expect(await describeSchema(client)).not.toEqual(before);
    } finally {
      await client.query('ALTER TABLE alerts DROP COLUMN drift_probe');
    }
  });
});
