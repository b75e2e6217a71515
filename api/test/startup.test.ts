// The process as a user runs it: environment validation, the embedded database, the
// generated admin token, persistence across restarts and graceful shutdown.
import { type ChildProcess, spawn } from 'node:child_process';
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { findExposed } from '../src/lib/data-dir.ts';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './resilience/support.ts';

const API_DIR = join(import.meta.dirname, '..');


interface Running {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function start(env: Record<string, string>): Running {
  // Only what we pass: no DATABASE_URL leaks in from CI, so this exercises the bare machine.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: API_DIR,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(url: string, running: Running, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (running.child.exitCode !== null) throw new Error(`exited early:\n${running.output()}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) return (await response.json()) as Record<string, unknown>;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no health within ${timeoutMs} ms:\n${running.output()}`);
}

describe('starting the API', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sentinel-start-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('exits non-zero with one line naming a malformed variable', async () => {
    const running = start({ PORT: 'abc', DATA_DIR: dataDir });
    expect(await running.exited).not.toBe(0);
    expect(running.output().trim()).toBe('Invalid environment variable PORT: must be a number (got "abc")');
  });

  it('on a bare machine: embedded database, generated token, data kept across restarts, clean SIGTERM', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' };

    const first = start(env);
    expect(await waitForHealth(url, first)).toMatchObject({ status: 'ok', database: 'embedded' });
    const tokenPath = join(dataDir, 'admin-token');
    expect((await stat(tokenPath)).mode & 0o777).toBe(0o600);
    const token = (await readFile(tokenPath, 'utf8')).trim();
    expect(first.output()).toContain(tokenPath);
    expect(first.output()).not.toContain(token);
    expect((await fetch(`${url}/api/auth/me`)).status).toBe(401);
    expect((await fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('"msg":"stopped"');

    // The second start reuses the token and the database written by the first.
    const second = start(env);
    await waitForHealth(url, second);
    expect(second.output()).not.toContain('Generated an admin token');
    expect((await fetch(`${url}/api/auth/me`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 150_000);

  it('with ADMIN_TOKEN from the environment: no file under DATA_DIR readable by group or others, and a database no other process can sign in to', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'sentinel-perm-'));
    const own = join(dir, 'data');
    try {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const running = start({ PORT: String(port), DATA_DIR: own, ADMIN_TOKEN: 'environment-admin-token-0123456789', JOBS_ENABLED: 'false' });
      await waitForHealth(url, running);

      // The embedded database's port is in the log; another process that does not know the
      // password in DATA_DIR/db-password cannot sign in to it.
      const ready = running.output().split('\n').find((line) => line.includes('"database ready"'))!;
      const dbUrl = new URL((JSON.parse(ready) as { url: string }).url);
      expect(dbUrl.password).toBe('***');
      const tryPassword = async (password: string) => {
        const client = new pg.Client({ host: dbUrl.hostname, port: Number(dbUrl.port), user: 'postgres', database: 'postgres', password, connectionTimeoutMillis: 5_000 });
        try {
          await client.connect();
          return (await client.query('SELECT 1 AS one')).rows[0].one as number;
        } finally {
          await client.end().catch(() => {});
        }
      };
      await expect(tryPassword('postgres')).rejects.toThrow(/password authentication failed/);
      await expect(tryPassword('')).rejects.toThrow();
      expect(await tryPassword((await readFile(join(own, 'db-password'), 'utf8')).trim())).toBe(1);

      running.child.kill('SIGTERM');
      expect(await running.exited).toBe(0);
      expect((await stat(own)).mode & 0o777).toBe(0o700);
      expect(await findExposed(own)).toEqual([]);

      // A directory others can read is refused at start-up, with the fix printed.
      await chmod(own, 0o755);
      await writeFile(join(own, 'stray'), 'x', { mode: 0o644 });
      await chmod(join(own, 'stray'), 0o644);
      const refused = start({ PORT: '0', DATA_DIR: own, ADMIN_TOKEN: 'environment-admin-token-0123456789' });
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toContain(`chmod -R go-rwx '${own}'`);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('fails with a clear message when the configured database never answers', async () => {
    const running = start({ DATA_DIR: dataDir, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', PORT: '0' });
    expect(await running.exited).toBe(1);
    expect(running.output()).toContain('after 5 attempts');
  }, 60_000);
});
