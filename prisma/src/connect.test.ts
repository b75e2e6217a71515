import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectDatabase, redactUrl } from './connect.ts';

describe('connectDatabase', () => {
  it('without a URL starts an embedded PostgreSQL that keeps its data across restarts', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sentinel-db-'));
    try {
      const first = await connectDatabase({ dataDir });
      expect(first.kind).toBe('embedded');
      await first.prisma.setting.create({ data: { key: 'probe', value: { kept: true } } });
      await first.close();

      const second = await connectDatabase({ dataDir });
      const row = await second.prisma.setting.findUnique({ where: { key: 'probe' } });
      expect(row?.value).toEqual({ kept: true });
      await second.ping();
      await second.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps working after a failed query on the embedded database', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'sentinel-db-'));
    const database = await connectDatabase({ dataDir });
    try {
      await database.prisma.setting.create({ data: { key: 'k', value: 1 } });
      for (let i = 0; i < 3; i++) {
        await expect(database.prisma.setting.create({ data: { key: 'k', value: 2 } })).rejects.toMatchObject({ code: 'P2002' });
        expect(await database.prisma.setting.count()).toBe(1);
      }
    } finally {
      await database.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('gives up after the configured attempts with a clear message', async () => {
    const retries: number[] = [];
    await expect(
      connectDatabase({
        url: 'postgresql://nobody:secret@127.0.0.1:1/none',
        dataDir: '',
        attempts: 3,
        retryDelayMs: 5,
        onRetry: (attempt) => retries.push(attempt),
      }),
    ).rejects.toThrow(/Could not connect to the database at .*\*\*\*.* after 3 attempts/);
    expect(retries).toEqual([1, 2]);
  });

  it('redacts passwords from URLs', () => {
    expect(redactUrl('postgresql://u:hunter2@h:5432/db')).toBe('postgresql://u:***@h:5432/db');
    expect(redactUrl('not a url')).not.toContain('not a url');
  });
});
