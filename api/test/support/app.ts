// Test wiring: the real app on a fresh, migrated database (real PostgreSQL when
// DATABASE_URL/TEST_DATABASE_URL is set, embedded otherwise), with logs captured in memory.
import { Writable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { createApp } from '../../src/app.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { AppDeps } from '../../src/lib/types.ts';
import { API_VERSION } from '../../src/openapi-document.ts';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void) {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    }
    callback();
  }
  text(): string {
    return this.lines.map((l) => JSON.stringify(l)).join('\n');
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>;
  db: Database;
  deps: AppDeps;
  logs: LogCapture;
  auth: { Authorization: string };
  close(): Promise<void>;
}

/** An app on a fresh database, or on `overrides.db` (which the caller then closes itself). */
export async function createTestApp(overrides: Partial<Omit<AppDeps, 'db'>> & { db?: Database } = {}): Promise<TestApp> {
  const ownDb = overrides.db ? null : await createTestDatabase();
  const db = overrides.db ?? ownDb!;
  const logs = new LogCapture();
  const deps: AppDeps = {
    db,
    logger: createLogger({ level: 'debug', destination: logs }),
    adminToken: TEST_ADMIN_TOKEN,
    version: API_VERSION,
    startedAt: new Date(),
    corsOrigins: [],
    cookieSecure: 'auto',
    bodyLimitBytes: 64 * 1024,
    ...overrides,
  };
  const app = createApp(deps);
  return { app, db, deps, logs, auth: { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` }, close: async () => ownDb?.close() };
}

/** The same app listening on a loopback port, for browsers and other processes. */
export async function startTestServer(overrides: Parameters<typeof createTestApp>[0] = {}) {
  const testApp = await createTestApp(overrides);
  const server = serve({ fetch: testApp.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    ...testApp,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await testApp.close();
    },
  };
}
