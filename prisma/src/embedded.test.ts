import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connectDatabase, EMBEDDED_PASSWORD_FILE } from './connect.ts';
import { startEmbeddedPostgres } from './embedded.ts';

describe('the embedded database accepts only this app', () => {
  it('refuses another process that does not know the password, and any other password', async () => {
    const embedded = await startEmbeddedPostgres();
    try {
      const url = new URL(embedded.url);
      expect(url.hostname).toBe('127.0.0.1');
      expect(url.password.length).toBeGreaterThanOrEqual(24);
      const attempt = async (password: string | undefined, user = 'postgres') => {
        const client = new pg.Client({ host: '127.0.0.1', port: Number(url.port), user, password, database: 'postgres', connectionTimeoutMillis: 5_000 });
        try {
          await client.connect();
          return (await client.query('SELECT 1 AS one')).rows[0].one as number;
        } finally {
          await client.end().catch(() => {});
        }
      };
      await expect(attempt('wrong-password')).rejects.toThrow(/password authentication failed/);
      await expect(attempt('')).rejects.toThrow();
      await expect(attempt('anything', 'someone-else')).rejects.toThrow(/password authentication failed/);
      await expect(attempt(decodeURIComponent(url.password))).resolves.toBe(1);
      // And the right URL works end to end, more than once.
      const client = new pg.Client({ connectionString: embedded.url });
      await client.connect();
      expect((await client.query('SELECT 2 AS two')).rows[0].two).toBe(2);
      await client.end();
    } finally {
      await embedded.stop();
    }
  });

  it('keeps its password in DATA_DIR, readable only by the owner, and reuses it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sentinel-db-'));
    try {
      const first = await connectDatabase({ dataDir });
      const file = join(dataDir, EMBEDDED_PASSWORD_FILE);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      const password = (await readFile(file, 'utf8')).trim();
      expect(decodeURIComponent(new URL(first.url).password)).toBe(password);
      await first.close();
      const second = await connectDatabase({ dataDir });
      expect(decodeURIComponent(new URL(second.url).password)).toBe(password);
      await second.ping();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
