// The one way the app gets a database: the configured PostgreSQL, or an embedded one under
// the data directory when none is configured. Migrations run before anything else.
import { join } from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { applyMigrations } from './migrations.ts';
import { retry } from './retry.ts';

/** The embedded database's connection password, generated once (mode 0600). */
export const EMBEDDED_PASSWORD_FILE = 'db-password';

export type DatabaseKind = 'postgresql' | 'embedded';

export interface Database {
  prisma: PrismaClient;
  /** A plain pg pool for what Prisma cannot express (advisory locks, COPY, bulk upserts). */
  pool: pg.Pool;
  kind: DatabaseKind;
  url: string;
  /** Round-trips to the database; rejects when it does not answer within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** DATABASE_URL; when absent an embedded PostgreSQL persisted under `dataDir` is used. */
  url?: string;
  dataDir: string;
  /** Connection attempts before giving up (the first start of a server may be slow). */
  attempts?: number;
  retryDelayMs?: number;
  poolSize?: number;
  migrate?: boolean;
  onRetry?: (attempt: number, error: Error, delayMs: number) => void;
}

export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  const embedded = options.url
    ? null
    : await startEmbeddedPostgres(join(options.dataDir, 'pglite'), { passwordFile: join(options.dataDir, EMBEDDED_PASSWORD_FILE) });
  const url = options.url ?? embedded!.url;
  const kind: DatabaseKind = embedded ? 'embedded' : 'postgresql';
  // PGlite is a single session: more than one pooled connection would only queue.
  const max = embedded ? 1 : (options.poolSize ?? 10);
  try {
    await waitForDatabase(url, options);
    const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 300_000 });
    // An idle client that loses its server must not crash the process.
    pool.on('error', () => {});
    if (options.migrate !== false) {
      const client = await pool.connect();
      try {
        await applyMigrations(client);
      } finally {
        client.release();
      }
    }
    const prisma = createPrismaClient(pool);
    return {
      prisma,
      pool,
      kind,
      url,
      async ping(timeoutMs = 2_000) {
        await withTimeout(pool.query('SELECT 1'), timeoutMs, 'database did not answer');
      },
      async close() {
        await prisma.$disconnect();
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}

/**
 * Another pool of at most `max` sessions on the same database, for work that must not compete
 * with queries for connections (the jobs' session-level advisory locks).
 */
export function createSidePool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  return pool;
}

export function createPrismaClient(pool: pg.Pool): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg(pool) });
}

async function waitForDatabase(url: string, options: ConnectOptions): Promise<void> {
  const attempts = options.attempts ?? 5;
  try {
    await retry(
      async () => {
        const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
        try {
          await client.connect();
          await client.query('SELECT 1');
        } finally {
          await client.end().catch(() => {});
        }
      },
      {
        attempts,
        // Doubling from the base, without jitter: a single app waiting for its own database.
        baseDelayMs: options.retryDelayMs ?? 500,
        maxDelayMs: 60_000,
        jitter: [1, 1],
        onRetry: ({ attempt, delayMs, error }) => options.onRetry?.(attempt, error as Error, delayMs),
      },
    );
  } catch (error) {
    throw new Error(`Could not connect to the database at ${redactUrl(url)} after ${attempts} attempts: ${(error as Error).message}`);
  }
}

/** A database URL without its password, safe for logs and errors. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable database url>';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
