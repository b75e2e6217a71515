import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN_FILE, resolveAdminToken } from './admin-token.ts';

describe('resolveAdminToken', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sentinel-token-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('uses the configured token and writes nothing', async () => {
    const result = await resolveAdminToken('configured-token-123456', dir);
    expect(result).toEqual({ token: 'configured-token-123456', source: 'environment' });
    await expect(stat(join(dir, ADMIN_TOKEN_FILE))).rejects.toThrow();
  });

  it('generates a strong token once, readable only by the owner, and reuses it', async () => {
    const first = await resolveAdminToken(undefined, dir);
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const info = await stat(join(dir, ADMIN_TOKEN_FILE));
    expect(info.mode & 0o777).toBe(0o600);
    const second = await resolveAdminToken(undefined, dir);
    expect(second).toEqual({ token: first.token, source: 'file', path: join(dir, ADMIN_TOKEN_FILE) });
    expect((await readFile(join(dir, ADMIN_TOKEN_FILE), 'utf8')).trim()).toBe(first.token);
  });

  it('replaces an unusably short stored token', async () => {
    await writeFile(join(dir, ADMIN_TOKEN_FILE), 'short\n');
    const result = await resolveAdminToken(undefined, dir);
    expect(result.source).toBe('generated');
    expect(result.token.length).toBeGreaterThanOrEqual(43);
    expect((await readFile(join(dir, ADMIN_TOKEN_FILE), 'utf8')).trim()).toBe(result.token);
  });
});
