// Test databases: a fresh, migrated database per call. On the PostgreSQL named by
// TEST_DATABASE_URL or DATABASE_URL (CI) a uniquely named database is created and dropped;
// with neither set, an in-memory embedded PostgreSQL.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, connectDatabase } from './connect.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export function testServerUrl(): string | undefined {
  return process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;
}

/** An empty database (no migrations applied) and a way to drop it. */
export async function createEmptyDatabase(): Promise<{ url: string; kind: Database['kind']; drop(): Promise<void> }> {
  const server = testServerUrl();
  if (!server) {
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: 'embedded', drop: () => embedded.stop() };
  }
  const name = `sentinel_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'postgresql',
    async drop() {
      const client = new pg.Client({ connectionString: server });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** A migrated database with Prisma connected; `close()` disconnects and drops it. */
export async function createTestDatabase(): Promise<Database> {
  const empty = await createEmptyDatabase();
  // PGlite is one session: a bigger pool would have its extra connections refused.
  const database = await connectDatabase({ url: empty.url, dataDir: '', attempts: 3, poolSize: empty.kind === 'embedded' ? 1 : 5 });
  return {
    ...database,
    kind: empty.kind,
    async close() {
      await database.close();
      await empty.drop();
    },
  };
}
