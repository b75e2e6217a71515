import type { Database } from '@sentinel/db';
import { createTestDatabase } from '@sentinel/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_TTL_SECONDS, createSession, listSessions, pruneSessions, revokeSession, safeEqual, verifySession } from './session.ts';

const TOKEN = 'admin-token-for-session-tests';
let db: Database;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db?.close());

describe('server-side sessions', () => {
  it('verify until they expire, and store no usable secret', async () => {
    const now = new Date(Date.UTC(2026, 10, 21));
    const { id, cookie } = await createSession(db.prisma, TOKEN, { userAgent: 'test' }, now);
    expect(await verifySession(db.prisma, TOKEN, cookie, now)).toBe(id);
    expect(await verifySession(db.prisma, TOKEN, cookie, new Date(now.getTime() + (SESSION_TTL_SECONDS - 1) * 1000))).toBe(id);
    expect(await verifySession(db.prisma, TOKEN, cookie, new Date(now.getTime() + (SESSION_TTL_SECONDS + 1) * 1000))).toBeNull();
    const row = await db.prisma.session.findUniqueOrThrow({ where: { id } });
    expect(JSON.stringify(row)).not.toContain(cookie.split('.')[1]);
  });

  it('stop working once revoked, after the admin token changes, or when tampered with', async () => {
    const a = await createSession(db.prisma, TOKEN, {});
    const b = await createSession(db.prisma, TOKEN, {});
    expect(await revokeSession(db.prisma, a.id)).toBe(true);
    expect(await verifySession(db.prisma, TOKEN, a.cookie)).toBeNull();
    expect(await verifySession(db.prisma, TOKEN, b.cookie)).toBe(b.id);
    expect(await verifySession(db.prisma, 'another-admin-token-entirely', b.cookie)).toBeNull();
    const [id, secret] = b.cookie.split('.') as [string, string];
    expect(await verifySession(db.prisma, TOKEN, `${id}.${secret.slice(1)}x`)).toBeNull();
    expect(await verifySession(db.prisma, TOKEN, `${a.id}.${secret}`)).toBeNull();
    for (const junk of [undefined, '', '.', 'abc', '123.', '.sig', 'NaN.sig', `${id}.`, 'x'.repeat(500)]) {
      expect(await verifySession(db.prisma, TOKEN, junk)).toBeNull();
    }
    // A rotation: sessions of the old token are dropped from the list and the table.
    const listed = await listSessions(db.prisma, TOKEN);
    expect(listed.map((s) => s.id)).toContain(b.id);
    expect(await pruneSessions(db.prisma, 'rotated-admin-token-0123456789')).toBeGreaterThan(0);
    expect(await db.prisma.session.count()).toBe(0);
  });

  it('compare secrets in constant time whatever their lengths', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x'.repeat(10_000))).toBe(false);
  });
});
